//===- MixedEvaluator.h - local jobs beside `nasir worker`s -----*- C++ -*-===//
//
// The evaluator of `nasir search --jobs J` (J > 0): J trials at a time run
// here, through the experiment's own evaluator, as without workers; the
// search proposes as many more as the live workers can take (their jobs plus
// one waiting trial each: WorkQueue.h), and those are offered in the store
// for the workers to claim. Each trial goes one way when it is started, so
// no trial is evaluated twice: a trial run here is never offered, and an
// offered one runs here only once it is taken back from the queue
// atomically (Store::withdraw: a worker's claim and the withdrawal exclude
// each other). Trials are taken back
//   - when they were offered by an earlier run (EvalJob::mayBeOffered: a
//     search resumed with --jobs J after one with --jobs 0), and
//   - when no worker is live while a local slot is free: offered trials
//     that no worker claims (the workers stopped, or died and their leases
//     ran out) run here instead of waiting.
// With no live worker nothing is offered, so a search without workers runs
// exactly as with the plain evaluator, at the same cost per trial (it only
// counts the live workers every 0.5 s).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_MIXEDEVALUATOR_H
#define NASIR_SEARCH_MIXEDEVALUATOR_H

#include "lib/Search/WorkQueue.h"
#include <map>

namespace nasir::search {

class MixedEvaluator : public Evaluator {
public:
  MixedEvaluator(Store &store, std::unique_ptr<Evaluator> local,
                 unsigned localJobs, std::unique_ptr<WorkQueueEvaluator> queue);

  bool needsCandidate() const override { return local->needsCandidate(); }
  bool handsOff() const override { return true; }
  bool handedOff(int64_t trialId) const override {
    return offers.count(trialId) || queue->holds(trialId);
  }
  /// Offered trials that no live worker runs, with nothing running here to
  /// take them (a search past its deadline stops waiting for them).
  bool stalled() const override {
    return queue->stalled() && local->running() == 0;
  }
  unsigned slots() const override { return localJobs + queue->workerSlots(); }
  bool adopt(int64_t trialId) override { return queue->adopt(trialId); }
  void start(const EvalJob &job) override;
  std::vector<EvalOutcome> wait(double seconds) override;
  unsigned running() const override {
    return local->running() + queue->running();
  }
  void cancelAll() override;
  int64_t withdrawUnclaimed() override;
  void cancel(int64_t trialId) override { local->cancel(trialId); }
  Metrics reportMetrics(const EvalJob &job) override {
    return local->reportMetrics(job);
  }
  void keyOutputs(const std::string &key) override { local->keyOutputs(key); }
  int64_t pidOf(int64_t trialId) const override {
    return local->pidOf(trialId);
  }

private:
  /// Runs `job` here; `wasOffered`: it was offered, so this evaluator (not
  /// the search) marks it running and names this process in its outcome.
  void startLocal(const EvalJob &job, bool wasOffered);
  /// Takes back offered trials no worker claimed while no worker is live
  /// and a local slot is free (at most every kTakeBackSeconds).
  void takeBack();

  Store &store;
  std::unique_ptr<Evaluator> local;
  unsigned localJobs;
  std::unique_ptr<WorkQueueEvaluator> queue;
  /// What was offered, for taking it back: the job, and when it was offered
  /// (its time limit counts from then).
  struct Offer {
    EvalJob job;
    double offeredAt = 0;
  };
  std::map<int64_t, Offer> offers;
  /// Taken back and running here: where (EvalOutcome's worker fields).
  std::map<int64_t, EvalOutcome> takenBack;
  std::vector<EvalOutcome> failed;
  double lastTakeBack = 0;
};

} // namespace nasir::search

#endif
