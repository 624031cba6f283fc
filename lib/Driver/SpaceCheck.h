//===- SpaceCheck.h - verify a module of spaces and summarize it -*- C++ -*-===//
#ifndef NASIR_DRIVER_SPACECHECK_H
#define NASIR_DRIVER_SPACECHECK_H

#include "mlir/IR/BuiltinOps.h"
#include <string>
#include <vector>

namespace nasir {

/// Verifies the module's IR and the decision structure of every space (no
/// valid candidate is an error; options no valid candidate takes are
/// warnings). Failure after errors were emitted.
mlir::LogicalResult verifySpaces(mlir::ModuleOp module);

/// What `nasir check` prints: the spaces of a module and how many labels,
/// choices, repeats, selects and other ops they hold.
struct SpaceSummary {
  std::vector<std::string> spaces;
  unsigned labels = 0, choices = 0, repeats = 0, selects = 0, ops = 0;
};
SpaceSummary summarizeSpaces(mlir::ModuleOp module);

} // namespace nasir

#endif
