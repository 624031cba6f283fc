//===- PostgresStore.cpp - the experiment store in PostgreSQL (libpq) -----===//
//
// The same tables, columns and semantics as the SQLite store
// (SqliteStore.cpp, the reference), in one schema per experiment: a
// database holds several experiments, each named by the URL's `experiment`
// parameter (PostgresUrl.h). Every statement is prepared with parameters;
// the only text put into SQL is the schema's name, validated and quoted by
// PQescapeIdentifier.
//
// Each change is one transaction. The connection may be lost at any point
// (the server restarted, a network cut): the store reconnects with
// exponential backoff (0.1 s doubling to 5 s, for at most
// NASIR_PG_RETRY_SECONDS, default 60) and redoes the change. A transaction
// cut off before its COMMIT was rolled back by the server, so a half-done
// change is never seen by anyone. When the connection is lost while the
// COMMIT itself is under way, the outcome is unknown to us: every write
// transaction first asks for its transaction id (pg_current_xact_id), and
// after reconnecting the store asks the server what became of it
// (pg_xact_status): committed (done, the change's result stands) or aborted
// (redone); still in progress after a network cut, the old session is ended
// (pg_terminate_backend) so that it settles. So a redo never duplicates a
// proposal or an event, and a claim or a worker's result is never applied twice
// or lost.
//
// Grouped commits (groupCommits) are one real transaction, as in SQLite:
// each change in it is a savepoint (a failed one undoes only itself), and
// the store keeps the changes of the pending group so that, when the
// connection is lost, it reconnects and redoes them in a new transaction
// (with the trial ids the first run assigned, which the search already
// holds; only the search adds trials, so they are still free). Only when the
// server stays unreachable beyond the retry time is a group lost, and then the
// change or commit() fails saying so (the search stops; --resume redoes its
// bookkeeping, as after kill -9).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/LearningCurve.h"
#include "lib/Search/PostgresStore.h"
#include "lib/Search/PostgresUrl.h"
#include "lib/Search/ProcessIdentity.h"
#include "lib/Support/LimitedJson.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <functional>
#include <libpq-fe.h>
#include <set>
#include <thread>
#include <unistd.h>

using namespace nasir;
using namespace nasir::search;

/// How every message about a damaged store begins (as in SqliteStore.cpp).
static const char *kCorrupt = "the store is corrupt";

/// The tables; the schema is the first (only) one on the search path.
/// SQLite's types, in PostgreSQL's words: INTEGER is BIGINT, REAL is DOUBLE
/// PRECISION, BLOB is BYTEA. Trial ids and event numbers are max + 1, as
/// SQLite's rowids: a sequence would leave gaps where a transaction rolled
/// back (a killed search's last group), and the ids of a resumed search
/// would differ from an uninterrupted one's. Only the search (the lock's
/// holder) adds trials and events, so no two inserts race for an id.
static const char *kSchema = R"sql(
CREATE TABLE IF NOT EXISTS experiment (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  space_name TEXT, space_file TEXT, space_ir TEXT NOT NULL,
  strategy TEXT NOT NULL, evaluator TEXT NOT NULL,
  options TEXT NOT NULL, seed BIGINT NOT NULL, created DOUBLE PRECISION,
  schema_version INTEGER NOT NULL DEFAULT 1, finished DOUBLE PRECISION);
CREATE TABLE IF NOT EXISTS trials (
  id BIGINT PRIMARY KEY,
  decisions TEXT NOT NULL, fingerprint TEXT, epochs BIGINT,
  status TEXT NOT NULL CHECK (status IN ('queued','running','ok','failed','reused')),
  accuracy DOUBLE PRECISION, params BIGINT, flops BIGINT,
  latency_ms DOUBLE PRECISION,
  metrics TEXT, error TEXT, reused_from BIGINT REFERENCES trials(id),
  worker_pid BIGINT, worker_host TEXT,
  created DOUBLE PRECISION, started DOUBLE PRECISION,
  finished DOUBLE PRECISION, eval_seconds DOUBLE PRECISION,
  worker_identity TEXT, worker_device TEXT, offered DOUBLE PRECISION,
  lease_until DOUBLE PRECISION, curve TEXT);
CREATE INDEX IF NOT EXISTS trials_by_status ON trials(status);
CREATE INDEX IF NOT EXISTS trials_by_fingerprint ON trials(fingerprint, epochs);
CREATE TABLE IF NOT EXISTS events (
  seq BIGINT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('propose','observe')),
  count BIGINT, trial BIGINT REFERENCES trials(id));
CREATE TABLE IF NOT EXISTS lock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  pid BIGINT NOT NULL, host TEXT NOT NULL, heartbeat DOUBLE PRECISION NOT NULL,
  since DOUBLE PRECISION, identity TEXT);
CREATE TABLE IF NOT EXISTS phases (
  name TEXT PRIMARY KEY, json TEXT NOT NULL, saved DOUBLE PRECISION);
CREATE TABLE IF NOT EXISTS workers (
  host TEXT NOT NULL, pid BIGINT NOT NULL, identity TEXT, device TEXT,
  jobs BIGINT, started DOUBLE PRECISION, heartbeat DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (host, pid));
CREATE TABLE IF NOT EXISTS artifacts (
  trial BIGINT NOT NULL REFERENCES trials(id), name TEXT NOT NULL,
  data BYTEA NOT NULL, PRIMARY KEY (trial, name));
)sql";

/// Columns added since the first schema (as SqliteStore.cpp's
/// kAddedColumns): a schema made before them gains them when opened for
/// writing, and is read without them otherwise.
static const char *kAddedColumns =
    "ALTER TABLE trials ADD COLUMN IF NOT EXISTS curve TEXT;";

/// The trial columns, in the order readTrial reads them; those of a schema
/// made before `curve`, and all.
#define TRIAL_COLUMNS_BEFORE_CURVE                                             \
  "id, decisions, fingerprint, epochs, status, metrics, error, reused_from, "  \
  "worker_pid, worker_host, created, started, finished, eval_seconds, "        \
  "worker_identity, worker_device, lease_until"
#define TRIAL_COLUMNS TRIAL_COLUMNS_BEFORE_CURVE ", curve"

/// The columns a requeued trial loses (it is queued again, still offered).
#define REQUEUE_SET                                                            \
  "status = 'queued', started = NULL, worker_pid = NULL, "                     \
  "worker_host = NULL, worker_identity = NULL, worker_device = NULL, "         \
  "lease_until = NULL"

