//===- NNOps.h - layers of candidate networks -------------------*- C++ -*-===//
#ifndef NASIR_DIALECT_NN_NNOPS_H
#define NASIR_DIALECT_NN_NNOPS_H

#include "dialect/NN/NNDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include <optional>

namespace nasir::nn {

/// Marks ops that map an all-zero input to an all-zero output (f(0) = 0).
template <typename ConcreteType>
class ZeroPreserving
    : public mlir::OpTrait::TraitBase<ConcreteType, ZeroPreserving> {};

/// Elements per sample of a ranked tensor type (all dims but the batch), or
/// nullopt when one of them is dynamic.
std::optional<int64_t> elementCount(mlir::Type type);

} // namespace nasir::nn

#include "dialect/NN/NNInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialect/NN/NNOps.h.inc"

#endif
