//===- SqliteStore.cpp - the experiment store in SQLite (WAL) -------------===//
//
// Schema (docs/search.md): experiment (one row), trials, events, lock,
// phases (a strategy's work outside trials: the one-shot supernet phase).
// journal_mode=WAL and synchronous=NORMAL: a commit survives the crash or
// SIGKILL of the process (an OS crash may lose the last commits).
//
// A damaged file is an error, never a shorter experiment: opening runs
// `PRAGMA quick_check`, and every read that stops before its last row says
// why. Readers (report, export, warm start) open the file read-only and
// create nothing next to it (openExperimentStore).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/LearningCurve.h"
#include "lib/Search/ProcessIdentity.h"
#include "lib/Search/Store.h"
#include "lib/Support/LimitedJson.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <csignal>
#include <sqlite3.h>
#include <unistd.h>

using namespace nasir;
using namespace nasir::search;

Store::~Store() = default;

std::string nasir::search::hostName() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0)
    return "localhost";
  return buf;
}

static const char *kSchema = R"sql(
CREATE TABLE IF NOT EXISTS experiment (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  space_name TEXT, space_file TEXT, space_ir TEXT NOT NULL,
  strategy TEXT NOT NULL, evaluator TEXT NOT NULL,
  options TEXT NOT NULL, seed INTEGER NOT NULL, created REAL,
  schema_version INTEGER NOT NULL DEFAULT 1, finished REAL);
CREATE TABLE IF NOT EXISTS trials (
  id INTEGER PRIMARY KEY,
  decisions TEXT NOT NULL, fingerprint TEXT, epochs INTEGER,
  status TEXT NOT NULL CHECK (status IN ('queued','running','ok','failed','reused')),
  accuracy REAL, params INTEGER, flops INTEGER, latency_ms REAL,
  metrics TEXT, error TEXT, reused_from INTEGER REFERENCES trials(id),
  worker_pid INTEGER, worker_host TEXT,
  created REAL, started REAL, finished REAL, eval_seconds REAL,
  worker_identity TEXT, worker_device TEXT, offered REAL, lease_until REAL,
  curve TEXT);
CREATE INDEX IF NOT EXISTS trials_by_status ON trials(status);
CREATE INDEX IF NOT EXISTS trials_by_fingerprint ON trials(fingerprint, epochs);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('propose','observe')),
  count INTEGER, trial INTEGER REFERENCES trials(id));
CREATE TABLE IF NOT EXISTS lock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  pid INTEGER NOT NULL, host TEXT NOT NULL, heartbeat REAL NOT NULL, since REAL,
  identity TEXT);
CREATE TABLE IF NOT EXISTS phases (
  name TEXT PRIMARY KEY, json TEXT NOT NULL, saved REAL);
CREATE TABLE IF NOT EXISTS workers (
  host TEXT NOT NULL, pid INTEGER NOT NULL, identity TEXT, device TEXT,
  jobs INTEGER, started REAL, heartbeat REAL NOT NULL,
  PRIMARY KEY (host, pid));
CREATE TABLE IF NOT EXISTS artifacts (
  trial INTEGER NOT NULL REFERENCES trials(id), name TEXT NOT NULL,
  data BLOB NOT NULL, PRIMARY KEY (trial, name));
)sql";

/// Columns added since the first schema: a store made before them gains them
/// when opened for writing (and is read without them otherwise).
static const struct {
  const char *table, *column, *type;
} kAddedColumns[] = {{"trials", "worker_identity", "TEXT"},
                     {"lock", "identity", "TEXT"},
                     {"trials", "worker_device", "TEXT"},
                     {"trials", "offered", "REAL"},
                     {"trials", "lease_until", "REAL"},
                     {"experiment", "finished", "REAL"},
                     {"trials", "curve", "TEXT"}};

/// How every message about a damaged file begins.
static const char *kCorrupt = "the store is corrupt";

