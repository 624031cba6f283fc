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
#include <functional>
#include <map>
#include <set>

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
      r.minimum += o.minimum;
      r.maximum += o.maximum;
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
        r.minimum = leastOf(r.minimum, a.minimum);
        r.maximum = greatestOf(r.maximum, a.maximum);
      }
      return r;
    }
    if (auto repeat = dyn_cast<nas::RepeatOp>(op)) {
      CostRange body = block(repeat.getBody().front());
      ArrayRef<int64_t> d = repeat.getDepths();
      int64_t lo = *llvm::min_element(d), hi = *llvm::max_element(d);
      r.minimum = body.minimum.times(lo);
      r.maximum = body.maximum.times(hi);
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
      auto c = costOfLayer(layer);
      if (!c) {
        known = false;
        return r;
      }
      r.minimum = r.maximum = *c;
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
  llvm::SmallPtrSet<Operation *, 4> mayNotFit, failed;
  MisfitSearch search;
  search.reached = [&](const Misfit &m) {
    std::vector<Attribute> witness;
    return reachable(model, m, witness);
  };
  search.limit = kMisfitsShown + 1;
  for (const Misfit &m : findMisfits(space, search)) {
    std::vector<Attribute> witness;
    (void)reachable(model, m, witness);
    if (m.approximate) {
      if (failed.contains(m.op) || !mayNotFit.insert(m.op).second)
        continue;
      // Not an error: the op fails on types that reach it, under decisions
      // the analysis did not resolve (maybe none).
      emitWarning(m.op->getLoc())
          << "may not fit: " << m.message
          << " for some of the types that reach it; resolving which "
             "decisions give them ran past the analysis's budget "
             "(NASIR_MISFIT_BUDGET)";
      continue;
    }
    failed.insert(m.op);
    if (++failing > kMisfitsShown)
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
        << "more combinations of decisions of @" << space.getSymName()
        << " do not fit (the first " << kMisfitsShown << " are shown)";
  return success(failing == 0);
}

/// With a params/flops bound, an option whose cheapest network breaks it is
/// a warning: each decision that can matter is resolved alone in a copy of
/// the space. Sites in repeat bodies need the depth first and are skipped.
static void warnCostBounds(nas::SpaceOp space, const CostBounds &bounds) {
  if (!bounds.any())
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
      auto e = range ? bounds.exceeded(range->minimum) : std::nullopt;
      if (!e)
        continue;
      StringRef metric = e->metric;
      emitWarning(altLoc)
          << "option " << printDecisionValue(value) << " of '"
          << entry.getKey() << "' is in no valid candidate: "
          << (metric == "params" ? "the smallest network with it has "
                                 : "the cheapest network with it needs ")
          << e->value << " "
          << (metric == "params" ? "params" : metric == "flops" ? "FLOPs" : "MACs")
          << " (" << metric << " <= " << e->bound << ")";
    }
  }
}

/// What a space's nas.constraint ops declare.
struct Constraints {
  CostBounds cost;
  int64_t edges = -1; // -1: no bound
  bool fits = false;
};

static Constraints constraintsOf(nas::SpaceOp space) {
  Constraints c;
  for (auto op : space.getBlock().getOps<nas::ConstraintOp>()) {
    if (op.getMetric() == nas::ConstraintMetric::fits) {
      c.fits = true;
      continue;
    }
    int64_t &bound = op.getMetric() == nas::ConstraintMetric::params ? c.cost.params
                     : op.getMetric() == nas::ConstraintMetric::flops ? c.cost.flops
                     : op.getMetric() == nas::ConstraintMetric::macs  ? c.cost.macs
                                                                      : c.edges;
    bound = bound < 0 ? op.getBound() : std::min<int64_t>(bound, op.getBound());
  }
  return c;
}

/// `stem` with iteration parts `indices` ("k#0#2").
static std::string spell(StringRef stem, ArrayRef<int64_t> indices) {
  std::string label = stem.str();
  for (int64_t i : indices)
    label += "#" + std::to_string(i);
  return label;
}

