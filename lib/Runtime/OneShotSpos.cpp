//===- OneShotSpos.cpp - SPOS: uniform single-path one-shot training ------===//
//
// Guo et al., "Single Path One-Shot Neural Architecture Search with Uniform
// Sampling" (ECCV 2020): each step trains one sub-network drawn uniformly (one
// option per label, a uniform subset for input choices); there are no
// architecture parameters. Sub-networks are ranked afterwards by --score.
//
//===----------------------------------------------------------------------===//
#include "lib/Runtime/OneShot.h"

namespace nasir {
namespace runtime {

namespace {

class Spos : public OneShotMethod {
public:
  bool learnsArchitecture() const override { return false; }

  torch::Tensor step(OneShotContext &c, const torch::Tensor &x, const torch::Tensor &y) override {
    c.net->setFixed(uniformAssignment(c.net->supernet(), c.rng));
    return weightStep(c, x, y);
  }

  /// The validation accuracy of one uniform sub-network (drawn from the epoch's generator).
  void prepareEvaluation(OneShotContext &c) override {
    c.net->setFixed(uniformAssignment(c.net->supernet(), c.rng));
  }
};

} // namespace

std::unique_ptr<OneShotMethod> makeSpos() { return std::make_unique<Spos>(); }

} // namespace runtime
} // namespace nasir