namespace {
/// A prepared statement, finalized on scope exit; or one of the store's
/// cached statements (SqliteStore::cached), reset and unbound on scope exit.
class Stmt {
public:
  Stmt(sqlite3 *db, const char *sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
      s = nullptr;
  }
  struct Borrowed {};
  Stmt(sqlite3_stmt *cached, Borrowed) : s(cached), owned(false) {}
  Stmt(const Stmt &) = delete;
  Stmt &operator=(const Stmt &) = delete;
  ~Stmt() {
    if (owned) {
      sqlite3_finalize(s);
    } else if (s) {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  }
  explicit operator bool() const { return s; }
  Stmt &bind(int i, int64_t v) {
    sqlite3_bind_int64(s, i, v);
    return *this;
  }
  Stmt &bind(int i, double v) {
    sqlite3_bind_double(s, i, v);
    return *this;
  }
  Stmt &bind(int i, const std::string &v) {
    sqlite3_bind_text(s, i, v.data(), (int)v.size(), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt &bindBlob(int i, const std::string &v) {
    sqlite3_bind_blob64(s, i, v.data(), v.size(), SQLITE_TRANSIENT);
    return *this;
  }
  std::string blob(int c) {
    auto p = (const char *)sqlite3_column_blob(s, c);
    return p ? std::string(p, (size_t)sqlite3_column_bytes(s, c)) : "";
  }
  Stmt &bindNull(int i) {
    sqlite3_bind_null(s, i);
    return *this;
  }
  int step() { return sqlite3_step(s); }
  std::string text(int c) {
    auto p = (const char *)sqlite3_column_text(s, c);
    return p ? p : "";
  }
  int64_t integer(int c) { return sqlite3_column_int64(s, c); }
  double real(int c) { return sqlite3_column_double(s, c); }
  bool null(int c) { return sqlite3_column_type(s, c) == SQLITE_NULL; }

private:
  sqlite3_stmt *s = nullptr;
  bool owned = true;
};

class SqliteStore : public Store {
public:
  ~SqliteStore() override {
    commit(); // what a grouped search left pending
    for (auto &c : statements)
      sqlite3_finalize(c.second);
    if (db)
      sqlite3_close(db);
  }

  bool open(const std::string &path, bool readOnly, std::string &error) {
    // Read-only, nothing is written, not even a -wal/-shm beside the file: a
    // store without a -wal file has no writer (a search keeps one while it
    // runs), so it is read as immutable; one with a -wal file (a running or
    // killed search) is read through it.
    int rc = readOnly ? sqlite3_open_v2(readOnlyUri(path).c_str(), &db,
                                        SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
                                        nullptr)
                      : sqlite3_open(path.c_str(), &db);
    if (rc != SQLITE_OK) {
      error = "cannot open store '" + path + "': " + sqlite3_errmsg(db);
      return false;
    }
    sqlite3_busy_timeout(db, 10000);
    if (!checkIntegrity() || (!readOnly && !prepareForWriting())) {
      error = "store '" + path + "': " + err;
      // SQLite reads a -wal file only through its -shm index, which it
      // cannot create in a folder it may not write.
      if (readOnly && llvm::sys::fs::exists(path + "-wal") &&
          !llvm::sys::fs::exists(path + "-shm"))
        error += " (its -wal file, which holds its last commits, has no -shm "
                 "file beside it, and the folder is not writable: copy the "
                 "store with its -wal file to a writable folder)";
      return false;
    }
    return true;
  }

  /// WAL mode and the schema. Two processes that open a new file at once (a
  /// search and its first worker) may find it locked while the other one
  /// switches it to WAL, a lock SQLite's busy handler does not wait for:
  /// each step is idempotent, so the whole is tried again, for 30 s.
  bool prepareForWriting() {
    for (int attempt = 0;; ++attempt) {
      if (exec("PRAGMA journal_mode=WAL") && exec("PRAGMA synchronous=NORMAL") &&
          exec("PRAGMA foreign_keys=ON") && exec(kSchema) && addColumns())
        return true;
      if ((sqlite3_errcode(db) & 0xff) != SQLITE_BUSY || attempt >= 150)
        return false;
      usleep(200000);
    }
  }

  bool hasExperiment() override {
    Stmt s(db, "SELECT count(*) FROM experiment");
    return s && s.step() == SQLITE_ROW && s.integer(0) > 0;
  }

  bool createExperiment(const ExperimentInfo &i) override {
    Stmt s(db, "INSERT INTO experiment (id, space_name, space_file, space_ir, "
               "strategy, evaluator, options, seed, created) "
               "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, i.spaceName).bind(2, i.spaceFile).bind(3, i.spaceIR);
    s.bind(4, i.strategy).bind(5, i.evaluator).bind(6, i.options);
    s.bind(7, (int64_t)i.seed).bind(8, wallClock());
    return done(s.step());
  }

  bool loadExperiment(ExperimentInfo &i) override {
    Stmt s(db, "SELECT space_name, space_file, space_ir, strategy, evaluator, "
               "options, seed, created FROM experiment WHERE id = 1");
    if (!s)
      return failed(sqlite3_errcode(db));
    if (int rc = s.step(); rc != SQLITE_ROW) {
      if (rc == SQLITE_DONE)
        err = "no experiment";
      else
        failed(rc);
      return false;
    }
    i.spaceName = s.text(0), i.spaceFile = s.text(1), i.spaceIR = s.text(2);
    i.strategy = s.text(3), i.evaluator = s.text(4), i.options = s.text(5);
    i.seed = (uint64_t)s.integer(6), i.created = s.real(7);
    return true;
  }

  bool acquire(std::string &error) override {
    if (!commit() || !exec("BEGIN IMMEDIATE")) {
      error = err;
      return false;
    }
    Stmt s(db, "SELECT pid, host, heartbeat, identity FROM lock WHERE id = 1");
    int rc = s ? s.step() : sqlite3_errcode(db);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      failed(rc);
      error = err;
      exec("ROLLBACK");
      return false;
    }
    if (rc == SQLITE_ROW) {
      int64_t pid = s.integer(0);
      std::string host = s.text(1), identity = s.text(3);
      double age = wallClock() - s.real(2);
      if (lockHolderAlive(pid, host, identity, age, error)) {
        exec("ROLLBACK");
        return false;
      }
    }
    Stmt w(db, "INSERT OR REPLACE INTO lock (id, pid, host, heartbeat, since, "
               "identity) VALUES (1, ?, ?, ?, ?, ?)");
    w.bind(1, (int64_t)getpid()).bind(2, hostName()).bind(3, wallClock());
    w.bind(4, wallClock()).bind(5, processIdentity(getpid()));
    if (!done(w.step()) || !exec("COMMIT")) {
      error = err;
      exec("ROLLBACK");
      return false;
    }
    return true;
  }

  bool lockHolder(LockHolder &h) override {
    commit();
    Stmt s(db, "SELECT pid, host, heartbeat, identity FROM lock WHERE id = 1");
    int rc = s ? s.step() : sqlite3_errcode(db);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      failed(rc);
      return false;
    }
    h = LockHolder();
    if (rc == SQLITE_ROW) {
      h.held = true;
      h.pid = s.integer(0), h.host = s.text(1), h.identity = s.text(3);
      h.age = wallClock() - s.real(2);
    }
    return true;
  }

  void heartbeat() override {
    commit();
    Stmt s = cached("UPDATE lock SET heartbeat = ? WHERE id = 1 AND pid = ?");
    s.bind(1, wallClock()).bind(2, (int64_t)getpid());
    done(s.step());
  }

  void release() override {
    commit();
    Stmt s(db, "DELETE FROM lock WHERE id = 1 AND pid = ?");
    s.bind(1, (int64_t)getpid());
    done(s.step());
  }

  bool addProposals(int64_t count, std::vector<Trial *> &trials) override {
    if (!begin())
      return false;
    Stmt e = cached("INSERT INTO events (kind, count) VALUES ('propose', ?)");
    e.bind(1, count);
    if (!done(e.step()))
      return rollback();
    for (Trial *t : trials) {
      Stmt s = cached("INSERT INTO trials (decisions, fingerprint, epochs, "
                      "status, created) VALUES (?, ?, ?, 'queued', ?)");
      s.bind(1, t->decisions).bind(2, t->fingerprint).bind(3, t->epochs);
      s.bind(4, t->created);
      if (!done(s.step()))
        return rollback();
      t->id = sqlite3_last_insert_rowid(db);
      if (t->status != TrialStatus::Queued && !update(*t, true))
        return rollback();
    }
    return end() || rollback();
  }

  bool markRunning(const Trial &t) override {
    if (!begin())
      return false;
    Stmt s = cached("UPDATE trials SET status = 'running', started = ?, "
                    "worker_pid = ?, worker_host = ?, worker_identity = ?, "
                    "worker_device = ?, lease_until = NULL WHERE id = ?");
    s.bind(1, t.started).bind(2, t.workerPid).bind(3, t.workerHost);
    s.bind(4, t.workerIdentity).bind(5, t.workerDevice).bind(6, t.id);
    if (!done(s.step()))
      return rollback();
    return end() || rollback();
  }

  bool finish(const Trial &t, bool observed) override {
    if (!begin())
      return false;
    if (!update(t, observed))
      return rollback();
    return end() || rollback();
  }

  void groupCommits(bool on) override {
    if (!on)
      commit();
    grouping = on;
  }

  bool commit() override {
    if (!pending)
      return true;
    pending = false;
    return exec("COMMIT") || rollback();
  }

  bool loadTrials(std::vector<Trial> &out) override {
    out.clear();
    std::string sql = trialColumns() + " ORDER BY id";
    Stmt s(db, sql.c_str());
    if (!s)
      return failed(sqlite3_errcode(db));
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
      out.emplace_back();
      if (!readTrial(s, out.back()))
        return false;
    }
    return rc == SQLITE_DONE || failed(rc);
  }

  bool loadEvents(std::vector<Event> &out) override {
    out.clear();
    Stmt s(db, "SELECT kind, count, trial FROM events ORDER BY seq");
    if (!s)
      return failed(sqlite3_errcode(db));
    int rc;
    while ((rc = s.step()) == SQLITE_ROW)
      out.push_back({s.text(0) == "propose" ? Event::Propose : Event::Observe,
                     s.integer(1), s.integer(2)});
    return rc == SQLITE_DONE || failed(rc);
  }

  bool requeueRunning(std::vector<Trial> &running) override {
    if (!commit())
      return false;
    std::vector<Trial> all;
    if (!loadTrials(all))
      return false;
    running.clear();
    double now = wallClock();
    for (Trial &t : all)
      if (t.status == TrialStatus::Running &&
          (t.leaseUntil == 0 || t.leaseUntil < now))
        running.push_back(t);
    Stmt s(db, "UPDATE trials SET status = 'queued', started = NULL, "
               "worker_pid = NULL, worker_host = NULL, worker_identity = NULL, "
               "worker_device = NULL, lease_until = NULL WHERE status = "
               "'running' AND (lease_until IS NULL OR lease_until < ?)");
    s.bind(1, now);
    return done(s.step());
  }

  bool offer(int64_t id) override {
    if (!begin())
      return false;
    Stmt s = cached("UPDATE trials SET offered = ? WHERE id = ? AND "
                    "status = 'queued'");
    s.bind(1, wallClock()).bind(2, id);
    if (!done(s.step()))
      return rollback();
    return end() || rollback();
  }

  bool withdraw(int64_t id, bool &taken) override {
    taken = false;
    if (!commit() || !exec("BEGIN IMMEDIATE"))
      return false;
    Stmt u = cached("UPDATE trials SET offered = NULL WHERE id = ? AND "
                    "status = 'queued'");
    u.bind(1, id);
    if (!done(u.step()))
      return rollback();
    bool changed = sqlite3_changes(db) == 1;
    if (!exec("COMMIT"))
      return rollback();
    taken = changed;
    return true;
  }

  bool claim(const WorkerInfo &w, double leaseSeconds,
             std::optional<Trial> &claimed) override {
    claimed.reset();
    if (!commit() || !exec("BEGIN IMMEDIATE"))
      return false;
    int64_t id = 0;
    {
      Stmt q = cached("SELECT id FROM trials WHERE status = 'queued' AND "
                      "offered IS NOT NULL ORDER BY id LIMIT 1");
      int rc = q.step();
      if (rc == SQLITE_ROW)
        id = q.integer(0);
      else if (rc != SQLITE_DONE)
        return failed(rc), rollback();
    }
    if (id == 0)
      return exec("COMMIT") || rollback();
    double now = wallClock();
    Stmt u = cached("UPDATE trials SET status = 'running', started = ?, "
                    "worker_pid = ?, worker_host = ?, worker_identity = ?, "
                    "worker_device = ?, lease_until = ? WHERE id = ?");
    u.bind(1, now).bind(2, w.pid).bind(3, w.host).bind(4, w.identity);
    u.bind(5, w.device).bind(6, now + leaseSeconds).bind(7, id);
    if (!done(u.step()))
      return rollback();
    std::optional<Trial> t;
    if (!loadTrial(id, t) || !t)
      return rollback();
    if (!exec("COMMIT"))
      return rollback();
    claimed = std::move(t);
    return true;
  }

  bool renewLeases(const WorkerInfo &w, const std::vector<int64_t> &ids,
                   double leaseSeconds, std::vector<int64_t> &lost) override {
    lost.clear();
    if (!commit() || !exec("BEGIN IMMEDIATE"))
      return false;
    for (int64_t id : ids) {
      Stmt u = cached("UPDATE trials SET lease_until = ? WHERE id = ? AND "
                      "status = 'running' AND worker_host = ? AND "
                      "worker_pid = ? AND worker_identity = ?");
      u.bind(1, wallClock() + leaseSeconds).bind(2, id).bind(3, w.host);
      u.bind(4, w.pid).bind(5, w.identity);
      if (!done(u.step()))
        return rollback();
      if (sqlite3_changes(db) == 0)
        lost.push_back(id);
    }
    return exec("COMMIT") || rollback();
  }

  bool finishClaimed(const Trial &t, const WorkerInfo &w,
                     bool &accepted) override {
    accepted = false;
    if (!commit() || !exec("BEGIN IMMEDIATE"))
      return false;
    {
      Stmt q = cached("SELECT count(*) FROM trials WHERE id = ? AND "
                      "status = 'running' AND worker_host = ? AND "
                      "worker_pid = ? AND worker_identity = ?");
      q.bind(1, t.id).bind(2, w.host).bind(3, w.pid).bind(4, w.identity);
      int rc = q.step();
      if (rc != SQLITE_ROW)
        return failed(rc), rollback();
      accepted = q.integer(0) == 1;
    }
    if (accepted && !update(t, /*observed=*/false))
      return accepted = false, rollback();
    return exec("COMMIT") || (accepted = false, rollback());
  }

  bool requeueExpired(std::vector<Trial> &requeued) override {
    requeued.clear();
    if (!commit() || !exec("BEGIN IMMEDIATE"))
      return false;
    double now = wallClock();
    {
      std::string sql = trialColumns() + " WHERE status = 'running' AND "
                                         "lease_until IS NOT NULL AND "
                                         "lease_until < ? ORDER BY id";
      Stmt q(db, sql.c_str());
      q.bind(1, now);
      int rc;
      while ((rc = q.step()) == SQLITE_ROW) {
        requeued.emplace_back();
        if (!readTrial(q, requeued.back()))
          return rollback();
      }
      if (rc != SQLITE_DONE)
        return failed(rc), rollback();
    }
    Stmt u(db, "UPDATE trials SET status = 'queued', started = NULL, "
               "worker_pid = NULL, worker_host = NULL, worker_identity = NULL, "
               "worker_device = NULL, lease_until = NULL WHERE status = "
               "'running' AND lease_until IS NOT NULL AND lease_until < ?");
    u.bind(1, now);
    if (!done(u.step()))
      return rollback();
    return exec("COMMIT") || rollback();
  }

  bool loadFinished(const std::vector<int64_t> &ids,
                    std::vector<Trial> &finished) override {
    finished.clear();
    std::vector<int64_t> sorted(ids);
    std::sort(sorted.begin(), sorted.end());
    for (int64_t id : sorted) {
      std::optional<Trial> t;
      if (!loadTrial(id, t))
        return false;
      if (t && (t->status == TrialStatus::Ok ||
                t->status == TrialStatus::Failed))
        finished.push_back(std::move(*t));
    }
    return true;
  }

  bool workerBeat(const WorkerInfo &w) override {
    if (!commit())
      return false;
    Stmt s = cached("INSERT INTO workers (host, pid, identity, device, jobs, "
                    "started, heartbeat) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (host, pid) DO UPDATE SET "
                    "identity = excluded.identity, device = excluded.device, "
                    "jobs = excluded.jobs, heartbeat = excluded.heartbeat");
    double now = wallClock();
    s.bind(1, w.host).bind(2, w.pid).bind(3, w.identity).bind(4, w.device);
    s.bind(5, w.jobs).bind(6, now).bind(7, now);
    return done(s.step());
  }

  bool workerGone(const WorkerInfo &w) override {
    if (!commit())
      return false;
    Stmt s(db, "DELETE FROM workers WHERE host = ? AND pid = ?");
    s.bind(1, w.host).bind(2, w.pid);
    return done(s.step());
  }

  bool liveWorkers(double staleSeconds,
                   std::vector<WorkerInfo> &workers) override {
    workers.clear();
    if (!hasTable("workers"))
      return true;
    Stmt s(db, "SELECT host, pid, identity, device, jobs, heartbeat FROM "
               "workers WHERE heartbeat >= ? ORDER BY host, pid");
    s.bind(1, wallClock() - staleSeconds);
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
      WorkerInfo w;
      w.host = s.text(0), w.pid = s.integer(1), w.identity = s.text(2);
      w.device = s.text(3), w.jobs = s.integer(4), w.heartbeat = s.real(5);
      workers.push_back(std::move(w));
    }
    return rc == SQLITE_DONE || failed(rc);
  }

