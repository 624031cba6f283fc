//===- Search.cpp - the search driver -------------------------------------===//
#include "lib/Search/Search.h"
#include "lib/Search/Candidate.h"
#include "lib/Search/Experiment.h"
#include "lib/Search/ProcessIdentity.h"
#include "lib/Search/TrialWeights.h"
#include "lib/Search/WorkQueue.h"
#include "lib/Transforms/Decisions.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <cmath>
#include <csignal>
#include <random>
#include <set>

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

std::atomic<bool> SearchDriver::stopRequested{false};

/// With --time and no budget, spaces up to this size are counted too, so
/// the search ends when they are exhausted instead of reusing until T.
static constexpr int64_t kCountedWithoutBudget = 100000;
/// Under params/flops bounds, counting builds every candidate: up to this many.
static constexpr int64_t kCountedWithBounds = 2000;

namespace {
/// Groups the store's commits while a search runs (Store::groupCommits),
/// committing what is pending when it ends, however it ends.
struct GroupedCommits {
  Store &store;
  explicit GroupedCommits(Store &store) : store(store) {
    store.groupCommits(true);
  }
  ~GroupedCommits() { store.groupCommits(false); }
};

/// Adds the time spent inside evaluator calls to `sum`.
struct EvalTimer {
  double &sum;
  std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now();
  explicit EvalTimer(double &sum) : sum(sum) {}
  ~EvalTimer() {
    sum += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
               .count();
  }
};
} // namespace

SearchDriver::SearchDriver(nas::SpaceOp space, const SpaceModel &model,
                           SearchConfig config, Evaluator &evaluator,
                           Store &store)
    : space(space), model(model), cfg(std::move(config)), evaluator(evaluator),
      store(store), candidates(space, cfg.canon) {
  ctx = std::make_unique<SearchContext>(space, model, cfg.seed, cfg.objectives,
                                        cfg.strategyOptions);
  ctx->oneshot = cfg.oneshot;
}

SearchDriver::~SearchDriver() = default;

std::string SearchDriver::keyOf(const Trial &t) const {
  return t.fingerprint + "@" + std::to_string(t.epochs);
}

void SearchDriver::noteProposed(const Trial &t) {
  bool fresh =
      proposedPairs.insert(t.decisions + "@" + std::to_string(t.epochs)).second;
  if (fresh && t.epochs == cfg.epochs)
    ++proposedAtDefault;
  proposedDecisions.insert(t.decisions);
  staleProposals = fresh ? 0 : staleProposals + 1;
}

bool SearchDriver::spaceExhausted() const {
  int64_t n = st.distinctCandidates;
  if (n < 0)
    return false;
  if (proposedAtDefault >= n) // each candidate at the full epoch budget
    return true;
  // A strategy that varies the epochs (hyperband): each candidate proposed,
  // and a long run of proposals that brought nothing new.
  return (int64_t)proposedDecisions.size() >= n &&
         staleProposals >= std::max<int64_t>(100, 2 * n);
}

int64_t SearchDriver::evaluations() const {
  return (int64_t)all.size() - reusedCount - waitingCount - importedCount;
}

int64_t SearchDriver::spent() const {
  if (cfg.budgetCounts == SearchConfig::BudgetCounts::Proposals)
    return (int64_t)all.size() - importedCount;
  return evaluations();
}

bool SearchDriver::substitutesWarmStart() const {
  return cfg.strategy == "random" || cfg.strategy == "evolution" ||
         cfg.strategy == "reinforce" || cfg.strategy == "nsga2";
}

/// The active part of `a` (the decisions that the chosen options reach).
static void activeOnly(const SpaceModel &model, const Assignment &a,
                       Assignment &out) {
  model.walkActive([&](const Site &site, StringRef label) -> int {
    auto it = a.find(label);
    if (it == a.end() || it->second >= site.values.size())
      return -1;
    out[label] = it->second;
    return it->second;
  });
}

/// Whether `value` has the form decisions of site `s` take (any value for a
/// choice, an integer for a repeat, a sorted list of distinct non-negative
/// integers for a select), whether or not it is one of the site's values
/// here: a value the new space dropped is projected away, a malformed one is
/// an error.
static bool wellFormedFor(const Site &s, Attribute value) {
  if (s.kind == Site::Repeat)
    return isa<IntegerAttr>(value);
  if (s.kind != Site::Select)
    return true;
  auto list = dyn_cast<ArrayAttr>(value);
  if (!list)
    return false;
  int64_t last = -1;
  for (Attribute a : list) {
    auto i = dyn_cast<IntegerAttr>(a);
    if (!i || i.getInt() <= last)
      return false;
    last = i.getInt();
  }
  return true;
}

