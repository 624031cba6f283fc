//===- StoreConformanceTest.cpp - every store keeps the Store.h contract --===//
//
// Each case runs on SQLite (a temporary file) and on PostgreSQL (a fresh
// experiment in the database NASIR_TEST_PG_URL names: scripts/test.sh starts
// a private server and sets it; without it the PostgreSQL cases are
// skipped). The PostgreSQL-only cases at the end restart that server
// (NASIR_TEST_PG_DATA, NASIR_TEST_PG_BIN) or cut the store's connection
// under it.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/PostgresUrl.h"
#include "lib/Search/ProcessIdentity.h"
#include "lib/Search/Store.h"
#include "llvm/Support/FileSystem.h"
#include "gtest/gtest.h"
#include <atomic>
#include <cmath>
#include <csignal>
#include <fcntl.h>
#include <set>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <sqlite3.h>
#ifdef NASIR_HAVE_POSTGRES
#include <libpq-fe.h>
#endif

extern char **environ;

using namespace nasir;
using namespace nasir::search;

namespace {

enum class Backend { Sqlite, Postgres };

std::string backendName(const ::testing::TestParamInfo<Backend> &info) {
  return info.param == Backend::Sqlite ? "Sqlite" : "Postgres";
}

const char *pgBaseUrl() {
  const char *url = getenv("NASIR_TEST_PG_URL");
  return url && *url ? url : nullptr;
}

#ifdef NASIR_HAVE_POSTGRES
/// A connection of the test's own, to look at or change the database behind
/// the store's back.
class Admin {
public:
  Admin() {
    conn = PQconnectdb(pgBaseUrl());
    if (PQstatus(conn) != CONNECTION_OK) {
      ADD_FAILURE() << "admin connection: " << PQerrorMessage(conn);
    }
    PQsetNoticeProcessor(
        conn, [](void *, const char *) {}, nullptr);
  }
  ~Admin() { PQfinish(conn); }
  /// Runs `sql` with text parameters; the first column of the first row.
  std::string value(const char *sql, std::vector<std::string> params = {}) {
    std::vector<const char *> v;
    for (auto &p : params)
      v.push_back(p.c_str());
    PGresult *r = PQexecParams(conn, sql, (int)v.size(), nullptr, v.data(),
                               nullptr, nullptr, 0);
    std::string out;
    auto st = PQresultStatus(r);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
      ADD_FAILURE() << sql << ": " << PQresultErrorMessage(r);
    else if (PQntuples(r) > 0 && PQnfields(r) > 0)
      out = PQgetvalue(r, 0, 0);
    PQclear(r);
    return out;
  }
  void dropSchema(const std::string &name) {
    char *q = PQescapeIdentifier(conn, name.data(), name.size());
    std::string sql = std::string("DROP SCHEMA IF EXISTS ") + q + " CASCADE";
    PQfreemem(q);
    value(sql.c_str());
  }
  PGconn *conn;
};
#endif

/// A unique experiment name per case (a schema in the shared database).
std::string freshExperimentName() {
  static int counter = 0;
  const ::testing::TestInfo *info =
      ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string("t") + std::to_string(getpid()) + "_" +
                     std::to_string(++counter) + "_" + info->name();
  for (char &c : name)
    if (!isalnum((unsigned char)c) && c != '_')
      c = '_';
  return name.substr(0, 40);
}

ExperimentInfo sampleExperiment() {
  ExperimentInfo info;
  info.spaceName = "small";
  info.spaceFile = "small.mlir";
  info.spaceIR = "module { } // 'quotes' \"and\" ; semicolons";
  info.strategy = "random";
  info.evaluator = "table";
  info.options = R"({"budget":"20","table":"csv:t.csv"})";
  info.seed = 0xFFFFFFFFFFFFFFF0ull; // above INT64_MAX: stored as its bits
  return info;
}

Trial queuedTrial(const std::string &decisions) {
  Trial t;
  t.decisions = decisions;
  t.fingerprint = "fp-" + decisions;
  t.epochs = 12;
  t.created = wallClock();
  return t;
}

WorkerInfo worker(const std::string &host, int64_t pid) {
  WorkerInfo w;
  w.host = host;
  w.pid = pid;
  w.identity = "boot/" + std::to_string(pid);
  w.device = "cuda:" + std::to_string(pid % 4);
  w.jobs = 2;
  return w;
}

class StoreConformance : public ::testing::TestWithParam<Backend> {
protected:
  void SetUp() override {
    if (GetParam() == Backend::Sqlite) {
      llvm::SmallString<128> dir;
      ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("nasir-store", dir));
      folder = dir.str().str();
      location = folder + "/exp.db";
      return;
    }
#ifndef NASIR_HAVE_POSTGRES
    GTEST_SKIP() << "nasir was built without libpq: no PostgreSQL store";
#else
    if (!pgBaseUrl())
      GTEST_SKIP() << "NASIR_TEST_PG_URL is not set (scripts/test.sh starts a "
                      "PostgreSQL server and sets it)";
    experiment = freshExperimentName();
    location = urlFor(experiment);
#endif
  }

  void TearDown() override {
    if (!folder.empty())
      llvm::sys::fs::remove_directories(folder);
#ifdef NASIR_HAVE_POSTGRES
    if (GetParam() == Backend::Postgres && pgBaseUrl()) {
      Admin admin;
      for (auto &name : dropAtEnd)
        admin.dropSchema(name);
      admin.dropSchema(experiment);
    }
#endif
  }

  bool postgres() const { return GetParam() == Backend::Postgres; }

  std::string urlFor(const std::string &name) {
    dropAtEnd.push_back(name);
    return std::string(pgBaseUrl()) + "?experiment=" + name;
  }

  std::unique_ptr<Store> open(const std::string &where = "") {
    std::string error;
    auto s = openStore(where.empty() ? location : where, error);
    EXPECT_TRUE(s) << error;
    return s;
  }

  /// A store holding the sample experiment.
  std::unique_ptr<Store> openWithExperiment() {
    auto s = open();
    if (s && !s->hasExperiment()) {
      EXPECT_TRUE(s->createExperiment(sampleExperiment())) << s->lastError();
    }
    return s;
  }