  bool setFinished(bool finished) override {
    if (!commit())
      return false;
    Stmt s(db, "UPDATE experiment SET finished = ? WHERE id = 1");
    if (finished)
      s.bind(1, wallClock());
    else
      s.bindNull(1);
    return done(s.step());
  }

  bool isFinished(bool &finished) override {
    finished = false;
    if (!hasColumn("experiment", "finished"))
      return true;
    Stmt s(db, "SELECT finished IS NOT NULL FROM experiment WHERE id = 1");
    int rc = s ? s.step() : sqlite3_errcode(db);
    if (rc == SQLITE_ROW)
      finished = s.integer(0) != 0;
    return rc == SQLITE_ROW || rc == SQLITE_DONE || failed(rc);
  }

  bool saveArtifact(int64_t trial, const std::string &name,
                    const std::string &bytes) override {
    if (!commit())
      return false;
    Stmt s(db, "INSERT OR REPLACE INTO artifacts (trial, name, data) "
               "VALUES (?, ?, ?)");
    s.bind(1, trial).bind(2, name).bindBlob(3, bytes);
    return done(s.step());
  }

  bool loadArtifact(int64_t trial, const std::string &name, std::string &bytes,
                    bool &found) override {
    bytes.clear();
    found = false;
    if (!hasTable("artifacts"))
      return true;
    Stmt s(db, "SELECT data FROM artifacts WHERE trial = ? AND name = ?");
    s.bind(1, trial).bind(2, name);
    int rc = s ? s.step() : sqlite3_errcode(db);
    if (rc == SQLITE_ROW)
      bytes = s.blob(0), found = true;
    return rc == SQLITE_ROW || rc == SQLITE_DONE || failed(rc);
  }

