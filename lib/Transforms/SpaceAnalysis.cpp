//===- SpaceAnalysis.cpp - cost ranges and whole-space verification -------===//
#include "lib/Transforms/SpaceAnalysis.h"
#include "dialect/NN/NNOps.h"
#include "lib/Transforms/Cost.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/SpaceModel.h"
#include "lib/Transforms/Specialize.h"
#include "lib/Transforms/TypeSets.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace nasir;

namespace {
struct RangeBuilder {
  bool known = true;
  /// Per label: which option is cheapest / dearest at each of its sites.
  llvm::StringMap<llvm::SmallSet<unsigned, 2>> argmin, argmax;

  CostRange block(Block &b) {
    CostRange r;
    for (Operation &op : b) {
      CostRange o = operation(op);
      r.minimum.params += o.minimum.params;
      r.minimum.flops += o.minimum.flops;
      r.maximum.params += o.maximum.params;
      r.maximum.flops += o.maximum.flops;
    }
    return r;
  }

  CostRange operation(Operation &op) {
    CostRange r;
    if (auto choice = dyn_cast<nas::ChoiceOp>(op)) {
      std::vector<CostRange> alts;
      for (Region &alt : choice.getAlternatives())
        alts.push_back(block(alt.front()));
      unsigned lo = 0, hi = 0;
      for (unsigned i = 1; i < alts.size(); ++i) {
        if (alts[i].minimum.params < alts[lo].minimum.params)
          lo = i;
        if (alts[i].maximum.params > alts[hi].maximum.params)
          hi = i;
      }
      argmin[choice.getLabel()].insert(lo);
      argmax[choice.getLabel()].insert(hi);
      r = alts.front();
      for (const CostRange &a : alts) {
        r.minimum.params = std::min(r.minimum.params, a.minimum.params);
        r.minimum.flops = std::min(r.minimum.flops, a.minimum.flops);
        r.maximum.params = std::max(r.maximum.params, a.maximum.params);
        r.maximum.flops = std::max(r.maximum.flops, a.maximum.flops);
      }
      return r;
    }
    if (auto repeat = dyn_cast<nas::RepeatOp>(op)) {
      CostRange body = block(repeat.getBody().front());
      ArrayRef<int64_t> d = repeat.getDepths();
      int64_t lo = *llvm::min_element(d), hi = *llvm::max_element(d);
      r.minimum = {lo * body.minimum.params, lo * body.minimum.flops};
      r.maximum = {hi * body.maximum.params, hi * body.maximum.flops};
      return r;
    }
    if (auto select = dyn_cast<nas::SelectOp>(op)) {
      auto n = nn::elementCount(select.getType());
      if (!n) {
        known = false;
        return r;
      }
      // Summing k inputs costs (k-1) FLOPs per element; concat is free.
      if (select.getCombine() == nas::Combine::sum) {
        r.minimum.flops = (int64_t(select.getMin()) - 1) * *n;
        r.maximum.flops = (int64_t(select.getMax()) - 1) * *n;
      }
      return r;
    }
    if (auto layer = dyn_cast<nn::LayerOpInterface>(op)) {
      auto p = layer.getParamCount();
      auto f = layer.getFlops();
      if (!p || !f) {
        known = false;
        return r;
      }
      r.minimum = r.maximum = {*p, *f};
    }
    return r;
  }
};
} // namespace

std::optional<CostRange> nasir::costRange(nas::SpaceOp space) {
  RangeBuilder b;
  CostRange r = b.block(space.getBlock());
  if (!b.known)
    return std::nullopt;
  for (auto &e : b.argmin)
    r.exact &= e.getValue().size() == 1;
  for (auto &e : b.argmax)
    r.exact &= e.getValue().size() == 1;
  return r;
}

/// The indices, in the model's domain of `d.label`, of the values a misfit
/// names; false when the model has no such label.
static bool modelValues(const SpaceModel &model, const MisfitDecision &d,
                        std::vector<unsigned> &out) {
  const Site *s = model.lookup(d.label);
  if (!s)
    return false;
  for (Attribute v : d.values)
    for (unsigned i = 0; i < s->values.size(); ++i)
      if (nas::sameDecisionValue(s->values[i], v))
        out.push_back(i);
  return true;
}

