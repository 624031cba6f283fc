//===- OneShot.h - the one-shot trainers' shared loop and methods -*- C++ -*-===//
//
// nasir-train --oneshot darts|gdas|spos: one loop (OneShotTrain.cpp: data,
// schedule, epochs, checkpoints, the JSON result) over a method that says what
// one step does (OneShotDarts.cpp, OneShotGdas.cpp, OneShotSpos.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_RUNTIME_ONESHOT_H
#define NASIR_RUNTIME_ONESHOT_H

#include "lib/Runtime/Supernet.h"
#include "lib/Runtime/TrainSupport.h"

#include <memory>

namespace nasir {
namespace runtime {

/// The dataset of --data, checked to fit the supernet's input and classes.
Dataset loadSupernetDataset(const Supernet &s, const TrainOptions &o);

/// Batches of one split in a shuffled order, reshuffled when exhausted.
class BatchStream {
public:
  BatchStream(const Split &s, int64_t batch, const std::vector<int64_t> &input,
              torch::Device dev, uint64_t seed);
  std::pair<torch::Tensor, torch::Tensor> next();
  /// Starts over in the order of a generator seeded by `seed`.
  void reset(uint64_t seed);

private:
  const Split &split_;
  int64_t batch_;
  const std::vector<int64_t> &input_;
  torch::Device dev_;
  std::mt19937_64 rng_;
  std::vector<int64_t> perm_;
  int64_t at_ = 0;
};

/// What a step of a method works on.
struct OneShotContext {
  const TrainOptions &options;
  SupernetNet net;
  SupernetArch arch;
  std::vector<torch::Tensor> weights; ///< the network's parameters (not the architecture's)
  torch::optim::SGD &weightOptimizer;
  torch::optim::Adam &archOptimizer;
  BatchStream &val;      ///< the architecture's batches (validation split)
  std::mt19937_64 &rng;  ///< reseeded per epoch
  double lr = 0;         ///< the weights' learning rate at this step
  double weightDecay = 0;
};

/// The cross-entropy of the network's current mode on a batch.
torch::Tensor batchLoss(OneShotContext &c, const torch::Tensor &x, const torch::Tensor &y);

/// One step of the weights on the train batch in the network's current mode (gradient clipped
/// at norm 5); returns the loss (detached).
torch::Tensor weightStep(OneShotContext &c, const torch::Tensor &x, const torch::Tensor &y);

/// One step of the architecture on the gradient `backward` leaves in the alphas.
void archStep(OneShotContext &c, const std::function<void()> &backward);

class OneShotMethod {
public:
  virtual ~OneShotMethod() = default;
  /// False for methods without architecture parameters (spos): weights stay uniform.
  virtual bool learnsArchitecture() const { return true; }
  virtual void beginEpoch(OneShotContext &, int64_t epoch, int64_t epochs) {}
  /// One step on a train batch; returns the training loss (detached).
  virtual torch::Tensor step(OneShotContext &c, const torch::Tensor &x,
                             const torch::Tensor &y) = 0;
  /// Sets the network's mode for the epoch's validation accuracy.
  virtual void prepareEvaluation(OneShotContext &c) = 0;
};

std::unique_ptr<OneShotMethod> makeDarts(bool secondOrder);

/// DARTS' second-order architecture gradient (eq. 7 with eq. 8's finite differences) of the
/// validation batch after a virtual SGD step on the train batch, left in the alphas' grad; the
/// weights end as they began.
void unrolledArchGradient(OneShotContext &c, const torch::Tensor &x, const torch::Tensor &y,
                          const torch::Tensor &xv, const torch::Tensor &yv);
std::unique_ptr<OneShotMethod> makeGdas();
std::unique_ptr<OneShotMethod> makeSpos();

/// Recomputes every batch norm's statistics (a cumulative average over `batches` training
/// batches) for the network's current mode.
void recalibrateBatchNorm(SupernetNet &net, const Split &train, int64_t batches,
                          int64_t batchSize, const std::vector<int64_t> &input,
                          torch::Device dev, uint64_t seed);

/// Checkpoints (--save / --resume / --load): weights, architecture, optimizer states, the
/// epoch and the history so far (JSON text).
struct Checkpoint {
  int64_t epoch = 0;
  std::string historyJson = "[]";
};
void saveCheckpoint(const std::string &path, OneShotContext &c, const Checkpoint &k);
/// Loads into the network and architecture (and the optimizers when given).
Checkpoint loadCheckpoint(const std::string &path, SupernetNet &net, SupernetArch &arch,
                          torch::optim::Optimizer *weightOpt, torch::optim::Optimizer *archOpt);

} // namespace runtime
} // namespace nasir

#endif // NASIR_RUNTIME_ONESHOT_H