bool SearchDriver::warmStart(std::string &error) {
  MLIRContext *mctx = space.getContext();
  std::mt19937_64 rng(cfg.seed ^ 0x5eedull); // not the strategy's generator
  std::set<std::string> seen;
  std::vector<Trial> imported, seeds;
  std::vector<int64_t> importedFrom;
  for (const Trial &old : cfg.warmStart) {
    if (old.status != TrialStatus::Ok) // failed, or a duplicate (reused)
      continue;
    // A finished trial's decisions that do not parse, or a decision of a
    // label this space has in a form its site never takes, is damage, not a
    // related space: an error naming the store and the trial.
    std::string where = "--warm-start: '" + cfg.warmStartStore + "': trial " +
                        std::to_string(old.id) + ": ";
    std::string perr;
    DictionaryAttr d = parseDecisions(mctx, old.decisions, perr);
    if (!d) {
      error = where + perr;
      return false;
    }
    for (NamedAttribute e : d) {
      const Site *site = model.lookup(e.getName().getValue());
      if (site && !wellFormedFor(*site, e.getValue())) {
        error = where + "decision '" + e.getName().getValue().str() + "' = " +
                printDecisionValue(e.getValue()) +
                (site->kind == Site::Repeat
                     ? " is not a depth (an integer)"
                     : " is not a sorted list of distinct indices");
        return false;
      }
    }
    // Keep the decisions this space still has; complete the rest by sampling.
    Assignment kept;
    bool exact = true;
    for (NamedAttribute e : d) {
      Assignment one;
      std::string ignored;
      if (model.fromDecisions(DictionaryAttr::get(mctx, {e}), one, ignored))
        kept[e.getName().getValue()] = one.begin()->second;
      else
        exact = false;
    }
    Assignment a;
    activeOnly(model, kept, a);
    std::string why;
    auto valid = [&] { return model.isComplete(a, why) && model.satisfies(a, &why); };
    for (int attempt = 0; !valid() && attempt < 100; ++attempt) {
      exact = false;
      Assignment mix = model.sample(rng);
      for (auto &k : kept)
        mix[k.first()] = k.second;
      a.clear();
      activeOnly(model, mix, a);
    }
    if (!valid()) {
      ++st.warmDropped;
      continue;
    }
    Trial t;
    t.assignment = a;
    DictionaryAttr nd = model.toDecisions(a);
    t.decisions = printDecisions(nd);
    if (!seen.insert(t.decisions).second)
      continue;
    PreparedCandidate pc = prepareCandidate(space, nd, cfg.canon, false);
    if (!pc.error.empty() ||
        (pc.cost && model.costBounds().exceeded(*pc.cost))) {
      ++st.warmDropped;
      continue;
    }
    t.fingerprint = pc.fingerprint;
    t.epochs = cfg.epochs;
    t.created = wallClock();
    if (exact && pc.fingerprint == old.fingerprint && old.epochs == cfg.epochs) {
      t.status = TrialStatus::Ok;
      t.metrics = old.metrics;
      t.curve = old.curve;
      t.evalSeconds = old.evalSeconds;
      t.started = 0;
      t.finished = t.created;
      t.workerHost = "warm-start";
      imported.push_back(std::move(t));
      importedFrom.push_back(old.id);
    } else if (substitutesWarmStart()) {
      seeds.push_back(std::move(t));
    }
  }
  bool substitute = substitutesWarmStart();
  if (!imported.empty()) {
    if (substitute)
      strategy->propose((unsigned)imported.size());
    std::vector<Trial> queued = imported;
    std::vector<Trial *> ptrs;
    for (Trial &t : queued) {
      t.status = TrialStatus::Queued;
      ptrs.push_back(&t);
    }
    if (!store.addProposals(-(int64_t)queued.size(), ptrs)) {
      error = "store: " + store.lastError();
      return false;
    }
    for (size_t i = 0; i < imported.size(); ++i) {
      Trial &t = imported[i];
      t.id = queued[i].id;
      if (!store.markRunning(t) || !store.finish(t, substitute)) {
        error = "store: " + store.lastError();
        return false;
      }
      // The weights come along, so `nasir export --best` works on them.
      if (cfg.warmStartSource) {
        std::string bytes;
        bool found = false;
        if (!loadTrialWeights(*cfg.warmStartSource, cfg.warmStartDir,
                              importedFrom[i], bytes, found, error)) {
          error = "--warm-start: '" + cfg.warmStartStore + "': trial " +
                  std::to_string(importedFrom[i]) + ": " + error;
          return false;
        }
        if (found && !store.saveArtifact(t.id, kWeightsArtifact, bytes)) {
          error = "store: " + store.lastError();
          return false;
        }
      }
      all[t.id] = t;
      noteProposed(t);
      doneByKey.emplace(keyOf(t), t.id);
      ++importedCount;
      if (substitute) {
        strategy->observe(t);
        ++doneCount;
        ++importedDone;
      }
      double sc = ctx->score(t);
      if (std::isfinite(sc) && (!hasBest || sc > bestScore))
        bestScore = sc, hasBest = true;
    }
  }
  if (cfg.budget > 0 && (int64_t)seeds.size() > cfg.budget)
    seeds.resize(cfg.budget);
  if (!seeds.empty()) {
    strategy->propose((unsigned)seeds.size());
    std::vector<Proposal> props;
    for (Trial &t : seeds)
      props.push_back({t.assignment, 0});
    int64_t n = (int64_t)props.size();
    if (!handleProposals(-n, std::move(props))) {
      error = "store: " + store.lastError();
      return false;
    }
  }
  st.warmImported = (int64_t)imported.size();
  st.warmSeeded = (int64_t)seeds.size();
  return true;
}