  /// Adds `n` queued trials in one proposal; their ids.
  std::vector<int64_t> propose(Store &s, int n, const std::string &prefix) {
    std::vector<Trial> trials;
    for (int i = 0; i < n; ++i)
      trials.push_back(queuedTrial(prefix + std::to_string(i)));
    std::vector<Trial *> ptrs;
    for (Trial &t : trials)
      ptrs.push_back(&t);
    EXPECT_TRUE(s.addProposals(n, ptrs)) << s.lastError();
    std::vector<int64_t> ids;
    for (Trial &t : trials)
      ids.push_back(t.id);
    return ids;
  }

  Trial load(Store &s, int64_t id) {
    std::map<int64_t, Trial> all;
    EXPECT_TRUE(trialsById(s, all)) << s.lastError();
    return all[id];
  }

  std::string folder, location, experiment;
  std::vector<std::string> dropAtEnd;
};

TEST_P(StoreConformance, CreatesAndLoadsTheExperiment) {
  auto s = open();
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->hasExperiment());
  ExperimentInfo given = sampleExperiment();
  ASSERT_TRUE(s->createExperiment(given)) << s->lastError();
  EXPECT_TRUE(s->hasExperiment());
  EXPECT_FALSE(s->createExperiment(given)) << "a store holds one experiment";

  auto again = open(); // another connection, or another handle on the file
  ASSERT_TRUE(again);
  ExperimentInfo got;
  ASSERT_TRUE(again->loadExperiment(got)) << again->lastError();
  EXPECT_EQ(got.spaceName, given.spaceName);
  EXPECT_EQ(got.spaceFile, given.spaceFile);
  EXPECT_EQ(got.spaceIR, given.spaceIR);
  EXPECT_EQ(got.strategy, given.strategy);
  EXPECT_EQ(got.evaluator, given.evaluator);
  EXPECT_EQ(got.options, given.options);
  EXPECT_EQ(got.seed, given.seed);
  EXPECT_NEAR(got.created, wallClock(), 60);
}

TEST_P(StoreConformance, RefusesTheLockOfAnotherLiveSearch) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  // Another process takes the lock and holds it until told to go.
  int ready[2], go[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(go), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::string error;
    auto mine = openStore(location, error);
    char ok = mine && mine->acquire(error) ? 'y' : 'n';
    if (write(ready[1], &ok, 1) != 1)
      _exit(2);
    char c;
    if (read(go[0], &c, 1) != 1)
      _exit(3);
    _exit(0); // dies holding the lock
  }
  char ok = 0;
  ASSERT_EQ(read(ready[0], &ok, 1), 1);
  ASSERT_EQ(ok, 'y');
  // lockHolder names it without taking the store.
  Store::LockHolder holder;
  ASSERT_TRUE(s->lockHolder(holder)) << s->lastError();
  EXPECT_TRUE(holder.held);
  EXPECT_EQ(holder.pid, child);
  EXPECT_EQ(holder.host, hostName());
  EXPECT_EQ(holder.identity, processIdentity(child));
  EXPECT_LT(holder.age, 60);
  std::string error;
  EXPECT_FALSE(s->acquire(error));
  EXPECT_NE(error.find("the store is in use by another nasir search (pid " +
                       std::to_string(child) + " on " + hostName()),
            std::string::npos)
      << error;
  // Once it is gone its lock is stale: taken, renewed, released, taken.
  ASSERT_EQ(write(go[1], "x", 1), 1);
  int status;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE(s->acquire(error)) << error;
  s->heartbeat();
  auto other = open();
  std::string again;
  EXPECT_TRUE(other->acquire(again)) << "this process's own lock: " << again;
  other->release();
  Store::LockHolder none;
  ASSERT_TRUE(s->lockHolder(none)) << s->lastError();
  EXPECT_FALSE(none.held) << "released: no holder";
  EXPECT_TRUE(s->acquire(error)) << error;
  ASSERT_TRUE(s->lockHolder(holder));
  EXPECT_TRUE(holder.held && holder.pid == getpid());
  for (int fd : {ready[0], ready[1], go[0], go[1]})
    close(fd);
}

TEST_P(StoreConformance, RoundTripsTrialsAndEvents) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  Trial a = queuedTrial("{\"op\": \"conv'3x3\"}"), b = queuedTrial("b"),
        c = queuedTrial("c");
  std::vector<Trial *> first = {&a, &b};
  ASSERT_TRUE(s->addProposals(2, first)) << s->lastError();
  EXPECT_GT(a.id, 0);
  EXPECT_EQ(b.id, a.id + 1);
  // A decided trial (reused) is stored with its observe event.
  c.status = TrialStatus::Reused;
  c.reusedFrom = a.id;
  c.metrics = {{"accuracy", 91.25}};
  c.finished = wallClock();
  std::vector<Trial *> second = {&c};
  ASSERT_TRUE(s->addProposals(1, second)) << s->lastError();
  EXPECT_EQ(c.id, b.id + 1);

  a.status = TrialStatus::Running;
  a.started = wallClock();
  a.workerPid = 4242;
  a.workerHost = "node-7";
  a.workerIdentity = "boot/123";
  a.workerDevice = "cuda:1";
  ASSERT_TRUE(s->markRunning(a)) << s->lastError();
  Trial running = load(*s, a.id);
  EXPECT_EQ(running.status, TrialStatus::Running);
  EXPECT_EQ(running.workerDevice, "cuda:1");
  EXPECT_EQ(running.workerIdentity, "boot/123");
  EXPECT_EQ(running.leaseUntil, 0) << "a job of the search has no lease";

  a.status = TrialStatus::Ok;
  a.metrics = {{"accuracy", 93.5},
               {"params", 123456789012.0},
               {"flops", 7e9},
               {"latency", 1.0 / 3},
               {"test_accuracy", 92.125}};
  a.finished = a.started + 1.5;
  a.evalSeconds = 1.5;
  ASSERT_TRUE(s->finish(a, /*observed=*/true)) << s->lastError();
  b.status = TrialStatus::Failed;
  b.error = "evaluator said: 'no'\nline two";
  b.finished = wallClock();
  ASSERT_TRUE(s->finish(b, /*observed=*/false)) << s->lastError();

  auto reader = open();
  std::vector<Trial> all;
  ASSERT_TRUE(reader->loadTrials(all)) << reader->lastError();
  ASSERT_EQ(all.size(), 3u);
  const Trial &ga = all[0], &gb = all[1], &gc = all[2];
  EXPECT_EQ(ga.id, a.id);
  EXPECT_EQ(ga.decisions, a.decisions);
  EXPECT_EQ(ga.fingerprint, a.fingerprint);
  EXPECT_EQ(ga.epochs, 12);
  EXPECT_EQ(ga.status, TrialStatus::Ok);
  EXPECT_EQ(ga.metrics, a.metrics) << "metrics round-trip exactly";
  EXPECT_EQ(ga.workerPid, 4242);
  EXPECT_EQ(ga.workerHost, "node-7");
  EXPECT_EQ(ga.workerIdentity, "boot/123");
  EXPECT_EQ(ga.workerDevice, "cuda:1");
  EXPECT_EQ(ga.created, a.created);
  EXPECT_EQ(ga.started, a.started);
  EXPECT_EQ(ga.finished, a.finished);
  EXPECT_EQ(ga.evalSeconds, 1.5);
  EXPECT_EQ(ga.leaseUntil, 0);
  EXPECT_EQ(gb.status, TrialStatus::Failed);
  EXPECT_EQ(gb.error, b.error);
  EXPECT_TRUE(gb.metrics.empty());
  EXPECT_EQ(gc.status, TrialStatus::Reused);
  EXPECT_EQ(gc.reusedFrom, a.id);
  EXPECT_EQ(gc.metric("accuracy", 0), 91.25);

  std::vector<Event> events;
  ASSERT_TRUE(reader->loadEvents(events)) << reader->lastError();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].kind, Event::Propose);
  EXPECT_EQ(events[0].count, 2);
  EXPECT_EQ(events[1].kind, Event::Propose);
  EXPECT_EQ(events[1].count, 1);
  EXPECT_EQ(events[2].kind, Event::Observe);
  EXPECT_EQ(events[2].trial, c.id);
  EXPECT_EQ(events[3].kind, Event::Observe);
  EXPECT_EQ(events[3].trial, a.id);
}

