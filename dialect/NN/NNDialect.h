//===- NNDialect.h - the nn dialect -----------------------------*- C++ -*-===//
#ifndef NASIR_DIALECT_NN_NNDIALECT_H
#define NASIR_DIALECT_NN_NNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialect/NN/NNOpsDialect.h.inc"

#endif
