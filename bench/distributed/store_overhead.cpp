//===- store_overhead.cpp - the store's cost per trial, SQLite vs PostgreSQL
//===//
//
//   nasir-store-bench [--trials N] [--repeats R] LOCATION...
//
// For each store location (an SQLite file path, or a postgresql:// URL: a
// fresh experiment `bench_PID_K` is made in it per run), times the store
// calls one trial costs, in the three patterns the search makes them, with
// no evaluation in between (so the figures are the store's alone):
//   grouped    the driver with its own jobs (lib/Search/Search.cpp): commits
//              grouped; addProposals(1), markRunning, commit() (before the
//              evaluation starts), finish(observed), commit()
//   ungrouped  the same calls, each its own transaction
//   queue      a trial through a worker (docs/distributed.md): the search
//              adds and offers it (grouped, committed), a worker claims it
//              and finishes it under its lease, the search reads it back
//              (loadFinished) and observes it (finish, commit)
// Prints a markdown table of microseconds per trial: best and median of R.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/PostgresUrl.h"
#include "lib/Search/Store.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
#include <unistd.h>

using namespace nasir;
using namespace nasir::search;

static double now() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

/// A fresh store at `base` for run `k`: a new file beside it, or a new
/// experiment in the database.
static std::string freshLocation(const std::string &base, int k) {
  std::string name =
      "bench_" + std::to_string(getpid()) + "_" + std::to_string(k);
  if (isPostgresUrl(base))
    return base + (base.find('?') == std::string::npos ? "?" : "&") +
           "experiment=" + name;
  return base + "." + name + ".db";
}

static void removeLocation(const std::string &location) {
  if (isPostgresUrl(location))
    return; // the bench's server is temporary (store_overhead.sh)
  for (const char *suffix : {"", "-wal", "-shm"})
    llvm::sys::fs::remove(location + suffix);
}

static Trial trialNumber(int i) {
  Trial t;
  t.decisions = "{\"op\": \"op" + std::to_string(i) + "\"}";
  t.fingerprint = "fp" + std::to_string(i);
  t.created = wallClock();
  return t;
}

static void finished(Trial &t, int i) {
  t.status = TrialStatus::Ok;
  t.metrics = {{"accuracy", 50 + i % 50}, {"params", 1000.0 + i}};
  t.finished = wallClock();
  t.evalSeconds = 0.001;
}

static bool check(bool ok, Store &s, const char *what) {
  if (!ok)
    llvm::errs() << "error: " << what << ": " << s.lastError() << "\n";
  return ok;
}

/// Seconds for `n` trials in `pattern`; negative on a store failure.
static double runPattern(Store &s, const std::string &pattern, int n) {
  WorkerInfo w{hostName(), (int64_t)getpid(), "bench", "cpu", 1, 0};
  double start = now();
  if (pattern == "grouped" || pattern == "queue")
    s.groupCommits(true);
  for (int i = 0; i < n; ++i) {
    Trial t = trialNumber(i);
    std::vector<Trial *> one = {&t};
    if (!check(s.addProposals(1, one), s, "addProposals"))
      return -1;
    if (pattern == "queue") {
      std::optional<Trial> claimed;
      bool accepted = false;
      std::vector<Trial> done;
      if (!check(s.offer(t.id) && s.commit(), s, "offer") ||
          !check(s.claim(w, 60, claimed) && claimed, s, "claim"))
        return -1;
      Trial r = *claimed;
      finished(r, i);
      if (!check(s.finishClaimed(r, w, accepted) && accepted, s,
                 "finishClaimed") ||
          !check(s.loadFinished({t.id}, done) && done.size() == 1, s,
                 "loadFinished") ||
          !check(s.finish(done[0], true) && s.commit(), s, "finish"))
        return -1;
      continue;
    }
    t.status = TrialStatus::Running;
    t.started = wallClock();
    t.workerPid = getpid();
    t.workerHost = w.host;
    if (!check(s.markRunning(t) && s.commit(), s, "markRunning"))
      return -1;
    finished(t, i);
    if (!check(s.finish(t, true) && s.commit(), s, "finish"))
      return -1;
  }
  s.groupCommits(false);
  return now() - start;
}

int main(int argc, char **argv) {
  int trials = 500, repeats = 3;
  std::vector<std::string> locations;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--trials") && i + 1 < argc)
      trials = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--repeats") && i + 1 < argc)
      repeats = atoi(argv[++i]);
    else if (argv[i][0] == '-') {
      llvm::errs() << "usage: nasir-store-bench [--trials N] [--repeats R] "
                      "LOCATION...\n";
      return 2;
    } else
      locations.push_back(argv[i]);
  }
  if (locations.empty() || trials < 1 || repeats < 1) {
    llvm::errs() << "usage: nasir-store-bench [--trials N] [--repeats R] "
                    "LOCATION...\n";
    return 2;
  }
  llvm::outs() << "| store | pattern | trials | best µs/trial | median "
                  "µs/trial |\n|---|---|---:|---:|---:|\n";
  int k = 0;
  for (const std::string &base : locations)
    for (const char *pattern : {"grouped", "ungrouped", "queue"}) {
      std::vector<double> perTrial;
      for (int r = 0; r < repeats; ++r) {
        std::string location = freshLocation(base, ++k);
        std::string error;
        auto s = openStore(location, error);
        ExperimentInfo info;
        info.spaceIR = "module {}";
        info.strategy = "bench";
        info.evaluator = "none";
        info.options = "{}";
        if (!s || !s->createExperiment(info)) {
          llvm::errs() << "error: " << (s ? s->lastError() : error) << "\n";
          return 1;
        }
        double seconds = runPattern(*s, pattern, trials);
        s.reset();
        removeLocation(location);
        if (seconds < 0)
          return 1;
        perTrial.push_back(seconds / trials * 1e6);
      }
      std::sort(perTrial.begin(), perTrial.end());
      llvm::outs() << "| " << maskStorePassword(base) << " | " << pattern
                   << " | " << trials << " | "
                   << llvm::format("%.0f", perTrial.front()) << " | "
                   << llvm::format("%.0f", perTrial[perTrial.size() / 2])
                   << " |\n";
    }
  return 0;
}