TEST_P(StoreConformance, GroupedChangesAreOneTransaction) {
  auto s = openWithExperiment();
  auto other = open();
  ASSERT_TRUE(s && other);
  s->groupCommits(true);
  std::vector<int64_t> ids = propose(*s, 2, "g");
  Trial t = load(*s, ids[0]);
  t.status = TrialStatus::Running;
  t.started = wallClock();
  ASSERT_TRUE(s->markRunning(t)) << s->lastError();
  // A change that fails (a reused trial of no trial) undoes only itself.
  Trial bad = queuedTrial("bad");
  bad.status = TrialStatus::Reused;
  bad.reusedFrom = 999999;
  bad.metrics = {{"accuracy", 1}};
  std::vector<Trial *> badOnes = {&bad};
  EXPECT_FALSE(s->addProposals(1, badOnes));
  EXPECT_FALSE(s->lastError().empty());
  std::vector<int64_t> more = propose(*s, 1, "after");

  std::vector<Trial> seen;
  ASSERT_TRUE(other->loadTrials(seen)) << other->lastError();
  EXPECT_TRUE(seen.empty()) << "nothing is visible before commit()";
  ASSERT_TRUE(s->loadTrials(seen)) << s->lastError();
  EXPECT_EQ(seen.size(), 3u) << "the writer reads its pending changes";

  ASSERT_TRUE(s->commit()) << s->lastError();
  ASSERT_TRUE(other->loadTrials(seen)) << other->lastError();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].status, TrialStatus::Running);
  EXPECT_EQ(seen[2].id, more[0]);
  std::vector<Event> events;
  ASSERT_TRUE(other->loadEvents(events));
  EXPECT_EQ(events.size(), 2u) << "the failed proposal left no event";
  EXPECT_TRUE(s->commit()) << "nothing pending: nothing to do";
  s->groupCommits(false);
}

TEST_P(StoreConformance, ClaimTakesTheOldestOfferedTrial) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  std::vector<int64_t> ids = propose(*s, 3, "c");
  WorkerInfo w = worker("node-1", 77);
  std::optional<Trial> got;
  ASSERT_TRUE(s->claim(w, 30, got)) << s->lastError();
  EXPECT_FALSE(got) << "nothing is offered yet";
  ASSERT_TRUE(s->offer(ids[2]));
  ASSERT_TRUE(s->offer(ids[0]));
  double before = wallClock();
  ASSERT_TRUE(s->claim(w, 30, got)) << s->lastError();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, ids[0]);
  EXPECT_EQ(got->status, TrialStatus::Running);
  EXPECT_EQ(got->workerHost, "node-1");
  EXPECT_EQ(got->workerPid, 77);
  EXPECT_EQ(got->workerIdentity, w.identity);
  EXPECT_EQ(got->workerDevice, w.device);
  EXPECT_EQ(got->decisions, "c0");
  EXPECT_GE(got->started, before - 1);
  EXPECT_NEAR(got->leaseUntil, got->started + 30, 1e-6);
  ASSERT_TRUE(s->claim(w, 30, got));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, ids[2]);
  ASSERT_TRUE(s->claim(w, 30, got));
  EXPECT_FALSE(got) << "trial " << ids[1] << " was never offered";
  // A running trial is not offered again by offer().
  ASSERT_TRUE(s->offer(ids[0]));
  ASSERT_TRUE(s->claim(w, 30, got));
  EXPECT_FALSE(got);
}

TEST_P(StoreConformance, RacingWorkersClaimEachTrialOnce) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  const int n = 60, workers = 4;
  std::vector<int64_t> ids = propose(*s, n, "r");
  for (int64_t id : ids)
    ASSERT_TRUE(s->offer(id));
  std::vector<std::vector<int64_t>> claimed(workers);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < workers; ++k)
    threads.emplace_back([&, k] {
      std::string error;
      auto mine = openStore(location, error);
      if (!mine) {
        ++failures;
        return;
      }
      WorkerInfo w = worker("node-" + std::to_string(k), 100 + k);
      while (true) {
        std::optional<Trial> t;
        if (!mine->claim(w, 60, t)) {
          ++failures;
          return;
        }
        if (!t)
          return;
        claimed[k].push_back(t->id);
      }
    });
  for (auto &t : threads)
    t.join();
  EXPECT_EQ(failures.load(), 0);
  std::multiset<int64_t> all;
  for (auto &c : claimed)
    all.insert(c.begin(), c.end());
  EXPECT_EQ(all.size(), (size_t)n);
  EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()),
            std::set<int64_t>(ids.begin(), ids.end()));
  // Each trial's row names the one worker that claimed it.
  std::map<int64_t, Trial> rows;
  ASSERT_TRUE(trialsById(*s, rows));
  for (int k = 0; k < workers; ++k)
    for (int64_t id : claimed[k])
      EXPECT_EQ(rows[id].workerPid, 100 + k) << "trial " << id;
}

