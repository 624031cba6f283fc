//===- SpecializePass.cpp - the nas-specialize pass -----------------------===//
#include "dialect/NAS/NASOps.h"
#include "lib/Transforms/Cells.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/Passes.h"
#include "lib/Transforms/Specialize.h"

namespace nasir {
#define GEN_PASS_DEF_SPECIALIZE
#include "lib/Transforms/Passes.h.inc"
} // namespace nasir

using namespace mlir;
using namespace nasir;

namespace {
struct SpecializePass : nasir::impl::SpecializeBase<SpecializePass> {
  using SpecializeBase::SpecializeBase;

  void runOnOperation() override {
    if (failed(checkCellsInlined(getOperation(), getArgument())))
      return signalPassFailure();
    DictionaryAttr fromOption;
    if (!decisions.empty()) {
      std::string error;
      // MLIR's option parser strips the braces of `decisions={...}`.
      std::string text = StringRef(decisions).ltrim().starts_with("{")
                             ? decisions.getValue()
                             : "{" + decisions.getValue() + "}";
      fromOption = parseDecisions(&getContext(), text, error);
      if (!fromOption) {
        getOperation().emitError(error);
        return signalPassFailure();
      }
    }
    for (auto s : getOperation().getOps<nas::SpaceOp>()) {
      if (!space.empty() && s.getSymName() != space)
        continue;
      DictionaryAttr d = fromOption
                             ? fromOption
                             : s->getAttrOfType<DictionaryAttr>(kDecisionsAttr);
      if (!d)
        continue;
      if (failed(specializeSpace(s, d)))
        return signalPassFailure();
      s->setAttr(kDecisionsAttr, d);
    }
  }
};
} // namespace
