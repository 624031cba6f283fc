//===- SqliteStore.cpp - the experiment store in SQLite (WAL) -------------===//
//
// Schema (docs/search.md): experiment (one row), trials, events, lock.
// journal_mode=WAL and synchronous=NORMAL: a commit survives the crash or
// SIGKILL of the process (an OS crash may lose the last commits).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Store.h"
#include "lib/Support/LimitedJson.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
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
  schema_version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS trials (
  id INTEGER PRIMARY KEY,
  decisions TEXT NOT NULL, fingerprint TEXT, epochs INTEGER,
  status TEXT NOT NULL CHECK (status IN ('queued','running','ok','failed','reused')),
  accuracy REAL, params INTEGER, flops INTEGER, latency_ms REAL,
  metrics TEXT, error TEXT, reused_from INTEGER REFERENCES trials(id),
  worker_pid INTEGER, worker_host TEXT,
  created REAL, started REAL, finished REAL, eval_seconds REAL);
CREATE INDEX IF NOT EXISTS trials_by_status ON trials(status);
CREATE INDEX IF NOT EXISTS trials_by_fingerprint ON trials(fingerprint, epochs);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('propose','observe')),
  count INTEGER, trial INTEGER REFERENCES trials(id));
CREATE TABLE IF NOT EXISTS lock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  pid INTEGER NOT NULL, host TEXT NOT NULL, heartbeat REAL NOT NULL, since REAL);
)sql";

namespace {
/// A prepared statement, reset on scope exit.
class Stmt {
public:
  Stmt(sqlite3 *db, const char *sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
      s = nullptr;
  }
  ~Stmt() { sqlite3_finalize(s); }
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
};

class SqliteStore : public Store {
public:
  ~SqliteStore() override {
    if (db)
      sqlite3_close(db);
  }

  bool open(const std::string &path, std::string &error) {
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
      error = "cannot open store '" + path + "': " + sqlite3_errmsg(db);
      return false;
    }
    sqlite3_busy_timeout(db, 10000);
    if (!exec("PRAGMA journal_mode=WAL") || !exec("PRAGMA synchronous=NORMAL") ||
        !exec("PRAGMA foreign_keys=ON") || !exec(kSchema)) {
      error = "store '" + path + "': " + err;
      return false;
    }
    return true;
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
    if (!s || s.step() != SQLITE_ROW)
      return false;
    i.spaceName = s.text(0), i.spaceFile = s.text(1), i.spaceIR = s.text(2);
    i.strategy = s.text(3), i.evaluator = s.text(4), i.options = s.text(5);
    i.seed = (uint64_t)s.integer(6), i.created = s.real(7);
    return true;
  }

  bool acquire(std::string &error) override {
    if (!exec("BEGIN IMMEDIATE")) {
      error = err;
      return false;
    }
    Stmt s(db, "SELECT pid, host, heartbeat FROM lock WHERE id = 1");
    if (s && s.step() == SQLITE_ROW) {
      int64_t pid = s.integer(0);
      std::string host = s.text(1);
      double age = wallClock() - s.real(2);
      bool alive = host == hostName()
                       ? (pid != getpid() && kill((pid_t)pid, 0) == 0)
                       : age < kStaleSeconds;
      if (alive) {
        exec("ROLLBACK");
        char buf[128];
        snprintf(buf, sizeof buf, "%.0f", age);
        error = "the store is in use by another nasir search (pid " +
                std::to_string(pid) + " on " + host + ", heartbeat " + buf +
                "s ago); wait for it to finish, or stop it and pass --resume";
        return false;
      }
    }
    Stmt w(db, "INSERT OR REPLACE INTO lock (id, pid, host, heartbeat, since) "
               "VALUES (1, ?, ?, ?, ?)");
    w.bind(1, (int64_t)getpid()).bind(2, hostName()).bind(3, wallClock());
    w.bind(4, wallClock());
    if (!done(w.step()) || !exec("COMMIT")) {
      error = err;
      exec("ROLLBACK");
      return false;
    }
    return true;
  }

  void heartbeat() override {
    Stmt s(db, "UPDATE lock SET heartbeat = ? WHERE id = 1 AND pid = ?");
    s.bind(1, wallClock()).bind(2, (int64_t)getpid());
    done(s.step());
  }

  void release() override {
    Stmt s(db, "DELETE FROM lock WHERE id = 1 AND pid = ?");
    s.bind(1, (int64_t)getpid());
    done(s.step());
  }

  bool addProposals(int64_t count, std::vector<Trial *> &trials) override {
    if (!exec("BEGIN IMMEDIATE"))
      return false;
    Stmt e(db, "INSERT INTO events (kind, count) VALUES ('propose', ?)");
    e.bind(1, count);
    if (!done(e.step()))
      return rollback();
    for (Trial *t : trials) {
      Stmt s(db, "INSERT INTO trials (decisions, fingerprint, epochs, status, "
                 "created) VALUES (?, ?, ?, 'queued', ?)");
      s.bind(1, t->decisions).bind(2, t->fingerprint).bind(3, t->epochs);
      s.bind(4, t->created);
      if (!done(s.step()))
        return rollback();
      t->id = sqlite3_last_insert_rowid(db);
      if (t->status != TrialStatus::Queued && !update(*t, true))
        return rollback();
    }
    return exec("COMMIT") || rollback();
  }

