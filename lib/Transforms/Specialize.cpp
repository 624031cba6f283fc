//===- Specialize.cpp - resolve search constructs by decisions ------------===//
#include "lib/Transforms/Specialize.h"
#include "dialect/NN/NNOps.h"
#include "dialect/Utils/ReinferTypes.h"
#include "dialect/Utils/TypeJoin.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/InOrderRewrite.h"
#include "lib/Transforms/Labels.h"
#include "lib/Transforms/LiveNetwork.h"
#include "lib/Transforms/Violations.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace nasir;

bool nasir::isConcrete(nas::SpaceOp space) {
  return !space.getBody()
              .walk([](Operation *op) {
                return isa<nas::ChoiceOp, nas::RepeatOp, nas::SelectOp>(op)
                           ? WalkResult::interrupt()
                           : WalkResult::advance();
              })
              .wasInterrupted();
}

/// "3, 5, 7" or "\"relu\", \"tanh\"": a choice's options as decisions spell them.
static std::string optionsText(nas::ChoiceOp choice) {
  std::string opts;
  llvm::raw_string_ostream os(opts);
  llvm::interleaveComma(choice.getOptions(), os,
                        [&](Attribute a) { os << printDecisionValue(a); });
  return opts;
}

/// The indices of the inputs that `value` picks at `select` (decided by
/// `label`): a sorted list of distinct indices below the input count, as many
/// as the pick declares. Emits an error and fails otherwise.
static FailureOr<SmallVector<int64_t>>
pickedIndices(nas::SelectOp select, StringRef label, Attribute value) {
  auto list = dyn_cast<ArrayAttr>(value);
  int64_t n = select.getInputs().size();
  SmallVector<int64_t> picked;
  bool ok = bool(list);
  for (Attribute a : ok ? list.getValue() : ArrayRef<Attribute>()) {
    auto i = dyn_cast<IntegerAttr>(a);
    if (!i || i.getInt() < 0 || i.getInt() >= n ||
        (!picked.empty() && i.getInt() <= picked.back())) {
      ok = false;
      break;
    }
    picked.push_back(i.getInt());
  }
  int64_t lo = select.getMin(), hi = select.getMax();
  if (ok && int64_t(picked.size()) >= lo && int64_t(picked.size()) <= hi)
    return picked;
  std::string count = std::to_string(lo);
  if (hi != lo)
    count += " to " + std::to_string(hi);
  return select.emitError("decision '")
         << label << "' = " << printDecisionValue(value)
         << " is not a sorted list of " << count << " distinct "
         << (hi == 1 ? "index" : "indices") << " below " << n;
}

/// "is not one of its depths: 1, 2, 3" for a repeat's decision `value`.
static InFlightDiagnostic emitBadDepth(nas::RepeatOp repeat, StringRef label,
                                       Attribute value) {
  std::string opts;
  llvm::raw_string_ostream os(opts);
  llvm::interleaveComma(repeat.getDepths(), os);
  return repeat.emitError("decision '")
         << label << "' = " << printDecisionValue(value)
         << " is not one of its depths: " << opts;
}

/// The depth that `value` decides for `repeat`, or an error.
static FailureOr<int64_t> decidedDepth(nas::RepeatOp repeat, StringRef label,
                                       Attribute value) {
  auto depth = dyn_cast<IntegerAttr>(value);
  if (!depth || !llvm::is_contained(repeat.getDepths(), depth.getInt()))
    return emitBadDepth(repeat, label, value);
  return depth.getInt();
}

/// The alternative that `value` decides for `choice`, or an error.
static FailureOr<unsigned> decidedOption(nas::ChoiceOp choice, StringRef label,
                                         Attribute value) {
  if (std::optional<unsigned> index = choice.findOption(value))
    return *index;
  return choice.emitError("decision '")
         << label << "' = " << printDecisionValue(value)
         << " is not one of its options: " << optionsText(choice);
}

