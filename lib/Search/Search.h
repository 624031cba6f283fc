//===- Search.h - the search driver -----------------------------*- C++ -*-===//
//
// The loop that ties a strategy, an evaluator and a store together:
//
//   propose -> specialize + fingerprint (+ bounds) -> dedup -> evaluate
//           -> record (one transaction per result) -> observe
//
// Candidates with the same fingerprint and epoch budget are evaluated once:
// later ones become `reused` trials carrying the first one's result (or wait
// for it while it runs). The budget counts evaluations, not reused trials
// (SearchConfig::budgetCounts = Evaluations, the default) or every trial the
// strategy proposes, reused and failed ones included (Proposals: the
// protocol of the NAS-Bench-201 papers, where each sampled cell is a query).
// Warm-start imports cost nothing in either unit.
//
// Warm start (SearchConfig::warmStart): an earlier experiment's decisions are
// projected onto this space (labels and values that still exist; the rest is
// completed by sampling). A trial whose network is unchanged (same
// fingerprint and epochs) is taken over with its result, for free; the
// others are evaluated first, as seeds. Strategies that learn from what they
// observe (random, evolution, reinforce, nsga2) get them as the answer to
// their first propose() calls; the rest only reuse them through dedup. The
// store logs such a batch as a propose event with a negative count.
//
// Resume: the strategy is rebuilt with the stored seed and the stored
// propose/observe sequence is replayed into it; queued trials and those left
// `running` by a dead process are evaluated (once); finished ones never again.
//
// Workers (`--jobs 0`, WorkQueue.h): the evaluator hands each job to the
// store's work queue (Evaluator::handsOff) and a `nasir worker` claims it;
// the driver does not mark it running, and records the worker's result as
// its own (finish with its observe event). Its slots follow the live
// workers. Resumed, it waits for the trials workers still hold under a live
// lease (Evaluator::adopt) and observes those they finished meanwhile.
// With `--jobs J` beside workers (MixedEvaluator.h) J trials run here and
// the rest are offered: Evaluator::handedOff says which way each went. A
// resume with an evaluator that never hands off is refused while workers
// are live (both would take the same queued trials). The search's --time
// deadline is saved in the store for the workers (saveSearchDeadline). The
// store is marked finished when the
// search ends normally (workers without --wait then exit), unfinished when
// it starts or resumes.
//
// The search ends at the budget, at the --time deadline (running jobs get
// the rest of it as their limit), when the strategy is exhausted, when the
// space is (its candidates are counted when the budget may exceed them), or
// at a cap of 20 x budget + 1000 trials; SearchStats says which.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_SEARCH_H
#define NASIR_SEARCH_SEARCH_H

#include "lib/Search/Candidate.h"
#include "lib/Search/Evaluator.h"
#include "lib/Search/Store.h"
#include "lib/Search/Strategy.h"
#include "lib/Transforms/Canonicalize.h"
#include "lib/Transforms/Cost.h"
#include <atomic>
#include <functional>
#include <map>
#include <set>

namespace nasir::search {

struct SearchConfig {
  /// What one unit of `budget` is: an evaluation (reused trials are free) or
  /// a proposal (every trial the strategy proposes, evaluated, reused or
  /// failed; warm-start imports are free).
  enum class BudgetCounts { Evaluations, Proposals };
  std::string strategy = "random";
  Options strategyOptions;
  std::vector<Objective> objectives;
  uint64_t seed = 0;
  int64_t budget = 0;     ///< in budgetCounts units (0: until --time or
                          ///< exhaustion)
  BudgetCounts budgetCounts = BudgetCounts::Evaluations;
  double timeLimit = 0;   ///< seconds (0: none): a deadline for the search,
                          ///< running evaluations included
  double startTime = 0;   ///< wall clock the deadline counts from (0: run())
  int64_t jobs = 1;       ///< evaluations at once (0: as many as the
                          ///< evaluator's slots, workers: WorkQueue.h)
  int64_t epochs = 0;     ///< default epoch budget of a trial
  int64_t maxTrials = 0;  ///< stop proposing after this many trials (0: none)
  CanonOptions canon;
  std::string workDir;    ///< candidate files
  /// --warm-start: the finished trials of an earlier experiment, on the same
  /// or a related space, and where their trained weights are: its store
  /// (which outlives the search) and its trials folder (TrialWeights.h).
  std::vector<Trial> warmStart;
  std::string warmStartStore; ///< its path, for messages
  Store *warmStartSource = nullptr;
  std::string warmStartDir;
  /// Evaluated before anything the strategy proposes (--warm-start-proxy:
  /// the proxy's best, best first), like warm-start seeds: strategies that
  /// learn from what they observe (random, evolution, reinforce, nsga2) get
  /// them as the answer to their first propose() calls; the others do not
  /// observe them (only reuse them through dedup). firstCandidateMetrics[i]
  /// (optional) is added to candidate i's metrics, like a one-shot estimate.
  /// --resume replays them from the store; it queues them again only when
  /// the store holds no trial yet.
  std::vector<Assignment> firstCandidates;
  std::vector<Metrics> firstCandidateMetrics;
  /// For one-shot strategies (lib/Search/OneShot.h); null: none can run.
  const OneShotEnv *oneshot = nullptr;
};

struct Progress {
  int64_t done = 0, total = 0, running = 0, failed = 0, reused = 0;
  /// Finished trials counted in the budget's unit (`total` is the budget).
  int64_t spent = 0;
  SearchConfig::BudgetCounts counts = SearchConfig::BudgetCounts::Evaluations;
  double best = 0;
  bool hasBest = false;
  double elapsed = 0, eta = -1;
  const Trial *last = nullptr; ///< the trial that just finished, if any
};

struct SearchStats {
  double totalSeconds = 0;     ///< wall time of the loop
  double evaluatorSeconds = 0; ///< inside evaluator calls
  int64_t trials = 0, evaluations = 0;
  bool replayDiverged = false;
  /// The space's distinct candidates when the budget is at least as large
  /// (-1: not counted, the space is larger); the search ends once every one
  /// has been proposed (`spaceExhausted`).
  int64_t distinctCandidates = -1;
  bool spaceExhausted = false;
  /// The search ended at the trial cap (20 x budget + 1000): the strategy
  /// kept proposing candidates that were already evaluated.
  bool hitTrialCap = false;
  /// The deadline (--time) passed while trials were offered to workers and
  /// none was live: they stay queued in the store for --resume.
  int64_t leftQueued = 0;
  /// Warm start: results taken over (same network), decisions seeded for
  /// evaluation (related space), earlier trials that did not fit.
  int64_t warmImported = 0, warmSeeded = 0, warmDropped = 0;
};

class SearchDriver {
public:
  SearchDriver(nas::SpaceOp space, const SpaceModel &model, SearchConfig config,
               Evaluator &evaluator, Store &store);
  ~SearchDriver();

