//===- DecisionSpace.h - the decisions of a space as plain data -*- C++ -*-===//
//
// The decision space a user programs against (the Python module's
// Space.labels(), docs/python.md): every label decisions may name, with its
// kind, its options, when it is active and the sites that share it.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_DRIVER_DECISIONSPACE_H
#define NASIR_DRIVER_DECISIONSPACE_H

#include "dialect/NAS/NASOps.h"
#include "lib/Transforms/SpaceModel.h"
#include "llvm/Support/JSON.h"
#include <optional>
#include <string>

namespace nasir {

/// One object per label, in the model's canonical order:
///   {"label": "stage1.depth", "kind": "choice" | "repeat" | "select",
///    "options": [...],             // the values decisions may give it
///    "when": null | [{"l": v, ...}, ...], // always active, or active when
///                                  // one of these conjunctions holds
///    "sites": ["f.nas:3:7", ...],  // where the ops that take it stand
///    "ops": 15}                    // how many ops take this one decision
///                                  // (several: the label is shared)
/// Null with `error` set when listing would pass `limit` labels and
/// conditions (nested per-iteration repeats multiply them).
std::optional<llvm::json::Array> describeDecisions(nas::SpaceOp space,
                                                   const SpaceModel &model,
                                                   size_t limit,
                                                   std::string &error);

} // namespace nasir

#endif