namespace {

/// A statement parameter: text, binary bytes, or NULL.
struct Param {
  std::optional<std::string> value;
  bool binary = false;

  Param() = default; // NULL
  Param(std::string v) : value(std::move(v)) {}
  Param(const char *v) : value(std::string(v)) {}
  Param(int v) : value(std::to_string(v)) {}
  Param(int64_t v) : value(std::to_string(v)) {}
  Param(double v) : value(formatDouble(v)) {}
  static Param bytes(const std::string &b) {
    Param p(b);
    p.binary = true;
    return p;
  }
  /// Exact: %.17g round-trips every double.
  static std::string formatDouble(double v) {
    if (std::isnan(v))
      return "NaN";
    if (std::isinf(v))
      return v > 0 ? "Infinity" : "-Infinity";
    char buf[32];
    snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
  }
};

/// A PostgreSQL array literal of ids, for `= ANY($n::bigint[])`.
std::string idArray(const std::vector<int64_t> &ids) {
  std::string s = "{";
  for (size_t i = 0; i < ids.size(); ++i)
    s += (i ? "," : "") + std::to_string(ids[i]);
  return s + "}";
}

/// A result, cleared on scope exit. NULL reads as 0 or "", as in SQLite.
class Result {
public:
  Result() = default;
  Result(const Result &) = delete;
  Result &operator=(const Result &) = delete;
  ~Result() { reset(); }
  void reset(PGresult *next = nullptr) {
    if (r)
      PQclear(r);
    r = next;
  }
  PGresult *get() const { return r; }
  int rows() const { return r ? PQntuples(r) : 0; }
  bool null(int row, int col) const { return PQgetisnull(r, row, col); }
  std::string text(int row, int col) const {
    return null(row, col) ? std::string()
                          : std::string(PQgetvalue(r, row, col),
                                        (size_t)PQgetlength(r, row, col));
  }
  int64_t integer(int row, int col) const {
    return null(row, col) ? 0 : strtoll(PQgetvalue(r, row, col), nullptr, 10);
  }
  double real(int row, int col) const {
    return null(row, col) ? 0 : strtod(PQgetvalue(r, row, col), nullptr);
  }
  /// Rows an INSERT/UPDATE/DELETE touched.
  int64_t affected() const {
    const char *n = r ? PQcmdTuples(r) : "";
    return *n ? strtoll(n, nullptr, 10) : 0;
  }

private:
  PGresult *r = nullptr;
};

/// What a statement, or a change made of statements, came to.
enum class Outcome {
  Ok,
  Failed, ///< an error of the statement or the data (lastError())
  Retry,  ///< a deadlock or serialization failure: the server undid it
  Lost,   ///< the connection is gone (the server undid what was open)
};

#define TRY(x)                                                                 \
  do {                                                                         \
    Outcome o_ = (x);                                                          \
    if (o_ != Outcome::Ok)                                                     \
      return o_;                                                               \
  } while (0)

using Change = std::function<Outcome()>;

double monotonic() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

/// Seconds the store keeps trying to reach a lost server.
double retrySeconds() {
  if (const char *s = getenv("NASIR_PG_RETRY_SECONDS")) {
    char *end;
    double v = strtod(s, &end);
    if (end != s && *end == 0 && v >= 0)
      return v;
  }
  return 60;
}

/// One line of a libpq message (they end in newlines, some span lines).
std::string oneLine(const char *msg) {
  std::string s = msg ? msg : "";
  for (char &c : s)
    if (c == '\n' || c == '\t')
      c = ' ';
  while (!s.empty() && s.back() == ' ')
    s.pop_back();
  size_t p;
  while ((p = s.find("  ")) != std::string::npos)
    s.erase(p, 1);
  return s;
}

class PostgresStore : public Store {
public:
  explicit PostgresStore(PostgresLocation loc, bool readOnly)
      : loc(std::move(loc)), readOnly(readOnly), retryFor(retrySeconds()) {
    if (const char *f = getenv("NASIR_PG_FAULT"))
      fault = f;
  }

  ~PostgresStore() override {
    commit(); // what a grouped search left pending
    if (conn)
      PQfinish(conn);
    for (PGconn *c : stalled)
      PQfinish(c);
  }

  /// Connects once (a server that cannot be reached at open is an error,
  /// not something to wait for); for writing, makes the schema.
  bool open(std::string &error) {
    std::string why;
    if (!connect(why)) {
      error = "cannot open store '" + loc.display + "': " + why;
      return false;
    }
    if (!readOnly && createSchema() != Outcome::Ok) {
      error = "store '" + loc.display + "': " + err;
      return false;
    }
    return true;
  }

  /// For reading: whether the experiment's schema exists at all.
  bool schemaExists(bool &exists) {
    exists = false;
    return read([&] {
      Result r;
      TRY(run(r, "SELECT count(*) FROM pg_namespace WHERE nspname = $1",
              {loc.experiment}));
      exists = r.integer(0, 0) > 0;
      return Outcome::Ok;
    });
  }

  const PostgresLocation &location() const { return loc; }

  bool hasExperiment() override {
    bool has = false;
    return read([&] {
             Result r;
             TRY(run(r, "SELECT count(*) FROM experiment", {}));
             has = r.integer(0, 0) > 0;
             return Outcome::Ok;
           }) &&
           has;
  }

  bool createExperiment(const ExperimentInfo &i) override {
    double created = wallClock();
    return commit() && transact([=] {
             Result r;
             return run(r,
                        "INSERT INTO experiment (id, space_name, space_file, "
                        "space_ir, strategy, evaluator, options, seed, "
                        "created) VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8)",
                        {i.spaceName, i.spaceFile, i.spaceIR, i.strategy,
                         i.evaluator, i.options, (int64_t)i.seed, created});
           });
  }

  bool loadExperiment(ExperimentInfo &i) override {
    return read([&] {
      Result r;
      TRY(run(r,
              "SELECT space_name, space_file, space_ir, strategy, evaluator, "
              "options, seed, created FROM experiment WHERE id = 1",
              {}));
      if (r.rows() == 0) {
        err = "no experiment";
        return Outcome::Failed;
      }
      i.spaceName = r.text(0, 0), i.spaceFile = r.text(0, 1);
      i.spaceIR = r.text(0, 2), i.strategy = r.text(0, 3);
      i.evaluator = r.text(0, 4), i.options = r.text(0, 5);
      i.seed = (uint64_t)r.integer(0, 6), i.created = r.real(0, 7);
      return Outcome::Ok;
    });
  }