  /// Builds the strategy (checking its options) and counts the space when
  /// the budget may exceed it; run() calls it when not done yet. False with
  /// `error` when the search cannot start.
  bool prepare(std::string &error);

  /// Runs (or, with `resume`, continues) the search. False with `error` on a
  /// store or strategy failure; failed candidates are not errors.
  bool run(bool resume, std::string &error);

  /// SearchConfig::firstCandidates, known only once the store is taken
  /// (--warm-start-proxy scores them then); before run().
  void setFirstCandidates(std::vector<Assignment> first, std::vector<Metrics> metrics) {
    cfg.firstCandidates = std::move(first);
    cfg.firstCandidateMetrics = std::move(metrics);
  }

  std::function<void(const Progress &)> onProgress;
  /// Set (e.g. from a signal handler) to stop: running jobs are killed and
  /// left queued for --resume.
  static std::atomic<bool> stopRequested;

  const std::map<int64_t, Trial> &trials() const { return all; }
  const SearchStats &stats() const { return st; }
  SearchContext &context() { return *ctx; }

private:
  std::string keyOf(const Trial &t) const;
  void noteProposed(const Trial &t);
  bool spaceExhausted() const;
  bool handleProposals(int64_t count, std::vector<Proposal> props);
  bool finishTrial(Trial &t);
  void addEstimates(Trial &t) const;
  bool resolveWaiting(const Trial &source);
  bool startJob(int64_t id);
  bool replay(std::string &error);
  /// A trial that a worker finished after the search died: observed now,
  /// its observe event logged.
  bool observeLate(Trial &t, std::string &error);
  bool warmStart(std::string &error);
  bool substitutesWarmStart() const;
  bool queueFirstCandidates(std::string &error);
  void report(const Trial *last);
  int64_t evaluations() const;
  /// The budget used so far, in cfg.budgetCounts units (queued and running
  /// trials included).
  int64_t spent() const;

  nas::SpaceOp space;
  const SpaceModel &model;
  SearchConfig cfg;
  Evaluator &evaluator;
  Store &store;
  std::unique_ptr<SearchContext> ctx;
  std::unique_ptr<Strategy> strategy;
  /// Proposed decisions already built: a duplicate is not built again.
  CandidateCache candidates;

  std::map<int64_t, Trial> all;
  std::map<std::string, int64_t> doneByKey, inflightByKey;
  std::map<std::string, std::vector<int64_t>> waiting;
  std::vector<int64_t> queue; ///< FIFO of trials to evaluate
  size_t queueHead = 0;
  std::map<int64_t, std::string> candidateJson;
  std::map<int64_t, Cost> costs;
  /// The strategy's metrics of a trial known before its evaluation
  /// (Proposal::metrics), rebuilt by replay.
  std::map<int64_t, Metrics> estimates;
  /// What has been proposed, for spaceExhausted(): decisions@epochs pairs,
  /// decisions alone, pairs at the default epochs, and how many proposals
  /// in a row brought no new pair.
  std::set<std::string> proposedPairs, proposedDecisions;
  int64_t proposedAtDefault = 0, staleProposals = 0;
  int64_t waitingCount = 0, reusedCount = 0, failedCount = 0, doneCount = 0;
  int64_t importedCount = 0; ///< warm-start results: not evaluations
  /// First candidates that the strategy does not observe (it does not take
  /// warm-start seeds), and whether handleProposals is adding such a batch.
  std::set<int64_t> unobserved;
  /// Trials whose observe event replay() saw.
  std::set<int64_t> observedIds;
  bool addingUnobserved = false;
  int64_t importedDone = 0;  ///< of them, observed (counted in doneCount)
  double bestScore = 0;
  bool hasBest = false;
  double began = 0;
  /// The last trial an earlier run of this search made (replay): those up
  /// to it may have been offered to workers (EvalJob::mayBeOffered).
  int64_t replayedUpTo = 0;
  SearchStats st;
};

} // namespace nasir::search

#endif
