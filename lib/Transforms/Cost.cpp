//===- Cost.cpp - parameters, FLOPs and MACs of a network -----------------===//
#include "lib/Transforms/Cost.h"
#include "dialect/NN/NNOps.h"
#include <algorithm>

using namespace mlir;
using namespace nasir;

Cost nasir::leastOf(const Cost &a, const Cost &b) {
  return {std::min(a.params, b.params), std::min(a.flops, b.flops),
          std::min(a.macs, b.macs)};
}

Cost nasir::greatestOf(const Cost &a, const Cost &b) {
  return {std::max(a.params, b.params), std::max(a.flops, b.flops),
          std::max(a.macs, b.macs)};
}

/// out_elements * (C_in / groups) * kernel^rank: one multiply-accumulate per
/// weight an output element reads.
template <typename ConvOp>
static std::optional<int64_t> convMacs(ConvOp op) {
  auto out = nn::elementCount(op.getType());
  int64_t c = op.getInput().getType().getDimSize(1);
  if (!out || ShapedType::isDynamic(c))
    return std::nullopt;
  int64_t window = 1;
  for (int i = 0; i < ConvOp::kSpatialRank; ++i)
    window *= op.getKernel();
  return *out * (c / int64_t(op.getGroups())) * window;
}

std::optional<int64_t> nasir::macsOf(nn::LayerOpInterface layer) {
  Operation *op = layer.getOperation();
  if (auto conv = dyn_cast<nn::Conv2dOp>(op))
    return convMacs(conv);
  if (auto conv = dyn_cast<nn::Conv1dOp>(op))
    return convMacs(conv);
  if (auto linear = dyn_cast<nn::LinearOp>(op)) {
    int64_t f = linear.getInput().getType().getShape().back();
    auto out = nn::elementCount(linear.getType());
    if (ShapedType::isDynamic(f) || !out)
      return std::nullopt;
    return *out * f;
  }
  return 0;
}

std::optional<Cost> nasir::costOfLayer(nn::LayerOpInterface layer) {
  auto p = layer.getParamCount();
  auto f = layer.getFlops();
  auto m = macsOf(layer);
  if (!p || !f || !m)
    return std::nullopt;
  return Cost{*p, *f, *m};
}

std::optional<Cost> nasir::costOf(nas::SpaceOp space) {
  Cost c;
  bool known = true;
  space.walk([&](nn::LayerOpInterface layer) {
    auto l = costOfLayer(layer);
    if (!l) {
      known = false;
      return WalkResult::interrupt();
    }
    c += *l;
    return WalkResult::advance();
  });
  if (!known)
    return std::nullopt;
  return c;
}