  bool acquire(std::string &error) override {
    std::string refused;
    bool ok = commit() && transact([&] {
                refused.clear();
                // Like SQLite's BEGIN IMMEDIATE: one acquirer at a time.
                TRY(simple("LOCK TABLE lock IN EXCLUSIVE MODE"));
                Result r;
                TRY(run(r,
                        "SELECT pid, host, heartbeat, identity FROM lock "
                        "WHERE id = 1",
                        {}));
                if (r.rows() == 1) {
                  int64_t pid = r.integer(0, 0);
                  std::string host = r.text(0, 1), identity = r.text(0, 3);
                  double age = wallClock() - r.real(0, 2);
                  if (lockHolderAlive(pid, host, identity, age, refused)) {
                    err = refused;
                    return Outcome::Failed;
                  }
                }
                double now = wallClock();
                return run(r,
                           "INSERT INTO lock (id, pid, host, heartbeat, since, "
                           "identity) VALUES (1, $1, $2, $3, $4, $5) "
                           "ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, "
                           "host = excluded.host, heartbeat = "
                           "excluded.heartbeat, since = excluded.since, "
                           "identity = excluded.identity",
                           {(int64_t)getpid(), hostName(), now, now,
                            processIdentity(getpid())});
              });
    if (!ok)
      error = refused.empty() ? err : refused;
    return ok;
  }

  bool lockHolder(LockHolder &h) override {
    return read([&] {
      Result r;
      TRY(run(r, "SELECT pid, host, heartbeat, identity FROM lock WHERE id = 1",
              {}));
      h = LockHolder();
      if (r.rows() == 1) {
        h.held = true;
        h.pid = r.integer(0, 0), h.host = r.text(0, 1);
        h.identity = r.text(0, 3), h.age = wallClock() - r.real(0, 2);
      }
      return Outcome::Ok;
    });
  }

  void heartbeat() override {
    // The host too: on a server, two machines' searches may share a PID.
    if (commit())
      transact([&] {
        Result r;
        return run(r,
                   "UPDATE lock SET heartbeat = $1 WHERE id = 1 AND pid = $2 "
                   "AND host = $3",
                   {wallClock(), (int64_t)getpid(), hostName()});
      });
  }

  void release() override {
    if (commit())
      transact([&] {
        Result r;
        return run(r,
                   "DELETE FROM lock WHERE id = 1 AND pid = $1 AND host = $2",
                   {(int64_t)getpid(), hostName()});
      });
  }

  bool addProposals(int64_t count, std::vector<Trial *> &trials) override {
    // The change is redone after a lost connection, possibly after the
    // search got its ids (grouped): it keeps the ids its first run gave and
    // inserts them explicitly when run again (no one else adds trials).
    struct State {
      std::vector<Trial> trials;
      std::vector<int64_t> ids;
    };
    auto state = std::make_shared<State>();
    for (Trial *t : trials)
      state->trials.push_back(*t);
    Change change = [this, count, state]() -> Outcome {
      Result r;
      TRY(run(r,
              "INSERT INTO events (seq, kind, count) VALUES ((SELECT "
              "coalesce(max(seq), 0) + 1 FROM events), 'propose', $1)",
              {count}));
      bool redo = state->ids.size() == state->trials.size();
      std::vector<int64_t> ids;
      for (size_t k = 0; k < state->trials.size(); ++k) {
        Trial &t = state->trials[k];
        if (redo)
          TRY(run(r,
                  "INSERT INTO trials (id, decisions, fingerprint, epochs, "
                  "status, created) VALUES ($1, $2, $3, $4, 'queued', $5) "
                  "RETURNING id",
                  {state->ids[k], t.decisions, t.fingerprint, t.epochs,
                   t.created}));
        else
          TRY(run(r,
                  "INSERT INTO trials (id, decisions, fingerprint, epochs, "
                  "status, created) VALUES ((SELECT coalesce(max(id), 0) + 1 "
                  "FROM trials), $1, $2, $3, 'queued', $4) RETURNING id",
                  {t.decisions, t.fingerprint, t.epochs, t.created}));
        t.id = r.integer(0, 0);
        ids.push_back(t.id);
        if (t.status != TrialStatus::Queued)
          TRY(update(t, /*observed=*/true));
      }
      state->ids = std::move(ids);
      return Outcome::Ok;
    };
    if (!change_(std::move(change)))
      return false;
    for (size_t k = 0; k < trials.size(); ++k)
      trials[k]->id = state->ids[k];
    return true;
  }

  bool markRunning(const Trial &t) override {
    return change_([this, t] {
      Result r;
      return run(r,
                 "UPDATE trials SET status = 'running', started = $1, "
                 "worker_pid = $2, worker_host = $3, worker_identity = $4, "
                 "worker_device = $5, lease_until = NULL WHERE id = $6",
                 {t.started, t.workerPid, t.workerHost, t.workerIdentity,
                  t.workerDevice, t.id});
    });
  }

  bool finish(const Trial &t, bool observed) override {
    return change_([this, t, observed] { return update(t, observed); });
  }

  void groupCommits(bool on) override {
    if (!on)
      commit();
    grouping = on;
  }

  bool commit() override {
    if (!pending)
      return true;
    double deadline = monotonic() + retryFor;
    while (true) {
      Outcome o = commitStatement();
      if (o == Outcome::Ok || o == Outcome::Failed || o == Outcome::Retry) {
        pending = false;
        pendingChanges.clear();
        return o == Outcome::Ok;
      }
      // Lost while committing: did the server commit?
      if (!reconnect(deadline))
        return groupLost();
      std::string state;
      if (!xactState(pendingXid, deadline, state))
        return groupLost();
      if (state == "committed") {
        pending = false;
        pendingChanges.clear();
        return true;
      }
      if (!redoGroup(deadline))
        return false;
    }
  }

  bool loadTrials(std::vector<Trial> &out) override {
    return read([&] {
      out.clear();
      Result r;
      // A reader of a schema made before curves were kept reads none.
      bool curve = false;
      TRY(hasCurveColumn(curve));
      TRY(run(r,
              curve ? "SELECT " TRIAL_COLUMNS " FROM trials ORDER BY id"
                    : "SELECT " TRIAL_COLUMNS_BEFORE_CURVE
                      ", NULL FROM trials ORDER BY id",
              {}));
      return readTrials(r, out);
    });
  }