  bool savePhase(const std::string &name, const std::string &json) override {
    if (!commit())
      return false;
    Stmt s(db, "INSERT OR REPLACE INTO phases (name, json, saved) "
               "VALUES (?, ?, ?)");
    s.bind(1, name).bind(2, json).bind(3, wallClock());
    return done(s.step());
  }

  bool loadPhase(const std::string &name, std::string &json) override {
    json.clear();
    // A store made before phases were kept has none (read-only: no table).
    if (!hasTable("phases"))
      return true;
    Stmt s(db, "SELECT json FROM phases WHERE name = ?");
    s.bind(1, name);
    int rc = s ? s.step() : sqlite3_errcode(db);
    if (rc == SQLITE_ROW)
      json = s.text(0);
    return rc == SQLITE_ROW || rc == SQLITE_DONE || failed(rc);
  }

  std::string lastError() const override { return err; }

private:
  bool update(const Trial &t, bool observed) {
    std::string metrics = storedMetricsJson(t.metrics);
    Stmt s = cached("UPDATE trials SET status = ?, metrics = ?, accuracy = ?, "
                    "params = ?, flops = ?, latency_ms = ?, error = ?, "
                    "reused_from = ?, finished = ?, eval_seconds = ?, "
                    "worker_pid = ?, started = ?, curve = ? WHERE id = ?");
    s.bind(1, std::string(statusName(t.status))).bind(2, metrics);
    auto num = [&](int col, const char *name, bool integer) {
      auto it = t.metrics.find(name);
      if (it == t.metrics.end())
        s.bindNull(col);
      else if (integer)
        s.bind(col, (int64_t)it->second);
      else
        s.bind(col, it->second);
    };
    num(3, "accuracy", false);
    num(4, "params", true);
    num(5, "flops", true);
    num(6, "latency", false);
    if (t.error.empty())
      s.bindNull(7);
    else
      s.bind(7, t.error);
    if (t.reusedFrom)
      s.bind(8, t.reusedFrom);
    else
      s.bindNull(8);
    s.bind(9, t.finished).bind(10, t.evalSeconds);
    if (t.workerPid)
      s.bind(11, t.workerPid);
    else
      s.bindNull(11);
    if (t.started > 0)
      s.bind(12, t.started);
    else
      s.bindNull(12);
    if (t.curve.empty())
      s.bindNull(13);
    else
      s.bind(13, storedCurveJson(t.curve));
    s.bind(14, t.id);
    if (!done(s.step()))
      return false;
    if (!observed)
      return true;
    Stmt e = cached("INSERT INTO events (kind, trial) VALUES ('observe', ?)");
    e.bind(1, t.id);
    return done(e.step());
  }

