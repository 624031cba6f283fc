//===- RelaxPass.cpp - the nas-relax pass ---------------------------------===//
#include "lib/Transforms/Cells.h"
#include "lib/Transforms/Passes.h"
#include "lib/Transforms/Relax.h"

namespace nasir {
#define GEN_PASS_DEF_RELAX
#include "lib/Transforms/Passes.h.inc"
} // namespace nasir

using namespace mlir;
using namespace nasir;

namespace {
struct RelaxPass : nasir::impl::RelaxBase<RelaxPass> {
  void runOnOperation() override {
    if (failed(inlineCells(getOperation())))
      return signalPassFailure();
    for (auto space : getOperation().getOps<nas::SpaceOp>())
      if (failed(relaxSpace(space)))
        return signalPassFailure();
  }
};
} // namespace