// The search taking offered trials back (a search with --jobs J beside
// workers: MixedEvaluator.h) and workers claiming them: each trial goes to
// exactly one side, and a trial taken back is no longer claimable.
TEST_P(StoreConformance, WithdrawAndClaimTakeEachTrialOnce) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  std::vector<int64_t> one = propose(*s, 2, "w");
  ASSERT_TRUE(s->offer(one[0]));
  bool taken = false;
  ASSERT_TRUE(s->withdraw(one[0], taken)) << s->lastError();
  EXPECT_TRUE(taken);
  WorkerInfo w = worker("node-w", 90);
  std::optional<Trial> got;
  ASSERT_TRUE(s->claim(w, 60, got));
  EXPECT_FALSE(got) << "a trial taken back is not claimable";
  ASSERT_TRUE(s->offer(one[1]));
  ASSERT_TRUE(s->claim(w, 60, got));
  ASSERT_TRUE(got);
  ASSERT_TRUE(s->withdraw(one[1], taken));
  EXPECT_FALSE(taken) << "a claimed trial is the worker's";

  const int n = 60, workers = 3;
  std::vector<int64_t> ids = propose(*s, n, "x");
  for (int64_t id : ids)
    ASSERT_TRUE(s->offer(id));
  std::vector<std::vector<int64_t>> claimed(workers);
  std::vector<int64_t> withdrawn;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < workers; ++k)
    threads.emplace_back([&, k] {
      std::string error;
      auto mine = openStore(location, error);
      if (!mine) {
        ++failures;
        return;
      }
      WorkerInfo wk = worker("node-" + std::to_string(k), 200 + k);
      while (true) {
        std::optional<Trial> t;
        if (!mine->claim(wk, 60, t)) {
          ++failures;
          return;
        }
        if (!t)
          return;
        claimed[k].push_back(t->id);
      }
    });
  threads.emplace_back([&] {
    std::string error;
    auto search = openStore(location, error);
    if (!search) {
      ++failures;
      return;
    }
    // From the newest, while the workers claim from the oldest.
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
      bool mine = false;
      if (!search->withdraw(*it, mine)) {
        ++failures;
        return;
      }
      if (mine)
        withdrawn.push_back(*it);
    }
  });
  for (auto &t : threads)
    t.join();
  EXPECT_EQ(failures.load(), 0);
  std::multiset<int64_t> all(withdrawn.begin(), withdrawn.end());
  for (auto &c : claimed)
    all.insert(c.begin(), c.end());
  EXPECT_EQ(all.size(), (size_t)n) << "a trial went to both sides or none";
  EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()),
            std::set<int64_t>(ids.begin(), ids.end()));
  std::map<int64_t, Trial> rows;
  ASSERT_TRUE(trialsById(*s, rows));
  for (int64_t id : withdrawn)
    EXPECT_EQ(rows[id].status, TrialStatus::Queued) << "trial " << id;
  for (int k = 0; k < workers; ++k)
    for (int64_t id : claimed[k])
      EXPECT_EQ(rows[id].workerPid, 200 + k) << "trial " << id;
}

TEST_P(StoreConformance, AnExpiredLeaseIsRequeuedAndItsLateResultRefused) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  int64_t id = propose(*s, 1, "l")[0];
  ASSERT_TRUE(s->offer(id));
  WorkerInfo lostOne = worker("node-a", 11), second = worker("node-b", 12);
  std::optional<Trial> got;
  ASSERT_TRUE(s->claim(lostOne, 0.2, got));
  ASSERT_TRUE(got);
  std::vector<Trial> requeued;
  ASSERT_TRUE(s->requeueExpired(requeued)) << s->lastError();
  EXPECT_TRUE(requeued.empty()) << "the lease has not ended";
  usleep(300000);
  ASSERT_TRUE(s->requeueExpired(requeued)) << s->lastError();
  ASSERT_EQ(requeued.size(), 1u);
  EXPECT_EQ(requeued[0].id, id);
  EXPECT_EQ(requeued[0].status, TrialStatus::Running) << "as it was";
  EXPECT_EQ(requeued[0].workerHost, "node-a");
  Trial now = load(*s, id);
  EXPECT_EQ(now.status, TrialStatus::Queued);
  EXPECT_EQ(now.workerHost, "");
  EXPECT_EQ(now.leaseUntil, 0);

  // Still offered: the second worker claims it.
  ASSERT_TRUE(s->claim(second, 60, got));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, id);
  std::vector<int64_t> lost;
  ASSERT_TRUE(s->renewLeases(lostOne, {id}, 60, lost));
  EXPECT_EQ(lost, std::vector<int64_t>{id});
  double before = load(*s, id).leaseUntil;
  usleep(20000);
  ASSERT_TRUE(s->renewLeases(second, {id}, 60, lost));
  EXPECT_TRUE(lost.empty());
  EXPECT_GT(load(*s, id).leaseUntil, before);

  Trial late = *got;
  late.status = TrialStatus::Ok;
  late.metrics = {{"accuracy", 10}};
  late.finished = wallClock();
  bool accepted = true;
  ASSERT_TRUE(s->finishClaimed(late, lostOne, accepted)) << s->lastError();
  EXPECT_FALSE(accepted) << "the lost worker's result is refused";
  Trial result = *got;
  result.status = TrialStatus::Ok;
  result.metrics = {{"accuracy", 88}};
  result.finished = wallClock();
  result.evalSeconds = 2;
  ASSERT_TRUE(s->finishClaimed(result, second, accepted)) << s->lastError();
  EXPECT_TRUE(accepted);
  ASSERT_TRUE(s->finishClaimed(result, second, accepted));
  EXPECT_FALSE(accepted) << "finished: no longer held";

  std::vector<Trial> finished;
  ASSERT_TRUE(s->loadFinished({id, id + 1000}, finished));
  ASSERT_EQ(finished.size(), 1u);
  EXPECT_EQ(finished[0].metric("accuracy", 0), 88);
  EXPECT_EQ(finished[0].workerHost, "node-b");
  std::vector<Event> events;
  ASSERT_TRUE(s->loadEvents(events));
  EXPECT_EQ(events.size(), 1u) << "finishClaimed writes no observe event";
}

