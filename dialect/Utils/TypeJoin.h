//===- TypeJoin.h - compatibility and join of tensor types ------*- C++ -*-===//
//
// Inside a search space a dimension may depend on an open choice. Two types
// are compatible when they can describe the same tensor (equal where both are
// static); their join keeps what they agree on and makes the rest dynamic.
// Non-tensor types are compatible only when equal.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_DIALECT_UTILS_TYPEJOIN_H
#define NASIR_DIALECT_UTILS_TYPEJOIN_H

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLExtras.h"

namespace nasir {

inline bool areCompatible(mlir::Type a, mlir::Type b) {
  auto ta = llvm::dyn_cast<mlir::RankedTensorType>(a);
  auto tb = llvm::dyn_cast<mlir::RankedTensorType>(b);
  if (!ta || !tb)
    return a == b;
  if (ta.getRank() != tb.getRank() ||
      ta.getElementType() != tb.getElementType())
    return false;
  for (auto [x, y] : llvm::zip(ta.getShape(), tb.getShape()))
    if (!mlir::ShapedType::isDynamic(x) && !mlir::ShapedType::isDynamic(y) &&
        x != y)
      return false;
  return true;
}

/// The shape-wise join of two tensor types of one rank and element type:
/// dimensions they agree on stay, the others become dynamic (the type of a
/// value that is one or the other). Null when ranks or element types differ;
/// non-tensor types join only with themselves.
inline mlir::Type joinTypes(mlir::Type a, mlir::Type b) {
  auto ta = llvm::dyn_cast<mlir::RankedTensorType>(a);
  auto tb = llvm::dyn_cast<mlir::RankedTensorType>(b);
  if (!ta || !tb)
    return a == b ? a : mlir::Type();
  if (ta.getRank() != tb.getRank() ||
      ta.getElementType() != tb.getElementType())
    return {};
  llvm::SmallVector<int64_t> shape;
  for (auto [x, y] : llvm::zip(ta.getShape(), tb.getShape()))
    shape.push_back(x == y ? x : mlir::ShapedType::kDynamic);
  return mlir::RankedTensorType::get(shape, ta.getElementType());
}

} // namespace nasir

#endif
