//===- Bounds.h - whether a cost meets params/flops/macs bounds -*- C++ -*-===//
#ifndef NASIR_TRANSFORMS_BOUNDS_H
#define NASIR_TRANSFORMS_BOUNDS_H

#include "lib/Transforms/Cost.h"
#include <optional>
#include <string>

namespace nasir {

/// A bound a cost exceeds: the metric's name ("params", "flops", "macs"),
/// the cost's value and the bound.
struct BoundExcess {
  const char *metric;
  int64_t value, bound;
};

/// Upper bounds on the metrics of Cost (nas.constraint, --max-params,
/// --max-flops, --max-macs); -1: no bound.
struct CostBounds {
  int64_t params = -1, flops = -1, macs = -1;

  /// Whether any metric is bounded (checking then needs each candidate's
  /// cost).
  bool any() const { return params >= 0 || flops >= 0 || macs >= 0; }
  /// The first bound `c` exceeds, in the order params, flops, macs.
  std::optional<BoundExcess> exceeded(const Cost &c) const;
};

/// Whether a cost meets `bounds`; sets `why` when not ("params 1200 > 1000",
/// or "cost unknown" when a bound cannot be checked).
bool withinBounds(const std::optional<Cost> &cost, const CostBounds &bounds,
                  std::string &why);

} // namespace nasir

#endif