// A real worker process claims a trial and is killed (SIGKILL) mid-trial;
// a worker started late, once its lease ran out, evaluates it to the end.
TEST_P(StoreConformance, AWorkerKilledMidTrialLeavesItsTrialToAnother) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  int64_t id = propose(*s, 1, "k")[0];
  ASSERT_TRUE(s->offer(id));
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::string error;
    auto mine = openStore(location, error);
    std::optional<Trial> t;
    WorkerInfo w = worker(hostName(), getpid());
    char ok = mine && mine->claim(w, 0.3, t) && t ? 'y' : 'n';
    if (write(ready[1], &ok, 1) != 1)
      _exit(2);
    pause(); // "evaluating" until killed
    _exit(0);
  }
  char ok = 0;
  ASSERT_EQ(read(ready[0], &ok, 1), 1);
  ASSERT_EQ(ok, 'y');
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  close(ready[0]);
  close(ready[1]);
  Trial held = load(*s, id);
  EXPECT_EQ(held.status, TrialStatus::Running);
  EXPECT_EQ(held.workerPid, child);
  usleep(400000);
  std::vector<Trial> requeued;
  ASSERT_TRUE(s->requeueExpired(requeued)) << s->lastError();
  ASSERT_EQ(requeued.size(), 1u);
  auto late = open(); // a worker started after all this
  WorkerInfo w = worker("late", 3);
  std::optional<Trial> got;
  ASSERT_TRUE(late->claim(w, 60, got));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, id);
  Trial r = *got;
  r.status = TrialStatus::Ok;
  r.metrics = {{"accuracy", 7}};
  r.finished = wallClock();
  bool accepted = false;
  ASSERT_TRUE(late->finishClaimed(r, w, accepted));
  EXPECT_TRUE(accepted);
  EXPECT_EQ(load(*s, id).workerHost, "late");
}

TEST_P(StoreConformance, RequeueRunningLeavesLiveLeasesAlone) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  std::vector<int64_t> ids = propose(*s, 3, "q");
  Trial own = load(*s, ids[0]);
  own.status = TrialStatus::Running;
  own.started = wallClock();
  own.workerPid = 5;
  ASSERT_TRUE(s->markRunning(own));
  ASSERT_TRUE(s->offer(ids[1]));
  ASSERT_TRUE(s->offer(ids[2]));
  std::optional<Trial> live, dead;
  ASSERT_TRUE(s->claim(worker("n", 1), 600, live));
  ASSERT_TRUE(s->claim(worker("n", 2), 0.05, dead));
  ASSERT_TRUE(live && dead);
  usleep(100000);
  std::vector<Trial> running;
  ASSERT_TRUE(s->requeueRunning(running)) << s->lastError();
  std::set<int64_t> got;
  for (Trial &t : running)
    got.insert(t.id);
  EXPECT_EQ(got, (std::set<int64_t>{ids[0], dead->id}));
  EXPECT_EQ(load(*s, live->id).status, TrialStatus::Running);
  EXPECT_EQ(load(*s, ids[0]).status, TrialStatus::Queued);
  EXPECT_EQ(load(*s, dead->id).status, TrialStatus::Queued);
}

TEST_P(StoreConformance, WorkersBeatAndGo) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  std::vector<WorkerInfo> live;
  ASSERT_TRUE(s->liveWorkers(30, live));
  EXPECT_TRUE(live.empty());
  WorkerInfo a = worker("host-a", 1), b = worker("host-b", 2);
  ASSERT_TRUE(s->workerBeat(a)) << s->lastError();
  ASSERT_TRUE(s->workerBeat(b));
  a.device = "cpu";
  ASSERT_TRUE(s->workerBeat(a)) << "a beat updates";
  ASSERT_TRUE(s->liveWorkers(30, live));
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(live[0].host, "host-a");
  EXPECT_EQ(live[0].device, "cpu");
  EXPECT_EQ(live[0].identity, a.identity);
  EXPECT_EQ(live[0].jobs, 2);
  EXPECT_NEAR(live[0].heartbeat, wallClock(), 30);
  ASSERT_TRUE(s->workerGone(a));
  ASSERT_TRUE(s->liveWorkers(30, live));
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].host, "host-b");
  usleep(150000);
  ASSERT_TRUE(s->liveWorkers(0.1, live));
  EXPECT_TRUE(live.empty()) << "a stale beat is not live";
}

TEST_P(StoreConformance, KeepsTheFinishedFlag) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  bool finished = true;
  ASSERT_TRUE(s->isFinished(finished));
  EXPECT_FALSE(finished);
  ASSERT_TRUE(s->setFinished(true));
  auto other = open();
  ASSERT_TRUE(other->isFinished(finished));
  EXPECT_TRUE(finished);
  ASSERT_TRUE(s->setFinished(false));
  ASSERT_TRUE(other->isFinished(finished));
  EXPECT_FALSE(finished);
}

TEST_P(StoreConformance, KeepsArtifactsByteForByte) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  int64_t id = propose(*s, 1, "w")[0];
  std::string bytes(1 << 20, '\0');
  for (size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = (char)((i * 2654435761u) >> 13);
  bytes[0] = 0, bytes[1] = '\\', bytes[2] = '\'', bytes[3] = (char)0xff;
  ASSERT_TRUE(s->saveArtifact(id, "weights.pt", bytes)) << s->lastError();
  std::string got;
  bool found = false;
  auto other = open();
  ASSERT_TRUE(other->loadArtifact(id, "weights.pt", got, found));
  EXPECT_TRUE(found);
  EXPECT_TRUE(got == bytes) << "1 MB with NULs, read back " << got.size();
  ASSERT_TRUE(s->saveArtifact(id, "weights.pt", std::string("\0x", 2)));
  ASSERT_TRUE(other->loadArtifact(id, "weights.pt", got, found));
  EXPECT_EQ(got, std::string("\0x", 2)) << "replaced";
  ASSERT_TRUE(other->loadArtifact(id, "other.pt", got, found));
  EXPECT_FALSE(found);
  EXPECT_TRUE(got.empty());
  EXPECT_FALSE(s->saveArtifact(id + 100, "weights.pt", "x"))
      << "an artifact of no trial";
}

