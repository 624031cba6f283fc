//===- Decisions.h - the text form of a candidate's decisions ---*- C++ -*-===//
//
// A candidate is (space, decisions). Decisions map labels to values: a string
// (op choice), an integer or float (value choice, depth), or a sorted list of
// integers (the inputs chosen by a nas.select). In the IR they are a
// DictionaryAttr; as text, a JSON object (docs/decisions.md):
//
//   {"cell.e1_0": "nor_conv_3x3", "stage1.depth": 3, "n4.in": [0, 2]}
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_DECISIONS_H
#define NASIR_TRANSFORMS_DECISIONS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include <string>

namespace nasir {

/// Parses a JSON object of decisions. On error returns null and sets `error`
/// to a message naming the offending field.
mlir::DictionaryAttr parseDecisions(mlir::MLIRContext *ctx,
                                    llvm::StringRef json, std::string &error);

/// Prints decisions as one line of JSON, labels in sorted order.
std::string printDecisions(mlir::DictionaryAttr decisions);

/// A decision value (an integer, float, string or list of them) as JSON.
llvm::json::Value decisionValueToJson(mlir::Attribute value);

/// Prints one decision value as JSON.
std::string printDecisionValue(mlir::Attribute value);

/// The attribute on a nas.space that holds its current decisions.
inline constexpr llvm::StringLiteral kDecisionsAttr = "nas.decisions";

} // namespace nasir

#endif