/// The labels the sites of `space` have, without iteration suffixes.
static llvm::StringSet<> baseLabelsOf(nas::SpaceOp space) {
  llvm::StringSet<> labels;
  space.walk([&](Operation *op) {
    if (auto l = op->getAttrOfType<StringAttr>("label"))
      labels.insert(baseLabel(l.getValue()));
  });
  return labels;
}

/// Fails with an error at `space` for the first decision whose label is not
/// in `used` (no site of the candidate took it), unless a site still open in
/// `space` could take it (`mayBeOpen`): a label that is not in `known()` (the
/// space's labels), or one of a site that the other decisions leave out.
static LogicalResult
checkAllUsed(nas::SpaceOp space, DictionaryAttr decisions,
             const llvm::StringSet<> &used, bool mayBeOpen,
             function_ref<llvm::StringSet<>()> known) {
  llvm::StringSet<> open;
  if (mayBeOpen)
    space.walk([&](Operation *op) {
      if (isa<nas::ChoiceOp, nas::RepeatOp, nas::SelectOp>(op))
        open.insert(baseLabel(op->getAttrOfType<StringAttr>("label").getValue()));
    });
  for (NamedAttribute d : decisions) {
    StringRef label = d.getName().getValue();
    if (used.contains(label) || open.contains(baseLabel(label)))
      continue;
    if (!known().contains(baseLabel(label)))
      return space.emitError("decisions name '")
             << label << "', which is not a label of space @"
             << space.getSymName();
    return space.emitError("decision '")
           << label << "' is for a site that the other decisions leave out "
           << "of the candidate";
  }
  return success();
}

namespace {
class Specializer {
public:
  explicit Specializer(DictionaryAttr decisions) : decisions(decisions) {}

  /// Resolves the decided sites of one block; nested sites exposed by an
  /// inlined alternative or a repeat iteration are resolved as they appear.
  LogicalResult run(Block &block) {
    return rewriteInOrder(block, [&](Operation *op) { return visit(op); });
  }

  llvm::StringSet<> used;

private:
  DictionaryAttr decisions;

  /// Returns the op to continue from (the first op inlined in place of a
  /// resolved site), or null to continue after `op`.
  FailureOr<Operation *> visit(Operation *op) {
    if (auto choice = dyn_cast<nas::ChoiceOp>(op))
      return visitChoice(choice);
    if (auto repeat = dyn_cast<nas::RepeatOp>(op))
      return visitRepeat(repeat);
    if (auto select = dyn_cast<nas::SelectOp>(op))
      return visitSelect(select);
    if (auto req = dyn_cast<nas::RequireOp>(op))
      return visitRequire(req);
    for (Region &r : op->getRegions())
      for (Block &b : r)
        if (failed(run(b)))
          return failure();
    return nullptr;
  }

  Attribute lookup(StringRef label) {
    Attribute v = decisions.get(label);
    if (v)
      used.insert(label);
    return v;
  }

  /// Moves the ops of `block` (but its terminator) before `site`, replaces
  /// the site's results by what the terminator yields, and erases the site.
  /// Returns the first moved op, or the op after the site when none moved.
  Operation *inlineBefore(Operation *site, Block &block) {
    auto yield = cast<nas::YieldOp>(block.getTerminator());
    site->replaceAllUsesWith(yield.getValues());
    Operation *first = &block.front() == yield.getOperation() ? nullptr : &block.front();
    Block *parent = site->getBlock();
    parent->getOperations().splice(site->getIterator(), block.getOperations(),
                                   block.begin(), yield->getIterator());
    Operation *after = site->getNextNode();
    site->erase();
    return first ? first : after;
  }

  FailureOr<Operation *> visitChoice(nas::ChoiceOp choice) {
    Attribute value = lookup(choice.getLabel());
    if (!value) {
      for (Region &r : choice.getAlternatives())
        if (failed(run(r.front())))
          return failure();
      return nullptr;
    }
    FailureOr<unsigned> index = decidedOption(choice, choice.getLabel(), value);
    if (failed(index))
      return failure();
    return inlineBefore(choice, choice.getAlternatives()[*index].front());
  }

