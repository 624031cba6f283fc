//===- Canonicalize.cpp - exact algebra and fingerprints ------------------===//
#include "lib/Transforms/Canonicalize.h"
#include "lib/Transforms/CanonicalAlgebra.h"
#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace nasir;

namespace {
using namespace nasir::canon;

/// The candidate as IR.
struct IRGraph {
  using V = Value;
  static constexpr bool kAsCloned = false;
  Operation *def(Value v) { return v.getDefiningOp(); }
  unsigned argNumber(Value v) { return cast<BlockArgument>(v).getArgNumber(); }
  Type type(Value v) { return v.getType(); }
  unsigned numOperands(Value v) { return v.getDefiningOp()->getNumOperands(); }
  Value operand(Value v, unsigned i) { return v.getDefiningOp()->getOperand(i); }
  uint64_t instance(Value v) { return (uintptr_t)v.getDefiningOp(); }
  void appendPrefix(Value v, TextCache &text, std::string &s) {
    appendOpPrefix(v.getDefiningOp(), cast<OpResult>(v).getResultNumber(),
                   v.getType(), text, s);
  }
};

nn::OutputOp findOutput(nas::SpaceOp space) {
  for (auto out : space.getBlock().getOps<nn::OutputOp>())
    return out;
  return {};
}
} // namespace

std::string nasir::fingerprintNetwork(nas::SpaceOp space,
                                      const CanonOptions &options) {
  nn::OutputOp out = findOutput(space);
  if (!out)
    return "";
  IRGraph graph;
  TextCache text;
  Algebra<IRGraph> algebra(graph, options, text);
  return algebra.fingerprint(out.getInput());
}

LogicalResult nasir::canonicalizeNetwork(nas::SpaceOp space,
                                         const CanonOptions &options) {
  Block &block = space.getBlock();
  IRGraph graph;
  TextCache text;
  Algebra<IRGraph> algebra(graph, options, text);
  // Fold identities.
  for (auto id : llvm::make_early_inc_range(block.getOps<nn::IdentityOp>())) {
    id.getResult().replaceAllUsesWith(id.getInput());
    id.erase();
  }
  // Rebuild every sum as one flat, ordered sum of its non-zero terms.
  for (auto add : llvm::make_early_inc_range(block.getOps<nn::AddOp>())) {
    SmallVector<Value> terms, work(add.getInputs().begin(), add.getInputs().end());
    Value someZero;
    while (!work.empty()) {
      Value v = work.pop_back_val();
      if (auto inner = v.getDefiningOp<nn::AddOp>()) {
        work.append(inner.getInputs().begin(), inner.getInputs().end());
        continue;
      }
      if (algebra.of(v).zero) {
        someZero = v;
        continue;
      }
      terms.push_back(v);
    }
    llvm::stable_sort(terms, [&](Value a, Value b) {
      return lessHash(algebra.of(a).hash, algebra.of(b).hash);
    });
    if (terms.empty()) {
      add.getResult().replaceAllUsesWith(someZero);
    } else if (terms.size() == 1) {
      add.getResult().replaceAllUsesWith(terms.front());
    } else {
      OpBuilder b(add);
      auto flat = b.create<nn::AddOp>(add.getLoc(), terms);
      add.getResult().replaceAllUsesWith(flat.getResult());
    }
    add.erase();
  }
  // Remove dead nodes (everything but the output, constraints and
  // objectives is a pure layer).
  bool changed = true;
  while (changed) {
    changed = false;
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block))) {
      if (op.getNumResults() && op.use_empty() && isPure(&op)) {
        op.erase();
        changed = true;
      }
    }
  }
  return success();
}
