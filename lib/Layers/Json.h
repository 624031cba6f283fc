//===- Json.h - JSON text of the candidate reader and runtime ---*- C++ -*-===//
//
// How the candidate reader and the runtime read and writes JSON with nlohmann: every document read
// passes the nesting and size limits of lib/Support/JsonLimits.h first, and
// every document written replaces bytes that are not UTF-8 (a path, a message
// quoting a CSV cell) with U+FFFD, where a plain dump() would throw.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_LAYERS_JSON_H
#define NASIR_LAYERS_JSON_H

#include "lib/Support/JsonLimits.h"

#include <nlohmann/json.hpp>

#include <string>

namespace nasir {
namespace layers {

/// Parses `text` under `limits`; false with `error` (where the text is bad). Needs exceptions
/// (nlohmann reports a syntax error by one), as every runtime target has.
inline bool parseJson(const std::string &text, nlohmann::json &out, std::string &error,
                      const JsonLimits &limits = {}) {
  if (!checkJsonLimits(text, error, limits))
    return false;
  try {
    out = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception &e) {
    error = e.what();
    return false;
  }
  return true;
}

/// One line of JSON; invalid UTF-8 in strings becomes U+FFFD.
inline std::string dumpJson(const nlohmann::json &j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace layers
} // namespace nasir

#endif