  /// The URI that opens `path` read-only (as immutable when it has no
  /// -wal file), with the characters a URI reserves percent-encoded.
  static std::string readOnlyUri(const std::string &path) {
    std::string uri = "file:";
    for (unsigned char c : path) {
      if (isalnum(c) || llvm::StringRef("/-._~").contains(c)) {
        uri += c;
      } else {
        char hex[4];
        snprintf(hex, sizeof hex, "%%%02X", c);
        uri += hex;
      }
    }
    bool writer = llvm::sys::fs::exists(path + "-wal");
    return uri + (writer ? "?mode=ro" : "?mode=ro&immutable=1");
  }

  /// `PRAGMA quick_check`: the pages and b-trees are sound (linear in the
  /// file's size: 0.07 s for the 8.7 MB store of 15,625 trials).
  bool checkIntegrity() {
    Stmt s(db, "PRAGMA quick_check");
    if (!s)
      return failed(sqlite3_errcode(db));
    int rc = s.step();
    if (rc != SQLITE_ROW)
      return failed(rc);
    if (s.text(0) != "ok") {
      std::string report = s.text(0);
      std::replace(report.begin(), report.end(), '\n', ' ');
      err = std::string(kCorrupt) + " (quick_check: " + report + ")";
      return false;
    }
    return true;
  }

