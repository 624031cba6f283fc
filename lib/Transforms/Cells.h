//===- Cells.h - instantiate nas.cell at each nas.apply ---------*- C++ -*-===//
#ifndef NASIR_TRANSFORMS_CELLS_H
#define NASIR_TRANSFORMS_CELLS_H

#include "mlir/IR/BuiltinOps.h"

namespace nasir {

/// Replaces every nas.apply in the spaces of `module` by an instance of its
/// cell (parameters bound, labels prefixed, nested applications included),
/// re-infers the types of each space, then erases the cells. Errors (a
/// recursive cell, a binding that does not evaluate, an instance whose
/// shapes do not fit) are emitted at the op, with the application as the
/// call site.
mlir::LogicalResult inlineCells(mlir::ModuleOp module);

/// Fails with an error at the first nas.apply under `root`: `pass` needs
/// spaces whose cells are inlined.
mlir::LogicalResult checkCellsInlined(mlir::Operation *root,
                                      llvm::StringRef pass);

} // namespace nasir

#endif
