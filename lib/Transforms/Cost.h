//===- Cost.h - parameters, FLOPs and MACs of networks and spaces -*- C++ -*-===//
//
// Two conventions of "FLOPs" are in use, and nasir keeps both, under two names
// (docs/language.md, "Cost"):
//   flops  every arithmetic operation of the forward pass per sample: a
//          multiply-add counts 2, a bias add, an activation or an element of a
//          sum 1, a normalization 2 per element, pooling 1 per window element;
//   macs   the multiply-accumulates of convolutions and linear layers only
//          (bias, activations, normalization, pooling and sums count 0): the
//          "FLOPs" that NAS-Bench-201, NAS-Bench-Macro and the MobileNet papers
//          report.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_COST_H
#define NASIR_TRANSFORMS_COST_H

#include "dialect/NAS/NASOps.h"
#include <cstdint>
#include <optional>

namespace nasir {
namespace nn {
class LayerOpInterface;
}

struct Cost {
  int64_t params = 0, flops = 0;
  /// Multiply-accumulates of convolutions and linear layers, per sample.
  int64_t macs = 0;

  Cost &operator+=(const Cost &o) {
    params += o.params;
    flops += o.flops;
    macs += o.macs;
    return *this;
  }
  /// `k` copies (a repeat of depth k).
  Cost times(int64_t k) const { return {k * params, k * flops, k * macs}; }
};

/// Field by field: the least and the greatest of each metric.
Cost leastOf(const Cost &a, const Cost &b);
Cost greatestOf(const Cost &a, const Cost &b);

/// The multiply-accumulates of one layer per sample: out_elements *
/// (in_channels / groups) * kernel^rank for a convolution, out_elements *
/// in_features for a linear layer, 0 for every other layer. nullopt when a
/// shape it needs is not static.
std::optional<int64_t> macsOf(nn::LayerOpInterface layer);

/// The cost of one layer; nullopt when a shape it needs is not static.
std::optional<Cost> costOfLayer(nn::LayerOpInterface layer);

/// Parameters, FLOPs and MACs of the layers of `space`, summed over the
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