  /// SELECT of every trial column, FROM trials; a column an older
  /// (read-only) store lacks reads as NULL.
  std::string trialColumns() {
    if (!columnsSql.empty())
      return columnsSql;
    auto col = [&](const char *name) {
      return std::string(hasColumn("trials", name) ? name : "NULL");
    };
    columnsSql = "SELECT id, decisions, fingerprint, epochs, status, "
                 "metrics, error, reused_from, worker_pid, worker_host, "
                 "created, started, finished, eval_seconds, " +
                 col("worker_identity") + ", " + col("worker_device") + ", " +
                 col("lease_until") + ", " + col("curve") + " FROM trials";
    return columnsSql;
  }

  /// The trial in the current row of a trialColumns() statement.
  bool readTrial(Stmt &s, Trial &t) {
    t.id = s.integer(0);
    t.decisions = s.text(1);
    t.fingerprint = s.text(2);
    t.epochs = s.integer(3);
    if (!parseStatus(s.text(4), t.status)) {
      err = std::string(kCorrupt) + " (trial " + std::to_string(t.id) +
            " has an unknown status '" + s.text(4) + "')";
      return false;
    }
    // NULL until the trial finishes; then always a JSON object.
    if (!s.null(5)) {
      auto v = parseJsonLimited(s.text(5));
      if (!v || !v->getAsObject()) {
        if (!v)
          llvm::consumeError(v.takeError());
        err = std::string(kCorrupt) + " (trial " + std::to_string(t.id) +
              " has unreadable metrics)";
        return false;
      }
      for (auto &kv : *v->getAsObject())
        if (auto n = kv.second.getAsNumber())
          t.metrics[kv.first.str()] = *n;
    }
    t.error = s.text(6);
    t.reusedFrom = s.integer(7);
    t.workerPid = s.integer(8);
    t.workerHost = s.text(9);
    t.created = s.real(10), t.started = s.real(11), t.finished = s.real(12);
    t.evalSeconds = s.real(13);
    t.workerIdentity = s.text(14);
    t.workerDevice = s.text(15);
    t.leaseUntil = s.real(16);
    // NULL: no epochs (or a store made before curves were kept).
    std::string why;
    if (!s.null(17) && !parseStoredCurve(s.text(17), t.curve, why)) {
      err = std::string(kCorrupt) + " (trial " + std::to_string(t.id) +
            " has an unreadable curve: " + why + ")";
      return false;
    }
    return true;
  }