  bool loadEvents(std::vector<Event> &out) override {
    return read([&] {
      out.clear();
      Result r;
      TRY(run(r, "SELECT kind, count, trial FROM events ORDER BY seq", {}));
      for (int i = 0; i < r.rows(); ++i)
        out.push_back(
            {r.text(i, 0) == "propose" ? Event::Propose : Event::Observe,
             r.integer(i, 1), r.integer(i, 2)});
      return Outcome::Ok;
    });
  }

  bool requeueRunning(std::vector<Trial> &running) override {
    return commit() && transact([&] {
             running.clear();
             Result r;
             TRY(run(r,
                     "SELECT " TRIAL_COLUMNS " FROM trials WHERE status = "
                     "'running' AND (lease_until IS NULL OR lease_until < $1) "
                     "ORDER BY id FOR UPDATE",
                     {wallClock()}));
             return requeue(r, running);
           });
  }

  bool offer(int64_t id) override {
    double now = wallClock();
    return change_([this, id, now] {
      Result r;
      return run(r,
                 "UPDATE trials SET offered = $1 WHERE id = $2 AND "
                 "status = 'queued'",
                 {now, id});
    });
  }

  bool withdraw(int64_t id, bool &taken) override {
    taken = false;
    bool changed = false;
    // One statement: a claim that holds the row makes it wait, then find
    // the trial running (READ COMMITTED reads the row again).
    bool ok = commit() && transact([&] {
                Result r;
                TRY(run(r,
                        "UPDATE trials SET offered = NULL WHERE id = $1 AND "
                        "status = 'queued'",
                        {id}));
                changed = r.affected() == 1;
                return Outcome::Ok;
              });
    taken = ok && changed;
    return ok;
  }

  bool claim(const WorkerInfo &w, double leaseSeconds,
             std::optional<Trial> &claimed) override {
    claimed.reset();
    std::optional<Trial> got;
    // One statement: the oldest offered queued trial no other claim holds
    // (SKIP LOCKED: racing workers each take a different one), running
    // under w's lease.
    bool ok = commit() && transact([&] {
                got.reset();
                double now = wallClock();
                Result r;
                TRY(run(r,
                        "UPDATE trials SET status = 'running', started = $1, "
                        "worker_pid = $2, worker_host = $3, "
                        "worker_identity = $4, worker_device = $5, "
                        "lease_until = $6 WHERE status = 'queued' AND id = "
                        "(SELECT id FROM trials WHERE status = 'queued' AND "
                        "offered IS NOT NULL ORDER BY id LIMIT 1 "
                        "FOR UPDATE SKIP LOCKED) RETURNING " TRIAL_COLUMNS,
                        {now, w.pid, w.host, w.identity, w.device,
                         now + leaseSeconds}));
                if (r.rows() == 0)
                  return Outcome::Ok;
                Trial t;
                TRY(readTrial(r, 0, t));
                got = std::move(t);
                return Outcome::Ok;
              });
    if (ok)
      claimed = std::move(got);
    return ok;
  }

  bool renewLeases(const WorkerInfo &w, const std::vector<int64_t> &ids,
                   double leaseSeconds, std::vector<int64_t> &lost) override {
    lost.clear();
    // Rows are locked in id order, as requeueExpired locks them: no
    // deadlock between a worker renewing and the search requeueing.
    std::vector<int64_t> sorted(ids);
    std::sort(sorted.begin(), sorted.end());
    std::set<int64_t> gone;
    bool ok = commit() && transact([&] {
                gone.clear();
                for (int64_t id : sorted) {
                  Result r;
                  TRY(run(r,
                          "UPDATE trials SET lease_until = $1 WHERE id = $2 "
                          "AND status = 'running' AND worker_host = $3 AND "
                          "worker_pid = $4 AND worker_identity = $5",
                          {wallClock() + leaseSeconds, id, w.host, w.pid,
                           w.identity}));
                  if (r.affected() == 0)
                    gone.insert(id);
                }
                return Outcome::Ok;
              });
    if (ok)
      for (int64_t id : ids)
        if (gone.count(id))
          lost.push_back(id);
    return ok;
  }

  bool finishClaimed(const Trial &t, const WorkerInfo &w,
                     bool &accepted) override {
    accepted = false;
    bool held = false;
    // The update applies only while the lease is w's: one statement, so
    // that a requeue between a check and the write cannot slip in.
    bool ok =
        commit() && transact([&] {
          held = false;
          Result r;
          TRY(updateTrial(r, t,
                          " AND status = 'running' AND worker_host = $15 "
                          "AND worker_pid = $16 AND worker_identity = $17",
                          {w.host, w.pid, w.identity}));
          held = r.affected() == 1;
          return Outcome::Ok;
        });
    accepted = ok && held;
    return ok;
  }

  bool requeueExpired(std::vector<Trial> &requeued) override {
    return commit() && transact([&] {
             requeued.clear();
             Result r;
             TRY(run(r,
                     "SELECT " TRIAL_COLUMNS " FROM trials WHERE status = "
                     "'running' AND lease_until IS NOT NULL AND "
                     "lease_until < $1 ORDER BY id FOR UPDATE",
                     {wallClock()}));
             return requeue(r, requeued);
           });
  }

  bool loadFinished(const std::vector<int64_t> &ids,
                    std::vector<Trial> &finished) override {
    return read([&] {
      finished.clear();
      Result r;
      TRY(run(r,
              "SELECT " TRIAL_COLUMNS " FROM trials WHERE id = "
              "ANY($1::bigint[]) AND status IN ('ok', 'failed') ORDER BY id",
              {idArray(ids)}));
      return readTrials(r, finished);
    });
  }

  bool workerBeat(const WorkerInfo &w) override {
    return commit() && transact([&] {
             double now = wallClock();
             Result r;
             return run(
                 r,
                 "INSERT INTO workers (host, pid, identity, device, "
                 "jobs, started, heartbeat) VALUES ($1, $2, $3, $4, $5, "
                 "$6, $7) ON CONFLICT (host, pid) DO UPDATE SET "
                 "identity = excluded.identity, device = "
                 "excluded.device, jobs = excluded.jobs, heartbeat = "
                 "excluded.heartbeat",
                 {w.host, w.pid, w.identity, w.device, w.jobs, now, now});
           });
  }

