//===- SpaceAnalysis.cpp - cost ranges and whole-space verification -------===//
#include "dialect/NN/NNOps.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/Network.h"
#include "lib/Transforms/SpaceModel.h"
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

LogicalResult nasir::verifyWholeSpace(nas::SpaceOp space) {
  auto model = SpaceModel::build(space);
  bool overflow = false;
  if (model->count(&overflow).isZero() && !overflow)
    return space.emitError("space @")
           << space.getSymName() << " has no valid candidate: edges <= "
           << model->edgesBound << " rules out every assignment";
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
  if (model->edgesBound < 0)
    return success();
  // With an edges bound, some options may be out of reach.
  for (auto &entry : model->labels()) {
    const Site *s = entry.getValue();
    for (unsigned v = 0; v < s->values.size(); ++v)
      if (model->countWith(s->label, v).isZero())
        emitWarning(s->loc) << "option " << printDecisionValue(s->values[v])
                            << " of '" << s->label
                            << "' is in no valid candidate (edges <= "
                            << model->edgesBound << ")";
  }
  return success();
}