  /// Trial `id` (empty when there is none); false on a store failure.
  bool loadTrial(int64_t id, std::optional<Trial> &out) {
    out.reset();
    std::string sql = trialColumns() + " WHERE id = ?";
    Stmt s(db, sql.c_str());
    if (!s)
      return failed(sqlite3_errcode(db));
    s.bind(1, id);
    int rc = s.step();
    if (rc == SQLITE_DONE)
      return true;
    if (rc != SQLITE_ROW)
      return failed(rc);
    Trial t;
    if (!readTrial(s, t))
      return false;
    out = std::move(t);
    return true;
  }

  bool hasTable(const char *name) {
    Stmt s(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
               "name = ?");
    s.bind(1, std::string(name));
    return s && s.step() == SQLITE_ROW && s.integer(0) > 0;
  }

  bool hasColumn(const char *table, const char *column) {
    Stmt s(db, "SELECT count(*) FROM pragma_table_info(?) WHERE name = ?");
    s.bind(1, std::string(table)).bind(2, std::string(column));
    return s && s.step() == SQLITE_ROW && s.integer(0) > 0;
  }

  bool addColumns() {
    for (auto &c : kAddedColumns)
      if (!hasColumn(c.table, c.column) &&
          !exec(("ALTER TABLE " + std::string(c.table) + " ADD COLUMN " +
                 c.column + " " + c.type)
                    .c_str()))
        return false;
    return true;
  }

