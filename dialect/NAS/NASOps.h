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

#define GET_OP_CLASSES
#include "dialect/NAS/NASOps.h.inc"

#endif