  bool workerGone(const WorkerInfo &w) override {
    return commit() && transact([&] {
             Result r;
             return run(r, "DELETE FROM workers WHERE host = $1 AND pid = $2",
                        {w.host, w.pid});
           });
  }

  bool liveWorkers(double staleSeconds,
                   std::vector<WorkerInfo> &workers) override {
    return read([&] {
      workers.clear();
      Result r;
      TRY(run(r,
              "SELECT host, pid, identity, device, jobs, heartbeat FROM "
              "workers WHERE heartbeat >= $1 ORDER BY host, pid",
              {wallClock() - staleSeconds}));
      for (int i = 0; i < r.rows(); ++i) {
        WorkerInfo w;
        w.host = r.text(i, 0), w.pid = r.integer(i, 1);
        w.identity = r.text(i, 2), w.device = r.text(i, 3);
        w.jobs = r.integer(i, 4), w.heartbeat = r.real(i, 5);
        workers.push_back(std::move(w));
      }
      return Outcome::Ok;
    });
  }

  bool setFinished(bool finished) override {
    Param when = finished ? Param(wallClock()) : Param();
    return commit() && transact([&] {
             Result r;
             return run(r, "UPDATE experiment SET finished = $1 WHERE id = 1",
                        {when});
           });
  }

  bool isFinished(bool &finished) override {
    return read([&] {
      finished = false;
      Result r;
      TRY(run(r, "SELECT finished IS NOT NULL FROM experiment WHERE id = 1",
              {}));
      finished = r.rows() == 1 && r.text(0, 0) == "t";
      return Outcome::Ok;
    });
  }

  bool saveArtifact(int64_t trial, const std::string &name,
                    const std::string &bytes) override {
    return commit() && transact([&] {
             Result r;
             return run(r,
                        "INSERT INTO artifacts (trial, name, data) VALUES "
                        "($1, $2, $3) ON CONFLICT (trial, name) DO UPDATE SET "
                        "data = excluded.data",
                        {trial, name, Param::bytes(bytes)});
           });
  }

  bool loadArtifact(int64_t trial, const std::string &name, std::string &bytes,
                    bool &found) override {
    return read([&] {
      bytes.clear();
      found = false;
      Result r;
      TRY(run(r, "SELECT data FROM artifacts WHERE trial = $1 AND name = $2",
              {trial, name}, /*binaryResult=*/true));
      if (r.rows() == 1)
        bytes = r.text(0, 0), found = true;
      return Outcome::Ok;
    });
  }

  bool savePhase(const std::string &name, const std::string &json) override {
    return commit() && transact([&] {
             Result r;
             return run(r,
                        "INSERT INTO phases (name, json, saved) VALUES ($1, "
                        "$2, $3) ON CONFLICT (name) DO UPDATE SET json = "
                        "excluded.json, saved = excluded.saved",
                        {name, json, wallClock()});
           });
  }

  bool loadPhase(const std::string &name, std::string &json) override {
    return read([&] {
      json.clear();
      Result r;
      TRY(run(r, "SELECT json FROM phases WHERE name = $1", {name}));
      if (r.rows() == 1)
        json = r.text(0, 0);
      return Outcome::Ok;
    });
  }

  std::string lastError() const override { return err; }

private:

  // --- Changes of trials, as in SqliteStore ---

  /// UPDATE of a finished trial's columns `WHERE id = $13` + `extraWhere`
  /// (with its parameters from $15).
  Outcome updateTrial(Result &r, const Trial &t, const char *extraWhere,
                      std::vector<Param> extra) {
    std::string metrics = storedMetricsJson(t.metrics);
    auto num = [&](const char *name, bool integer) {
      auto it = t.metrics.find(name);
      if (it == t.metrics.end())
        return Param();
      return integer ? Param((int64_t)it->second) : Param(it->second);
    };
    std::vector<Param> p = {std::string(statusName(t.status)),
                            metrics,
                            num("accuracy", false),
                            num("params", true),
                            num("flops", true),
                            num("latency", false),
                            t.error.empty() ? Param() : Param(t.error),
                            t.reusedFrom ? Param(t.reusedFrom) : Param(),
                            t.finished,
                            t.evalSeconds,
                            t.workerPid ? Param(t.workerPid) : Param(),
                            t.started > 0 ? Param(t.started) : Param(),
                            t.id,
                            t.curve.empty() ? Param()
                                            : Param(storedCurveJson(t.curve))};
    for (Param &e : extra)
      p.push_back(std::move(e));
    std::string sql = "UPDATE trials SET status = $1, metrics = $2, "
                      "accuracy = $3, params = $4, flops = $5, "
                      "latency_ms = $6, error = $7, reused_from = $8, "
                      "finished = $9, eval_seconds = $10, worker_pid = $11, "
                      "started = $12, curve = $14 WHERE id = $13";
    sql += extraWhere;
    return runText(r, sql, p);
  }

  /// A finished trial, and its observe event when `observed`.
  Outcome update(const Trial &t, bool observed) {
    Result r;
    TRY(updateTrial(r, t, "", {}));
    if (!observed)
      return Outcome::Ok;
    return run(r,
               "INSERT INTO events (seq, kind, trial) VALUES ((SELECT "
               "coalesce(max(seq), 0) + 1 FROM events), 'observe', $1)",
               {t.id});
  }

  /// The trials `r` selected (FOR UPDATE) become queued; `out` gets them as
  /// they were.
  Outcome requeue(Result &r, std::vector<Trial> &out) {
    out.clear();
    TRY(readTrials(r, out));
    if (out.empty())
      return Outcome::Ok;
    std::vector<int64_t> ids;
    for (Trial &t : out)
      ids.push_back(t.id);
    Result u;
    return run(u,
               "UPDATE trials SET " REQUEUE_SET " WHERE id = ANY($1::bigint[])",
               {idArray(ids)});
  }

  Outcome readTrials(Result &r, std::vector<Trial> &out) {
    for (int i = 0; i < r.rows(); ++i) {
      out.emplace_back();
      TRY(readTrial(r, i, out.back()));
    }
    return Outcome::Ok;
  }

