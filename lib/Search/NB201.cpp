//===- NB201.cpp - decisions -> NAS-Bench-201 architecture string ---------===//
#include "lib/Search/NB201.h"
#include "lib/Transforms/Specialize.h"
#include "llvm/ADT/StringRef.h"

using namespace mlir;
using namespace nasir;

const char *const nasir::search::kNB201Edges[6] = {"e1_0", "e2_0", "e2_1",
                                                   "e3_0", "e3_1", "e3_2"};

static bool isNB201Op(StringRef op) {
  return op == "none" || op == "skip_connect" || op == "nor_conv_1x1" ||
         op == "nor_conv_3x3" || op == "avg_pool_3x3";
}

std::optional<std::string>
nasir::search::nb201ArchString(DictionaryAttr decisions, std::string &error) {
  std::string ops[6];
  for (NamedAttribute d : decisions) {
    StringRef label = baseLabel(d.getName().getValue());
    for (int e = 0; e < 6; ++e) {
      StringRef suffix = kNB201Edges[e];
      if (!label.ends_with(suffix))
        continue;
      // The suffix must be a whole name part: `cell.e1_0`, `e1_0`, `c_e1_0`.
      if (label.size() > suffix.size()) {
        char before = label[label.size() - suffix.size() - 1];
        if (isalnum((unsigned char)before))
          continue;
      }
      auto op = dyn_cast<StringAttr>(d.getValue());
      if (!op || !isNB201Op(op.getValue())) {
        error = "decision '" + d.getName().str() +
                "' is not one of NB201's ops (none, skip_connect, "
                "nor_conv_1x1, nor_conv_3x3, avg_pool_3x3)";
        return std::nullopt;
      }
      if (!ops[e].empty() && ops[e] != op.getValue()) {
        error = "two decisions disagree on NB201 edge " + suffix.str();
        return std::nullopt;
      }
      ops[e] = op.getValue().str();
    }
  }
  for (int e = 0; e < 6; ++e)
    if (ops[e].empty()) {
      error = std::string("no decision labelled '...") + kNB201Edges[e] +
              "' (the NB201 edge " + std::string(1, kNB201Edges[e][3]) +
              "->" + std::string(1, kNB201Edges[e][1]) + ")";
      return std::nullopt;
    }
  return "|" + ops[0] + "~0|+|" + ops[1] + "~0|" + ops[2] + "~1|+|" + ops[3] +
         "~0|" + ops[4] + "~1|" + ops[5] + "~2|";
}
