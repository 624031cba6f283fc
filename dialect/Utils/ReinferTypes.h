//===- ReinferTypes.h - recompute result types after a rewrite --*- C++ -*-===//
//
// After an input shape is bound, an alternative is chosen or a repeat is
// unrolled, the types downstream change. This recomputes them from the ops
// themselves (InferTypeOpInterface; nas.choice by joining what its
// alternatives yield). It needs only the dialects, so the frontend links it
// without the passes (library NasirTypeInference).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_DIALECT_UTILS_REINFERTYPES_H
#define NASIR_DIALECT_UTILS_REINFERTYPES_H

#include "mlir/IR/Operation.h"
#include "mlir/IR/Region.h"
#include "mlir/Support/LogicalResult.h"

namespace nasir {

/// Recomputes the result types of the ops in `region`, in order, from their
/// operands (InferTypeOpInterface; choices and repeats by joining what they
/// yield). Fails with a diagnostic when an op's operands no longer fit it.
mlir::LogicalResult reinferTypes(mlir::Region &region);

/// Recomputes the result types of `op` alone (its regions as they are).
mlir::LogicalResult reinferOpTypes(mlir::Operation &op);

} // namespace nasir

#endif
