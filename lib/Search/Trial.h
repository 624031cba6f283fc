//===- Trial.h - one evaluation of a candidate ------------------*- C++ -*-===//
//
// A trial is (decisions, epoch budget) plus what its evaluation gave. Metrics
// are named numbers: `accuracy` (what the search maximizes by default; the
// validation accuracy in %), `params`, `flops`, `latency` (ms per sample) and
// whatever else the evaluator reports (`test_accuracy`, `test_200ep`, ...).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_TRIAL_H
#define NASIR_SEARCH_TRIAL_H

#include "lib/Transforms/SpaceModel.h"
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace nasir::search {

enum class TrialStatus { Queued, Running, Ok, Failed, Reused };
const char *statusName(TrialStatus s);
bool parseStatus(llvm::StringRef text, TrialStatus &s);

using Metrics = std::map<std::string, double>;

/// One epoch of a training (a learning curve's point): the mean train loss
/// and train accuracy over the epoch's steps, then the validation loss and
/// accuracy after it. Accuracies are fractions in [0, 1], as nasir-train
/// writes them.
struct EpochPoint {
  int64_t epoch = 0; ///< 1, 2, ...
  double trainLoss = 0, trainAccuracy = 0, valLoss = 0, valAccuracy = 0;
  bool operator==(const EpochPoint &o) const {
    return epoch == o.epoch && trainLoss == o.trainLoss &&
           trainAccuracy == o.trainAccuracy && valLoss == o.valLoss &&
           valAccuracy == o.valAccuracy;
  }
};
/// A trial's learning curve, by epoch (empty: an evaluator without epochs).
using Curve = std::vector<EpochPoint>;

struct Trial {
  int64_t id = 0;
  Assignment assignment;
  std::string decisions;   ///< JSON text (docs/decisions.md)
  std::string fingerprint; ///< canonical fingerprint of the network
  int64_t epochs = 0;      ///< epoch budget (0: the evaluator's default)
  TrialStatus status = TrialStatus::Queued;
  Metrics metrics;
  Curve curve; ///< per epoch, when the evaluator trained (LearningCurve.h)
  std::string error;
  int64_t reusedFrom = 0; ///< for Reused: the trial whose result this is
  int64_t workerPid = 0;
  std::string workerHost;
  std::string workerIdentity; ///< the worker's processIdentity() on workerHost
  std::string workerDevice;   ///< where it ran: "cpu", "cuda:0" ("" unknown)
  /// While running under a worker's lease (Store::claim): the wall clock the
  /// lease ends at unless renewed (0: no lease, a job of the search itself).
  double leaseUntil = 0;
  double created = 0, started = 0, finished = 0, evalSeconds = 0;

  bool done() const {
    return status == TrialStatus::Ok || status == TrialStatus::Failed ||
           status == TrialStatus::Reused;
  }
  /// Ok, or Reused of an Ok trial (the metrics are there).
  bool succeeded() const { return done() && error.empty() && !metrics.empty(); }
  double metric(const std::string &name, double dflt) const {
    auto it = metrics.find(name);
    return it == metrics.end() ? dflt : it->second;
  }
};

/// Seconds since the epoch, as a double.
double wallClock();

} // namespace nasir::search

#endif