bool SearchDriver::queueFirstCandidates(std::string &error) {
  std::vector<Proposal> props;
  for (size_t i = 0; i < cfg.firstCandidates.size(); ++i)
    props.push_back({cfg.firstCandidates[i], 0,
                     i < cfg.firstCandidateMetrics.size() ? cfg.firstCandidateMetrics[i]
                                                          : Metrics{}});
  if (cfg.budget > 0 && (int64_t)props.size() > cfg.budget)
    props.resize(cfg.budget);
  if (props.empty())
    return true;
  int64_t n = (int64_t)props.size();
  if (substitutesWarmStart())
    strategy->propose((unsigned)n);
  addingUnobserved = !substitutesWarmStart();
  bool ok = handleProposals(-n, std::move(props));
  addingUnobserved = false;
  if (!ok)
    error = "store: " + store.lastError();
  return ok;
}

void SearchDriver::report(const Trial *last) {
  if (!onProgress)
    return;
  Progress p;
  p.done = doneCount;
  p.total = cfg.budget;
  p.running = evaluator.running();
  p.failed = failedCount;
  p.reused = reusedCount;
  p.best = bestScore;
  p.hasBest = hasBest;
  p.elapsed = wallClock() - began;
  p.counts = cfg.budgetCounts;
  p.spent = cfg.budgetCounts == SearchConfig::BudgetCounts::Proposals
                ? doneCount - importedDone
                : doneCount - reusedCount;
  if (cfg.budget > 0 && p.spent > 0)
    p.eta = p.elapsed / p.spent * std::max<int64_t>(0, cfg.budget - p.spent);
  if (cfg.timeLimit > 0)
    p.eta = p.eta < 0 ? std::max(0.0, cfg.timeLimit - p.elapsed)
                      : std::min(p.eta, std::max(0.0, cfg.timeLimit - p.elapsed));
  p.last = last;
  onProgress(p);
}

/// A successful trial gets what its proposal knew of it (a one-shot
/// estimate), beside what its evaluation measured.
void SearchDriver::addEstimates(Trial &t) const {
  auto it = estimates.find(t.id);
  if (it == estimates.end() || !t.error.empty() || t.metrics.empty())
    return;
  for (auto &[name, value] : it->second)
    t.metrics[name] = value;
}

/// Records a finished trial, observes it, and settles the trials waiting for
/// its result.
bool SearchDriver::finishTrial(Trial &t) {
  if (auto c = costs.find(t.id); c != costs.end()) {
    t.metrics.try_emplace("params", (double)c->second.params);
    t.metrics.try_emplace("flops", (double)c->second.flops);
    t.metrics.try_emplace("macs", (double)c->second.macs);
  }
  // The weights first, so that a finished trial's are in the store.
  if (t.status == TrialStatus::Ok && !cfg.workDir.empty()) {
    std::string bytes, error;
    bool found = false;
    if (!readWeightsFile(ExperimentLayout::trialFile(cfg.workDir, t.id, ".pt"),
                         bytes, found, error)) {
      t.status = TrialStatus::Failed;
      t.error = "its trained weights: " + error;
    } else if (found && !store.saveArtifact(t.id, kWeightsArtifact, bytes)) {
      return false;
    }
  }
  bool observed = !unobserved.count(t.id);
  if (!store.finish(t, observed))
    return false;
  if (observed)
    strategy->observe(t);
  ++doneCount;
  if (t.status == TrialStatus::Failed)
    ++failedCount;
  double s = ctx->score(t);
  if (std::isfinite(s) && (!hasBest || s > bestScore)) {
    bestScore = s;
    hasBest = true;
  }
  report(&t);
  return true;
}

