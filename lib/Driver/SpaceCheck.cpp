//===- SpaceCheck.cpp - verify a module of spaces and summarize it --------===//
#include "lib/Driver/SpaceCheck.h"
#include "dialect/NAS/NASOps.h"
#include "lib/Transforms/SpaceAnalysis.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"

using namespace nasir;

mlir::LogicalResult nasir::verifySpaces(mlir::ModuleOp module) {
  if (failed(mlir::verify(module)))
    return mlir::failure();
  bool structural = true;
  for (auto space : module.getOps<nas::SpaceOp>())
    structural &= succeeded(verifyWholeSpace(space));
  return mlir::success(structural);
}

SpaceSummary nasir::summarizeSpaces(mlir::ModuleOp module) {
  SpaceSummary s;
  llvm::StringSet<> labels;
  module->walk([&](mlir::Operation *op) {
    if (auto space = llvm::dyn_cast<nas::SpaceOp>(op)) {
      s.spaces.push_back(space.getSymName().str());
      return;
    }
    if (llvm::isa<mlir::ModuleOp, nas::YieldOp>(op))
      return;
    ++s.ops;
    if (auto c = llvm::dyn_cast<nas::ChoiceOp>(op)) {
      ++s.choices;
      labels.insert(c.getLabel());
    } else if (auto r = llvm::dyn_cast<nas::RepeatOp>(op)) {
      ++s.repeats;
      labels.insert(r.getLabel());
    } else if (auto sel = llvm::dyn_cast<nas::SelectOp>(op)) {
      ++s.selects;
      labels.insert(sel.getLabel());
    }
  });
  s.labels = labels.size();
  return s;
}