  Outcome readTrial(Result &r, int i, Trial &t) {
    t.id = r.integer(i, 0);
    t.decisions = r.text(i, 1);
    t.fingerprint = r.text(i, 2);
    t.epochs = r.integer(i, 3);
    if (!parseStatus(r.text(i, 4), t.status)) {
      err = std::string(kCorrupt) + " (trial " + std::to_string(t.id) +
            " has an unknown status '" + r.text(i, 4) + "')";
      return Outcome::Failed;
    }
    if (!r.null(i, 5)) {
      auto v = parseJsonLimited(r.text(i, 5));
      if (!v || !v->getAsObject()) {
        if (!v)
          llvm::consumeError(v.takeError());
        err = std::string(kCorrupt) + " (trial " + std::to_string(t.id) +
              " has unreadable metrics)";
        return Outcome::Failed;
      }
      for (auto &kv : *v->getAsObject())
        if (auto n = kv.second.getAsNumber())
          t.metrics[kv.first.str()] = *n;
    }
    t.error = r.text(i, 6);
    t.reusedFrom = r.integer(i, 7);
    t.workerPid = r.integer(i, 8);
    t.workerHost = r.text(i, 9);
    t.created = r.real(i, 10), t.started = r.real(i, 11);
    t.finished = r.real(i, 12), t.evalSeconds = r.real(i, 13);
    t.workerIdentity = r.text(i, 14);
    t.workerDevice = r.text(i, 15);
    t.leaseUntil = r.real(i, 16);
    std::string why;
    if (!r.null(i, 17) && !parseStoredCurve(r.text(i, 17), t.curve, why)) {
      err = std::string(kCorrupt) + " (trial " + std::to_string(t.id) +
            " has an unreadable curve: " + why + ")";
      return Outcome::Failed;
    }
    return Outcome::Ok;
  }

  // --- Transactions, surviving a lost connection ---

  /// Runs `body` as one transaction, redone after a lost connection (or a
  /// deadlock) until it commits, fails, or the server stays away for the
  /// retry time.
  bool transact(const Change &body) {
    double deadline = monotonic() + retryFor;
    double delay = 0.1;
    while (true) {
      std::string xid;
      Outcome o = begin(xid);
      if (o == Outcome::Ok)
        o = body();
      if (o == Outcome::Ok) {
        o = commitStatement();
        if (o == Outcome::Lost) {
          // Cut off while committing: ask what became of it.
          std::string state;
          if (!reconnect(deadline) || !xactState(xid, deadline, state))
            return false;
          if (state == "committed")
            return true;
          continue; // aborted: redo
        }
        if (o == Outcome::Ok)
          return true;
      }
      if (o == Outcome::Failed) {
        std::string keep = err;
        simple("ROLLBACK");
        err = keep;
        return false;
      }
      if (o == Outcome::Retry) {
        simple("ROLLBACK");
        if (monotonic() + delay > deadline) {
          err = "store '" + loc.display + "': " + err + " (gave up retrying)";
          return false;
        }
        sleepFor(delay);
        delay = std::min(delay * 2, 5.0);
        continue;
      }
      if (!reconnect(deadline))
        return false;
    }
  }

  /// A change of the search: its own transaction, or a savepoint in the
  /// pending group while commits are grouped (kept to be redone).
  bool change_(Change body) {
    if (!grouping)
      return commit() && transact(body);
    double deadline = monotonic() + retryFor;
    while (true) {
      if (!pending) {
        Outcome o = begin(pendingXid);
        if (o == Outcome::Lost) {
          if (!reconnect(deadline))
            return false;
          continue;
        }
        if (o != Outcome::Ok)
          return false;
        pending = true;
        savepoint = false;
      }
      // The previous change's savepoint is released and this one's made in
      // one round trip (it stays open until the next change or COMMIT).
      Outcome o =
          simple(savepoint ? "RELEASE SAVEPOINT change; SAVEPOINT change"
                           : "SAVEPOINT change");
      if (o == Outcome::Ok) {
        savepoint = true;
        o = body();
      }
      if (o == Outcome::Ok) {
        pendingChanges.push_back(std::move(body));
        return true;
      }
      if (o == Outcome::Failed || o == Outcome::Retry) {
        std::string keep = err;
        if (simple("ROLLBACK TO SAVEPOINT change") == Outcome::Lost &&
            !redoGroup(deadline))
          return false;
        err = keep;
        return false;
      }
      // Lost: the pending transaction is gone; redo it, then this change.
      if (!redoGroup(deadline))
        return false;
    }
  }

  /// After the connection was lost with a group pending: reconnects and
  /// redoes the group's changes in a new pending transaction.
  bool redoGroup(double deadline) {
    pending = false;
    savepoint = false;
    while (true) {
      if (!reconnect(deadline))
        return groupLost();
      Outcome o = begin(pendingXid);
      for (size_t k = 0; o == Outcome::Ok && k < pendingChanges.size(); ++k)
        o = pendingChanges[k]();
      if (o == Outcome::Ok) {
        pending = true;
        return true;
      }
      if (o != Outcome::Lost) {
        std::string why = err;
        simple("ROLLBACK");
        size_t n = pendingChanges.size();
        pendingChanges.clear();
        err = "store '" + loc.display + "': after reconnecting, the " +
              std::to_string(n) +
              " changes since the last commit could not be redone: " + why;
        return false;
      }
    }
  }

  bool groupLost() {
    size_t n = pendingChanges.size();
    pending = false;
    pendingChanges.clear();
    err += "; the " + std::to_string(n) +
           " changes since the last commit are lost (--resume redoes them)";
    return false;
  }

  /// A read: redone after a lost connection (and the pending group with
  /// it). Inside a pending group, a savepoint keeps a failed read from
  /// aborting the group.
  bool read(const std::function<Outcome()> &body) {
    double deadline = monotonic() + retryFor;
    while (true) {
      Outcome o = pending ? simple("SAVEPOINT read") : Outcome::Ok;
      if (o == Outcome::Ok)
        o = body();
      if (pending && o == Outcome::Ok)
        o = simple("RELEASE SAVEPOINT read");
      else if (pending && (o == Outcome::Failed || o == Outcome::Retry)) {
        std::string keep = err;
        if (simple("ROLLBACK TO SAVEPOINT read") == Outcome::Lost &&
            !redoGroup(deadline))
          return false;
        err = keep;
      }
      if (o == Outcome::Ok)
        return true;
      if (o == Outcome::Failed)
        return false;
      if (o == Outcome::Retry) {
        if (monotonic() > deadline)
          return false;
        sleepFor(0.1);
        continue;
      }
      if (pending ? !redoGroup(deadline) : !reconnect(deadline))
        return false;
    }
  }

