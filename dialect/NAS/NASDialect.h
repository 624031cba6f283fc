//===- NASDialect.h - the nas dialect ---------------------------*- C++ -*-===//
#ifndef NASIR_DIALECT_NAS_NASDIALECT_H
#define NASIR_DIALECT_NAS_NASDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dialect/NAS/NASOpsDialect.h.inc"

#endif
