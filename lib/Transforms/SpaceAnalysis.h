//===- SpaceAnalysis.h - whole-space verification ---------------*- C++ -*-===//
#ifndef NASIR_TRANSFORMS_SPACEANALYSIS_H
#define NASIR_TRANSFORMS_SPACEANALYSIS_H

#include "dialect/NAS/NASOps.h"

namespace nasir {

/// Whole-space checks that need the decision structure: no valid candidate
/// (error); an alternative no valid candidate takes (warning).
mlir::LogicalResult verifyWholeSpace(nas::SpaceOp space);

} // namespace nasir

#endif