/// Warns, per label pattern and option, about the iterations in which no
/// valid assignment takes the option (a rule or the edges bound rules it
/// out), without listing every iteration's label (exponential in the nesting
/// of per-iteration repeats).
///
/// The iterations of a repeat are alike: swapping two of them (with
/// everything inside) maps valid assignments to valid ones, since a rule
/// names only the sites in scope where it stands and the edges bound is a
/// sum. So if the option is reachable at iteration i of a part, it is at
/// every j < i: the unreachable iteration tuples form an up-set, and one
/// warning per minimal tuple says it all ("option 8 of 'k#0#1' ..., nor of
/// 'k#i1#i2' for any i1 >= 0, i2 >= 1"). Within one part, iterations that
/// the same depths reach are alike too: only the first iteration of each
/// span between two depths is asked about (SpaceModel::countWith with that
/// iteration's label). Usually the option is reachable in the last span of
/// every part, so everywhere: one question. Else, along each part alone, the
/// first unreachable span is
/// a minimal tuple; when the tuple just below all of them is reachable, so
/// is the box under it and those are all: parts times spans questions. Only
/// an up-set that no single part decides (a rule joining two inner depths)
/// needs the box explored.
static void warnUnreachableOptions(const SpaceModel &model, StringRef rules) {
  for (auto &stem : model.labelPatterns())
    for (auto &[parts, p] : stem.getValue()) {
      if (llvm::is_contained(p.iterations, 0))
        continue;
      // Per part: the first iteration of each span of alike iterations.
      std::vector<std::vector<int64_t>> starts(parts);
      for (unsigned j = 0; j < parts; ++j) {
        std::set<int64_t> at = {0};
        for (Attribute d : p.repeats[j]->values)
          if (int64_t n = cast<IntegerAttr>(d).getInt();
              n > 0 && n < p.iterations[j])
            at.insert(n);
        starts[j].assign(at.begin(), at.end());
      }
      const Site *s = p.site;
      for (unsigned v = 0; v < s->values.size(); ++v) {
        // Tuples as indices into `starts`.
        std::map<std::vector<unsigned>, bool> known;
        auto reachable = [&](const std::vector<unsigned> &t) {
          auto [it, inserted] = known.try_emplace(t, false);
          if (inserted) {
            std::vector<int64_t> idx;
            for (unsigned j = 0; j < parts; ++j)
              idx.push_back(starts[j][t[j]]);
            it->second = !model.countWith(spell(stem.getKey(), idx), v).isZero();
          }
          return it->second;
        };
        auto warn = [&](const std::vector<unsigned> &t) {
          std::vector<int64_t> idx;
          bool alone = true; // no later iteration in any part
          for (unsigned j = 0; j < parts; ++j) {
            idx.push_back(starts[j][t[j]]);
            alone &= idx.back() == p.iterations[j] - 1;
          }
          InFlightDiagnostic w = emitWarning(s->loc)
                                 << "option " << printDecisionValue(s->values[v])
                                 << " of '" << spell(stem.getKey(), idx)
                                 << "' is in no valid candidate (ruled out by "
                                 << rules << ")";
          if (alone)
            return;
          std::string any, general = stem.getKey().str();
          for (unsigned j = 0; j < parts; ++j) {
            std::string name = "i" + std::to_string(j + 1);
            general += "#" + name;
            any += (j ? ", " : "") + name + " >= " + std::to_string(idx[j]);
          }
          w << ", nor of '" << general << "' for any " << any;
        };
        // The usual case first: reachable in the last iteration of every
        // part, so in all of them.
        std::vector<unsigned> t(parts, 0), limit(parts);
        for (unsigned j = 0; j < parts; ++j)
          t[j] = starts[j].size() - 1;
        if (reachable(t))
          continue;
        t.assign(parts, 0);
        // Along each part alone: the first span whose tuple (the other parts
        // at 0) is unreachable, `limit` when none is. Each such tuple is a
        // minimal element; every other one lies below them all.
        bool bottom = reachable(t);
        for (unsigned j = 0; j < parts && bottom; ++j) {
          for (limit[j] = 1; limit[j] < starts[j].size(); ++limit[j]) {
            t[j] = limit[j];
            bool r = reachable(t);
            t[j] = 0;
            if (!r)
              break;
          }
          if (limit[j] < starts[j].size()) {
            t[j] = limit[j];
            warn(t);
            t[j] = 0;
          }
        }
        if (!bottom) {
          warn(t); // the option is in no iteration at all
          continue;
        }
        // The box below those: all reachable when its top corner is (the
        // usual case: rules that name one depth); else explored, part by
        // part, cutting boxes whose top corner is reachable or whose bottom
        // is not (exact, exponential in the worst case).
        std::vector<unsigned> corner(parts);
        for (unsigned j = 0; j < parts; ++j)
          corner[j] = limit[j] - 1;
        if (reachable(corner))
          continue;
        std::function<void(unsigned)> explore = [&](unsigned j) {
          if (j == parts) {
            if (reachable(t))
              return;
            // Minimal when lowering any part leaves the up-set.
            for (unsigned k = 0; k < parts; ++k)
              if (t[k] > 0) {
                --t[k];
                bool below = reachable(t);
                ++t[k];
                if (!below)
                  return;
              }
            warn(t);
            return;
          }
          for (unsigned c = 0; c < limit[j]; ++c) {
            t[j] = c;
            std::vector<unsigned> top = t, low = t;
            for (unsigned k = j + 1; k < parts; ++k) {
              top[k] = limit[k] - 1;
              low[k] = 0;
            }
            if (reachable(top))
              continue; // the whole box is
            bool none = !reachable(low);
            for (unsigned k = j + 1; k < parts; ++k)
              t[k] = 0;
            explore(j + 1);
            if (none)
              break; // every later span of part j is unreachable too
          }
          t[j] = 0;
        };
        explore(0);
      }
    }
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
  if (bounds.fits)
    for (const Misfit &m : findMisfits(space))
      if (m.approximate)
        return emitError(m.op->getLoc())
               << "constraint fits: which decisions make this not fit ("
               << m.message
               << ") was not resolved within the analysis's budget "
                  "(NASIR_MISFIT_BUDGET), so they cannot be excluded exactly";
  warnCostBounds(space, bounds.cost);
  if (auto range = costRange(space))
    if (auto e = bounds.cost.exceeded(range->minimum))
      return space.emitError("no candidate of @")
             << space.getSymName() << " meets " << e->metric
             << " <= " << e->bound
             << (e->metric == StringRef("params") ? ": the smallest has "
                                                  : ": the cheapest needs ")
             << e->value;
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
  warnUnreachableOptions(*model, rules);
  return success();
}
