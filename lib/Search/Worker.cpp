//===- Worker.cpp - the loop of `nasir worker` ----------------------------===//
#include "lib/Search/Worker.h"
#include "lib/Search/Candidate.h"
#include "lib/Search/Experiment.h"
#include "lib/Search/TrialWeights.h"
#include "lib/Search/WorkQueue.h"
#include "lib/Transforms/Decisions.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include <algorithm>
#include <chrono>
#include <thread>

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

std::atomic<bool> WorkerLoop::stopRequested{false};

/// How often the same kind of store failure is said again.
static constexpr double kTroubleEverySeconds = 10;

static void pause(double seconds) {
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

WorkerLoop::WorkerLoop(Store &store, Evaluator &evaluator, nas::SpaceOp space,
                       const CanonOptions &canon, WorkerSettings settings,
                       llvm::raw_ostream &log)
    : store(store), evaluator(evaluator), space(space), canon(canon),
      cfg(std::move(settings)), log(log) {}

void WorkerLoop::trouble(const std::string &what) {
  double now = wallClock();
  if (now - lastTrouble < kTroubleEverySeconds)
    return;
  lastTrouble = now;
  log << "worker: store: " << what << ": " << store.lastError()
      << " (retrying)\n";
  log.flush();
}

std::vector<int64_t> WorkerLoop::runningIds() const {
  std::vector<int64_t> ids;
  for (auto &[id, t] : running)
    ids.push_back(id);
  return ids;
}

void WorkerLoop::beat() {
  lastBeat = wallClock();
  if (!store.workerBeat(cfg.me))
    trouble("heartbeat");
  if (!running.empty()) {
    std::vector<int64_t> lost;
    if (!store.renewLeases(cfg.me, runningIds(), cfg.leaseSeconds, lost)) {
      trouble("renewing leases");
    } else {
      for (int64_t id : lost) {
        // Another worker has it now: this run's result would be refused.
        evaluator.cancel(id);
        running.erase(id);
        log << "worker: lost the lease of trial " << id
            << " (it went back to the queue): its job is killed\n";
      }
    }
  }
  std::vector<Trial> requeued;
  if (!store.requeueExpired(requeued)) {
    trouble("requeueing expired leases");
    return;
  }
  for (const Trial &t : requeued)
    log << "worker: trial " << t.id << " is queued again (the lease of "
        << t.workerHost << " pid " << t.workerPid << " ran out)\n";
  log.flush();
}

void WorkerLoop::fail(Trial t, const std::string &error) {
  t.status = TrialStatus::Failed;
  t.error = error;
  t.metrics.clear();
  t.curve.clear();
  t.finished = wallClock();
  deliver(t);
}

void WorkerLoop::start(Trial &t) {
  EvalJob job;
  job.trialId = t.id;
  job.decisionsJson = t.decisions;
  job.epochs = t.epochs;
  // At most what is left of the search's --time, as the search's own jobs.
  if (deadline > 0)
    job.timeLimit = std::max(0.001, deadline - wallClock());
  std::string error;
  job.decisions = parseDecisions(space.getContext(), t.decisions, error);
  if (!job.decisions)
    return fail(t, "the trial's decisions do not parse: " + error);
  if (evaluator.needsCandidate()) {
    PreparedCandidate pc = prepareCandidate(space, job.decisions, canon,
                                            /*wantCandidateJson=*/true,
                                            /*wantFingerprint=*/false);
    if (!pc.error.empty())
      return fail(t, "cannot build the candidate: " + pc.error);
    job.candidatePath = ExperimentLayout::trialFile(cfg.workDir, t.id, ".json");
    std::error_code ec;
    llvm::raw_fd_ostream os(job.candidatePath, ec);
    if (!ec)
      os << pc.candidateJson << "\n";
    if (ec || (os.close(), os.has_error())) {
      os.clear_error();
      return fail(t, "cannot write '" + job.candidatePath + "'");
    }
  }
  running[t.id] = t;
  log << "worker: trial " << t.id << " started\n";
  log.flush();
  evaluator.start(job);
}

bool WorkerLoop::claimMore() {
  bool claimed = false;
  // The search's deadline (a resumed search may have saved another), read
  // at most every second: past it nothing is claimed, since the search
  // leaves what is offered queued for --resume.
  double now = wallClock();
  if (now - deadlineRead >= 1) {
    if (loadSearchDeadline(store, deadline))
      deadlineRead = now;
    else
      trouble("reading the search's deadline");
  }
  if (deadline > 0 && now >= deadline)
    return false;
  while (!stopRequested && running.size() < (size_t)cfg.me.jobs) {
    std::optional<Trial> t;
    if (!store.claim(cfg.me, cfg.leaseSeconds, t)) {
      trouble("claiming a trial");
      break;
    }
    if (!t)
      break;
    claimed = true;
    start(*t);
  }
  return claimed;
}

void WorkerLoop::record(const EvalOutcome &o) {
  auto it = running.find(o.trialId);
  if (it == running.end()) // its lease was lost meanwhile
    return;
  Trial t = std::move(it->second);
  running.erase(it);
  t.status = o.ok ? TrialStatus::Ok : TrialStatus::Failed;
  t.metrics = o.metrics;
  t.curve = o.ok ? o.curve : Curve();
  t.error = o.ok ? "" : (o.error.empty() ? "failed" : o.error);
  t.finished = wallClock();
  t.evalSeconds = o.seconds;
  deliver(t);
}

void WorkerLoop::deliver(Trial &t) {
  // A store that is away (a server restarting) is tried again until the
  // lease would have ended: after that the trial is another worker's.
  double until = wallClock() + cfg.leaseSeconds;
  auto retry = [&](const char *what) {
    trouble(what);
    pause(std::min(1.0, cfg.leaseSeconds / 4));
    return wallClock() < until && !stopRequested;
  };
  std::vector<int64_t> lost;
  while (!store.renewLeases(cfg.me, {t.id}, cfg.leaseSeconds, lost))
    if (!retry("renewing a lease"))
      return;
  if (!lost.empty()) {
    log << "worker: trial " << t.id
        << " finished after its lease was lost: its result is dropped\n";
    return;
  }
  // The weights first: the search may read them as soon as the result is in.
  if (t.status == TrialStatus::Ok) {
    std::string bytes, error;
    bool found = false;
    if (!readWeightsFile(
            ExperimentLayout::trialFile(cfg.workDir, t.id, ".pt"), bytes,
            found, error)) {
      // As a local search does (SearchDriver::finishTrial): no result
      // without the weights it claims.
      t.status = TrialStatus::Failed;
      t.error = "its trained weights: " + error;
    } else if (found) {
      while (!store.saveArtifact(t.id, kWeightsArtifact, bytes))
        if (!retry("saving the trained weights"))
          return;
    }
  }
  bool accepted = false;
  while (!store.finishClaimed(t, cfg.me, accepted))
    if (!retry("writing a result"))
      return;
  if (!accepted) {
    log << "worker: trial " << t.id
        << " finished after its lease was lost: its result is dropped\n";
    return;
  }
  ++delivered;
  log << "worker: trial " << t.id << " " << statusName(t.status);
  if (auto m = t.metrics.find("accuracy"); m != t.metrics.end())
    log << " (accuracy " << llvm::format("%.2f", m->second) << ")";
  if (!t.error.empty())
    log << " (" << t.error << ")";
  log << " in " << llvm::format("%.1f", t.evalSeconds) << "s\n";
  log.flush();
}

void WorkerLoop::giveBack() {
  std::vector<int64_t> ids = runningIds();
  evaluator.cancelAll();
  running.clear();
  if (!ids.empty()) {
    // Its leases end now; requeued, the trials go to the next worker.
    std::vector<int64_t> lost;
    std::vector<Trial> requeued;
    if (store.renewLeases(cfg.me, ids, -1, lost) &&
        store.requeueExpired(requeued))
      log << "worker: stopped; " << ids.size()
          << " running trial(s) given back to the queue\n";
    else
      log << "worker: stopped; the store did not take back its "
          << ids.size() << " running trial(s) (" << store.lastError()
          << "): they are queued again when their lease runs out\n";
  }
  store.workerGone(cfg.me);
}

int64_t WorkerLoop::run() {
  llvm::sys::fs::create_directories(cfg.workDir);
  double beatEvery = std::max(0.1, std::min(5.0, cfg.leaseSeconds / 3));
  beat();
  bool said = false;
  while (!stopRequested) {
    if (wallClock() - lastBeat >= beatEvery)
      beat();
    for (const EvalOutcome &o :
         evaluator.wait(running.empty() ? 0 : cfg.pollSeconds))
      record(o);
    bool claimed = claimMore();
    if (!running.empty() || claimed)
      continue;
    bool finished = false;
    if (!store.isFinished(finished)) {
      trouble("reading the experiment's state");
    } else if (finished && !cfg.keepServing) {
      // Nothing offered is left: claim() just found none.
      store.workerGone(cfg.me);
      return delivered;
    } else if (finished && !said) {
      log << "worker: the experiment is finished; waiting for more work "
             "(--wait)\n";
      log.flush();
      said = true;
    }
    if (!finished)
      said = false;
    pause(cfg.pollSeconds);
  }
  giveBack();
  return delivered;
}
