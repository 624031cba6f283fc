//===- NNDialect.cpp - the nn dialect -------------------------------------===//
#include "dialect/NN/NNDialect.h"
#include "dialect/NN/NNOps.h"

using namespace mlir;
using namespace nasir::nn;

#include "dialect/NN/NNOpsDialect.cpp.inc"

void NNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialect/NN/NNOps.cpp.inc"
      >();
}