  FailureOr<Operation *> visitRepeat(nas::RepeatOp repeat) {
    Attribute value = lookup(repeat.getLabel());
    if (!value) {
      // Labels in the body are per-iteration templates: nothing to resolve
      // until the depth is known, but choices decided outside (`outer`) and
      // predicates naming decided sites outside are.
      while (true) {
        nas::ChoiceOp next;
        repeat.getBody().walk([&](nas::ChoiceOp c) {
          if (!decidedOutside(c, repeat) || !decisions.get(c.getLabel()))
            return WalkResult::advance();
          next = c;
          return WalkResult::interrupt();
        });
        if (!next)
          break;
        if (failed(visitChoice(next)))
          return failure();
      }
      WalkResult r = repeat.getBody().walk([&](nas::RequireOp req) {
        return failed(substitute(req, [&](StringRef l) {
                 Operation *site = req.resolveLabel(l);
                 // A site already resolved is gone: it was outside.
                 return !site || decidedOutside(site, repeat);
               }))
                   ? WalkResult::interrupt()
                   : WalkResult::advance();
      });
      if (r.wasInterrupted())
        return failure();
      return nullptr;
    }
    FailureOr<int64_t> depth = decidedDepth(repeat, repeat.getLabel(), value);
    if (failed(depth))
      return failure();
    OpBuilder b(repeat);
    Value current = repeat.getInput();
    Block &body = repeat.getBody().front();
    Operation *first = nullptr;
    for (int64_t i = 0; i < *depth; ++i) {
      IRMapping map;
      map.map(body.getArgument(0), current);
      for (Operation &op : body.without_terminator()) {
        Operation *clone = b.clone(op, map);
        if (!first)
          first = clone;
      }
      if (!repeat.getShared())
        relabelIteration(repeat, map, i);
      current = map.lookup(cast<nas::YieldOp>(body.getTerminator()).getValues()[0]);
    }
    repeat.getResult().replaceAllUsesWith(current);
    Operation *after = repeat->getNextNode();
    repeat.erase();
    return first ? first : after;
  }

  FailureOr<Operation *> visitRequire(nas::RequireOp req) {
    Operation *after = req->getNextNode();
    if (failed(substitute(req, [](StringRef) { return true; })))
      return failure();
    return after;
  }

  /// Substitutes the decided labels of a predicate (those `mayDecide`
  /// accepts): a predicate that holds goes, one that fails is an error, the
  /// rest stays on its open labels.
  LogicalResult substitute(nas::RequireOp req,
                           function_ref<bool(StringRef)> mayDecide) {
    auto pred = req.parsePredicate();
    if (!pred)
      return req.emitError("the predicate does not parse");
    auto value = [&](StringRef l) {
      return mayDecide(l) ? decisions.get(l) : Attribute();
    };
    nas::Predicate rest = pred->partiallyEvaluate(value);
    if (rest.kind == nas::Predicate::Const && !rest.value)
      return emitViolation(req, *pred, value);
    if (rest.kind == nas::Predicate::Const)
      req.erase();
    else if (rest.labels() != pred->labels())
      req.setPredicate(rest.str());
    return success();
  }

  FailureOr<Operation *> visitSelect(nas::SelectOp select) {
    Attribute value = lookup(select.getLabel());
    if (!value)
      return nullptr;
    FailureOr<SmallVector<int64_t>> picked =
        pickedIndices(select, select.getLabel(), value);
    if (failed(picked))
      return failure();
    SmallVector<Value> chosen;
    for (int64_t i : *picked)
      chosen.push_back(select.getInputs()[i]);
    Value result = chosen.front();
    Operation *first = nullptr;
    if (chosen.size() > 1) {
      OpBuilder b(select);
      first =
          select.getCombine() == nas::Combine::sum
              ? b.create<nn::AddOp>(select.getLoc(), chosen).getOperation()
              : b.create<nn::ConcatOp>(select.getLoc(), chosen).getOperation();
      result = first->getResult(0);
    }
    select.getResult().replaceAllUsesWith(result);
    Operation *after = select->getNextNode();
    select.erase();
    return first ? first : after;
  }
};
} // namespace

