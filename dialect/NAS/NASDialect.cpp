//===- NASDialect.cpp - the nas dialect -----------------------------------===//
#include "dialect/NAS/NASDialect.h"
#include "dialect/NAS/NASOps.h"

using namespace mlir;
using namespace nasir::nas;

#include "dialect/NAS/NASOpsDialect.cpp.inc"

void NASDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialect/NAS/NASOps.cpp.inc"
      >();
}
