//===- OneShotGdas.cpp - GDAS: Gumbel-softmax single-path sampling --------===//
//
// Dong and Yang, "Searching for a Robust Neural Architecture in Four GPU
// Hours" (CVPR 2019): each step draws a Gumbel-softmax sample per label, hard
// one-hot in the forward and straight-through in the backward, so only the
// sampled path runs; the architecture steps on a validation batch, the weights
// on the train batch (each with its own sample). The temperature falls
// linearly from --tau-max in the first epoch to --tau-min in the last.
//
//===----------------------------------------------------------------------===//
#include "lib/Runtime/OneShot.h"

namespace nasir {
namespace runtime {

namespace {

class Gdas : public OneShotMethod {
public:
  void beginEpoch(OneShotContext &c, int64_t epoch, int64_t epochs) override {
    double t = epochs > 1 ? (double)(epoch - 1) / (double)(epochs - 1) : 0.0;
    tau_ = c.options.tauMax - (c.options.tauMax - c.options.tauMin) * t;
  }

  torch::Tensor step(OneShotContext &c, const torch::Tensor &x, const torch::Tensor &y) override {
    auto [xv, yv] = c.val.next();
    archStep(c, [&] {
      c.net->sampleHard(tau_);
      batchLoss(c, xv, yv).backward();
    });
    c.net->sampleHard(tau_);
    return weightStep(c, x, y);
  }

  /// The validation accuracy of the most probable sub-network.
  void prepareEvaluation(OneShotContext &c) override {
    c.net->setFixed(argmaxAssignment(c.net->supernet(), archWeights(c.arch)));
  }

private:
  double tau_ = 10;
};

} // namespace

std::unique_ptr<OneShotMethod> makeGdas() { return std::make_unique<Gdas>(); }

} // namespace runtime
} // namespace nasir