TEST_P(StoreConformance, KeepsPhases) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  std::string json;
  ASSERT_TRUE(s->loadPhase("supernet", json));
  EXPECT_EQ(json, "");
  ASSERT_TRUE(s->savePhase("supernet", R"({"epochs": 3, "q": "it's"})"));
  ASSERT_TRUE(s->savePhase("supernet", R"({"epochs": 4})"));
  auto other = open();
  ASSERT_TRUE(other->loadPhase("supernet", json));
  EXPECT_EQ(json, R"({"epochs": 4})");
}

TEST_P(StoreConformance, OpensAnExperimentReadOnly) {
  {
    auto s = openWithExperiment();
    ASSERT_TRUE(s);
    propose(*s, 2, "ro");
  }
  ExperimentInfo info;
  std::string error;
  auto r = openExperimentStore(location, info, error);
  ASSERT_TRUE(r) << error;
  EXPECT_EQ(info.strategy, "random");
  EXPECT_EQ(info.seed, sampleExperiment().seed);
  std::vector<Trial> trials;
  ASSERT_TRUE(r->loadTrials(trials)) << r->lastError();
  EXPECT_EQ(trials.size(), 2u);
  std::vector<Trial *> ptrs;
  EXPECT_FALSE(r->addProposals(1, ptrs)) << "a reader writes nothing";
  EXPECT_FALSE(r->setFinished(true));
}

Curve sampleCurve(int epochs) {
  Curve c;
  for (int e = 1; e <= epochs; ++e)
    c.push_back({e, 2.0 / e, 1 - 1.0 / (e + 2), 1.0 / 3 / e, 0.1 * e});
  return c;
}

TEST_P(StoreConformance, KeepsLearningCurves) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  std::vector<int64_t> ids = propose(*s, 3, "lc");
  // The search's own job.
  Trial a = load(*s, ids[0]);
  a.status = TrialStatus::Ok;
  a.metrics = {{"accuracy", 30}};
  a.curve = sampleCurve(3);
  a.finished = wallClock();
  ASSERT_TRUE(s->finish(a, /*observed=*/true)) << s->lastError();
  // A worker's, read back by the search (loadFinished).
  WorkerInfo w = worker("node-2", 88);
  ASSERT_TRUE(s->offer(ids[1]));
  std::optional<Trial> got;
  ASSERT_TRUE(s->claim(w, 30, got)) << s->lastError();
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->curve.empty());
  got->status = TrialStatus::Ok;
  got->metrics = {{"accuracy", 10}};
  got->curve = sampleCurve(1);
  got->finished = wallClock();
  bool accepted = false;
  ASSERT_TRUE(s->finishClaimed(*got, w, accepted)) << s->lastError();
  EXPECT_TRUE(accepted);
  std::vector<Trial> finished;
  ASSERT_TRUE(s->loadFinished({ids[1]}, finished)) << s->lastError();
  ASSERT_EQ(finished.size(), 1u);
  EXPECT_EQ(finished[0].curve, sampleCurve(1));
  // A failed trial has none.
  Trial c = load(*s, ids[2]);
  c.status = TrialStatus::Failed;
  c.error = "diverged";
  c.finished = wallClock();
  ASSERT_TRUE(s->finish(c, /*observed=*/true)) << s->lastError();

  ExperimentInfo info;
  std::string error;
  auto r = openExperimentStore(location, info, error);
  ASSERT_TRUE(r) << error;
  std::vector<Trial> all;
  ASSERT_TRUE(r->loadTrials(all)) << r->lastError();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].curve, sampleCurve(3)) << "the curve round-trips exactly";
  EXPECT_EQ(all[1].curve, sampleCurve(1));
  EXPECT_TRUE(all[2].curve.empty());
}

/// Drops trials.curve behind the store's back: the schema of a nasir made
/// before learning curves were kept.
void dropCurveColumn(bool postgres, const std::string &location,
                     const std::string &experiment) {
  std::string sql = "ALTER TABLE trials DROP COLUMN curve";
  if (postgres) {
#ifdef NASIR_HAVE_POSTGRES
    Admin admin;
    admin.value(("ALTER TABLE \"" + experiment +
                 "\".trials DROP COLUMN curve").c_str());
#endif
    return;
  }
  sqlite3 *db = nullptr;
  ASSERT_EQ(sqlite3_open(location.c_str(), &db), SQLITE_OK);
  char *msg = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg), SQLITE_OK)
      << (msg ? msg : "");
  sqlite3_free(msg);
  sqlite3_close(db);
}

TEST_P(StoreConformance, AStoreMadeBeforeCurvesOpensAndGainsThem) {
  std::vector<int64_t> ids;
  {
    auto s = openWithExperiment();
    ASSERT_TRUE(s);
    ids = propose(*s, 2, "old");
    Trial a = load(*s, ids[0]);
    a.status = TrialStatus::Ok;
    a.metrics = {{"accuracy", 50}};
    a.finished = wallClock();
    ASSERT_TRUE(s->finish(a, /*observed=*/true)) << s->lastError();
  }
  dropCurveColumn(postgres(), location, experiment);
  {
    // Read-only (report, export): read without it.
    ExperimentInfo info;
    std::string error;
    auto r = openExperimentStore(location, info, error);
    ASSERT_TRUE(r) << error;
    std::vector<Trial> all;
    ASSERT_TRUE(r->loadTrials(all)) << r->lastError();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].metric("accuracy", 0), 50);
    EXPECT_TRUE(all[0].curve.empty());
  }
  // For writing (a resumed search, a worker): the column is added.
  auto s = open();
  ASSERT_TRUE(s);
  Trial b = load(*s, ids[1]);
  b.status = TrialStatus::Ok;
  b.metrics = {{"accuracy", 60}};
  b.curve = sampleCurve(2);
  b.finished = wallClock();
  ASSERT_TRUE(s->finish(b, /*observed=*/true)) << s->lastError();
  auto again = open();
  Trial got = load(*again, ids[1]);
  EXPECT_EQ(got.curve, sampleCurve(2));
  EXPECT_TRUE(load(*again, ids[0]).curve.empty());
}

TEST_P(StoreConformance, AMissingExperimentIsNotOpenedForReading) {
  std::string where = location;
  if (postgres())
    where = urlFor(experiment + "_absent");
  ExperimentInfo info;
  std::string error;
  EXPECT_FALSE(openExperimentStore(where, info, error));
  EXPECT_FALSE(error.empty());
  if (postgres()) {
    EXPECT_NE(error.find("holds no nasir experiment"), std::string::npos)
        << error;
    EXPECT_FALSE(openExperimentStore(where, info, error))
        << "reading created nothing";
    EXPECT_NE(error.find("holds no nasir experiment"), std::string::npos)
        << error;
  }
}

// --- PostgreSQL only ---

class PostgresStoreTest : public StoreConformance {};

#ifdef NASIR_HAVE_POSTGRES

