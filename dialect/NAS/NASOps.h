//===- NASOps.h - search-space constructs -----------------------*- C++ -*-===//
#ifndef NASIR_DIALECT_NAS_NASOPS_H
#define NASIR_DIALECT_NAS_NASOPS_H

#include "dialect/NAS/NASDialect.h"
#include "dialect/NAS/Predicate.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialect/NAS/NASEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialect/NAS/NASAttrs.h.inc"

namespace nasir::nas {
/// The spellings of the constraint metrics and of the objective metrics, in
/// the enums' order (for messages).
std::vector<std::string> constraintMetricNames();
std::vector<std::string> objectiveMetricNames();

/// `nas.share` (the relaxed IR of nas-relax): on an nn op, one entry per
/// label that shapes it, `{label, channels}` (the result's channels per
/// option, the widest kept) or `{label, kernel, padding}` (a convolution's
/// kernel and padding per option, the largest kept).
inline constexpr llvm::StringLiteral kShareAttr = "nas.share";
} // namespace nasir::nas

#define GET_OP_CLASSES
#include "dialect/NAS/NASOps.h.inc"

#endif
