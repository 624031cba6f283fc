//===- Bounds.cpp - whether a cost meets params/flops/macs bounds ---------===//
#include "lib/Transforms/Bounds.h"

using namespace nasir;

std::optional<BoundExcess> CostBounds::exceeded(const Cost &c) const {
  for (BoundExcess e : {BoundExcess{"params", c.params, params},
                        BoundExcess{"flops", c.flops, flops},
                        BoundExcess{"macs", c.macs, macs}})
    if (e.bound >= 0 && e.value > e.bound)
      return e;
  return std::nullopt;
}

bool nasir::withinBounds(const std::optional<Cost> &cost,
                         const CostBounds &bounds, std::string &why) {
  if (!bounds.any())
    return true;
  if (!cost) {
    why = "cost unknown";
    return false;
  }
  auto e = bounds.exceeded(*cost);
  if (!e)
    return true;
  why = std::string(e->metric) + " " + std::to_string(e->value) + " > " +
        std::to_string(e->bound);
  return false;
}
