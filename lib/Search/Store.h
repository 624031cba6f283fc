//===- Store.h - the experiment store ---------------------------*- C++ -*-===//
//
// Everything a search needs to survive a crash: the experiment (the space's
// IR, options, seed, strategy), every trial, and the event log (the order of
// the strategy's propose/observe calls, which `--resume` replays). Each
// change is atomic. By default each is its own transaction; a search groups
// them (groupCommits): the changes between two commit() calls are one
// transaction, and the driver commits before it starts an evaluation, before
// it blocks waiting for one, and when it ends, so a finished evaluation is
// durable before anything can take long (kill -9 loses at most the driver's
// bookkeeping since the last commit, which --resume redoes).
//
// The interface is small so that a server database can replace SQLite: it
// speaks in trials and events, never in SQL.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_STORE_H
#define NASIR_SEARCH_STORE_H

#include "lib/Search/Trial.h"
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nasir::search {

struct ExperimentInfo {
  std::string spaceName, spaceFile, spaceIR;
  std::string strategy, evaluator;
  std::string options; ///< JSON object of every option of the search
  uint64_t seed = 0;
  double created = 0;
};

/// A process that evaluates trials: a `nasir worker`, or the search itself.
struct WorkerInfo {
  std::string host;
  int64_t pid = 0;
  std::string identity; ///< processIdentity(pid) on host
  std::string device;   ///< "cpu", "cuda:0"
  int64_t jobs = 1;     ///< trials it runs at once
  double heartbeat = 0; ///< liveWorkers(): its last beat
};

/// One step of the strategy's history: propose(count) or observe(trial).
struct Event {
  enum Kind { Propose, Observe } kind;
  int64_t count = 0;
  int64_t trial = 0;
};

class Store {
public:
  virtual ~Store();

  virtual bool hasExperiment() = 0;
  virtual bool createExperiment(const ExperimentInfo &info) = 0;
  virtual bool loadExperiment(ExperimentInfo &info) = 0;

  /// Takes the store for this process. Fails with a message naming the
  /// holder when another live process has it: on this host, its PID still
  /// names the process that took the lock (ProcessIdentity.h); elsewhere,
  /// its heartbeat is recent.
  virtual bool acquire(std::string &error) = 0;
  virtual void heartbeat() = 0;
  virtual void release() = 0;
  /// Who holds the store now (acquire), without taking it: false only on a
  /// store failure; `held` false when no process does. A holder that died
  /// leaves its row: lockHolderAlive tells.
  struct LockHolder {
    bool held = false;
    int64_t pid = 0;
    std::string host, identity;
    double age = 0; ///< seconds since its last heartbeat
  };
  virtual bool lockHolder(LockHolder &holder) = 0;

  /// One propose(count) call and the trials it produced (queued, or already
  /// decided: reused/failed), atomically; assigns the trials' ids.
  virtual bool addProposals(int64_t count, std::vector<Trial *> &trials) = 0;
  virtual bool markRunning(const Trial &t) = 0;
  /// A finished trial (ok/failed/reused), and its observe event when
  /// `observed`, atomically.
  virtual bool finish(const Trial &t, bool observed) = 0;

  /// With `on`, addProposals, markRunning and finish join one pending
  /// transaction until commit(); each stays atomic (a failed one undoes only
  /// itself). Every other write commits what is pending first; turning
  /// grouping off, and closing the store, commit too.
  virtual void groupCommits(bool on) { (void)on; }
  /// Makes the pending changes durable (nothing to do when none is).
  virtual bool commit() { return true; }

  /// Every trial, by id. False (lastError() says why, naming a corrupt
  /// store as such) when the store cannot be read to its last row.
  virtual bool loadTrials(std::vector<Trial> &trials) = 0;
  /// The event log, in order; false as loadTrials.
  virtual bool loadEvents(std::vector<Event> &events) = 0;
  /// Running trials of a dead search become queued again; `running` gets
  /// them as they were (with their workers). Trials a worker holds under a
  /// lease that has not ended stay running (the workers outlive the
  /// search). False as loadTrials.
  virtual bool requeueRunning(std::vector<Trial> &running) = 0;

  /// Work a strategy did outside trials, by name, as JSON text (a one-shot
  /// search's supernet phase: lib/Search/OneShot.h), kept so that --resume
  /// does not do it again. Replaces what `name` held.
  virtual bool savePhase(const std::string &name, const std::string &json) = 0;
  /// The text stored under `name` ("" when none); false as loadTrials.
  virtual bool loadPhase(const std::string &name, std::string &json) = 0;

  // --- The work queue shared with `nasir worker` (docs/distributed.md) ---
  //
  // A search with workers (`--jobs 0`, or `--jobs J` with workers beside)
  // offers queued trials; a worker claims one atomically (two workers never
  // hold one trial), runs it under a lease it renews by heartbeat, and
  // finishes it only while the lease is still its own. A trial whose lease
  // ran out (a worker killed, a machine lost) is queued again, still offered,
  // and is evaluated once to completion: a late result of the lost worker is
  // refused. The search observes what workers finished (finish(t, true)).

  /// Makes queued trial `id` claimable by workers. Grouped like finish().
  virtual bool offer(int64_t id) = 0;
  /// Takes queued trial `id` back from the workers, so that the search runs
  /// it itself: `taken` when it was queued (it is no longer offered), not
  /// when a worker holds it (claimed) or it is done. Atomic with claim();
  /// never grouped: it commits (a search with `--jobs J` beside workers,
  /// lib/Search/SharedEvaluator.h).
  virtual bool withdraw(int64_t id, bool &taken) = 0;
  /// Claims the oldest offered queued trial for `worker`: it becomes running
  /// with worker's host, pid, identity and device and a lease until now +
  /// `leaseSeconds`. True with `claimed` empty when none is offered; false
  /// (lastError()) on a store failure. Never grouped: it commits.
  virtual bool claim(const WorkerInfo &worker, double leaseSeconds,
                     std::optional<Trial> &claimed) = 0;
  /// Extends the leases of the trials in `ids` that `worker` still holds to
  /// now + `leaseSeconds`; `lost` gets those it no longer holds. Commits.
  virtual bool renewLeases(const WorkerInfo &worker,
                           const std::vector<int64_t> &ids,
                           double leaseSeconds,
                           std::vector<int64_t> &lost) = 0;
  /// A worker's result for trial `t.id` (status ok or failed, metrics,
  /// error, finished, evalSeconds), written only when `worker` still holds
  /// the trial's lease; `accepted` says whether it was. No observe event.
  /// Commits.
  virtual bool finishClaimed(const Trial &t, const WorkerInfo &worker,
                             bool &accepted) = 0;
  /// Running trials whose lease has ended become queued again (still
  /// offered); `requeued` gets them as they were. Commits.
  virtual bool requeueExpired(std::vector<Trial> &requeued) = 0;
  /// The trials among `ids` that are done (ok, failed), by id order.
  virtual bool loadFinished(const std::vector<int64_t> &ids,
                            std::vector<Trial> &finished) = 0;

  /// Workers announce themselves and beat (every few seconds); a worker whose
  /// beat is older than `staleSeconds` is not live.
  virtual bool workerBeat(const WorkerInfo &worker) = 0;
  virtual bool workerGone(const WorkerInfo &worker) = 0;
  virtual bool liveWorkers(double staleSeconds,
                           std::vector<WorkerInfo> &workers) = 0;

  /// The search is over (budget spent, deadline, exhausted): workers without
  /// --wait exit once nothing is offered. setFinished(false) on --resume.
  virtual bool setFinished(bool finished) = 0;
  virtual bool isFinished(bool &finished) = 0;

  /// Files a trial produced (its trained weights, "weights.pt"), kept in the
  /// store so that copying the store is enough. Replaces what was there.
  virtual bool saveArtifact(int64_t trial, const std::string &name,
                            const std::string &bytes) = 0;
  /// `found` says whether there is one.
  virtual bool loadArtifact(int64_t trial, const std::string &name,
                            std::string &bytes, bool &found) = 0;

  virtual std::string lastError() const = 0;
};

/// Opens (creating if needed) an SQLite store in WAL mode, for a search.
/// Null, with a message naming the path, when it is not a sound store
/// (`PRAGMA quick_check`).
std::unique_ptr<Store> openSqliteStore(const std::string &path,
                                       std::string &error);

/// openExperimentStore for an SQLite file.
std::unique_ptr<Store> openSqliteExperimentStore(const std::string &path,
                                                 ExperimentInfo &info,
                                                 std::string &error);

/// Opens an existing store (an SQLite path or a postgresql:// URL) that
/// holds an experiment, read-only, for reading
/// it (report, export, warm start): it writes nothing, neither the file nor
/// its folder, so it works on a read-only file or folder. Null with a
/// message naming the path otherwise (corrupt, not a store, no experiment).
std::unique_ptr<Store> openExperimentStore(const std::string &path,
                                           ExperimentInfo &info,
                                           std::string &error);

/// Opens the store `location` names for a search: a `postgresql://` URL
/// (PostgreSQL, when nasir was built with libpq), or an SQLite file path.
/// One experiment per SQLite file; a PostgreSQL database holds several, one
/// per schema, named by the URL's `experiment` parameter (default "nasir"):
/// postgresql://user@host:5432/db?experiment=cifar-run-3
std::unique_ptr<Store> openStore(const std::string &location,
                                 std::string &error);
/// The search that holds a store's lock (its lock row: pid, host, the
/// process identity it recorded, the seconds since its heartbeat), when it is
/// still alive: on this host, when its PID still names the process that took
/// the lock (a lock written without an identity, by an older nasir, also
/// needs a recent heartbeat); elsewhere, when its heartbeat is recent. Then
/// `message` says who holds it; otherwise the lock is stale (or ours).
bool lockHolderAlive(int64_t pid, const std::string &host,
                     const std::string &identity, double age,
                     std::string &message);

/// Whether `location` names a PostgreSQL store.
bool isPostgresUrl(const std::string &location);

/// The JSON text a store keeps for a trial's metrics (the same bytes in
/// every store: numbers in their shortest round-trip form).
std::string storedMetricsJson(const Metrics &metrics);

/// Every trial of a store, by id; false as Store::loadTrials.
bool trialsById(Store &store, std::map<int64_t, Trial> &trials);

/// This machine's name (the worker host of trials).
std::string hostName();

} // namespace nasir::search

#endif
