//===- PostgresUrl.cpp - what a postgresql:// store location names
//---------===//
#include "lib/Search/PostgresUrl.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

using namespace nasir::search;

/// `text` with %XX escapes decoded; false on a malformed escape.
static bool percentDecode(llvm::StringRef text, std::string &out) {
  out.clear();
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    unsigned v;
    if (i + 2 >= text.size())
      return false;
    if (text.substr(i + 1, 2).getAsInteger(16, v))
      return false;
    out += (char)v;
    i += 2;
  }
  return true;
}

std::string nasir::search::maskStorePassword(const std::string &location) {
  llvm::StringRef l(location);
  size_t scheme = l.find("://");
  if (scheme == llvm::StringRef::npos ||
      !(l.starts_with("postgresql://") || l.starts_with("postgres://")))
    return location;
  std::string out = l.take_front(scheme + 3).str();
  llvm::StringRef rest = l.drop_front(scheme + 3);
  // The authority ends at the path or the query; its user info at the last
  // '@' (a password may hold '@' percent-encoded only, but be lenient).
  size_t authorityEnd = rest.find_first_of("/?");
  llvm::StringRef authority = rest.take_front(authorityEnd);
  llvm::StringRef tail = rest.drop_front(authority.size());
  size_t at = authority.rfind('@');
  if (at != llvm::StringRef::npos) {
    llvm::StringRef userInfo = authority.take_front(at);
    size_t colon = userInfo.find(':');
    if (colon != llvm::StringRef::npos)
      out += userInfo.take_front(colon).str() + ":***" +
             authority.drop_front(at).str();
    else
      out += authority.str();
  } else {
    out += authority.str();
  }
  size_t q = tail.find('?');
  if (q == llvm::StringRef::npos)
    return out + tail.str();
  out += tail.take_front(q + 1).str();
  llvm::SmallVector<llvm::StringRef> params;
  tail.drop_front(q + 1).split(params, '&');
  for (size_t i = 0; i < params.size(); ++i) {
    if (i)
      out += '&';
    auto [key, value] = params[i].split('=');
    out += params[i].starts_with("password=") ? key.str() + "=***"
                                              : params[i].str();
  }
  return out;
}

/// Letters, digits, '_', '-', '.'; 1 to 63 bytes (PostgreSQL's NAMEDATALEN
/// less one), not "pg_..." (reserved for system schemas).
static bool isSafeExperimentName(llvm::StringRef name) {
  if (name.empty() || name.size() > 63 || name.starts_with_insensitive("pg_"))
    return false;
  for (char c : name)
    if (!llvm::isAlnum(c) && c != '_' && c != '-' && c != '.')
      return false;
  return true;
}

bool nasir::search::parsePostgresUrl(const std::string &url,
                                     PostgresLocation &out,
                                     std::string &error) {
  out = PostgresLocation();
  out.display = maskStorePassword(url);
  out.experiment = kDefaultPostgresExperiment;
  llvm::StringRef u(url);
  size_t q = u.find('?');
  if (q == llvm::StringRef::npos) {
    out.conninfo = url;
    return true;
  }
  std::string conninfo = u.take_front(q).str();
  llvm::SmallVector<llvm::StringRef> params;
  u.drop_front(q + 1).split(params, '&');
  bool named = false, first = true;
  for (llvm::StringRef p : params) {
    auto [key, value] = p.split('=');
    if (key != "experiment") {
      if (p.empty())
        continue;
      conninfo += first ? '?' : '&';
      conninfo += p.str();
      first = false;
      continue;
    }
    std::string name;
    if (named) {
      error = "store '" + out.display + "': the experiment is named twice";
      return false;
    }
    named = true;
    if (!percentDecode(value, name) || !isSafeExperimentName(name)) {
      error = "store '" + out.display + "': experiment '" + value.str() +
              "' is not a valid name (1 to 63 letters, digits, '_', '-' or "
              "'.', not starting with 'pg_')";
      return false;
    }
    out.experiment = name;
  }
  out.conninfo = conninfo;
  return true;
}