TEST_P(PostgresStoreTest, KeepsSeveralExperimentsApart) {
  std::string otherUrl = urlFor(experiment + "_b");
  auto a = openWithExperiment();
  std::string error;
  auto b = openStore(otherUrl, error);
  ASSERT_TRUE(a && b) << error;
  EXPECT_FALSE(b->hasExperiment());
  ExperimentInfo other = sampleExperiment();
  other.strategy = "evolution";
  ASSERT_TRUE(b->createExperiment(other));
  propose(*a, 3, "a");
  propose(*b, 1, "b");
  std::vector<Trial> ta, tb;
  ASSERT_TRUE(a->loadTrials(ta));
  ASSERT_TRUE(b->loadTrials(tb));
  EXPECT_EQ(ta.size(), 3u);
  ASSERT_EQ(tb.size(), 1u);
  EXPECT_EQ(tb[0].decisions, "b0");
  ExperimentInfo got;
  ASSERT_TRUE(b->loadExperiment(got));
  EXPECT_EQ(got.strategy, "evolution");
  std::string lockError;
  EXPECT_TRUE(a->acquire(lockError)) << lockError;
  EXPECT_TRUE(b->acquire(lockError)) << "one lock per experiment";
}

TEST_P(PostgresStoreTest, RejectsOrQuotesHostileExperimentNames) {
  std::string base = pgBaseUrl();
  for (const char *bad :
       {"a\";DROP SCHEMA public;--", "x'y", "a%20b", "a;b", "", "pg_catalog",
        "%22",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
    std::string error;
    EXPECT_FALSE(openStore(base + "?experiment=" + bad, error)) << bad;
    EXPECT_NE(error.find("is not a valid name"), std::string::npos) << error;
  }
  std::string error;
  EXPECT_FALSE(openStore(base + "?experiment=a&experiment=b", error));
  EXPECT_NE(error.find("named twice"), std::string::npos) << error;
  // Names that need quoting (case, '-', '.') are distinct schemas.
  std::string upper = experiment.substr(0, 40) + "-Run.1",
              lower = experiment.substr(0, 40) + "-run.1";
  auto u = openStore(urlFor(upper), error);
  ASSERT_TRUE(u) << error;
  auto l = openStore(urlFor(lower), error);
  ASSERT_TRUE(l) << error;
  ASSERT_TRUE(u->createExperiment(sampleExperiment()));
  EXPECT_FALSE(l->hasExperiment());
  Admin admin;
  EXPECT_EQ(admin.value("SELECT count(*) FROM pg_namespace WHERE nspname = $1",
                        {upper}),
            "1");
  EXPECT_EQ(admin.value("SELECT count(*) FROM pg_namespace WHERE nspname = "
                        "'public'"),
            "1");
}

TEST_P(PostgresStoreTest, MasksThePasswordInMessages) {
  std::string error;
  EXPECT_FALSE(openStore("postgresql://nasir:s3cret@127.0.0.1:1/db?"
                         "experiment=x&password=t0psecret",
                         error));
  EXPECT_EQ(error.find("s3cret"), std::string::npos) << error;
  EXPECT_EQ(error.find("t0psecret"), std::string::npos) << error;
  EXPECT_NE(error.find("postgresql://nasir:***@127.0.0.1:1/db?experiment=x&"
                       "password=***"),
            std::string::npos)
      << error;
  EXPECT_EQ(maskStorePassword("runs/exp.db"), "runs/exp.db");
}

/// Restarts the test server (pg_ctl restart -m fast): every connection is
/// cut; committed work survives.
void restartServer() {
  const char *data = getenv("NASIR_TEST_PG_DATA"),
             *bin = getenv("NASIR_TEST_PG_BIN");
  ASSERT_TRUE(data && bin) << "NASIR_TEST_PG_DATA and NASIR_TEST_PG_BIN";
  std::string pgctl = std::string(bin) + "/pg_ctl";
  std::string log = std::string(data) + "/../log";
  std::vector<std::string> args;
  if (geteuid() == 0) // the server runs as `postgres` (scripts/pg-server.sh)
    args = {"/usr/sbin/runuser", "-u", "postgres", "--"};
  for (const char *a : {pgctl.c_str(), "-D", data, "-l", log.c_str(), "-w",
                        "-t", "60", "-m", "fast", "restart"})
    args.push_back(a);
  std::vector<char *> argv;
  for (auto &a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  ASSERT_EQ(posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&fa);
  int status;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "pg_ctl restart failed";
}

TEST_P(PostgresStoreTest, ReconnectsAfterTheServerRestarts) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  std::vector<int64_t> ids = propose(*s, 2, "x");
  restartServer();
  if (HasFatalFailure())
    return;
  Trial t = load(*s, ids[0]); // the first statement after: reconnects
  EXPECT_EQ(t.status, TrialStatus::Queued);
  t.status = TrialStatus::Running;
  t.started = wallClock();
  ASSERT_TRUE(s->markRunning(t)) << s->lastError();
  restartServer();
  t.status = TrialStatus::Ok;
  t.metrics = {{"accuracy", 50}};
  t.finished = wallClock();
  ASSERT_TRUE(s->finish(t, true))
      << "a write after a restart: " << s->lastError();
  // A grouped transaction cut off by a restart is redone whole, with the
  // ids the search already holds.
  s->groupCommits(true);
  std::vector<int64_t> grouped = propose(*s, 2, "grp");
  Trial g = load(*s, grouped[0]);
  g.status = TrialStatus::Running;
  g.started = wallClock();
  ASSERT_TRUE(s->markRunning(g));
  restartServer();
  ASSERT_TRUE(s->offer(grouped[1])) << s->lastError();
  ASSERT_TRUE(s->commit()) << s->lastError();
  s->groupCommits(false);

  auto reader = open();
  std::vector<Trial> all;
  ASSERT_TRUE(reader->loadTrials(all));
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].status, TrialStatus::Ok);
  EXPECT_EQ(all[1].status, TrialStatus::Queued);
  EXPECT_EQ(all[2].id, grouped[0]);
  EXPECT_EQ(all[2].status, TrialStatus::Running);
  EXPECT_EQ(all[3].id, grouped[1]);
  std::vector<Event> events;
  ASSERT_TRUE(reader->loadEvents(events));
  EXPECT_EQ(events.size(), 3u) << "propose, observe, propose: none twice";
  std::optional<Trial> claimed;
  ASSERT_TRUE(reader->claim(worker("n", 3), 60, claimed));
  ASSERT_TRUE(claimed) << "the redone offer stands";
  EXPECT_EQ(claimed->id, grouped[1]);
}

