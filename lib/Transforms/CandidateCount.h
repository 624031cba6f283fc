//===- CandidateCount.h - what nasir count and nas-count report -*- C++ -*-===//
#ifndef NASIR_TRANSFORMS_CANDIDATECOUNT_H
#define NASIR_TRANSFORMS_CANDIDATECOUNT_H

#include "lib/Transforms/SpaceModel.h"

namespace nasir {

/// Calls `fn` with each valid candidate of `space` (structural constraints
/// and params/flops bounds met) and its network, in enumeration order, for
/// at most `limit` assignments. Returns false when the limit was hit.
bool forEachCandidate(
    nas::SpaceOp space, const SpaceModel &model, uint64_t limit,
    llvm::function_ref<void(const Assignment &, nas::SpaceOp)> fn);

/// The number of candidates as `nasir count` prints it and `nas-count` sets
/// it: the assignments that meet the structural constraints (edges,
/// nas.require); under a params/flops bound, those whose network meets it,
/// counted one by one when there are at most `limit` assignments, else
/// "<= N" (with `note` saying why); "more than 2^512" past the exact range.
std::string countCandidates(nas::SpaceOp space, const SpaceModel &model,
                            uint64_t limit, std::string *note = nullptr);

/// The default `limit`: assignments specialized one by one under a bound.
constexpr uint64_t kCountLimit = 2000000;

} // namespace nasir

#endif
