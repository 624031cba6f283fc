//===- Relax.h - a whole space as one supernet (nas-relax) ------*- C++ -*-===//
//
// One-shot search trains every candidate of a space at once, in one network
// whose choices are relaxed: each op or subgraph choice becomes a nas.mix of
// its alternatives, a repeat's depth a nas.mix over its unrolled iterations,
// an input choice a nas.mix_inputs, and a value choice of widths or kernels
// one shared op with `nas.share` entries (docs/oneshot.md). Sites with one
// label share one architecture parameter vector.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_RELAX_H
#define NASIR_TRANSFORMS_RELAX_H

#include "dialect/NAS/NASOps.h"

namespace nasir {

/// The labels table relaxSpace leaves on the space: an array of
/// `{name, kind = "value"|"op"|"depth", options}` and
/// `{name, kind = "inputs", n, min, max}`, in the order the sites appear.
inline constexpr llvm::StringLiteral kLabelsAttr = "nas.labels";

/// Relaxes `space` in place (its cells inlined): afterwards no nas.choice,
/// nas.repeat or nas.select is left, nas.require is dropped (candidates are
/// kept valid by the search side), and the types are re-inferred. A site that
/// cannot be relaxed is an error at its location, naming why.
mlir::LogicalResult relaxSpace(nas::SpaceOp space);

} // namespace nasir

#endif