TEST_P(PostgresStoreTest, AChangeCutOffHalfWayIsNeverSeen) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  s->groupCommits(true);
  std::vector<int64_t> ids = propose(*s, 3, "half");
  Admin admin;
  // Cut the store's connection (only it runs as application "nasir" here,
  // in this experiment's schema) while its transaction is open.
  EXPECT_EQ(admin.value("SELECT count(*) FROM pg_stat_activity WHERE "
                        "application_name = 'nasir' AND state = "
                        "'idle in transaction'"),
            "1");
  admin.value("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
              "application_name = 'nasir' AND state = 'idle in transaction'");
  auto other = open();
  std::vector<Trial> seen;
  ASSERT_TRUE(other->loadTrials(seen));
  EXPECT_TRUE(seen.empty()) << "the cut-off transaction left nothing";
  ASSERT_TRUE(s->commit()) << s->lastError();
  ASSERT_TRUE(other->loadTrials(seen));
  ASSERT_EQ(seen.size(), 3u) << "redone once, not twice";
  for (int k = 0; k < 3; ++k)
    EXPECT_EQ(seen[k].id, ids[k]);
  std::vector<Event> events;
  ASSERT_TRUE(other->loadEvents(events));
  EXPECT_EQ(events.size(), 1u);
}

// The connection cut at COMMIT (NASIR_PG_FAULT, every other COMMIT): once
// after the server committed (the reply lost: the store must not redo the
// change), once instead of committing (it must redo it), once leaving the
// old session open in its transaction (a network cut: the store ends that
// session, then redoes the change). Either way each change happens once.
TEST_P(PostgresStoreTest, ACommitCutOffIsNeitherLostNorDoubled) {
  for (const char *fault : {"reply", "abort", "stall"}) {
    SCOPED_TRACE(fault);
    setenv("NASIR_PG_FAULT", fault, 1);
    std::string where = urlFor(experiment + "_" + fault);
    auto s = open(where);
    unsetenv("NASIR_PG_FAULT");
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->createExperiment(sampleExperiment())) << s->lastError();
    std::vector<int64_t> ids = propose(*s, 2, "f");
    s->groupCommits(true);
    std::vector<int64_t> grouped = propose(*s, 2, "g");
    Trial t = load(*s, grouped[0]);
    t.status = TrialStatus::Ok;
    t.metrics = {{"accuracy", 3}};
    t.finished = wallClock();
    ASSERT_TRUE(s->finish(t, true));
    ASSERT_TRUE(s->offer(ids[0]));
    ASSERT_TRUE(s->offer(ids[1]));
    ASSERT_TRUE(s->commit()) << s->lastError();
    s->groupCommits(false);
    WorkerInfo w = worker("node-f", 9);
    std::optional<Trial> first, second, none;
    ASSERT_TRUE(s->claim(w, 60, first)) << s->lastError();
    ASSERT_TRUE(s->claim(w, 60, second)) << s->lastError();
    ASSERT_TRUE(s->claim(w, 60, none)) << s->lastError();
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->id, ids[0]);
    EXPECT_EQ(second->id, ids[1]) << "no claim was lost or taken twice";
    EXPECT_FALSE(none);
    for (const std::optional<Trial> &c : {first, second}) {
      Trial r = *c;
      r.status = TrialStatus::Ok;
      r.metrics = {{"accuracy", 1}};
      r.finished = wallClock();
      bool accepted = false;
      ASSERT_TRUE(s->finishClaimed(r, w, accepted)) << s->lastError();
      EXPECT_TRUE(accepted) << "trial " << r.id;
    }
    auto reader = open(where);
    std::vector<Trial> all;
    ASSERT_TRUE(reader->loadTrials(all));
    ASSERT_EQ(all.size(), 4u);
    for (int k = 0; k < 2; ++k) {
      EXPECT_EQ(all[k].id, ids[k]);
      EXPECT_EQ(all[k].status, TrialStatus::Ok);
      EXPECT_EQ(all[k + 2].id, grouped[k]);
    }
    std::vector<Event> events;
    ASSERT_TRUE(reader->loadEvents(events));
    EXPECT_EQ(events.size(), 3u) << "propose, propose, observe: none twice";
  }
}

TEST_P(PostgresStoreTest, WorkersRaceThroughARestart) {
  auto s = openWithExperiment();
  ASSERT_TRUE(s);
  const int n = 40, workers = 3;
  std::vector<int64_t> ids = propose(*s, n, "rr");
  for (int64_t id : ids)
    ASSERT_TRUE(s->offer(id));
  std::vector<std::vector<int64_t>> done(workers);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < workers; ++k)
    threads.emplace_back([&, k] {
      std::string error;
      auto mine = openStore(location, error);
      if (!mine) {
        ++failures;
        return;
      }
      WorkerInfo w = worker("node-" + std::to_string(k), 200 + k);
      while (true) {
        std::optional<Trial> t;
        if (!mine->claim(w, 120, t)) {
          ++failures;
          return;
        }
        if (!t)
          return;
        usleep(50000); // the evaluation
        Trial r = *t;
        r.status = TrialStatus::Ok;
        r.metrics = {{"accuracy", (double)r.id}};
        r.finished = wallClock();
        bool accepted = false;
        if (!mine->finishClaimed(r, w, accepted) || !accepted) {
          ++failures;
          return;
        }
        done[k].push_back(t->id);
      }
    });
  usleep(150000);
  restartServer();
  for (auto &t : threads)
    t.join();
  EXPECT_EQ(failures.load(), 0);
  std::multiset<int64_t> all;
  for (auto &d : done)
    all.insert(d.begin(), d.end());
  EXPECT_EQ(all.size(), (size_t)n);
  EXPECT_EQ(std::set<int64_t>(all.begin(), all.end()).size(), (size_t)n);
  std::vector<Trial> finished;
  ASSERT_TRUE(s->loadFinished(ids, finished));
  EXPECT_EQ(finished.size(), (size_t)n);
  for (Trial &t : finished)
    EXPECT_EQ(t.metric("accuracy", -1), (double)t.id);
}

#endif

} // namespace

INSTANTIATE_TEST_SUITE_P(Stores, StoreConformance,
                         ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         backendName);
INSTANTIATE_TEST_SUITE_P(Stores, PostgresStoreTest,
                         ::testing::Values(Backend::Postgres), backendName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(PostgresStoreTest);
