//===- PostgresStore.h - the experiment store in PostgreSQL -----*- C++ -*-===//
//
// Built only with libpq (NASIR_HAVE_POSTGRES); openStore and
// openExperimentStore (Store.h) call these for postgresql:// URLs.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_POSTGRESSTORE_H
#define NASIR_SEARCH_POSTGRESSTORE_H

#include "lib/Search/Store.h"

namespace nasir::search {

/// Connects to the database `url` names and makes its experiment's schema
/// (and tables) when missing. Null with a message naming the URL (password
/// masked) when the URL is malformed or the server cannot be reached.
std::unique_ptr<Store> openPostgresStore(const std::string &url,
                                         std::string &error);

/// Opens the experiment `url` names for reading: every transaction is
/// read-only, nothing is created. Null when there is no such experiment.
std::unique_ptr<Store> openPostgresExperimentStore(const std::string &url,
                                                   ExperimentInfo &info,
                                                   std::string &error);

} // namespace nasir::search

#endif
