//===- SupernetLowering.h - a relaxed space as a supernet document -*- C++ -*-===//
//
// The LibTorch runtime knows no MLIR: a supernet reaches it as a candidate
// document of version 2 (docs/candidate-format.md), the version-1 nodes plus
// `mix` and `mix_inputs` nodes, `share` lists and the table of labels, one
// architecture parameter vector each.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_SUPERNETLOWERING_H
#define NASIR_TRANSFORMS_SUPERNETLOWERING_H

#include "dialect/NAS/NASOps.h"
#include <string>

namespace nasir {

/// The version-2 document of a space that nas-relax has relaxed: the labels
/// table, and a node for every op that reaches the output. Fails with a
/// diagnostic when a search construct is left or a shape is open.
mlir::FailureOr<std::string> lowerToSupernet(nas::SpaceOp relaxed);

/// The supernet document of `space`, which stays untouched: a copy with its
/// cells inlined, relaxed and lowered. Errors are emitted as diagnostics.
mlir::FailureOr<std::string> supernetDocument(nas::SpaceOp space);

} // namespace nasir

#endif
