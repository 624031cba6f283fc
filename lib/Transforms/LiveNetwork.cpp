//===- LiveNetwork.cpp - keep only what a concrete network computes -------===//
#include "lib/Transforms/LiveNetwork.h"
#include "dialect/NN/NNOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace nasir;

/// Whether `v` is identically zero by the rules of canonicalization
/// (docs/canonicalization.md): a `zero`, a sum of zeros, or a zero-preserving
/// op applied to zeros only.
static bool isZero(Value v, llvm::DenseMap<Value, bool> &memo) {
  if (auto it = memo.find(v); it != memo.end())
    return it->second;
  Operation *op = v.getDefiningOp();
  bool zero = false;
  if (op && isa<nn::ZeroOp>(op)) {
    zero = true;
  } else if (op && op->getNumOperands() > 0) {
    auto layer = dyn_cast<nn::LayerOpInterface>(op);
    zero = (isa<nn::AddOp>(op) || (layer && layer.isZeroPreserving())) &&
           llvm::all_of(op->getOperands(),
                        [&](Value in) { return isZero(in, memo); });
  }
  return memo[v] = zero;
}

/// Rebuilds every sum without its zero terms (a sum of zeros keeps one).
static void dropZeroTerms(Block &block) {
  llvm::DenseMap<Value, bool> memo;
  for (auto add : llvm::make_early_inc_range(block.getOps<nn::AddOp>())) {
    SmallVector<Value> terms;
    for (Value in : add.getInputs())
      if (!isZero(in, memo))
        terms.push_back(in);
    if (terms.empty())
      terms.push_back(add.getInputs().front());
    if (terms.size() == add.getInputs().size() ||
        llvm::any_of(terms, [&](Value t) { return t.getType() != add.getType(); }))
      continue;
    Value sum = terms.front();
    if (terms.size() > 1)
      sum = OpBuilder(add).create<nn::AddOp>(add.getLoc(), terms).getResult();
    add.getResult().replaceAllUsesWith(sum);
    add.erase();
  }
}

/// Erases pure ops whose results are unused, until none is left.
static void eraseUnused(Block &block) {
  for (bool changed = true; changed;) {
    changed = false;
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block)))
      if (op.getNumResults() && op.use_empty() && isPure(&op)) {
        op.erase();
        changed = true;
      }
  }
}

/// Gives every `zero` whose operand is computed only to shape zeros a live
/// operand of the same type defined before it, so the shaping ops die.
static void reshapeZeros(Block &block) {
  // Ops whose every use shapes a zero, directly or through such ops
  // (uses come after definitions: one backward pass decides).
  llvm::DenseSet<Operation *> onlyShape;
  for (Operation &op : llvm::reverse(block)) {
    if (!isPure(&op) || op.use_empty())
      continue;
    if (llvm::all_of(op.getUsers(), [&](Operation *user) {
          return isa<nn::ZeroOp>(user) || onlyShape.contains(user);
        }))
      onlyShape.insert(&op);
  }
  if (onlyShape.empty())
    return;
  // Live values by type, in block order.
  llvm::DenseMap<Type, SmallVector<Value>> live;
  llvm::DenseMap<Operation *, unsigned> position;
  for (auto [i, op] : llvm::enumerate(block)) {
    position[&op] = i;
    if (!onlyShape.contains(&op))
      for (Value r : op.getResults())
        live[r.getType()].push_back(r);
  }
  for (auto zero : block.getOps<nn::ZeroOp>()) {
    Operation *def = zero.getInput().getDefiningOp();
    if (!def || !onlyShape.contains(def) || onlyShape.contains(zero))
      continue;
    for (Value v : live.lookup(zero.getInput().getType())) {
      if (position[v.getDefiningOp()] >= position[zero])
        break;
      zero->setOperand(0, v);
      break;
    }
  }
}

void nasir::removeDeadOps(nas::SpaceOp concrete) {
  Block &block = concrete.getBlock();
  dropZeroTerms(block);
  eraseUnused(block);
  reshapeZeros(block);
  eraseUnused(block);
}