  /// COMMIT. For the tests of what follows a lost connection,
  /// NASIR_PG_FAULT cuts the connection at every other COMMIT: "reply"
  /// after the server committed (the reply is lost), "abort" instead of
  /// committing, "stall" leaving the session open in its transaction (a
  /// network cut: the server does not know yet).
  Outcome commitStatement() {
    if (fault.empty() || ++commits % 2 == 0)
      return simple("COMMIT");
    if (fault == "stall") {
      stalled.push_back(conn); // its session stays, in its transaction
    } else {
      TRY(simple(fault == "reply" ? "COMMIT" : "ROLLBACK"));
      PQfinish(conn);
    }
    conn = nullptr;
    return lost("NASIR_PG_FAULT=" + fault +
                ": the connection was cut at "
                "COMMIT");
  }

  /// BEGIN, and the id of the transaction (forced now, so that a COMMIT cut
  /// off can be looked up), in one round trip.
  Outcome begin(std::string &xid) {
    Result r;
    TRY(exec(r, "BEGIN; SELECT pg_current_xact_id()"));
    xid = r.text(0, 0);
    return Outcome::Ok;
  }

  /// What became of transaction `xid`: "committed" or "aborted" (a
  /// transaction still "in progress", its backend not yet gone, is asked
  /// about again). False when the server cannot tell.
  bool xactState(const std::string &xid, double deadline, std::string &state) {
    bool stopped = false;
    while (true) {
      Result r;
      Outcome o = run(r, "SELECT pg_xact_status($1::xid8)", {xid});
      if (o == Outcome::Lost) {
        if (!reconnect(deadline))
          return false;
        continue;
      }
      if (o != Outcome::Ok)
        return false;
      state = r.text(0, 0);
      if (state == "committed" || state == "aborted")
        return true;
      // The old session still runs (a network cut, not a restart): end it
      // (a role may end its own sessions), so that its transaction settles.
      if (state == "in progress" && !stopped && lostBackend) {
        Result t;
        stopped = true;
        if (run(t, "SELECT pg_terminate_backend($1)", {lostBackend}) ==
            Outcome::Lost)
          continue;
      }
      if (state != "in progress" || monotonic() > deadline) {
        err = "store '" + loc.display + "': the connection was lost while " +
              "committing, and the server cannot tell whether transaction " +
              xid + " committed";
        return false;
      }
      sleepFor(0.05);
    }
  }

  /// Reconnects after a lost connection: 0.1 s doubling to 5 s between
  /// attempts, until `deadline`.
  bool reconnect(double deadline) {
    if (conn)
      PQfinish(conn);
    lostBackend = backend;
    conn = nullptr;
    double delay = 0.1;
    std::string why = lostWhy;
    if (!warned) {
      llvm::errs() << "warning: store '" << loc.display
                   << "': the connection was lost (" << lostWhy
                   << "); reconnecting\n";
      warned = true;
    }
    while (true) {
      if (connect(why)) {
        warned = false;
        return true;
      }
      if (monotonic() + delay > deadline) {
        err = "store '" + loc.display + "': the connection was lost (" +
              lostWhy + ") and could not be made again within " +
              Param::formatDouble(retryFor) + " s: " + why;
        return false;
      }
      sleepFor(delay);
      delay = std::min(delay * 2, 5.0);
    }
  }

  static void sleepFor(double seconds) {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  }

  /// One connection attempt, and the session's settings.
  bool connect(std::string &why) {
    // The URL's own settings win over these defaults (later keywords win;
    // `dbname` expands to the URL's).
    const char *keys[] = {"connect_timeout", "fallback_application_name",
                          "dbname", nullptr};
    const char *values[] = {"10", "nasir", loc.conninfo.c_str(), nullptr};
    conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
      why = conn ? oneLine(PQerrorMessage(conn)) : "out of memory";
      if (conn)
        PQfinish(conn);
      conn = nullptr;
      return false;
    }
    PQsetNoticeProcessor(
        conn, [](void *, const char *) {}, nullptr);
    prepared.clear();
    backend = PQbackendPID(conn);
    char *quoted =
        PQescapeIdentifier(conn, loc.experiment.data(), loc.experiment.size());
    if (!quoted) {
      why = oneLine(PQerrorMessage(conn));
      PQfinish(conn);
      conn = nullptr;
      return false;
    }
    schema = quoted;
    PQfreemem(quoted);
    Result r;
    std::string setup = "SET search_path = " + schema;
    if (readOnly)
      setup += "; SET default_transaction_read_only = on";
    if (exec(r, setup.c_str()) != Outcome::Ok) {
      why = err.empty() ? lostWhy : err;
      if (conn)
        PQfinish(conn);
      conn = nullptr;
      return false;
    }
    return true;
  }

  /// Whether trials has the column `curve` (a schema made before it has
  /// not); once it has, it keeps it.
  Outcome hasCurveColumn(bool &has) {
    if (!curveColumn) {
      Result r;
      TRY(run(r,
              "SELECT count(*) FROM information_schema.columns WHERE "
              "table_schema = $1 AND table_name = 'trials' AND "
              "column_name = 'curve'",
              {loc.experiment}));
      curveColumn = r.integer(0, 0) > 0;
    }
    has = curveColumn;
    return Outcome::Ok;
  }

  /// The schema and its tables, made once by whichever process comes first
  /// (an advisory lock: concurrent CREATE ... IF NOT EXISTS may collide),
  /// and the columns added since (kAddedColumns).
  Outcome createSchema() {
    // Made already: nothing to create (and no CREATE privilege needed).
    Result r;
    TRY(run(r,
            "SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND "
            "tablename IN ('experiment', 'trials', 'events', 'lock', "
            "'phases', 'workers', 'artifacts')",
            {loc.experiment}));
    bool curve = false;
    if (r.integer(0, 0) == 7) {
      TRY(hasCurveColumn(curve));
      if (curve)
        return Outcome::Ok;
    }
    std::string xid;
    TRY(begin(xid));
    Outcome o = run(r,
                    "SELECT pg_advisory_xact_lock(hashtext('nasir schema'), "
                    "hashtext($1))",
                    {loc.experiment});
    if (o == Outcome::Ok)
      o = exec(r, ("CREATE SCHEMA IF NOT EXISTS " + schema).c_str());
    if (o == Outcome::Ok)
      o = exec(r, kSchema);
    if (o == Outcome::Ok)
      o = exec(r, kAddedColumns);
    if (o == Outcome::Ok)
      o = simple("COMMIT");
    if (o == Outcome::Ok)
      curveColumn = true;
    if (o != Outcome::Ok) {
      std::string keep = err.empty() ? lostWhy : err;
      simple("ROLLBACK");
      err = keep;
    }
    return o;
  }