  bool exec(const char *sql) {
    char *msg = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &msg);
    sqlite3_free(msg);
    return rc == SQLITE_OK || failed(rc);
  }
  bool done(int rc) {
    return rc == SQLITE_DONE || rc == SQLITE_ROW || failed(rc);
  }
  /// Records why `rc` failed; a damaged file is named as such. False.
  bool failed(int rc) {
    int primary = rc & 0xff;
    err = sqlite3_errmsg(db);
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
      err = std::string(kCorrupt) + " (" + err + ")";
    return false;
  }
  /// Starts a change: its own transaction, or, while commits are grouped, a
  /// savepoint in the pending one (so that a failed change undoes only
  /// itself).
  bool begin() {
    if (!grouping)
      return exec("BEGIN IMMEDIATE");
    if (!pending) {
      if (!exec("BEGIN IMMEDIATE"))
        return false;
      pending = true;
    }
    if (!exec("SAVEPOINT change"))
      return false;
    inChange = true;
    return true;
  }
  /// Ends a change begun by begin(): committed, or kept in the pending
  /// transaction while commits are grouped.
  bool end() {
    if (!inChange)
      return exec("COMMIT");
    inChange = false;
    return exec("RELEASE change");
  }
  bool rollback() {
    std::string keep = err;
    if (inChange) {
      inChange = false;
      exec("ROLLBACK TO change");
      exec("RELEASE change");
    } else {
      pending = false;
      exec("ROLLBACK");
    }
    err = keep;
    return false;
  }

  /// A statement prepared once per store (`sql` is a literal: its address
  /// is the key).
  Stmt cached(const char *sql) {
    sqlite3_stmt *&s = statements[sql];
    if (!s && sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s,
                                 nullptr) != SQLITE_OK)
      s = nullptr;
    return Stmt(s, Stmt::Borrowed{});
  }

  sqlite3 *db = nullptr;
  std::string err;
  std::map<const char *, sqlite3_stmt *> statements;
  std::string columnsSql; ///< trialColumns(), once known
  bool grouping = false; ///< groupCommits(true)
  bool pending = false;  ///< a grouped transaction is open
  bool inChange = false; ///< inside begin() ... end() of a grouped change
};
} // namespace

std::unique_ptr<Store> nasir::search::openSqliteStore(const std::string &path,
                                                      std::string &error) {
  auto s = std::make_unique<SqliteStore>();
  if (!s->open(path, /*readOnly=*/false, error))
    return nullptr;
  return s;
}

std::unique_ptr<Store>
nasir::search::openSqliteExperimentStore(const std::string &path,
                                         ExperimentInfo &info,
                                         std::string &error) {
  if (!llvm::sys::fs::exists(path)) {
    error = "no store at '" + path + "'";
    return nullptr;
  }
  auto store = std::make_unique<SqliteStore>();
  if (!store->open(path, /*readOnly=*/true, error))
    return nullptr;
  if (!store->loadExperiment(info)) {
    std::string why = store->lastError();
    error = llvm::StringRef(why).starts_with(kCorrupt)
                ? "store '" + path + "': " + why
                : "'" + path + "' holds no nasir experiment (" + why + ")";
    return nullptr;
  }
  return store;
}

bool nasir::search::trialsById(Store &store, std::map<int64_t, Trial> &trials) {
  std::vector<Trial> all;
  if (!store.loadTrials(all))
    return false;
  trials.clear();
  for (Trial &t : all)
    trials[t.id] = std::move(t);
  return true;
}