bool SearchDriver::resolveWaiting(const Trial &source) {
  std::string key = keyOf(source);
  doneByKey[key] = source.id;
  inflightByKey.erase(key);
  auto it = waiting.find(key);
  if (it == waiting.end())
    return true;
  std::vector<int64_t> ids = std::move(it->second);
  waiting.erase(it);
  for (int64_t id : ids) {
    Trial &t = all[id];
    t.status = TrialStatus::Reused;
    t.reusedFrom = source.id;
    t.metrics = source.metrics;
    t.error = source.error;
    t.finished = wallClock();
    addEstimates(t);
    --waitingCount;
    ++reusedCount;
    if (!finishTrial(t))
      return false;
  }
  return true;
}

bool SearchDriver::handleProposals(int64_t count, std::vector<Proposal> props) {
  std::vector<Trial *> added;
  std::vector<int64_t> order;
  std::vector<Trial> fresh(props.size());
  for (size_t i = 0; i < props.size(); ++i) {
    Trial &t = fresh[i];
    t.assignment = std::move(props[i].assignment);
    t.epochs = props[i].epochs > 0 ? props[i].epochs : cfg.epochs;
    DictionaryAttr d = model.toDecisions(t.assignment);
    t.decisions = printDecisions(d);
    t.created = wallClock();
    // Built only when its cost decides (bounds) or is not known yet: a
    // duplicate of a finished trial needs only its fingerprint.
    bool bounded = model.paramsBound >= 0 || model.flopsBound >= 0;
    PreparedCandidate pc =
        bounded ? candidates.prepare(t.decisions, d, evaluator.needsCandidate())
                : candidates.fingerprint(t.decisions, d);
    if (pc.error.empty() && !bounded) {
      t.fingerprint = pc.fingerprint;
      auto done = doneByKey.find(keyOf(t));
      const Metrics *m =
          done == doneByKey.end() ? nullptr : &all[done->second].metrics;
      if (!m || !m->count("params") || !m->count("flops"))
        pc = candidates.prepare(t.decisions, d, evaluator.needsCandidate());
    }
    if (!pc.error.empty()) {
      t.status = TrialStatus::Failed;
      t.error = "cannot build the candidate: " + pc.error;
      t.finished = t.created;
      continue;
    }
    t.fingerprint = pc.fingerprint;
    if (pc.cost) {
      if (model.costBounds().exceeded(*pc.cost)) {
        t.status = TrialStatus::Failed;
        t.error = "outside the space's params/flops/macs bounds";
        t.finished = t.created;
      }
    }
    std::string key = keyOf(t);
    if (t.status == TrialStatus::Failed) {
    } else if (auto d = doneByKey.find(key); d != doneByKey.end()) {
      const Trial &src = all[d->second];
      t.status = TrialStatus::Reused;
      t.reusedFrom = src.id;
      t.metrics = src.metrics;
      t.error = src.error;
      t.finished = t.created;
    } else if (inflightByKey.count(key)) {
      // Evaluated once: this one waits for the running twin.
    }
    candidateJson[-(int64_t)i - 1] = std::move(pc.candidateJson);
    if (pc.cost)
      costs[-(int64_t)i - 1] = *pc.cost;
    if (!props[i].metrics.empty()) {
      estimates[-(int64_t)i - 1] = std::move(props[i].metrics);
      t.id = -(int64_t)i - 1;
      addEstimates(t); // a reused one is recorded with them
    }
  }
  for (Trial &t : fresh)
    added.push_back(&t);
  if (!store.addProposals(count, added))
    return false;
  // Move the temporaries to their ids, then dispatch in proposal order.
  for (size_t i = 0; i < fresh.size(); ++i) {
    Trial &t = fresh[i];
    int64_t tmp = -(int64_t)i - 1;
    if (auto c = candidateJson.find(tmp); c != candidateJson.end()) {
      if (!c->second.empty())
        candidateJson[t.id] = std::move(c->second);
      candidateJson.erase(tmp);
    }
    if (auto c = costs.find(tmp); c != costs.end()) {
      costs[t.id] = c->second;
      costs.erase(c);
    }
    if (auto e = estimates.find(tmp); e != estimates.end()) {
      estimates[t.id] = std::move(e->second);
      estimates.erase(e);
    }
    all[t.id] = t;
    noteProposed(t);
    if (addingUnobserved)
      unobserved.insert(t.id);
  }
  for (Trial &f : fresh) {
    Trial &t = all[f.id];
    if (t.status == TrialStatus::Failed || t.status == TrialStatus::Reused) {
      // Already recorded (and its observe event logged) by addProposals.
      if (auto c = costs.find(t.id); c != costs.end()) {
        t.metrics.try_emplace("params", (double)c->second.params);
        t.metrics.try_emplace("flops", (double)c->second.flops);
        t.metrics.try_emplace("macs", (double)c->second.macs);
      }
      if (!unobserved.count(t.id))
        strategy->observe(t);
      ++doneCount;
      if (t.status == TrialStatus::Reused)
        ++reusedCount;
      else
        ++failedCount;
      report(&t);
      continue;
    }
    std::string key = keyOf(t);
    if (inflightByKey.count(key)) {
      waiting[key].push_back(t.id);
      ++waitingCount;
      continue;
    }
    inflightByKey[key] = t.id;
    queue.push_back(t.id);
  }
  return true;
}