/// Whether some valid assignment (edges bound, nas.require) meets the
/// decisions of `m`; `witness` gets their values in one, in order. Without a
/// model (no rule on decisions) every misfit is reached: its condition names
/// the alternatives and depths that activate each of its sites.
static bool reachable(const SpaceModel *model, const Misfit &m,
                      std::vector<Attribute> &witness) {
  if (!model) {
    for (const MisfitDecision &d : m.decisions)
      witness.push_back(d.values.front());
    return true;
  }
  llvm::StringMap<std::vector<unsigned>> allowed;
  for (const MisfitDecision &d : m.decisions)
    if (!modelValues(*model, d, allowed[d.label]))
      return false;
  Assignment values;
  if (!model->reaches(allowed, &values))
    return false;
  for (const MisfitDecision &d : m.decisions)
    witness.push_back(
        model->lookup(d.label)->values[values.lookup(d.label)]);
  return true;
}

/// Where a note about decision `d` = `value` points: the alternative, or
/// the repeat or input choice.
static Location noteLocation(const MisfitDecision &d, Attribute value) {
  auto choice = dyn_cast_or_null<nas::ChoiceOp>(d.site);
  if (!choice)
    return d.site->getLoc();
  std::optional<unsigned> i = choice.findOption(value);
  Block &alt = choice.getAlternatives()[i.value_or(0)].front();
  return alt.empty() || &alt.front() == alt.getTerminator()
             ? choice.getLoc()
             : alt.front().getLoc();
}

/// At most this many misfits are reported one by one.
static constexpr unsigned kMisfitsShown = 20;

/// Types flow through a choice as the join of its alternatives, which can
/// hide combinations of decisions that fit nowhere (8 channels added to 16).
/// Every combination the analysis finds failing (findMisfits) that some
/// valid assignment takes is an error at the use, naming the decisions and
/// their values, with a note at each alternative.
static LogicalResult checkCombinations(nas::SpaceOp space,
                                       const SpaceModel *model) {
  unsigned failing = 0;
  for (const Misfit &m : findMisfits(space)) {
    std::vector<Attribute> witness;
    if (!reachable(model, m, witness) || ++failing > kMisfitsShown)
      continue;
    std::string with;
    SmallVector<std::pair<Location, std::string>> notes;
    for (auto [d, value] : llvm::zip(m.decisions, witness)) {
      std::string is = d.label + " = " + printDecisionValue(value);
      with += (with.empty() ? "with " : " and ") + is;
      notes.push_back({noteLocation(d, value), isa<nas::ChoiceOp>(d.site)
                                                   ? "that alternative is here"
                                                   : is + " is here"});
    }
    InFlightDiagnostic diag = emitError(m.op->getLoc())
                              << with << (with.empty() ? "" : ": ")
                              << m.message;
    for (auto &[loc, text] : notes)
      diag.attachNote(loc) << text;
  }
  if (failing > kMisfitsShown)
    emitError(space.getLoc())
        << (failing - kMisfitsShown) << " more combinations of decisions of @"
        << space.getSymName() << " do not fit";
  return success(failing == 0);
}

/// With a params/flops bound, an option whose cheapest network breaks it is
/// a warning: each decision that can matter is resolved alone in a copy of
/// the space. Sites in repeat bodies need the depth first and are skipped.
static void warnCostBounds(nas::SpaceOp space, int64_t paramsBound,
                           int64_t flopsBound) {
  if (paramsBound < 0 && flopsBound < 0)
    return;
  llvm::StringMap<nas::ChoiceOp> sites; // label -> a site worth checking alone
  space.getBody().walk([&](nas::ChoiceOp op) {
    if (!op->getParentOfType<nas::RepeatOp>())
      sites.try_emplace(op.getLabel(), op);
  });
  MLIRContext *ctx = space.getContext();
  for (auto &entry : sites) {
    nas::ChoiceOp choice = entry.getValue();
    for (auto [value, alt] :
         llvm::zip(choice.getOptions(), choice.getAlternatives())) {
      Location altLoc =
          alt.front().empty() ? choice.getLoc() : alt.front().front().getLoc();
      OpBuilder b(ctx);
      OwningOpRef<ModuleOp> m = ModuleOp::create(space.getLoc());
      b.setInsertionPointToEnd(m->getBody());
      auto copy = cast<nas::SpaceOp>(b.clone(*space.getOperation()));
      // Costs only: what the predicates rule out, the decision tree reports.
      copy.walk([](nas::RequireOp req) { req.erase(); });
      LogicalResult r = success();
      {
        // A shape misfit was reported by checkCombinations, or no valid
        // assignment takes it.
        ScopedDiagnosticHandler drop(ctx,
                                     [](Diagnostic &) { return success(); });
        r = specializeSpace(copy, b.getDictionaryAttr(
                                      {b.getNamedAttr(entry.getKey(), value)}));
      }
      auto range = succeeded(r) ? costRange(copy) : std::nullopt;
      if (range && paramsBound >= 0 && range->minimum.params > paramsBound)
        emitWarning(altLoc)
            << "option " << printDecisionValue(value) << " of '"
            << entry.getKey()
            << "' is in no valid candidate: the smallest network "
               "with it has "
            << range->minimum.params << " params (params <= " << paramsBound
            << ")";
      else if (range && flopsBound >= 0 && range->minimum.flops > flopsBound)
        emitWarning(altLoc)
            << "option " << printDecisionValue(value) << " of '"
            << entry.getKey()
            << "' is in no valid candidate: the cheapest network "
               "with it needs "
            << range->minimum.flops << " FLOPs (flops <= " << flopsBound << ")";
    }
  }
}

