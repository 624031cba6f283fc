//===- CandidateLowering.h - a concrete network as a candidate --*- C++ -*-===//
#ifndef NASIR_TRANSFORMS_CANDIDATELOWERING_H
#define NASIR_TRANSFORMS_CANDIDATELOWERING_H

#include "dialect/NAS/NASOps.h"
#include <string>

namespace nasir {

/// The candidate document (docs/candidate-format.md) of a concrete network.
/// Fails with a diagnostic when a nas construct is left or a shape is open.
mlir::FailureOr<std::string> lowerToCandidate(nas::SpaceOp space);

} // namespace nasir

#endif