bool SearchDriver::startJob(int64_t id) {
  Trial &t = all[id];
  EvalJob job;
  job.trialId = id;
  job.decisions = model.toDecisions(t.assignment);
  job.decisionsJson = t.decisions;
  job.epochs = t.epochs;
  if (cfg.timeLimit > 0) // the rest of the search's deadline
    job.timeLimit = std::max(0.001, began + cfg.timeLimit - wallClock());
  if (evaluator.needsCandidate()) {
    auto it = candidateJson.find(id);
    std::string json;
    if (it != candidateJson.end()) {
      json = std::move(it->second);
      candidateJson.erase(it);
    } else { // resumed: build it again
      PreparedCandidate pc = prepareCandidate(space, job.decisions, cfg.canon, true);
      json = pc.candidateJson;
      if (pc.cost)
        costs[id] = *pc.cost;
    }
    job.candidatePath = ExperimentLayout::trialFile(cfg.workDir, id, ".json");
    std::error_code ec;
    llvm::raw_fd_ostream os(job.candidatePath, ec);
    if (!ec)
      os << json << "\n";
  }
  // A trial queued by a search that died (resume) has its cost built again.
  if (!costs.count(id)) {
    PreparedCandidate pc = candidates.prepare(t.decisions, job.decisions, false);
    if (pc.cost)
      costs[id] = *pc.cost;
  }
  t.status = TrialStatus::Running;
  t.started = wallClock();
  job.mayBeOffered = id <= replayedUpTo;
  // What finished before this evaluation is durable before it starts.
  if (!store.commit())
    return false;
  {
    EvalTimer timer(st.evaluatorSeconds);
    evaluator.start(job);
  }
  // Offered to the workers: the one that claims it marks it running in the
  // store, with itself as the trial's worker.
  if (evaluator.handedOff(id))
    return true;
  t.workerHost = hostName();
  t.workerPid = evaluator.pidOf(id);
  if (t.workerPid == 0)
    t.workerPid = getpid();
  t.workerIdentity = processIdentity(t.workerPid);
  return store.markRunning(t);
}

bool SearchDriver::observeLate(Trial &t, std::string &error) {
  DictionaryAttr d = model.toDecisions(t.assignment);
  PreparedCandidate pc = candidates.prepare(t.decisions, d, false);
  if (pc.cost)
    costs[t.id] = *pc.cost;
  if (!finishTrial(t)) {
    error = "store: " + store.lastError();
    return false;
  }
  return true;
}

