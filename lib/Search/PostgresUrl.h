//===- PostgresUrl.h - what a postgresql:// store location names -*- C++ -*-===//
//
// `--store postgresql://user[:password]@host:port/db?experiment=NAME&...`
// names a database and, in it, one experiment (a schema of that name). The
// `experiment` parameter is nasir's: it is taken out, and libpq gets the rest
// of the URL unchanged (sslmode, connect_timeout, ...). The name becomes an
// SQL identifier, so it is held to a safe alphabet (and quoted all the same).
// Messages name the URL with its password masked. Plain text processing: no
// libpq needed, so a nasir built without it still masks passwords.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_POSTGRESURL_H
#define NASIR_SEARCH_POSTGRESURL_H

#include <string>

namespace nasir::search {

struct PostgresLocation {
  std::string conninfo;   ///< the URL without `experiment`, for libpq
  std::string experiment; ///< the schema's name ("nasir" unless given)
  std::string display;    ///< the URL as given, password masked
};

inline constexpr const char *kDefaultPostgresExperiment = "nasir";

/// Splits `url`; false with `error` (naming the masked URL) when the
/// experiment name is empty or not made of letters, digits, '_', '-' and
/// '.' (at most 63 bytes, not starting with "pg_", which PostgreSQL
/// reserves), or when `experiment` is given twice.
bool parsePostgresUrl(const std::string &url, PostgresLocation &out,
                      std::string &error);

/// `location` with the password of a postgresql:// URL (user:PASSWORD@, or a
/// password= parameter) replaced by "***"; any other text unchanged.
std::string maskStorePassword(const std::string &location);

} // namespace nasir::search

#endif
