//===- OpenStore.cpp - the store a location names --------------------------===//
//
// `--store` takes an SQLite file path or a postgresql:// URL (Store.h).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Store.h"
#include "llvm/ADT/StringRef.h"

using namespace nasir::search;

bool nasir::search::isPostgresUrl(const std::string &location) {
  llvm::StringRef l(location);
  return l.starts_with("postgresql://") || l.starts_with("postgres://");
}

std::unique_ptr<Store> nasir::search::openStore(const std::string &location,
                                                std::string &error) {
  if (isPostgresUrl(location)) {
    error = "this nasir was built without PostgreSQL support (libpq-dev)";
    return nullptr;
  }
  return openSqliteStore(location, error);
}