  bool markRunning(const Trial &t) override {
    Stmt s(db, "UPDATE trials SET status = 'running', started = ?, "
               "worker_pid = ?, worker_host = ? WHERE id = ?");
    s.bind(1, t.started).bind(2, t.workerPid).bind(3, t.workerHost);
    s.bind(4, t.id);
    return done(s.step());
  }

  bool finish(const Trial &t, bool observed) override {
    if (!exec("BEGIN IMMEDIATE"))
      return false;
    if (!update(t, observed))
      return rollback();
    return exec("COMMIT") || rollback();
  }

  std::vector<Trial> loadTrials() override {
    std::vector<Trial> out;
    Stmt s(db, "SELECT id, decisions, fingerprint, epochs, status, metrics, "
               "error, reused_from, worker_pid, worker_host, created, started, "
               "finished, eval_seconds FROM trials ORDER BY id");
    while (s && s.step() == SQLITE_ROW) {
      Trial t;
      t.id = s.integer(0);
      t.decisions = s.text(1);
      t.fingerprint = s.text(2);
      t.epochs = s.integer(3);
      parseStatus(s.text(4), t.status);
      if (auto v = parseJsonLimited(s.text(5))) {
        if (auto *o = v->getAsObject())
          for (auto &kv : *o)
            if (auto n = kv.second.getAsNumber())
              t.metrics[kv.first.str()] = *n;
      } else {
        llvm::consumeError(v.takeError());
      }
      t.error = s.text(6);
      t.reusedFrom = s.integer(7);
      t.workerPid = s.integer(8);
      t.workerHost = s.text(9);
      t.created = s.real(10), t.started = s.real(11), t.finished = s.real(12);
      t.evalSeconds = s.real(13);
      out.push_back(std::move(t));
    }
    return out;
  }

  std::vector<Event> loadEvents() override {
    std::vector<Event> out;
    Stmt s(db, "SELECT kind, count, trial FROM events ORDER BY seq");
    while (s && s.step() == SQLITE_ROW)
      out.push_back({s.text(0) == "propose" ? Event::Propose : Event::Observe,
                     s.integer(1), s.integer(2)});
    return out;
  }

  std::vector<Trial> requeueRunning() override {
    std::vector<Trial> running;
    for (Trial &t : loadTrials())
      if (t.status == TrialStatus::Running)
        running.push_back(t);
    exec("UPDATE trials SET status = 'queued', started = NULL, "
         "worker_pid = NULL, worker_host = NULL WHERE status = 'running'");
    return running;
  }

  std::string lastError() const override { return err; }

private:
  static constexpr double kStaleSeconds = 30;

  bool update(const Trial &t, bool observed) {
    llvm::json::Object m;
    for (auto &[k, v] : t.metrics)
      m[k] = v;
    std::string metrics;
    llvm::raw_string_ostream(metrics) << llvm::json::Value(std::move(m));
    Stmt s(db, "UPDATE trials SET status = ?, metrics = ?, accuracy = ?, "
               "params = ?, flops = ?, latency_ms = ?, error = ?, "
               "reused_from = ?, finished = ?, eval_seconds = ?, "
               "worker_pid = ?, started = ? WHERE id = ?");
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
    s.bind(13, t.id);
    if (!done(s.step()))
      return false;
    if (!observed)
      return true;
    Stmt e(db, "INSERT INTO events (kind, trial) VALUES ('observe', ?)");
    e.bind(1, t.id);
    return done(e.step());
  }

  bool exec(const char *sql) {
    char *msg = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
      err = msg ? msg : sqlite3_errmsg(db);
      sqlite3_free(msg);
      return false;
    }
    return true;
  }
  bool done(int rc) {
    if (rc == SQLITE_DONE || rc == SQLITE_ROW)
      return true;
    err = sqlite3_errmsg(db);
    return false;
  }
  bool rollback() {
    std::string keep = err;
    exec("ROLLBACK");
    err = keep;
    return false;
  }

  sqlite3 *db = nullptr;
  std::string err;
};
} // namespace

std::unique_ptr<Store> nasir::search::openSqliteStore(const std::string &path,
                                                      std::string &error) {
  auto s = std::make_unique<SqliteStore>();
  if (!s->open(path, error))
    return nullptr;
  return s;
}

std::unique_ptr<Store>
nasir::search::openExperimentStore(const std::string &path,
                                   ExperimentInfo &info, std::string &error) {
  if (!llvm::sys::fs::exists(path)) {
    error = "no store at '" + path + "'";
    return nullptr;
  }
  std::string openError;
  auto store = openSqliteStore(path, openError);
  if (!store || !store->loadExperiment(info)) {
    error = "'" + path + "' holds no nasir experiment" +
            (openError.empty() ? "" : ": " + openError);
    return nullptr;
  }
  return store;
}

std::map<int64_t, Trial> nasir::search::trialsById(Store &store) {
  std::map<int64_t, Trial> trials;
  for (Trial &t : store.loadTrials())
    trials[t.id] = std::move(t);
  return trials;
}
