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
  /// them as they were (with their workers). False as loadTrials.
  virtual bool requeueRunning(std::vector<Trial> &running) = 0;

  /// Work a strategy did outside trials, by name, as JSON text (a one-shot
  /// search's supernet phase: lib/Search/OneShot.h), kept so that --resume
  /// does not do it again. Replaces what `name` held.
  virtual bool savePhase(const std::string &name, const std::string &json) = 0;
  /// The text stored under `name` ("" when none); false as loadTrials.
  virtual bool loadPhase(const std::string &name, std::string &json) = 0;

  virtual std::string lastError() const = 0;
};

/// Opens (creating if needed) an SQLite store in WAL mode, for a search.
/// Null, with a message naming the path, when it is not a sound store
/// (`PRAGMA quick_check`).
std::unique_ptr<Store> openSqliteStore(const std::string &path,
                                       std::string &error);

/// Opens an existing store that holds an experiment, read-only, for reading
/// it (report, export, warm start): it writes nothing, neither the file nor
/// its folder, so it works on a read-only file or folder. Null with a
/// message naming the path otherwise (corrupt, not a store, no experiment).
std::unique_ptr<Store> openExperimentStore(const std::string &path,
                                           ExperimentInfo &info,
                                           std::string &error);

/// Every trial of a store, by id; false as Store::loadTrials.
bool trialsById(Store &store, std::map<int64_t, Trial> &trials);

/// This machine's name (the worker host of trials).
std::string hostName();

} // namespace nasir::search

#endif
