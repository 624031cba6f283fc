//===- ShortestJson.h - llvm::json output with the shortest numbers -*- C++
//-*-===//
//
// llvm::json writes a double with %.17g, so a metric of 0.3 reaches a store,
// a report or a candidate file as 0.29999999999999999. Every JSON document
// nasir writes goes through writeJson instead: the same text as llvm::json's
// operator<< (keys sorted, same escapes, same indentation), except that a
// double is written by formatShortest (ShortestDouble.h) and a non-finite
// one, which JSON cannot hold, as null. Header-only, so that lib/Support
// needs no LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SUPPORT_SHORTESTJSON_H
#define NASIR_SUPPORT_SHORTESTJSON_H

#include "lib/Support/ShortestDouble.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <cmath>
#include <vector>

namespace nasir {

/// A JSON number as text: an integer exactly, a double by formatShortest,
/// null when not finite.
inline std::string jsonNumber(const llvm::json::Value &v) {
  double d = *v.getAsNumber();
  // An integer in int64 range prints exactly (llvm::json's rule); the
  // comparison keeps a double of 2^63, which getAsInteger cannot hold.
  if (auto i = v.getAsInteger(); i && double(*i) == d)
    return std::to_string(*i);
  if (auto u = v.getAsUINT64(); u && double(*u) == d)
    return std::to_string(*u);
  return std::isfinite(d) ? formatShortest(d) : "null";
}

inline void writeJsonValue(llvm::json::OStream &j, const llvm::json::Value &v) {
  switch (v.kind()) {
  case llvm::json::Value::Object: {
    const llvm::json::Object &o = *v.getAsObject();
    std::vector<const llvm::json::Object::value_type *> entries;
    for (const auto &kv : o)
      entries.push_back(&kv);
    llvm::sort(entries, [](auto *a, auto *b) { return a->first < b->first; });
    j.object([&] {
      for (auto *kv : entries) {
        j.attributeBegin(kv->first);
        writeJsonValue(j, kv->second);
        j.attributeEnd();
      }
    });
    return;
  }
  case llvm::json::Value::Array:
    j.array([&] {
      for (const llvm::json::Value &e : *v.getAsArray())
        writeJsonValue(j, e);
    });
    return;
  case llvm::json::Value::Number:
    j.rawValue(jsonNumber(v));
    return;
  default:
    j.value(v); // null, booleans, strings
  }
}

/// `v` as JSON text; `indent` as llvm::json's OStream (0: one line).
inline void writeJson(llvm::raw_ostream &os, const llvm::json::Value &v,
                      unsigned indent = 0) {
  llvm::json::OStream j(os, indent);
  writeJsonValue(j, v);
}

inline std::string printJson(const llvm::json::Value &v, unsigned indent = 0) {
  std::string s;
  llvm::raw_string_ostream os(s);
  writeJson(os, v, indent);
  return s;
}

} // namespace nasir

#endif
