//===- Cost.h - parameters and FLOPs of networks and spaces -----*- C++ -*-===//
#ifndef NASIR_TRANSFORMS_COST_H
#define NASIR_TRANSFORMS_COST_H

#include "dialect/NAS/NASOps.h"
#include <cstdint>
#include <optional>

namespace nasir {

struct Cost {
  int64_t params = 0, flops = 0;
};

/// Parameters and FLOPs of the layers of `space`, summed over the
/// LayerOpInterface; nullopt when a shape they need is not static.
std::optional<Cost> costOf(nas::SpaceOp space);

/// The cheapest and dearest candidates of an open space, without
/// enumerating: per-metric minimum and maximum over alternatives and depths.
/// `exact` is false when sites sharing a label disagree on their cheapest
/// option (the figures are then bounds). nullopt when a cost depends on a
/// shape that an open choice decides. (Defined in SpaceAnalysis.cpp.)
struct CostRange {
  Cost minimum, maximum;
  bool exact = true;
};
std::optional<CostRange> costRange(nas::SpaceOp space);

} // namespace nasir

#endif
