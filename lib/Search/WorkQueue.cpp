//===- WorkQueue.cpp - evaluation by `nasir worker` processes -------------===//
#include "lib/Search/WorkQueue.h"
#include "lib/Support/ShortestJson.h"
#include "llvm/Support/JSON.h"
#include <algorithm>
#include <chrono>
#include <thread>

using namespace nasir;
using namespace nasir::search;

/// How often wait() looks at the store for results, counts the workers,
/// and requeues expired leases.
static constexpr double kPollSeconds = 0.1;
static constexpr double kCountSeconds = 0.5;
static constexpr double kRequeueSeconds = 2;
/// When a search with offered trials and no live worker says so.
static constexpr double kNoWorkerNoteSeconds = 10;
static constexpr double kNoWorkerRepeatSeconds = 60;

/// The phase that holds the search's deadline.
static const char kDeadlinePhase[] = "deadline";

bool nasir::search::saveSearchDeadline(Store &store, double deadline) {
  return store.savePhase(
      kDeadlinePhase, printJson(llvm::json::Object{{"deadline", deadline}}));
}

bool nasir::search::loadSearchDeadline(Store &store, double &deadline) {
  deadline = 0;
  std::string text;
  if (!store.loadPhase(kDeadlinePhase, text))
    return false;
  if (text.empty())
    return true;
  llvm::Expected<llvm::json::Value> v = llvm::json::parse(text);
  if (!v) {
    llvm::consumeError(v.takeError());
    return true;
  }
  if (const llvm::json::Object *o = v->getAsObject())
    if (std::optional<double> d = o->getNumber("deadline"))
      deadline = *d > 0 ? *d : 0;
  return true;
}

WorkQueueEvaluator::WorkQueueEvaluator(Store &store,
                                       std::unique_ptr<Evaluator> reporting)
    : store(store), reporting(std::move(reporting)) {}

unsigned WorkQueueEvaluator::slots() const {
  return (unsigned)std::max<int64_t>(1, workerJobs);
}

bool WorkQueueEvaluator::adopt(int64_t trialId) {
  offered.insert(trialId);
  return true;
}

void WorkQueueEvaluator::start(const EvalJob &job) {
  if (lastRefresh == 0)
    refresh(true);
  if (store.offer(job.trialId)) {
    offered.insert(job.trialId);
    return;
  }
  EvalOutcome o;
  o.trialId = job.trialId;
  o.error = "cannot offer the trial to workers: " + store.lastError();
  failed.push_back(std::move(o));
}

void WorkQueueEvaluator::refresh(bool now) {
  double t = wallClock();
  // Only a search with trials in the queue has leases to watch (a search
  // with --jobs J and no worker writes nothing here).
  if (!offered.empty() && (now || t - lastRequeue >= kRequeueSeconds)) {
    lastRequeue = t;
    std::vector<Trial> requeued;
    if (store.requeueExpired(requeued) && onRequeued)
      for (const Trial &r : requeued)
        onRequeued(r);
  }
  if (!now && t - lastRefresh < kCountSeconds)
    return;
  lastRefresh = t;
  std::vector<WorkerInfo> workers;
  if (store.liveWorkers(kWorkerStaleSeconds, workers)) {
    // Each worker's jobs, and one trial waiting for each worker, so that
    // one that finishes a trial claims the next at once.
    workerJobs = 0;
    for (const WorkerInfo &w : workers)
      workerJobs += std::max<int64_t>(1, w.jobs) + 1;
    noteWorkers(!workers.empty(), t);
  }
}

void WorkQueueEvaluator::noteWorkers(bool anyLive, double now) {
  if (anyLive || offered.empty()) {
    noWorkersSince = lastNoWorkersNote = 0;
    return;
  }
  if (noWorkersSince == 0)
    noWorkersSince = now;
  double without = now - noWorkersSince;
  bool due = lastNoWorkersNote == 0
                 ? without >= kNoWorkerNoteSeconds
                 : now - lastNoWorkersNote >= kNoWorkerRepeatSeconds;
  if (due) {
    lastNoWorkersNote = now;
    if (onNoWorkers)
      onNoWorkers(without);
  }
}

std::vector<EvalOutcome> WorkQueueEvaluator::wait(double seconds) {
  std::vector<EvalOutcome> out;
  out.swap(failed);
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::duration<double>(seconds);
  while (true) {
    refresh(false);
    std::vector<Trial> done;
    // A store that cannot be read now (a server restarting) is asked again.
    if (!offered.empty() &&
        store.loadFinished({offered.begin(), offered.end()}, done)) {
      for (Trial &t : done) {
        EvalOutcome o;
        o.trialId = t.id;
        o.ok = t.status == TrialStatus::Ok;
        o.metrics = std::move(t.metrics);
        o.curve = std::move(t.curve);
        o.error = std::move(t.error);
        o.seconds = t.evalSeconds;
        o.pid = t.workerPid;
        o.workerHost = std::move(t.workerHost);
        o.workerIdentity = std::move(t.workerIdentity);
        o.workerDevice = std::move(t.workerDevice);
        o.started = t.started;
        offered.erase(t.id);
        out.push_back(std::move(o));
      }
    }
    if (!out.empty() || offered.empty() ||
        std::chrono::steady_clock::now() >= deadline)
      return out;
    std::this_thread::sleep_for(std::chrono::duration<double>(
        std::min(kPollSeconds,
                 std::chrono::duration<double>(
                     deadline - std::chrono::steady_clock::now())
                     .count())));
  }
}

int64_t WorkQueueEvaluator::withdrawUnclaimed() {
  int64_t n = 0;
  std::vector<int64_t> ids(offered.begin(), offered.end());
  for (int64_t id : ids) {
    bool taken = false;
    if (!store.withdraw(id, taken))
      break; // asked again later
    // Offered again: queued for --resume, and for the workers once the
    // search has ended (it clears its deadline then).
    if (taken && store.offer(id))
      offered.erase(id), ++n;
  }
  return n;
}

Metrics WorkQueueEvaluator::reportMetrics(const EvalJob &job) {
  return reporting ? reporting->reportMetrics(job) : Metrics{};
}
