//===- Relax.cpp - a whole space as one supernet (nas-relax) --------------===//
#include "lib/Transforms/Relax.h"
#include "dialect/NN/NNOps.h"
#include "dialect/Utils/ReinferTypes.h"
#include "lib/Transforms/Cells.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/InOrderRewrite.h"
#include "lib/Transforms/Labels.h"
#include "lib/Transforms/RelaxShare.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace nasir;

namespace {
/// Relaxes the sites of a block in order; the sites that an alternative or
/// an unrolled iteration exposes are relaxed where they stand.
class Relaxer {
public:
  explicit Relaxer(MLIRContext *ctx) : b(ctx) {}

  LogicalResult run(Block &block) {
    return rewriteInOrder(block, [&](Operation *op) { return visit(op); });
  }

  /// The labels table (kLabelsAttr), in the order the sites were met.
  ArrayAttr labels() {
    SmallVector<Attribute> out;
    for (auto &entry : table)
      out.push_back(entry.second);
    return b.getArrayAttr(out);
  }

private:
  Builder b;
  llvm::MapVector<StringRef, DictionaryAttr> table;

  void record(StringAttr label, ArrayRef<NamedAttribute> fields) {
    if (table.count(label.getValue()))
      return;
    SmallVector<NamedAttribute> all{b.getNamedAttr("name", label)};
    all.append(fields.begin(), fields.end());
    table[label.getValue()] = b.getDictionaryAttr(all);
  }

  /// Returns the op to continue from (the first op put in place of a
  /// relaxed site), or null to continue after `op`.
  FailureOr<Operation *> visit(Operation *op) {
    using Result = FailureOr<Operation *>;
    return llvm::TypeSwitch<Operation *, Result>(op)
        .Case([&](nas::ChoiceOp c) { return visitChoice(c); })
        .Case([&](nas::RepeatOp r) { return visitRepeat(r); })
        .Case([&](nas::SelectOp s) { return visitSelect(s); })
        .Case([&](nas::RequireOp req) -> Result {
          // Not part of the supernet: the search keeps candidates valid.
          Operation *after = req->getNextNode();
          req.erase();
          return after;
        })
        .Default([](Operation *) -> Result { return nullptr; });
  }

  /// Moves the ops of `block` but its terminator before `site`; returns the
  /// values its terminator yields.
  static SmallVector<Value> inlineBefore(Operation *site, Block &block) {
    SmallVector<Value> yielded(block.getTerminator()->getOperands());
    site->getBlock()->getOperations().splice(
        site->getIterator(), block.getOperations(), block.begin(),
        block.getTerminator()->getIterator());
    return yielded;
  }

  /// Replaces `site` by `values`; returns the op after it.
  static Operation *replaceSite(Operation *site, ValueRange values) {
    site->replaceAllUsesWith(values);
    Operation *after = site->getNextNode();
    site->erase();
    return after;
  }

  FailureOr<Operation *> visitChoice(nas::ChoiceOp choice) {
    bool numeric = llvm::all_of(choice.getOptions(), [](Attribute a) {
      return isa<IntegerAttr, FloatAttr>(a);
    });
    record(choice.getLabelAttr(),
           {b.getNamedAttr("kind", b.getStringAttr(numeric ? "value" : "op")),
            b.getNamedAttr("options", choice.getOptions())});
    for (Region &r : choice.getAlternatives())
      if (failed(run(r.front())))
        return failure();
    Operation *after = choice->getNextNode();
    // A value choice of widths and kernels: one graph, shared.
    std::string why;
    unsigned other = 0;
    if (numeric && shareAlternatives(choice, why, other)) {
      // The shared ops take their widest types now; the types downstream
      // (joined over the options until here) are re-inferred at the end,
      // once every site of the labels they depend on is relaxed.
      Block &shared = choice.getAlternatives().front().front();
      SmallVector<Operation *> ops;
      for (Operation &op : shared.without_terminator())
        ops.push_back(&op);
      replaceSite(choice, inlineBefore(choice, shared));
      for (Operation *op : ops)
        if (failed(reinferOpTypes(*op)))
          return failure();
      return after;
    }
    // Alternatives of one type: each inlined, their results mixed.
    SmallVector<SmallVector<Value>> yields;
    for (Region &r : choice.getAlternatives()) {
      SmallVector<Value> y(r.front().getTerminator()->getOperands());
      for (auto [i, v] : llvm::enumerate(y))
        if (v.getType() != choice.getAlternatives()
                               .front()
                               .front()
                               .getTerminator()
                               ->getOperand(i)
                               .getType()) {
          unsigned j = &r - &choice.getAlternatives().front();
          return emitCannotMix(choice, numeric, why, numeric ? other : j, i);
        }
      yields.push_back(y);
    }
    for (Region &r : choice.getAlternatives())
      inlineBefore(choice, r.front());
    OpBuilder ob(choice);
    SmallVector<Value> mixed;
    for (unsigned i = 0; i < choice.getNumResults(); ++i) {
      SmallVector<Value> inputs;
      for (auto &y : yields)
        inputs.push_back(y[i]);
      mixed.push_back(inputs.size() == 1
                          ? inputs.front()
                          : ob.create<nas::MixOp>(choice.getLoc(),
                                                  choice.getLabelAttr(),
                                                  choice.getOptions(), inputs)
                                .getResult());
    }
    replaceSite(choice, mixed);
    return after;
  }

