//===- Decisions.cpp - JSON <-> DictionaryAttr for decisions --------------===//
#include "lib/Transforms/Decisions.h"
#include "lib/Support/LimitedJson.h"
#include "lib/Support/ShortestDouble.h"
#include "mlir/IR/Builders.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <cmath>

using namespace mlir;
using namespace nasir;

static Attribute toAttr(Builder &b, const llvm::json::Value &v,
                        StringRef label, std::string &error) {
  if (auto i = v.getAsInteger())
    return b.getI64IntegerAttr(*i);
  if (auto d = v.getAsNumber()) {
    // 1e400 reads as inf, which JSON cannot write back.
    if (!std::isfinite(*d)) {
      error = ("decision '" + label + "': the number is out of range").str();
      return {};
    }
    return b.getF64FloatAttr(*d);
  }
  if (auto s = v.getAsString())
    return b.getStringAttr(*s);
  if (auto *arr = v.getAsArray()) {
    SmallVector<Attribute> elems;
    for (const auto &e : *arr) {
      auto i = e.getAsInteger();
      if (!i) {
        error = ("decision '" + label +
                 "': a list of inputs must hold integers only")
                    .str();
        return {};
      }
      elems.push_back(b.getI64IntegerAttr(*i));
    }
    return b.getArrayAttr(elems);
  }
  error = ("decision '" + label +
           "': expected a string, a number or a list of integers")
              .str();
  return {};
}

DictionaryAttr nasir::parseDecisions(MLIRContext *ctx, StringRef json,
                                     std::string &error) {
  auto parsed = parseJsonLimited(json);
  if (!parsed) {
    error = "decisions are not valid JSON: " + llvm::toString(parsed.takeError());
    return {};
  }
  auto *obj = parsed->getAsObject();
  if (!obj) {
    error = "decisions must be a JSON object {\"label\": value, ...}";
    return {};
  }
  Builder b(ctx);
  SmallVector<NamedAttribute> entries;
  for (const auto &[key, value] : *obj) {
    if (key.str().empty()) {
      error = "decisions name an empty label";
      return {};
    }
    Attribute attr = toAttr(b, value, key.str(), error);
    if (!attr)
      return {};
    entries.push_back(b.getNamedAttr(key.str(), attr));
  }
  return b.getDictionaryAttr(entries);
}

llvm::json::Value nasir::decisionValueToJson(Attribute a) {
  if (auto i = dyn_cast<IntegerAttr>(a))
    return i.getInt();
  if (auto f = dyn_cast<FloatAttr>(a))
    return f.getValueAsDouble();
  if (auto s = dyn_cast<StringAttr>(a))
    return s.getValue().str();
  if (auto arr = dyn_cast<ArrayAttr>(a)) {
    llvm::json::Array out;
    for (Attribute e : arr)
      out.push_back(decisionValueToJson(e));
    return out;
  }
  return nullptr;
}

std::string nasir::printDecisionValue(Attribute value) {
  if (auto f = dyn_cast<FloatAttr>(value))
    return formatShortestFloat(f.getValueAsDouble()); // 1.0 stays a float
  if (auto arr = dyn_cast<ArrayAttr>(value)) {
    std::string s = "[";
    for (auto [i, e] : llvm::enumerate(arr))
      s += (i ? "," : "") + printDecisionValue(e);
    return s + "]";
  }
  std::string s;
  llvm::raw_string_ostream os(s);
  os << decisionValueToJson(value);
  return s;
}

std::string nasir::printDecisions(DictionaryAttr decisions) {
  // DictionaryAttr keeps its entries sorted by name: the output is canonical.
  std::string s;
  llvm::raw_string_ostream os(s);
  os << '{';
  bool first = true;
  for (NamedAttribute e : decisions) {
    os << (first ? "" : ", ") << llvm::json::Value(e.getName().str()) << ": "
       << printDecisionValue(e.getValue());
    first = false;
  }
  os << '}';
  return s;
}