bool SearchDriver::replay(std::string &error) {
  std::vector<Trial> stored;
  std::vector<Event> events;
  if (!store.loadTrials(stored) || !store.loadEvents(events)) {
    error = "store: " + store.lastError();
    return false;
  }
  for (Trial &t : stored) {
    replayedUpTo = std::max(replayedUpTo, t.id);
    DictionaryAttr d = parseDecisions(space.getContext(), t.decisions, error);
    if (!d || !model.fromDecisions(d, t.assignment, error)) {
      error = "trial " + std::to_string(t.id) + ": " + error;
      return false;
    }
    noteProposed(t);
    all[t.id] = std::move(t);
  }
  auto next = all.begin();
  for (const Event &e : events) {
    if (e.kind == Event::Propose && e.count < 0) {
      // A warm-start batch: not the strategy's proposals.
      if (substitutesWarmStart())
        strategy->propose((unsigned)-e.count);
      for (int64_t k = 0; k < -e.count && next != all.end(); ++k, ++next)
        if (next->second.workerHost == "warm-start")
          ++importedCount;
        else if (!substitutesWarmStart()) // first candidates
          unobserved.insert(next->first);
      continue;
    }
    if (e.kind == Event::Propose) {
      std::vector<Proposal> props = strategy->propose((unsigned)e.count);
      if (props.empty() && !strategy->failure().empty()) {
        error = strategy->failure();
        return false;
      }
      for (Proposal &p : props) {
        if (next == all.end()) {
          st.replayDiverged = true;
          break;
        }
        if (ctx->key(p.assignment) != ctx->key(next->second.assignment))
          st.replayDiverged = true;
        if (!p.metrics.empty())
          estimates[next->first] = std::move(p.metrics);
        ++next;
      }
      continue;
    }
    auto it = all.find(e.trial);
    if (it == all.end()) {
      error = "the store's event log names a missing trial " +
              std::to_string(e.trial);
      return false;
    }
    Trial &t = it->second;
    observedIds.insert(t.id);
    if (!unobserved.count(t.id))
      strategy->observe(t);
    ++doneCount;
    if (t.workerHost == "warm-start")
      ++importedDone;
    if (t.status == TrialStatus::Failed)
      ++failedCount;
    if (t.status == TrialStatus::Reused)
      ++reusedCount;
    double s = ctx->score(t);
    if (std::isfinite(s) && (!hasBest || s > bestScore))
      bestScore = s, hasBest = true;
  }
  // Settle what the dead search left: finished trials are dedup sources;
  // queued ones (and running ones, now queued) are evaluated once; those a
  // worker still runs are waited for; those a worker finished after the
  // search died are observed now.
  for (auto &[id, t] : all) {
    if (t.status == TrialStatus::Ok || t.status == TrialStatus::Failed) {
      if (!t.fingerprint.empty())
        doneByKey.emplace(keyOf(t), id);
      if (!observedIds.count(id) && !unobserved.count(id) &&
          !observeLate(t, error))
        return false;
      continue;
    }
    if (t.status == TrialStatus::Reused)
      continue;
    if (t.status == TrialStatus::Running) { // under a worker's live lease
      if (!evaluator.adopt(id)) {
        error = "trial " + std::to_string(id) + " is running on a worker (" +
                t.workerHost + " pid " + std::to_string(t.workerPid) +
                "): resume with --jobs 0 to wait for its workers";
        return false;
      }
      inflightByKey[keyOf(t)] = id;
      continue;
    }
    t.status = TrialStatus::Queued;
    std::string key = keyOf(t);
    if (doneByKey.count(key)) {
      const Trial &src = all[doneByKey[key]];
      t.status = TrialStatus::Reused;
      t.reusedFrom = src.id;
      t.metrics = src.metrics;
      t.error = src.error;
      t.finished = wallClock();
      addEstimates(t);
      ++reusedCount;
      if (!finishTrial(t))
        return false;
    } else if (inflightByKey.count(key)) {
      waiting[key].push_back(id);
      ++waitingCount;
    } else {
      inflightByKey[key] = id;
      queue.push_back(id);
    }
  }
  return true;
}

/// The number of candidates of the space that meet its bounds, when it is
/// at most `limit`; -1 when larger.
static int64_t countCandidates(const SpaceModel &model, SearchContext &ctx,
                               int64_t limit) {
  bool overflow = false;
  BigCount n = model.count(&overflow);
  if (overflow || n.getActiveBits() > 62 || (int64_t)n.getZExtValue() > limit)
    return -1;
  if (!model.costBounds().any())
    return (int64_t)n.getZExtValue();
  // Bounds need each candidate built: only small spaces are counted.
  if ((int64_t)n.getZExtValue() > kCountedWithBounds)
    return -1;
  int64_t valid = 0;
  ctx.enumerate([&](const Assignment &) { return ++valid, true; });
  return valid;
}

