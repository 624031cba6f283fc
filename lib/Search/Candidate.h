//===- Candidate.h - from decisions to a concrete network -------*- C++ -*-===//
#ifndef NASIR_SEARCH_CANDIDATE_H
#define NASIR_SEARCH_CANDIDATE_H

#include "dialect/NAS/NASOps.h"
#include "lib/Transforms/Canonicalize.h"
#include "lib/Transforms/Cost.h"
#include "lib/Transforms/SpaceModel.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include <optional>
#include <string>

namespace nasir::search {

/// A specialized copy of `space` in a module of its own; null with `error`
/// holding the diagnostics when the decisions do not fit.
mlir::OwningOpRef<mlir::ModuleOp> specializeCopy(nas::SpaceOp space,
                                                 mlir::DictionaryAttr decisions,
                                                 std::string &error);

/// Whether the candidate meets the model's params/flops bounds.
bool meetsBounds(nas::SpaceOp space, const SpaceModel &model,
                 mlir::DictionaryAttr decisions, std::string &why);

/// Everything the driver needs of a candidate before evaluating it.
struct PreparedCandidate {
  std::string fingerprint;
  std::optional<Cost> cost;
  std::string candidateJson; ///< only when asked for
  std::string error;         ///< non-empty: the candidate cannot be built
};
PreparedCandidate prepareCandidate(nas::SpaceOp space,
                                   mlir::DictionaryAttr decisions,
                                   const CanonOptions &canon,
                                   bool wantCandidateJson);

} // namespace nasir::search

#endif