LogicalResult nasir::specializeSpace(nas::SpaceOp space,
                                     DictionaryAttr decisions) {
  // Every label a site could have: the labels in the IR and, for sites in a
  // repeat body, their iteration instances (label#i).
  llvm::StringSet<> known = baseLabelsOf(space);
  for (NamedAttribute d : decisions)
    if (!known.contains(baseLabel(d.getName().getValue())))
      return space.emitError("decisions name '")
             << d.getName().getValue() << "', which is not a label of space @"
             << space.getSymName();

  Specializer specializer(decisions);
  if (failed(specializer.run(space.getBlock())) ||
      failed(checkAllUsed(space, decisions, specializer.used,
                          /*mayBeOpen=*/true, [&] { return known; })) ||
      failed(reinferTypes(space.getBody())))
    return failure();
  if (isConcrete(space))
    removeDeadOps(space);
  return success();
}

//===----------------------------------------------------------------------===//
// Specializing clone
//===----------------------------------------------------------------------===//

namespace {
/// Clones the ops a complete assignment selects into a new block.
class SpecializingCloner {
public:
  SpecializingCloner(DictionaryAttr decisions, OpBuilder &b)
      : decisions(decisions), b(b) {}

  bool incomplete = false;

  /// Clones `block` (without its terminator); false on error or when a site
  /// has no decision.
  bool cloneBlock(Block &block, IRMapping &map, const std::string &suffix) {
    // Not without_terminator(): a space's block has no terminator, and
    // without_terminator() drops its last op all the same.
    for (Operation &op : block)
      if (!isa<nas::YieldOp>(op) && !cloneOp(op, map, suffix))
        return false;
    return true;
  }

private:
  DictionaryAttr decisions;
  OpBuilder &b;

  Attribute lookup(StringRef label, const std::string &suffix) {
    std::string full = (label + suffix).str();
    Attribute v = decisions.get(full);
    if (!v)
      incomplete = true;
    else
      used.insert(full);
    return v;
  }

public:
  /// The labels of the decisions that a site of the candidate took.
  llvm::StringSet<> used;

private:

  bool cloneOp(Operation &op, IRMapping &map, const std::string &suffix) {
    if (auto choice = dyn_cast<nas::ChoiceOp>(op)) {
      std::string label = siteLabel(choice, suffix);
      Attribute v = lookup(label, "");
      if (!v)
        return false;
      FailureOr<unsigned> i = decidedOption(choice, label, v);
      if (failed(i))
        return false;
      Block &alt = choice.getAlternatives()[*i].front();
      if (!cloneBlock(alt, map, suffix))
        return false;
      for (auto [r, y] : llvm::zip(choice.getResults(),
                                   alt.getTerminator()->getOperands()))
        map.map(r, map.lookupOrDefault(y));
      return true;
    }
    if (auto repeat = dyn_cast<nas::RepeatOp>(op)) {
      Attribute v = lookup(repeat.getLabel(), suffix);
      if (!v)
        return false;
      FailureOr<int64_t> d =
          decidedDepth(repeat, (repeat.getLabel() + suffix).str(), v);
      if (failed(d))
        return false;
      Block &body = repeat.getBody().front();
      Value current = map.lookupOrDefault(repeat.getInput());
      for (int64_t i = 0; i < *d; ++i) {
        map.map(body.getArgument(0), current);
        if (!cloneBlock(body, map,
                        repeat.getShared() ? suffix
                                           : suffix + "#" + std::to_string(i)))
          return false;
        current = map.lookupOrDefault(body.getTerminator()->getOperand(0));
      }
      map.map(repeat.getResult(), current);
      return true;
    }
    if (auto req = dyn_cast<nas::RequireOp>(op)) {
      auto pred = req.parsePredicate();
      if (!pred)
        return false;
      pred->renameLabels(
          [&](StringRef l) { return requireLabel(req, l, suffix); });
      auto value = [&](StringRef l) { return decisions.get(l); };
      if (pred->evaluate(value).value_or(true))
        return true;
      emitViolation(req, *pred, value);
      return false;
    }
    if (auto select = dyn_cast<nas::SelectOp>(op)) {
      Attribute v = lookup(select.getLabel(), suffix);
      if (!v)
        return false;
      FailureOr<SmallVector<int64_t>> picked =
          pickedIndices(select, (select.getLabel() + suffix).str(), v);
      if (failed(picked))
        return false;
      SmallVector<Value> chosen;
      for (int64_t i : *picked)
        chosen.push_back(map.lookupOrDefault(select.getInputs()[i]));
      Value result = chosen.front();
      if (chosen.size() > 1)
        result =
            select.getCombine() == nas::Combine::sum
                ? b.create<nn::AddOp>(select.getLoc(), chosen).getResult()
                : b.create<nn::ConcatOp>(select.getLoc(), chosen).getResult();
      map.map(select.getResult(), result);
      return true;
    }
    Operation *clone = b.clone(op, map);
    for (Type t : clone->getResultTypes())
      if (auto rt = dyn_cast<RankedTensorType>(t);
          rt && llvm::any_of(rt.getShape().drop_front(), ShapedType::isDynamic))
        openShapes = true;
    return true;
  }

public:
  /// Whether a cloned op has a dimension (beyond the batch) that an open
  /// choice left dynamic; when none has, every type is already exact.
  bool openShapes = false;
};
} // namespace

OwningOpRef<ModuleOp> nasir::specializeToModule(nas::SpaceOp space,
                                                DictionaryAttr decisions,
                                                bool *incomplete) {
  OpBuilder b(space.getContext());
  OwningOpRef<ModuleOp> module = ModuleOp::create(space.getLoc());
  b.setInsertionPointToEnd(module->getBody());
  auto copy = b.create<nas::SpaceOp>(space.getLoc(), space.getSymNameAttr());
  copy->setAttrs(space->getAttrs());
  copy.getBody().push_back(new Block);
  b.setInsertionPointToEnd(&copy.getBlock());
  SpecializingCloner cloner(decisions, b);
  IRMapping map;
  bool ok = cloner.cloneBlock(space.getBlock(), map, "");
  if (incomplete)
    *incomplete = cloner.incomplete;
  // A complete candidate took every decision it needs: any other is an error.
  if (ok && failed(checkAllUsed(copy, decisions, cloner.used,
                                /*mayBeOpen=*/false,
                                [&] { return baseLabelsOf(space); })))
    return {};
  // A static type inferred from joined operands is already what the chosen
  // operands give (inference only sharpens), so re-infer only open shapes.
  if (!ok || (cloner.openShapes && failed(reinferTypes(copy.getBody()))))
    return {};
  removeDeadOps(copy);
  copy->setAttr(kDecisionsAttr, decisions);
  return module;
}

OwningOpRef<ModuleOp> nasir::specializeInNewModule(nas::SpaceOp space,
                                                   DictionaryAttr decisions) {
  bool incomplete = false;
  if (auto m = specializeToModule(space, decisions, &incomplete))
    return m;
  if (!incomplete)
    return {};
  OpBuilder b(space.getContext());
  OwningOpRef<ModuleOp> m = ModuleOp::create(space.getLoc());
  b.setInsertionPointToEnd(m->getBody());
  auto copy = cast<nas::SpaceOp>(b.clone(*space.getOperation()));
  if (failed(specializeSpace(copy, decisions)))
    return {};
  copy->setAttr(kDecisionsAttr, decisions);
  return m;
}
