//===- SpaceAnalysis.cpp - cost ranges and whole-space verification -------===//
#include "dialect/NN/NNOps.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/Network.h"
#include "lib/Transforms/SpaceModel.h"
#include "lib/Transforms/Specialize.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/SmallSet.h"

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
      if (select.getCombine() == "sum") {
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

/// Whether a site's alternatives yield types its result has made dynamic: only
/// then can one of them fail where the joined type passed.
static bool joinHidesShapes(Operation *op) {
  auto choice = dyn_cast<nas::ChoiceOp>(op);
  if (!choice)
    return isa<nas::SelectOp>(op) &&
           !cast<nas::SelectOp>(op).getType().hasStaticShape() &&
           llvm::count_if(cast<nas::SelectOp>(op).getType().getShape(),
                          ShapedType::isDynamic) > 1;
  for (Region &alt : choice.getAlternatives())
    if (alt.front().getTerminator()->getOperandTypes() != choice.getResultTypes())
      return true;
  return false;
}

/// Types flow through a choice as the join of its alternatives, which can hide
/// an alternative that fits nowhere (8 channels added to 16). For every
/// decision that can matter, resolve it alone in a copy of the space and infer
/// every type again: a failure is reported at the use, with a note at the
/// alternative. With a params/flops bound, an option whose cheapest network
/// breaks it is a warning. Sites in repeat bodies need the depth first and
/// are skipped.
static LogicalResult checkEveryAlternative(nas::SpaceOp space) {
  int64_t paramsBound = -1, flopsBound = -1;
  for (auto c : space.getBlock().getOps<nas::ConstraintOp>()) {
    int64_t &bound = c.getMetric() == "params" ? paramsBound : flopsBound;
    if (c.getMetric() != "edges")
      bound = bound < 0 ? c.getBound() : std::min<int64_t>(bound, c.getBound());
  }
  bool costBound = paramsBound >= 0 || flopsBound >= 0;
  llvm::StringMap<Operation *> sites; // label -> a site worth checking alone
  space.getBody().walk([&](Operation *op) {
    if (!isa<nas::ChoiceOp, nas::SelectOp>(op) || op->getParentOfType<nas::RepeatOp>())
      return;
    if (joinHidesShapes(op) || (costBound && isa<nas::ChoiceOp>(op)))
      sites.try_emplace(op->getAttrOfType<StringAttr>("label").getValue(), op);
  });
  bool ok = true;
  MLIRContext *ctx = space.getContext();
  for (auto &entry : sites) {
    Operation *site = entry.getValue();
    SmallVector<std::pair<Attribute, Location>> values;
    if (auto choice = dyn_cast<nas::ChoiceOp>(site)) {
      for (auto [opt, alt] : llvm::zip(choice.getOptions(), choice.getAlternatives()))
        values.push_back({opt, alt.front().empty() ? choice.getLoc()
                                                   : alt.front().front().getLoc()});
    } else {
      auto select = cast<nas::SelectOp>(site);
      auto model = SpaceModel::build(space);
      if (const Site *s = model->labels().lookup(entry.getKey()))
        for (Attribute v : s->values)
          values.push_back({v, select.getLoc()});
    }
    for (auto [value, altLoc] : values) {
      OpBuilder b(ctx);
      OwningOpRef<ModuleOp> m = ModuleOp::create(space.getLoc());
      b.setInsertionPointToEnd(m->getBody());
      auto copy = cast<nas::SpaceOp>(b.clone(*space.getOperation()));
      // Shapes and costs only: what the predicates rule out, the decision
      // tree reports (unreachable options, no valid candidate).
      copy.walk([](nas::RequireOp req) { req.erase(); });
      SmallVector<std::pair<Location, std::string>> caught;
      LogicalResult r = success();
      {
        ScopedDiagnosticHandler capture(ctx, [&](Diagnostic &d) {
          caught.push_back({d.getLocation(), d.str()});
          return success();
        });
        r = specializeSpace(copy, b.getDictionaryAttr(
                                      {b.getNamedAttr(entry.getKey(), value)}));
      }
      if (succeeded(r)) {
        auto range = costBound ? costRange(copy) : std::nullopt;
        if (range && paramsBound >= 0 && range->minimum.params > paramsBound)
          emitWarning(altLoc) << "option " << printDecisionValue(value) << " of '"
                              << entry.getKey()
                              << "' is in no valid candidate: the smallest network "
                                 "with it has "
                              << range->minimum.params << " params (params <= "
                              << paramsBound << ")";
        else if (range && flopsBound >= 0 && range->minimum.flops > flopsBound)
          emitWarning(altLoc) << "option " << printDecisionValue(value) << " of '"
                              << entry.getKey()
                              << "' is in no valid candidate: the cheapest network "
                                 "with it needs "
                              << range->minimum.flops << " FLOPs (flops <= "
                              << flopsBound << ")";
        continue;
      }
      ok = false;
      for (auto &[loc, msg] : caught) {
        InFlightDiagnostic d = emitError(loc)
                               << "with '" << entry.getKey()
                               << "' = " << printDecisionValue(value) << ": "
                               << msg;
        d.attachNote(altLoc) << "that alternative is here";
      }
    }
  }
  return success(ok);
}

LogicalResult nasir::verifyWholeSpace(nas::SpaceOp space) {
  if (failed(checkEveryAlternative(space)))
    return failure();
  auto model = SpaceModel::build(space);
  // The structural constraints, as messages name them.
  std::string rules;
  if (model->edgesBound >= 0)
    rules = "edges <= " + std::to_string(model->edgesBound);
  if (model->hasRequires())
    rules += std::string(rules.empty() ? "" : " and ") + "nas.require";
  bool overflow = false;
  if (model->count(&overflow).isZero() && !overflow)
    return space.emitError("space @")
           << space.getSymName() << " has no valid candidate: no assignment meets " << rules;
  auto range = costRange(space);
  if (range) {
    if (model->paramsBound >= 0 && range->minimum.params > model->paramsBound)
      return space.emitError("no candidate of @")
             << space.getSymName() << " meets params <= " << model->paramsBound
             << ": the smallest has " << range->minimum.params;
    if (model->flopsBound >= 0 && range->minimum.flops > model->flopsBound)
      return space.emitError("no candidate of @")
             << space.getSymName() << " meets flops <= " << model->flopsBound
             << ": the cheapest needs " << range->minimum.flops;
  }
  if (model->edgesBound < 0 && !model->hasRequires())
    return success();
  // With an edges bound or predicates, some options may be out of reach.
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