  // --- Statements ---

  /// A transaction-control statement (no result wanted).
  Outcome simple(const char *sql) {
    Result r;
    return exec(r, sql);
  }

  /// Text without parameters, through the simple protocol (several
  /// statements; `r` gets the last one's result).
  Outcome exec(Result &r, const char *sql) {
    if (!conn)
      return lost("not connected");
    r.reset(PQexec(conn, sql));
    return check(r);
  }

  /// `sql` (a literal: its address names its prepared statement on this
  /// connection) with `params`.
  Outcome run(Result &r, const char *sql, std::vector<Param> params,
              bool binaryResult = false) {
    if (!conn)
      return lost("not connected");
    auto it = prepared.find(sql);
    if (it == prepared.end()) {
      std::string name = "nasir_" + std::to_string(prepared.size());
      r.reset(PQprepare(conn, name.c_str(), sql, 0, nullptr));
      if (Outcome o = check(r); o != Outcome::Ok)
        return o;
      it = prepared.emplace(sql, name).first;
    }
    return execPrepared(r, it->second.c_str(), params, binaryResult);
  }

  /// `sql` built at run time (from literal pieces only), unprepared.
  Outcome runText(Result &r, const std::string &sql,
                  const std::vector<Param> &params) {
    if (!conn)
      return lost("not connected");
    std::vector<const char *> values;
    std::vector<int> lengths, formats;
    marshal(params, values, lengths, formats);
    r.reset(PQexecParams(conn, sql.c_str(), (int)params.size(), nullptr,
                         values.data(), lengths.data(), formats.data(), 0));
    return check(r);
  }

  Outcome execPrepared(Result &r, const char *name,
                       const std::vector<Param> &params, bool binaryResult) {
    std::vector<const char *> values;
    std::vector<int> lengths, formats;
    marshal(params, values, lengths, formats);
    r.reset(PQexecPrepared(conn, name, (int)params.size(), values.data(),
                           lengths.data(), formats.data(),
                           binaryResult ? 1 : 0));
    return check(r);
  }

  static void marshal(const std::vector<Param> &params,
                      std::vector<const char *> &values,
                      std::vector<int> &lengths, std::vector<int> &formats) {
    for (const Param &p : params) {
      values.push_back(p.value ? p.value->data() : nullptr);
      lengths.push_back(p.value ? (int)p.value->size() : 0);
      formats.push_back(p.binary ? 1 : 0);
    }
  }

  Outcome lost(const std::string &why) {
    lostWhy = why;
    return Outcome::Lost;
  }

  /// Sorts a statement's outcome: a lost connection (libpq says so, or the
  /// server's SQLSTATE is of class 08, or it is shutting down: 57P01-3),
  /// a deadlock or serialization failure (40P01, 40001), or an error.
  Outcome check(Result &r) {
    PGresult *res = r.get();
    ExecStatusType status = PQresultStatus(res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
      return Outcome::Ok;
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : "";
    std::string code = state ? state : "";
    std::string msg = oneLine(res ? PQresultErrorMessage(res) : "");
    if (msg.empty())
      msg = oneLine(PQerrorMessage(conn));
    if (PQstatus(conn) == CONNECTION_BAD || code.empty() ||
        llvm::StringRef(code).starts_with("08") || code == "57P01" ||
        code == "57P02" || code == "57P03")
      return lost(msg);
    err = msg;
    if (code == "40P01" || code == "40001")
      return Outcome::Retry;
    return Outcome::Failed;
  }

  PostgresLocation loc;
  bool readOnly;
  double retryFor;
  PGconn *conn = nullptr;
  std::string schema; ///< the experiment's name, quoted
  bool curveColumn = false; ///< trials has `curve` (hasCurveColumn)
  std::map<const char *, std::string> prepared;
  std::string err, lostWhy;
  bool warned = false;    ///< "reconnecting" said for the current loss
  bool grouping = false;  ///< groupCommits(true)
  bool pending = false;   ///< a grouped transaction is open
  bool savepoint = false; ///< with it, the last change's savepoint
  std::string pendingXid;
  std::vector<Change> pendingChanges; ///< its changes, to redo
  int backend = 0;                    ///< the server process of this connection
  int lostBackend = 0;                ///< that of the connection lost last
  std::string fault;                  ///< NASIR_PG_FAULT (tests only)
  std::vector<PGconn *> stalled;      ///< NASIR_PG_FAULT=stall's sessions
  int64_t commits = 0;
};

} // namespace

std::unique_ptr<Store> nasir::search::openPostgresStore(const std::string &url,
                                                        std::string &error) {
  PostgresLocation loc;
  if (!parsePostgresUrl(url, loc, error))
    return nullptr;
  auto store = std::make_unique<PostgresStore>(loc, /*readOnly=*/false);
  if (!store->open(error))
    return nullptr;
  return store;
}

std::unique_ptr<Store> nasir::search::openPostgresExperimentStore(
    const std::string &url, ExperimentInfo &info, std::string &error) {
  PostgresLocation loc;
  if (!parsePostgresUrl(url, loc, error))
    return nullptr;
  auto store = std::make_unique<PostgresStore>(loc, /*readOnly=*/true);
  if (!store->open(error))
    return nullptr;
  bool exists = false;
  if (!store->schemaExists(exists)) {
    error = "store '" + loc.display + "': " + store->lastError();
    return nullptr;
  }
  if (!exists) {
    error = "'" + loc.display + "' holds no nasir experiment (the database " +
            "has no experiment '" + loc.experiment + "')";
    return nullptr;
  }
  if (!store->loadExperiment(info)) {
    std::string why = store->lastError();
    error =
        llvm::StringRef(why).starts_with(kCorrupt)
            ? "store '" + loc.display + "': " + why
            : "'" + loc.display + "' holds no nasir experiment (" + why + ")";
    return nullptr;
  }
  return store;
}
