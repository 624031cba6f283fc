//===- Cost.cpp - parameters and FLOPs of a network -----------------------===//
#include "lib/Transforms/Cost.h"
#include "dialect/NN/NNOps.h"

using namespace mlir;
using namespace nasir;

std::optional<Cost> nasir::costOf(nas::SpaceOp space) {
  Cost c;
  bool known = true;
  space.walk([&](nn::LayerOpInterface layer) {
    auto p = layer.getParamCount();
    auto f = layer.getFlops();
    if (!p || !f) {
      known = false;
      return WalkResult::interrupt();
    }
    c.params += *p;
    c.flops += *f;
    return WalkResult::advance();
  });
  if (!known)
    return std::nullopt;
  return c;
}