bool SearchDriver::prepare(std::string &error) {
  if (strategy)
    return true;
  strategy = makeStrategy(cfg.strategy, *ctx, error);
  if (!strategy)
    return false;
  // A budget (or, with --time only, a small space) that the space cannot
  // fill: the search ends once every candidate has been proposed.
  st.distinctCandidates = countCandidates(
      model, *ctx, cfg.budget > 0 ? cfg.budget : kCountedWithoutBudget);
  return true;
}

bool SearchDriver::run(bool resume, std::string &error) {
  began = cfg.startTime > 0 ? cfg.startTime : wallClock();
  auto t0 = std::chrono::steady_clock::now();
  if (!prepare(error))
    return false;
  GroupedCommits grouped(store);
  if (!cfg.workDir.empty())
    llvm::sys::fs::create_directories(cfg.workDir);
  // Workers serve the experiment until it is finished again.
  if (!store.setFinished(false)) {
    error = "store: " + store.lastError();
    return false;
  }
  // A worker gives each trial at most what is left of --time (0: none; a
  // store that never had one is left without).
  double deadline = cfg.timeLimit > 0 ? began + cfg.timeLimit : 0, saved = 0;
  if (!loadSearchDeadline(store, saved) ||
      ((deadline > 0 || saved > 0) && !saveSearchDeadline(store, deadline))) {
    error = "store: " + store.lastError();
    return false;
  }
  if (resume && !evaluator.handsOff()) {
    // Its own jobs beside workers would race them for the same trials (an
    // evaluator that hands off takes offered trials back atomically).
    std::vector<WorkerInfo> workers;
    if (store.liveWorkers(kWorkerStaleSeconds, workers) && !workers.empty()) {
      error = "workers serve this experiment (" + workers[0].host + " pid " +
              std::to_string(workers[0].pid) +
              (workers.size() > 1
                   ? " and " + std::to_string(workers.size() - 1) + " more"
                   : std::string()) +
              "): resume with --jobs 0, or stop them first";
      return false;
    }
  }
  if (resume) {
    // Leftover workers of a dead search on this host are killed first (only
    // those its PIDs still name: ProcessIdentity.h).
    std::vector<Trial> running;
    if (!store.requeueRunning(running)) {
      error = "store: " + store.lastError();
      return false;
    }
    // A trial with a lease was a worker's: its pid is the worker, not a job.
    for (Trial &t : running)
      if (t.workerHost == hostName() && t.leaseUntil == 0)
        killGroupIfSame(t.workerPid, t.workerIdentity);
    if (!replay(error))
      return false;
  } else if (!cfg.warmStart.empty() && !warmStart(error)) {
    return false;
  }
  if ((!resume || all.empty()) && !queueFirstCandidates(error))
    return false;
  // Evaluations at once: --jobs, or what an evaluator that hands off says
  // (its own jobs and the live workers'), asked again each round (workers
  // come and go).
  auto slotsNow = [&]() -> unsigned {
    int64_t n = evaluator.slots();
    if (cfg.jobs > 0 && !evaluator.handsOff())
      n = std::min<int64_t>(cfg.jobs, n);
    return (unsigned)std::max<int64_t>(1, n);
  };
  // A strategy that keeps proposing known candidates ends at this cap.
  int64_t cap = cfg.budget > 0 ? cfg.budget * 20 + 1000 : INT64_MAX;
  if (cfg.maxTrials > 0)
    cap = std::min(cap, cfg.maxTrials);
  double lastBeat = wallClock(), lastWithdraw = 0;
  int idle = 0;
  bool slowPropose = true; // until one propose() has shown otherwise
  report(nullptr);
  while (true) {
    if (stopRequested) {
      evaluator.cancelAll();
      std::vector<Trial> running;
      store.requeueRunning(running);
      error = "interrupted: pass --resume to continue";
      break;
    }
    // 1. Collect results.
    bool busy = evaluator.running() > 0;
    double wait = busy && queueHead == queue.size() ? 0.2 : 0;
    // Nothing pending stays uncommitted while the loop blocks.
    if (wait > 0 && !store.commit()) {
      error = "store: " + store.lastError();
      return false;
    }
    std::vector<EvalOutcome> outcomes;
    {
      EvalTimer timer(st.evaluatorSeconds);
      outcomes = evaluator.wait(wait);
    }
    for (EvalOutcome &o : outcomes) {
      Trial &t = all[o.trialId];
      t.status = o.ok ? TrialStatus::Ok : TrialStatus::Failed;
      t.metrics = std::move(o.metrics);
      t.curve = o.ok ? std::move(o.curve) : Curve();
      t.error = o.ok ? "" : (o.error.empty() ? "failed" : o.error);
      t.finished = wallClock();
      t.evalSeconds = o.seconds;
      addEstimates(t);
      if (o.pid)
        t.workerPid = o.pid;
      if (!o.workerHost.empty()) { // it ran on a worker
        t.workerHost = std::move(o.workerHost);
        t.workerIdentity = std::move(o.workerIdentity);
        t.workerDevice = std::move(o.workerDevice);
        t.started = o.started;
      }
      if (!finishTrial(t) || !resolveWaiting(t)) {
        error = "store: " + store.lastError();
        return false;
      }
    }
    if (wallClock() - lastBeat > 2) {
      store.heartbeat();
      lastBeat = wallClock();
      report(nullptr);
    }
    // 2. Ask for more.
    bool timeUp = cfg.timeLimit > 0 && wallClock() - began >= cfg.timeLimit;
    bool budgetSpent = cfg.budget > 0 && spent() >= cfg.budget;
    st.spaceExhausted = st.spaceExhausted || spaceExhausted();
    st.hitTrialCap = (int64_t)all.size() >= cap;
    bool stopProposing = timeUp || budgetSpent || strategy->exhausted() ||
                         st.spaceExhausted || st.hitTrialCap;
    int64_t pending = (int64_t)(queue.size() - queueHead);
    unsigned slots = slotsNow();
    int64_t free = (int64_t)slots - evaluator.running() - pending;
    if (!stopProposing && free > 0) {
      int64_t n = free;
      if (cfg.budget > 0)
        n = std::min<int64_t>(n, cfg.budget - spent());
      // A strategy that takes its time to propose (a model to fit) does not
      // hold finished results uncommitted meanwhile.
      if (slowPropose && !store.commit()) {
        error = "store: " + store.lastError();
        return false;
      }
      auto p0 = std::chrono::steady_clock::now();
      std::vector<Proposal> props = strategy->propose((unsigned)n);
      slowPropose = std::chrono::steady_clock::now() - p0 >
                    std::chrono::milliseconds(1);
      if (props.empty() && !strategy->failure().empty()) {
        evaluator.cancelAll();
        std::vector<Trial> running;
        store.requeueRunning(running);
        error = strategy->failure();
        break;
      }
      if (props.empty()) {
        if (evaluator.running() == 0 && pending == 0 && waitingCount == 0 &&
            ++idle > 2)
          break; // the strategy has nothing left to propose
      } else {
        idle = 0;
        if (!handleProposals(n, std::move(props))) {
          error = "store: " + store.lastError();
          return false;
        }
      }
    }
    // Past the deadline, offered trials no worker has claimed stay queued
    // for --resume (workers claim nothing past it).
    if (timeUp && wallClock() - lastWithdraw >= 1) {
      lastWithdraw = wallClock();
      st.leftQueued += evaluator.withdrawUnclaimed();
    }
    // 3. Start what is queued.
    while (!timeUp && queueHead < queue.size() && evaluator.running() < slots) {
      if (!startJob(queue[queueHead++])) {
        error = "store: " + store.lastError();
        return false;
      }
    }
    pending = (int64_t)(queue.size() - queueHead);
    if (timeUp && evaluator.stalled()) {
      // No one runs the offered trials: they stay queued, as after a kill.
      st.leftQueued += evaluator.running();
      evaluator.cancelAll();
      break;
    }
    if (evaluator.running() == 0 && waitingCount == 0 &&
        (pending == 0 || timeUp) && stopProposing)
      break;
  }
  st.totalSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  st.trials = all.size();
  st.evaluations = evaluations();
  // Only a cap that ended the search is worth a word.
  if (st.hitTrialCap && ((cfg.budget > 0 && spent() >= cfg.budget) ||
                         st.spaceExhausted || strategy->exhausted()))
    st.hitTrialCap = false;
  report(nullptr);
  // Workers without --wait exit once it is over, and claim what is left
  // offered (queued for --resume) without a deadline.
  if (error.empty() && cfg.timeLimit > 0 && !saveSearchDeadline(store, 0)) {
    error = "store: " + store.lastError();
    return false;
  }
  if (error.empty() && !store.setFinished(true)) {
    error = "store: " + store.lastError();
    return false;
  }
  return error.empty();
}
