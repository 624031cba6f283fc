//===- TrainSupport.h - what every training loop of the runtime shares -*- C++ -*-===//
//
// The pieces of a training run that nasir-train's candidate training (Train.cpp)
// and its one-shot trainers (OneShot*.cpp) share: the device, the batches, the
// learning-rate schedule, the loss checks, progress on stderr, evaluation,
// checked file writes and the mapping of exceptions to a failure reason.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_RUNTIME_TRAINSUPPORT_H
#define NASIR_RUNTIME_TRAINSUPPORT_H

#include "lib/Runtime/Internal.h"

#include <chrono>

namespace nasir {
namespace runtime {

using Clock = std::chrono::steady_clock;
inline double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

/// A failure that becomes {"status":"failed"} (not a crash).
struct TrainFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The reason of the exception being handled (call inside a catch block): torch errors by their
/// first line, out-of-memory conditions as "out of memory: ...".
std::string currentFailureReason();

/// The device of --device (auto: CUDA when available), torch seeded with `seed` on it.
torch::Device chooseDevice(const TrainOptions &o);

/// Progress lines (or a bar) on stderr.
class Progress {
public:
  explicit Progress(const TrainOptions &o);
  void step(int64_t epoch, int64_t epochs, int64_t step, int64_t steps, double loss,
            double imgPerSec, double eta);
  void epochEnd(int64_t epoch, int64_t epochs, double loss, double valAcc, double secs);
  void message(const std::string &m);

private:
  bool enabled_, bar_;
  Clock::time_point start_ = Clock::now();
  double lastPrint_ = -1e9;
};

struct EvalResult {
  double accuracy = 0, loss = 0;
};

/// Accuracy and mean cross-entropy of `forward` over a split (in eval mode, no grad), at most
/// `maxBatches` batches (0: all).
EvalResult evaluate(torch::nn::Module &net,
                    const std::function<torch::Tensor(const torch::Tensor &)> &forward,
                    const Split &s, int64_t batch, torch::Device dev,
                    const std::vector<int64_t> &input, int64_t maxBatches = 0);

/// Steps per epoch over n samples (a last batch of one is dropped: it breaks batch norm).
int64_t stepsPerEpoch(int64_t n, int64_t batchSize, int64_t maxStepsPerEpoch);

/// Linear warm-up then cosine from `lr` to `minLr` over `total` steps.
struct LrSchedule {
  double lr, minLr;
  int64_t warm, total;
  double at(int64_t step) const;
};

/// A random order of 0..n-1.
std::vector<int64_t> shuffledIndices(int64_t n, std::mt19937_64 &rng);

/// Samples perm[b0, b1) of a split, as the network's input, on `dev`.
std::pair<torch::Tensor, torch::Tensor> fetchBatch(const Split &s, std::vector<int64_t> &perm,
                                                   int64_t b0, int64_t b1,
                                                   const std::vector<int64_t> &input,
                                                   torch::Device dev);

/// Throws TrainFailure when a mean training loss is not finite or above `divergeLoss`.
void checkLoss(double loss, double divergeLoss, int64_t epoch, int64_t step);

/// Writes `data` to `path` and reports a failed write (a full disk) as a TrainFailure naming
/// `option` ("--save").
void writeFileChecked(const std::string &option, const std::string &path,
                      const std::string &data);

/// The process's peak resident set size in bytes (getrusage).
int64_t peakRssBytes();

} // namespace runtime
} // namespace nasir

#endif // NASIR_RUNTIME_TRAINSUPPORT_H
