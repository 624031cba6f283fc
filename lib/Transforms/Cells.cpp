//===- Cells.cpp - instantiate nas.cell at each nas.apply -----------------===//
#include "lib/Transforms/Cells.h"
#include "dialect/NAS/Binding.h"
#include "dialect/NAS/NASOps.h"
#include "dialect/Utils/ReinferTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace nasir;

/// Reports a cell that applies itself, directly or through others.
static LogicalResult checkAcyclic(ModuleOp module, SymbolTable &symbols) {
  enum State { Open, Done };
  llvm::DenseMap<Operation *, State> state;
  std::function<LogicalResult(nas::CellOp)> visit =
      [&](nas::CellOp cell) -> LogicalResult {
    auto [it, inserted] = state.try_emplace(cell, Open);
    if (!inserted)
      return success(it->second == Done);
    WalkResult r = cell.walk([&](nas::ApplyOp apply) {
      auto callee = symbols.lookup<nas::CellOp>(apply.getCell());
      if (!callee)
        return WalkResult::advance(); // the verifier reports it
      if (state.lookup(callee) == Open && state.count(callee)) {
        apply.emitError("cell @")
            << callee.getSymName() << " applies itself (through @"
            << cell.getSymName() << "): cells cannot be recursive";
        return WalkResult::interrupt();
      }
      return failed(visit(callee)) ? WalkResult::interrupt()
                                   : WalkResult::advance();
    });
    state[cell] = Done;
    return failure(r.wasInterrupted());
  };
  for (auto cell : module.getOps<nas::CellOp>())
    if (failed(visit(cell)))
      return failure();
  return success();
}

/// Gives the labels of an instance the prefix of its application.
static void prefixLabels(Operation *op, StringRef prefix) {
  MLIRContext *ctx = op->getContext();
  auto prefixed = [&](StringRef l) { return (prefix + "." + l).str(); };
  if (isa<nas::ChoiceOp, nas::RepeatOp, nas::SelectOp>(op))
    op->setAttr("label", StringAttr::get(ctx, prefixed(
                                                  op->getAttrOfType<StringAttr>(
                                                        "label")
                                                      .getValue())));
  else if (auto apply = dyn_cast<nas::ApplyOp>(op))
    apply.setLabel(apply.getLabel() ? prefixed(*apply.getLabel())
                                    : prefix.str());
  else if (auto req = dyn_cast<nas::RequireOp>(op))
    if (auto pred = req.parsePredicate()) {
      pred->renameLabels(prefixed);
      req.setPredicate(pred->str());
    }
}

/// Replaces `apply` by an instance of its cell.
static LogicalResult instantiate(nas::ApplyOp apply, SymbolTable &symbols) {
  auto cell = symbols.lookup<nas::CellOp>(apply.getCell());
  if (!cell)
    return apply.emitOpError("applies @")
           << apply.getCell() << ", which is not a nas.cell of this module";
  MLIRContext *ctx = apply.getContext();
  NamedAttrList params(cell.getParams());
  for (NamedAttribute p : apply.getParams())
    params.set(p.getName(), p.getValue());
  DictionaryAttr values = params.getDictionary(ctx);
  std::optional<StringRef> prefix = apply.getLabel();

  OpBuilder b(apply);
  IRMapping map;
  for (auto [arg, in] :
       llvm::zip(cell.getBlock().getArguments(), apply.getInputs()))
    map.map(arg, in);
  for (Operation &op : cell.getBlock().without_terminator())
    b.clone(op, map);

  WalkResult r = cell.getBody().walk([&](Operation *orig) {
    Operation *op = map.lookupOrNull(orig);
    if (!op)
      return WalkResult::advance(); // the cell's own terminator
    op->setLoc(CallSiteLoc::get(orig->getLoc(), apply.getLoc()));
    if (auto bind = op->getAttrOfType<DictionaryAttr>(nas::kFromAttr)) {
      op->removeAttr(nas::kFromAttr);
      for (NamedAttribute e : bind) {
        std::string error;
        Attribute v = nas::evaluateBinding(
            cast<StringAttr>(e.getValue()).getValue(), values, error);
        if (!v) {
          op->emitError("'nas.from' of '")
              << e.getName().getValue() << "': " << error << " in "
              << e.getValue() << " (parameters: " << values << ")";
          return WalkResult::interrupt();
        }
        if (auto nested = dyn_cast<nas::ApplyOp>(op)) {
          NamedAttrList np(nested.getParams());
          np.set(e.getName(), v);
          nested.setParamsAttr(np.getDictionary(ctx));
        } else {
          op->setAttr(e.getName(), v);
        }
      }
    }
    if (prefix)
      prefixLabels(op, *prefix);
    return WalkResult::advance();
  });
  if (r.wasInterrupted())
    return failure();
  for (auto [res, y] : llvm::zip(apply.getResults(),
                                 cell.getBlock().getTerminator()->getOperands()))
    res.replaceAllUsesWith(map.lookupOrDefault(y));
  apply.erase();
  return success();
}

LogicalResult nasir::inlineCells(ModuleOp module) {
  SymbolTable symbols(module);
  if (failed(checkAcyclic(module, symbols)))
    return failure();
  for (auto space : module.getOps<nas::SpaceOp>()) {
    bool changed = false;
    // Instances may apply cells in turn: repeat until none is left (the
    // cells are acyclic, so this ends).
    while (true) {
      SmallVector<nas::ApplyOp> applies;
      space.walk([&](nas::ApplyOp a) { applies.push_back(a); });
      if (applies.empty())
        break;
      for (nas::ApplyOp a : applies)
        if (failed(instantiate(a, symbols)))
          return failure();
      changed = true;
    }
    // The instances were built with the cells' default types.
    if (changed && failed(reinferTypes(space.getBody())))
      return failure();
  }
  for (auto cell : llvm::make_early_inc_range(module.getOps<nas::CellOp>()))
    cell.erase();
  return success();
}

LogicalResult nasir::checkCellsInlined(Operation *root, StringRef pass) {
  WalkResult r = root->walk([&](nas::ApplyOp apply) {
    apply.emitError("'")
        << pass << "' needs cells inlined: run nas-inline-cells first";
    return WalkResult::interrupt();
  });
  return failure(r.wasInterrupted());
}
