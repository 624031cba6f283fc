//===- MixedEvaluator.cpp - local jobs beside `nasir worker`s -------------===//
#include "lib/Search/MixedEvaluator.h"
#include "lib/Search/ProcessIdentity.h"
#include <algorithm>
#include <chrono>
#include <thread>
#include <unistd.h>

using namespace nasir;
using namespace nasir::search;

/// How often offered trials are taken back while no worker is live, and how
/// long one wait slice is while both local jobs and offered trials run.
static constexpr double kTakeBackSeconds = 0.5;
static constexpr double kSliceSeconds = 0.1;

MixedEvaluator::MixedEvaluator(Store &store, std::unique_ptr<Evaluator> local,
                               unsigned localJobs,
                               std::unique_ptr<WorkQueueEvaluator> queue)
    : store(store), local(std::move(local)),
      localJobs(std::max(1u, std::min(localJobs, this->local->slots()))),
      queue(std::move(queue)) {}

void MixedEvaluator::start(const EvalJob &job) {
  if (local->running() < localJobs) {
    if (job.mayBeOffered) {
      bool taken = false;
      if (!store.withdraw(job.trialId, taken)) {
        EvalOutcome o;
        o.trialId = job.trialId;
        o.error = "cannot take the trial back from the workers: " +
                  store.lastError();
        offers[job.trialId] = {job, 0}; // reported, not marked running
        failed.push_back(std::move(o));
        return;
      }
      if (!taken) { // a worker claimed it: its result comes from the store
        queue->adopt(job.trialId);
        return;
      }
    }
    startLocal(job, /*wasOffered=*/false);
    return;
  }
  offers[job.trialId] = {job, wallClock()};
  queue->start(job);
}

void MixedEvaluator::startLocal(const EvalJob &job, bool wasOffered) {
  local->start(job);
  if (!wasOffered)
    return;
  // The search marked it offered, not running: say where it runs now.
  Trial t;
  t.id = job.trialId;
  t.status = TrialStatus::Running;
  t.started = wallClock();
  t.workerHost = hostName();
  t.workerPid = local->pidOf(job.trialId);
  if (t.workerPid == 0)
    t.workerPid = getpid();
  t.workerIdentity = processIdentity(t.workerPid);
  // A store that refuses leaves it queued there: it still runs here, and
  // its result is written when it ends.
  store.markRunning(t);
  EvalOutcome where;
  where.workerHost = t.workerHost;
  where.workerIdentity = t.workerIdentity;
  where.pid = t.workerPid;
  where.started = t.started;
  takenBack[job.trialId] = std::move(where);
}

void MixedEvaluator::takeBack() {
  double now = wallClock();
  if (now - lastTakeBack < kTakeBackSeconds)
    return;
  lastTakeBack = now;
  std::vector<int64_t> ids(queue->held().begin(), queue->held().end());
  for (int64_t id : ids) {
    if (local->running() >= localJobs)
      return;
    auto it = offers.find(id);
    if (it == offers.end()) // adopted: a worker's, under its lease
      continue;
    EvalJob job = it->second.job;
    if (job.timeLimit > 0) { // the rest of the search's deadline
      job.timeLimit -= now - it->second.offeredAt;
      if (job.timeLimit <= 0)
        continue;
    }
    bool taken = false;
    if (!store.withdraw(id, taken))
      return; // asked again next time
    if (!taken) // claimed meanwhile
      continue;
    queue->forget(id);
    offers.erase(it);
    startLocal(job, /*wasOffered=*/true);
  }
}

std::vector<EvalOutcome> MixedEvaluator::wait(double seconds) {
  using Clock = std::chrono::steady_clock;
  std::vector<EvalOutcome> out;
  out.swap(failed);
  auto until = Clock::now() + std::chrono::duration<double>(seconds);
  while (true) {
    if (queue->stalled())
      takeBack();
    double left = std::max(
        0.0, std::chrono::duration<double>(until - Clock::now()).count());
    bool offered = queue->running() > 0;
    for (EvalOutcome &o :
         local->wait(offered ? std::min(left, kSliceSeconds) : left)) {
      offers.erase(o.trialId);
      if (auto it = takenBack.find(o.trialId); it != takenBack.end()) {
        o.workerHost = std::move(it->second.workerHost);
        o.workerIdentity = std::move(it->second.workerIdentity);
        o.started = it->second.started;
        if (o.pid == 0)
          o.pid = it->second.pid;
        takenBack.erase(it);
      }
      out.push_back(std::move(o));
    }
    for (EvalOutcome &o : queue->wait(0)) {
      offers.erase(o.trialId);
      out.push_back(std::move(o));
    }
    if (!out.empty() || running() == 0 || Clock::now() >= until)
      return out;
    if (local->running() == 0)
      std::this_thread::sleep_for(std::chrono::duration<double>(
          std::min(kSliceSeconds,
                   std::chrono::duration<double>(until - Clock::now()).count())));
  }
}

int64_t MixedEvaluator::withdrawUnclaimed() {
  int64_t n = queue->withdrawUnclaimed();
  for (auto it = offers.begin(); it != offers.end();)
    it = queue->holds(it->first) ? std::next(it) : offers.erase(it);
  return n;
}

void MixedEvaluator::cancelAll() {
  local->cancelAll();
  queue->cancelAll();
  offers.clear();
  takenBack.clear();
}
