//===- InOrderRewrite.h - rewrite the ops of a block in order ---*- C++ -*-===//
//
// Specialization and relaxation replace sites by the ops they stand for and
// then visit those ops in turn (a nested site, an unrolled iteration).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_INORDERREWRITE_H
#define NASIR_TRANSFORMS_INORDERREWRITE_H

#include "mlir/IR/Block.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace nasir {

/// Visits the ops of `block` in order. `visit` may replace the op it is
/// given; it returns the op to continue from (the first op it put in its
/// place), null to go on after it, or failure to stop.
inline mlir::LogicalResult rewriteInOrder(
    mlir::Block &block,
    llvm::function_ref<mlir::FailureOr<mlir::Operation *>(mlir::Operation *)>
        visit) {
  for (mlir::Operation *op = block.empty() ? nullptr : &block.front(); op;) {
    mlir::Operation *next = op->getNextNode();
    mlir::FailureOr<mlir::Operation *> resume = visit(op);
    if (mlir::failed(resume))
      return mlir::failure();
    op = *resume ? *resume : next;
  }
  return mlir::success();
}

} // namespace nasir

#endif