  /// The error for a choice whose alternatives neither share nor mix.
  FailureOr<Operation *> emitCannotMix(nas::ChoiceOp choice, bool numeric,
                                       StringRef why, unsigned j,
                                       unsigned result) {
    ArrayRef<Attribute> opts = choice.getOptions().getValue();
    InFlightDiagnostic d = choice.emitError("alternatives ")
                           << printDecisionValue(opts.front()) << " and "
                           << printDecisionValue(opts[j]) << " of '"
                           << choice.getLabel() << "' ";
    if (numeric && !why.empty())
      d << why << "; one-shot search cannot share them";
    else
      d << "yield "
        << choice.getAlternatives().front().front().getTerminator()
               ->getOperand(result).getType()
        << " and "
        << choice.getAlternatives()[j].front().getTerminator()
               ->getOperand(result).getType()
        << "; one-shot search mixes only alternatives of one type";
    return failure();
  }

  FailureOr<Operation *> visitRepeat(nas::RepeatOp repeat) {
    ArrayRef<int64_t> depths = repeat.getDepths();
    SmallVector<Attribute> options;
    for (int64_t d : depths)
      options.push_back(b.getI64IntegerAttr(d));
    ArrayAttr optionsAttr = b.getArrayAttr(options);
    record(repeat.getLabelAttr(),
           {b.getNamedAttr("kind", b.getStringAttr("depth")),
            b.getNamedAttr("options", optionsAttr)});
    // Unrolled max(depths) times; after[i] is the value after i iterations.
    OpBuilder ob(repeat);
    Block &body = repeat.getBody().front();
    SmallVector<Value> after{repeat.getInput()};
    Operation *first = nullptr;
    for (int64_t i = 0, n = *llvm::max_element(depths); i < n; ++i) {
      IRMapping map;
      map.map(body.getArgument(0), after.back());
      for (Operation &op : body.without_terminator()) {
        Operation *clone = ob.clone(op, map);
        first = first ? first : clone;
      }
      if (!repeat.getShared())
        relabelIteration(repeat, map, i);
      after.push_back(map.lookupOrDefault(body.getTerminator()->getOperand(0)));
    }
    SmallVector<Value> inputs;
    for (int64_t d : depths)
      inputs.push_back(after[d]);
    Value result = inputs.front();
    if (inputs.size() > 1) {
      auto mix = ob.create<nas::MixOp>(repeat.getLoc(), repeat.getLabelAttr(),
                                       optionsAttr, inputs);
      result = mix.getResult();
      first = first ? first : mix.getOperation();
    }
    Operation *next = replaceSite(repeat, result);
    return first ? first : next;
  }

  FailureOr<Operation *> visitSelect(nas::SelectOp select) {
    int64_t n = select.getInputs().size();
    record(select.getLabelAttr(),
           {b.getNamedAttr("kind", b.getStringAttr("inputs")),
            b.getNamedAttr("n", b.getI64IntegerAttr(n)),
            b.getNamedAttr("min", select.getMinAttr()),
            b.getNamedAttr("max", select.getMaxAttr())});
    OpBuilder ob(select);
    Value result;
    if (select.getCombine() == nas::Combine::sum) {
      result = ob.create<nas::MixInputsOp>(select.getLoc(),
                                           select.getLabelAttr(),
                                           select.getMinAttr(),
                                           select.getMaxAttr(),
                                           select.getInputs())
                   .getResult();
    } else if (select.getMin() == n) {
      result = n == 1 ? select.getInputs().front()
                      : ob.create<nn::ConcatOp>(select.getLoc(),
                                                select.getInputs())
                            .getResult();
    } else {
      return select.emitError("input choice '")
             << select.getLabel() << "' concatenates " << select.getMin()
             << (select.getMin() == select.getMax()
                     ? ""
                     : " to " + std::to_string(select.getMax()))
             << " of its " << n
             << " inputs; one-shot search cannot weigh a concatenation "
                "(no mask reconciles its channel counts): pick all or sum";
    }
    return replaceSite(select, result);
  }
};
} // namespace

LogicalResult nasir::relaxSpace(nas::SpaceOp space) {
  if (failed(checkCellsInlined(space, "nas-relax")))
    return failure();
  Relaxer relaxer(space.getContext());
  if (failed(relaxer.run(space.getBlock())) ||
      failed(reinferTypes(space.getBody())) ||
      failed(propagateChannelMasks(space)))
    return failure();
  space->setAttr(kLabelsAttr, relaxer.labels());
  return success();
}
