//===- Worker.h - the loop of `nasir worker` --------------------*- C++ -*-===//
//
// A worker serves one experiment's work queue (Store.h, WorkQueue.h): it
// claims offered trials atomically, up to its jobs at once, runs each
// through an ordinary evaluator (the experiment's, as the store describes
// it), and writes the result back while it still holds the trial's lease,
// its trained weights first (the "weights.pt" artifact), so that a copy of
// the store is the whole experiment. Every few seconds it beats (the search
// counts its slots) and renews the leases of what it runs; a job whose lease
// it lost (it was too slow to renew, and the trial went to another worker)
// is killed, and its late result would be refused anyway. A job gets at
// most what is left of the search's --time (loadSearchDeadline), as the
// search's own jobs do: it is killed at the deadline. It also requeues
// the trials of workers whose lease ran out, so that a search whose driver
// is gone still makes progress.
//
// It ends when the experiment is finished and it runs nothing (or keeps
// serving with `keepServing`: --wait), or when stopRequested is set (a
// signal): its jobs are killed and their trials given back at once (their
// leases ended, then requeued). A store that cannot be reached (a server
// restarting) is retried; what fails then is said once every few seconds.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_WORKER_H
#define NASIR_SEARCH_WORKER_H

#include "dialect/NAS/NASOps.h"
#include "lib/Search/Evaluator.h"
#include "lib/Search/Store.h"
#include "lib/Transforms/Canonicalize.h"
#include "llvm/Support/raw_ostream.h"
#include <atomic>
#include <map>

namespace nasir::search {

struct WorkerSettings {
  WorkerInfo me;             ///< host, pid, identity, device, jobs
  double leaseSeconds = 30;  ///< renewed every leaseSeconds / 3 (at most 5 s)
  bool keepServing = false;  ///< --wait: do not exit when it is finished
  double pollSeconds = 0.1; ///< how often an idle worker asks for work
  std::string workDir;       ///< candidate files, job output, weights
};

class WorkerLoop {
public:
  /// `space` builds the candidates of evaluators that need them.
  WorkerLoop(Store &store, Evaluator &evaluator, nas::SpaceOp space,
             const CanonOptions &canon, WorkerSettings settings,
             llvm::raw_ostream &log);

  /// Serves until the experiment is finished (see above); the number of
  /// trials whose result it wrote.
  int64_t run();

  static std::atomic<bool> stopRequested;

private:
  void beat();
  bool claimMore();
  void start(Trial &t);
  void record(const EvalOutcome &o);
  /// Writes a result the evaluator did not produce (decisions that do not
  /// parse, a candidate that cannot be built).
  void fail(Trial t, const std::string &error);
  void deliver(Trial &t);
  void giveBack();
  /// Says what failed, at most once every few seconds.
  void trouble(const std::string &what);
  std::vector<int64_t> runningIds() const;

  Store &store;
  Evaluator &evaluator;
  nas::SpaceOp space;
  CanonOptions canon;
  WorkerSettings cfg;
  llvm::raw_ostream &log;
  std::map<int64_t, Trial> running; ///< claimed, by id
  double lastBeat = 0, lastTrouble = 0;
  /// The search's --time deadline (wall clock; 0: none) and when it was read.
  double deadline = 0, deadlineRead = 0;
  int64_t delivered = 0;
};

} // namespace nasir::search

#endif