/// What a space's nas.constraint ops declare.
struct Constraints {
  int64_t params = -1, flops = -1, edges = -1; // -1: no bound
  bool fits = false;
};

static Constraints constraintsOf(nas::SpaceOp space) {
  Constraints c;
  for (auto op : space.getBlock().getOps<nas::ConstraintOp>()) {
    if (op.getMetric() == nas::ConstraintMetric::fits) {
      c.fits = true;
      continue;
    }
    int64_t &bound = op.getMetric() == nas::ConstraintMetric::params  ? c.params
                     : op.getMetric() == nas::ConstraintMetric::flops ? c.flops
                                                                      : c.edges;
    bound = bound < 0 ? op.getBound() : std::min<int64_t>(bound, op.getBound());
  }
  return c;
}

LogicalResult nasir::verifyWholeSpace(nas::SpaceOp space) {
  Constraints bounds = constraintsOf(space);
  bool requires =
      space.walk([](nas::RequireOp) { return WalkResult::interrupt(); })
          .wasInterrupted();
  // Without rules on decisions every assignment of the tree is valid: the
  // checks below need no decision tree (whose size grows with the depths of
  // nested repeats).
  std::unique_ptr<SpaceModel> model;
  if (requires || bounds.edges >= 0 || bounds.fits)
    model = SpaceModel::build(space);
  if (!bounds.fits && failed(checkCombinations(space, model.get())))
    return failure();
  warnCostBounds(space, bounds.params, bounds.flops);
  if (auto range = costRange(space)) {
    if (bounds.params >= 0 && range->minimum.params > bounds.params)
      return space.emitError("no candidate of @")
             << space.getSymName() << " meets params <= " << bounds.params
             << ": the smallest has " << range->minimum.params;
    if (bounds.flops >= 0 && range->minimum.flops > bounds.flops)
      return space.emitError("no candidate of @")
             << space.getSymName() << " meets flops <= " << bounds.flops
             << ": the cheapest needs " << range->minimum.flops;
  }
  if (!model)
    return success();
  // The rules on decisions, as messages name them.
  std::string rules;
  if (bounds.edges >= 0)
    rules = "edges <= " + std::to_string(bounds.edges);
  if (requires || bounds.fits)
    rules += std::string(rules.empty() ? "" : " and ") +
             (!requires     ? "fits"
              : bounds.fits ? "nas.require and fits"
                            : "nas.require");
  bool overflow = false;
  if (model->count(&overflow).isZero() && !overflow)
    return space.emitError("space @")
           << space.getSymName()
           << " has no valid candidate: no assignment meets " << rules;
  // Some options may be out of reach.
  for (auto &entry : model->labels()) {
    const Site *s = entry.getValue();
    for (unsigned v = 0; v < s->values.size(); ++v)
      if (model->countWith(entry.getKey(), v).isZero())
        emitWarning(s->loc) << "option " << printDecisionValue(s->values[v])
                            << " of '" << entry.getKey()
                            << "' is in no valid candidate (ruled out by " << rules
                            << ")";
  }
  return success();
}
