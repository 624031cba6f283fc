//===- Canonicalize.h - exact algebra on concrete networks ------*- C++ -*-===//
//
// Two candidates that compute the same function under these rules get the
// same fingerprint:
//  - `zero` contributes nothing to a sum; an op that maps 0 to 0 (the
//    ZeroPreserving trait / LayerOpInterface::isZeroPreserving) applied to
//    zero inputs is zero (with `zeroAbsorbing`, every op applied to zero
//    inputs is zero: zero absorbs every op, the convention of some tabular
//    benchmarks, lib/Search/Benchmarks);
//  - `identity` is folded; sums are flattened (associative) and their
//    operands ordered (commutative); nodes that do not reach the output are
//    dead.
// The fingerprint is a 128-bit structural hash of the canonical graph: a
// node's identity is its op, its attributes and its operands' identities
// (identical ops on identical inputs are the same node).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_CANONICALIZE_H
#define NASIR_TRANSFORMS_CANONICALIZE_H

#include "dialect/NAS/NASOps.h"
#include <string>

namespace nasir {

struct CanonOptions {
  /// The zero-absorbing rule: every op applied to all-zero inputs is zero,
  /// not only the zero-preserving ones.
  bool zeroAbsorbing = false;
};

/// Rewrites a concrete network into its canonical form (in place).
mlir::LogicalResult canonicalizeNetwork(nas::SpaceOp space,
                                        const CanonOptions &options);

/// The 32-hex-digit fingerprint of a concrete network, computed without
/// changing it ("zero" when the network's output is identically zero).
std::string fingerprintNetwork(nas::SpaceOp space, const CanonOptions &options);

} // namespace nasir

#endif
