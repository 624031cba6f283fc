//===- OpenStore.cpp - the store a location names
//--------------------------===//
//
// `--store` takes an SQLite file path or a postgresql:// URL (Store.h); so do
// the readers (report, export, warm start) through openExperimentStore.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/PostgresUrl.h"
#include "lib/Search/ProcessIdentity.h"
#include "lib/Search/Store.h"
#include "llvm/ADT/StringRef.h"
#include <csignal>
#include <cstdio>
#include <unistd.h>
#ifdef NASIR_HAVE_POSTGRES
#include "lib/Search/PostgresStore.h"
#endif

using namespace nasir::search;

bool nasir::search::lockHolderAlive(int64_t pid, const std::string &host,
                                    const std::string &identity, double age,
                                    std::string &message) {
  constexpr double kStaleSeconds = 30;
  bool alive = host != hostName() ? age < kStaleSeconds
               : pid == getpid()  ? false
               : identity.empty()
                   ? kill((pid_t)pid, 0) == 0 && age < kStaleSeconds
                   : isSameProcess(pid, identity);
  if (alive) {
    char buf[64];
    snprintf(buf, sizeof buf, "%.0f", age);
    message = "the store is in use by another nasir search (pid " +
              std::to_string(pid) + " on " + host + ", heartbeat " + buf +
              "s ago); wait for it to finish, or stop it and pass --resume";
  }
  return alive;
}

bool nasir::search::isPostgresUrl(const std::string &location) {
  llvm::StringRef l(location);
  return l.starts_with("postgresql://") || l.starts_with("postgres://");
}

#ifndef NASIR_HAVE_POSTGRES
static std::string withoutPostgres(const std::string &location) {
  return "store '" + maskStorePassword(location) +
         "': this nasir was built without PostgreSQL support (libpq-dev)";
}
#endif

std::unique_ptr<Store> nasir::search::openStore(const std::string &location,
                                                std::string &error) {
  if (isPostgresUrl(location)) {
#ifdef NASIR_HAVE_POSTGRES
    return openPostgresStore(location, error);
#else
    error = withoutPostgres(location);
    return nullptr;
#endif
  }
  return openSqliteStore(location, error);
}

std::unique_ptr<Store>
nasir::search::openExperimentStore(const std::string &location,
                                   ExperimentInfo &info, std::string &error) {
  if (isPostgresUrl(location)) {
#ifdef NASIR_HAVE_POSTGRES
    return openPostgresExperimentStore(location, info, error);
#else
    error = withoutPostgres(location);
    return nullptr;
#endif
  }
  return openSqliteExperimentStore(location, info, error);
}
