//===- WorkQueue.h - evaluation by `nasir worker` processes -----*- C++ -*-===//
//
// The evaluator of `nasir search --jobs 0` (and, beside the search's own
// jobs, of `--jobs J`: MixedEvaluator.h): the store's work queue. start()
// offers the trial (Store::offer); a `nasir worker` (lib/Search/Worker.h),
// on this machine or another, claims it under a lease, evaluates it and
// writes its result back; wait() polls the store for the results of the
// trials it offered and reports them like any evaluator's outcomes, with the
// worker that ran each. Its slots are the live workers' jobs plus one
// waiting trial per worker (a worker that finishes one claims the next at
// once, without waiting for the search to propose it), at least one (a
// search started before its workers queues work for them), asked again each
// round. While it has trials in the queue it also requeues the trials of
// workers whose lease ran out (Store::requeueExpired), as the workers
// themselves do.
//
// Nothing is killed here: cancelAll() forgets the offered trials (the
// search is stopping), and the workers finish what they hold; the search
// resumed adopts those still running (Evaluator::adopt).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_WORKQUEUE_H
#define NASIR_SEARCH_WORKQUEUE_H

#include "lib/Search/Evaluator.h"
#include "lib/Search/Store.h"
#include <functional>
#include <memory>
#include <set>
#include <string>

namespace nasir::search {

/// How long a worker's beat counts: one that has not beaten for longer is
/// not live (its slots leave the search's count; its leases run out on
/// their own).
inline constexpr double kWorkerStaleSeconds = 30;

/// The search's --time deadline, kept in the store (Store::savePhase) so
/// that a worker gives each trial at most the time left: the wall clock it
/// ends at, 0 for none. A search saves it each time it starts or resumes.
bool saveSearchDeadline(Store &store, double deadline);
/// False (Store::lastError) when the store cannot be read; 0 when none was
/// saved or it does not parse.
bool loadSearchDeadline(Store &store, double &deadline);

class WorkQueueEvaluator : public Evaluator {
public:
  /// `reporting` (may be null) answers reportMetrics (the table evaluator's
  /// 200-epoch test column); it runs no job.
  WorkQueueEvaluator(Store &store, std::unique_ptr<Evaluator> reporting);

  bool handsOff() const override { return true; }
  /// Trials are offered and no worker is live.
  bool stalled() const override { return !offered.empty() && noWorkersSince > 0; }
  unsigned slots() const override;
  bool adopt(int64_t trialId) override;
  void start(const EvalJob &job) override;
  std::vector<EvalOutcome> wait(double seconds) override;
  unsigned running() const override { return (unsigned)offered.size(); }
  void cancelAll() override { offered.clear(); }
  int64_t withdrawUnclaimed() override;
  Metrics reportMetrics(const EvalJob &job) override;

  /// The live workers' jobs plus one waiting trial each, as last counted
  /// (0 when none is live; slots() is at least 1).
  unsigned workerSlots() const { return (unsigned)workerJobs; }
  /// Whether `trialId` is offered (or adopted) and not yet reported.
  bool holds(int64_t trialId) const { return offered.count(trialId) != 0; }
  /// The trials offered or adopted and not yet reported, by id.
  const std::set<int64_t> &held() const { return offered; }
  /// Forgets `trialId` (taken back from the workers: Store::withdraw).
  void forget(int64_t trialId) { offered.erase(trialId); }

  /// Told of each trial whose worker lost it (its lease ran out): the trial
  /// is queued again for another worker.
  std::function<void(const Trial &lost)> onRequeued;
  /// Told while trials are offered and no worker is live: first after
  /// kNoWorkerNoteSeconds, then every kNoWorkerRepeatSeconds, with the
  /// seconds since a worker was last seen (or since the first offer).
  std::function<void(double secondsWithout)> onNoWorkers;

private:
  /// Requeues expired leases and counts the live workers' jobs, at most
  /// every few seconds.
  void refresh(bool now);
  /// Tells onNoWorkers when it is due (see there).
  void noteWorkers(bool anyLive, double now);

  Store &store;
  std::unique_ptr<Evaluator> reporting;
  std::set<int64_t> offered;
  std::vector<EvalOutcome> failed; ///< offers the store refused
  int64_t workerJobs = 0;
  double lastRefresh = 0, lastRequeue = 0;
  double noWorkersSince = 0, lastNoWorkersNote = 0;
};

} // namespace nasir::search

#endif
