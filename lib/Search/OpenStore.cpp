//===- OpenStore.cpp - the store a location names
//--------------------------===//
//
// `--store` takes an SQLite file path or a postgresql:// URL (Store.h); so do
// the readers (report, export, warm start) through openExperimentStore.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/PostgresUrl.h"
#include "lib/Search/Store.h"
#include "llvm/ADT/StringRef.h"
#ifdef NASIR_HAVE_POSTGRES
#include "lib/Search/PostgresStore.h"
#endif

using namespace nasir::search;

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
