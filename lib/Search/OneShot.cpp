//===- OneShot.cpp - the supernet phase of one-shot strategies ------------===//
#include "lib/Search/OneShot.h"
#include "lib/Search/ChildProcess.h"
#include "lib/Search/Search.h"
#include "lib/Support/LimitedJson.h"
#include "lib/Support/ShortestJson.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/SupernetLowering.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <cmath>
#include <queue>
#include <set>
#include <sys/wait.h>
#include <thread>

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

static const char *kTrained = "supernet", *kSelected = "selection";

OneShotRegistration::OneShotRegistration(const char *name,
                                         const char *summary,
                                         std::vector<cli::Option> own,
                                         StrategyFactory factory) {
  std::vector<cli::Option> options = {
      {"supernet-epochs", cli::ValueKind::Positive, "5",
       "epochs of the supernet phase (one training of the whole space)"},
      {"calib-batches", cli::ValueKind::Natural, "20",
       "training batches that recompute batch-norm statistics before a "
       "sub-network is scored with inherited weights"},
      {"score-batches", cli::ValueKind::Natural, "0",
       "validation batches per scored sub-network", {}, {}, "0 = all"},
      {"supernet-time-share", cli::ValueKind::Number, "0.5",
       "under --time: the fraction of the time left that the supernet's "
       "training may take (it then ends at that step); the rest selects and "
       "retrains"}};
  for (cli::Option &o : own)
    options.push_back(std::move(o));
  std::string strategy = name;
  StrategyRegistration(
      name, summary, std::move(options),
      [strategy, factory](SearchContext &ctx,
                          std::string &error) -> std::unique_ptr<Strategy> {
        if (!ctx.oneshot) {
          error = strategy + " trains a supernet with nasir-train: it needs "
                             "--evaluator train";
          return nullptr;
        }
        return factory(ctx, error);
      });
}

cli::Option nasir::search::archLrOption() {
  return {"arch-lr", cli::ValueKind::Number, "3e-4",
          "learning rate of the architecture parameters (Adam)"};
}

//===----------------------------------------------------------------------===//
// The outcome and what the store keeps of it
//===----------------------------------------------------------------------===//

static std::string jsonText(const llvm::json::Value &v) { return printJson(v); }

static bool numbers(const llvm::json::Value *v, std::vector<double> &out) {
  const llvm::json::Array *a = v ? v->getAsArray() : nullptr;
  if (!a)
    return false;
  out.clear();
  for (const llvm::json::Value &e : *a) {
    auto n = e.getAsNumber();
    if (!n)
      return false;
    out.push_back(*n);
  }
  return true;
}

bool nasir::search::parseSupernetOutcome(const llvm::json::Object &r,
                                         SupernetOutcome &out,
                                         std::string &error) {
  out = SupernetOutcome();
  if (auto m = r.getString("oneshot"))
    out.mode = m->str();
  const llvm::json::Object *labels = r.getObject("labels");
  if (!labels) {
    error = "no 'labels' object";
    return false;
  }
  for (auto &[name, value] : *labels) {
    const llvm::json::Object *l = value.getAsObject();
    SupernetOutcome::Label label;
    label.name = name.str();
    if (!l || !numbers(l->get("weights"), label.weights)) {
      error = "label '" + label.name + "' has no 'weights' list of numbers";
      return false;
    }
    if (auto k = l->getString("kind"))
      label.kind = k->str();
    if (const llvm::json::Array *o = l->getArray("options"))
      for (const llvm::json::Value &e : *o)
        label.options.push_back(jsonText(e));
    out.labels.push_back(std::move(label));
  }
  if (const llvm::json::Array *h = r.getArray("history"))
    for (const llvm::json::Value &e : *h) {
      const llvm::json::Object *o = e.getAsObject();
      if (!o) {
        error = "a 'history' entry is not an object";
        return false;
      }
      SupernetOutcome::Epoch ep;
      ep.epoch = o->getInteger("epoch").value_or(0);
      ep.trainLoss = o->getNumber("train_loss").value_or(NAN);
      ep.valAccuracy = o->getNumber("val_accuracy").value_or(NAN);
      if (const llvm::json::Object *w = o->getObject("weights"))
        for (auto &[name, value] : *w)
          if (!numbers(&value, ep.weights[name.str()])) {
            error = "epoch " + std::to_string(ep.epoch) + ": the weights of '" +
                    name.str() + "' are not a list of numbers";
            return false;
          }
      out.history.push_back(std::move(ep));
    }
  if (const llvm::json::Object *a = r.getObject("argmax"))
    out.argmax = *a;
  out.trainSeconds = r.getNumber("train_seconds").value_or(0);
  out.secondsPerStep = r.getNumber("seconds_per_step").value_or(0);
  out.peakRssBytes = r.getNumber("peak_rss_bytes").value_or(0);
  return true;
}

/// The stored JSON object `name` (null when absent); false when damaged.
static bool loadObject(Store &store, const char *name,
                       std::optional<llvm::json::Value> &out,
                       std::string &error) {
  std::string text;
  if (!store.loadPhase(name, text)) {
    error = "store: " + store.lastError();
    return false;
  }
  if (text.empty())
    return true;
  auto v = parseJsonLimited(text);
  if (!v || !v->getAsObject()) {
    if (!v)
      llvm::consumeError(v.takeError());
    error = std::string("the store's '") + name +
            "' phase is not a JSON object (a damaged store)";
    return false;
  }
  out = std::move(*v);
  return true;
}

bool nasir::search::loadOneShot(Store &store, StoredOneShot &out,
                                std::string &error) {
  std::optional<llvm::json::Value> trained, selected;
  if (!loadObject(store, kTrained, trained, error) ||
      !loadObject(store, kSelected, selected, error))
    return false;
  if (trained) {
    if (!parseSupernetOutcome(*trained->getAsObject(), out.outcome, error)) {
      error = "the store's supernet phase: " + error;
      return false;
    }
    out.trained = true;
  }
  if (selected) {
    const llvm::json::Array *list =
        selected->getAsObject()->getArray("proposals");
    for (const llvm::json::Value &e : list ? *list : llvm::json::Array()) {
      const llvm::json::Object *o = e.getAsObject();
      auto d = o ? o->getString("decisions") : std::nullopt;
      auto v = o ? o->getNumber(kOneShotMetric) : std::nullopt;
      if (!d || !v) {
        error = "the store's selection: an entry lacks 'decisions' or "
                "'oneshot_val_accuracy'";
        return false;
      }
      out.selection.push_back({d->str(), *v});
    }
    out.selected = list != nullptr;
  }
  return true;
}

llvm::json::Value nasir::search::oneShotJson(Store &store) {
  std::optional<llvm::json::Value> trained, selected;
  std::string error;
  if (!loadObject(store, kTrained, trained, error) ||
      !loadObject(store, kSelected, selected, error) || !trained)
    return nullptr;
  llvm::json::Object o{{"supernet_phase", std::move(*trained)}};
  if (selected)
    o["selection"] = std::move(*selected);
  return o;
}

//===----------------------------------------------------------------------===//
// The strategy
//===----------------------------------------------------------------------===//

OneShotStrategy::OneShotStrategy(SearchContext &ctx, std::string mode,
                                 std::vector<std::string> trainerArgs)
    : ctx(ctx), env(*ctx.oneshot), mode(std::move(mode)),
      trainerArgs(std::move(trainerArgs)) {}

void OneShotStrategy::say(const std::string &line) const {
  if (env.progress != "none")
    llvm::errs() << "supernet phase: " << line << "\n";
}

std::vector<Proposal> OneShotStrategy::propose(unsigned n) {
  if (!ready && !prepare())
    return {};
  std::vector<Proposal> out;
  while (out.size() < n && next < selection.size())
    out.push_back(selection[next++]);
  return out;
}

bool OneShotStrategy::prepare() {
  StoredOneShot stored;
  if (!loadOneShot(*env.store, stored, why))
    return false;
  if (stored.trained) {
    outcome = stored.outcome;
    say(mode + ": trained earlier (kept in the store), not trained again");
  } else if (!train()) {
    return false;
  }
  if (stored.selected) {
    for (auto &[text, estimate] : stored.selection) {
      Proposal p;
      DictionaryAttr d = parseDecisions(ctx.space.getContext(), text, why);
      if (!d || !ctx.model.fromDecisions(d, p.assignment, why)) {
        why = "the store's selection: " + why;
        return false;
      }
      p.metrics[kOneShotMetric] = estimate;
      selection.push_back(std::move(p));
    }
    say("selection of " + std::to_string(selection.size()) +
        " architectures kept in the store");
    ready = true;
    return true;
  }
  size_t n = env.budget > 0 ? env.budget : kDefaultSelection;
  if (!select(n, selection))
    return false;
  if (selection.empty()) {
    why = "the supernet phase found no valid architecture to retrain";
    return false;
  }
  llvm::json::Array list;
  for (const Proposal &p : selection)
    list.push_back(llvm::json::Object{
        {"decisions", ctx.key(p.assignment)},
        {kOneShotMetric, p.metrics.at(kOneShotMetric)}});
  llvm::json::Object record{{"strategy", mode},
                            {"scored", scoreCalls},
                            {"proposals", std::move(list)}};
  if (!env.store->savePhase(kSelected, jsonText(std::move(record)))) {
    why = "store: " + env.store->lastError();
    return false;
  }
  say("selected " + std::to_string(selection.size()) +
      " architectures to retrain");
  ready = true;
  return true;
}

/// What a phase may take of `seconds` left: at least 1 s.
static double phaseBudget(double seconds) { return std::max(1.0, seconds); }

static std::string secondsText(double seconds) {
  char text[32];
  snprintf(text, sizeof text, "%.3f", seconds);
  return text;
}

/// nasir-train's --time-budget option for `seconds` (at least 1).
static std::vector<std::string> timeBudgetArgs(double seconds) {
  return {"--time-budget", secondsText(phaseBudget(seconds))};
}

/// The one-shot estimate of a score line, in % like `accuracy`.
static constexpr double kPercent = 100;

bool OneShotStrategy::train() {
  std::string dir = env.workDir;
  llvm::sys::fs::create_directories(dir);
  std::string document = dir + "/supernet.json", ckpt = dir + "/supernet.ckpt";
  FailureOr<std::string> doc = supernetDocument(ctx.space);
  if (failed(doc)) {
    why = "the space @" + ctx.space.getSymName().str() +
          " cannot be relaxed to a supernet (see the error above)";
    return false;
  }
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(document, ec);
    if (ec) {
      why = "cannot write '" + document + "': " + ec.message();
      return false;
    }
    os << *doc << "\n";
  }
  int64_t epochs = ctx.options.getInt("supernet-epochs");
  double budget = 0; // seconds the training may take; 0: no --time
  if (env.deadline > 0) {
    double share = ctx.options.getDouble("supernet-time-share");
    if (!(share > 0 && share <= 1)) {
      why = "--supernet-time-share expects a fraction in (0, 1]";
      return false;
    }
    budget = phaseBudget(share * (env.deadline - wallClock()));
  }
  int64_t threads = env.threads > 0
                        ? env.threads
                        : std::max<int64_t>(1, std::thread::hardware_concurrency());
  std::vector<std::string> argv = {
      env.trainBinary, document,      "--data",   env.data,
      "--oneshot",     mode,          "--epochs", std::to_string(epochs),
      "--threads",     std::to_string(threads),   "--seed",
      std::to_string(env.seed),       "--progress",
      env.progress == "none" ? "none" : env.progress,
      "--save",        ckpt,          "--resume"};
  if (budget > 0)
    for (std::string &a : timeBudgetArgs(budget))
      argv.push_back(std::move(a));
  argv.insert(argv.end(), trainerArgs.begin(), trainerArgs.end());
  argv.insert(argv.end(), env.trainArgs.begin(), env.trainArgs.end());
  say(mode + ", " + std::to_string(epochs) + " epochs on " + env.data + " (" +
      document +
      (llvm::sys::fs::exists(ckpt) ? "; continuing from its checkpoint " + ckpt
                                   : "") +
      (budget > 0 ? "; at most " + secondsText(budget) + " s of the --time"
                  : "") +
      ")");
  llvm::json::Object result;
  if (!runTrainer(std::move(argv), "supernet", result))
    return false;
  if (!parseSupernetOutcome(result, outcome, why)) {
    why = "nasir-train's one-shot result: " + why;
    return false;
  }
  if (!env.store->savePhase(kTrained, jsonText(llvm::json::Object(result)))) {
    why = "store: " + env.store->lastError();
    return false;
  }
  char secs[32];
  snprintf(secs, sizeof secs, "%.1f", outcome.trainSeconds);
  std::string stop;
  if (const llvm::json::Object *b = result.getObject("time_budget_stop"))
    stop = " (the --time share ended it at epoch " +
           std::to_string(b->getInteger("epoch").value_or(0)) + ", step " +
           std::to_string(b->getInteger("step").value_or(0)) + " of " +
           std::to_string(b->getInteger("of_steps").value_or(0)) + ")";
  say(mode + " done in " + secs + " s" + stop + "; argmax " +
      jsonText(llvm::json::Object(outcome.argmax)));
  return true;
}

/// The last line of `text` that is a JSON object, parsed.
static std::optional<llvm::json::Value> lastObjectLine(llvm::StringRef text) {
  llvm::SmallVector<llvm::StringRef> lines;
  text.split(lines, '\n');
  for (size_t i = lines.size(); i-- > 0;) {
    llvm::StringRef l = lines[i].trim();
    if (!l.starts_with("{"))
      continue;
    auto v = parseJsonLimited(l);
    if (v && v->getAsObject())
      return std::move(*v);
    if (!v)
      llvm::consumeError(v.takeError());
  }
  return std::nullopt;
}

bool OneShotStrategy::runTrainer(std::vector<std::string> argv,
                                 const std::string &name,
                                 llvm::json::Object &result) {
  std::string base = env.workDir + "/" + name;
  double limit = 0;
  if (env.deadline > 0) {
    limit = env.deadline - wallClock();
    if (limit <= 0) {
      why = "no time left for the " + name + " step of the supernet phase "
            "(--time)";
      return false;
    }
  }
  ChildSpec spec{std::move(argv), environmentWith({}), base + ".out",
                 env.progress == "none" ? base + ".err" : "", base + ".exit"};
  // The store's lock stays fresh while the phase runs.
  ChildEnd end = runGuarded(spec, limit, &SearchDriver::stopRequested,
                            [this] { env.store->heartbeat(); });
  if (end.stopped)
    return false; // the search reports the interruption
  if (!end.started) {
    why = "cannot start nasir-train (fork failed)";
    return false;
  }
  if (end.timedOut) {
    char buf[160];
    snprintf(buf, sizeof buf,
             "the supernet phase's %s step ran past the search's --time "
             "(%.0f s); --resume continues it",
             name.c_str(), limit);
    why = buf;
    return false;
  }
  auto out = llvm::MemoryBuffer::getFile(base + ".out");
  std::optional<llvm::json::Value> line =
      out ? lastObjectLine((*out)->getBuffer()) : std::nullopt;
  const llvm::json::Object *o = line ? line->getAsObject() : nullptr;
  bool exitedOk = WIFEXITED(end.status) && WEXITSTATUS(end.status) == 0;
  if (o && o->getString("status") == "ok" && exitedOk) {
    result = *o;
    return true;
  }
  why = "nasir-train (" + name + " step of the supernet phase) failed";
  if (o && o->getString("reason"))
    why += ": " + o->getString("reason")->str();
  else if (WIFSIGNALED(end.status))
    why += ": killed by signal " + std::to_string(WTERMSIG(end.status));
  else
    why += ": exited with status " + std::to_string(WEXITSTATUS(end.status));
  why += " (" + base + ".out" +
         (spec.stderrPath.empty() ? "" : ", " + spec.stderrPath) + ")";
  return false;
}

bool OneShotStrategy::score(const std::vector<Assignment> &as,
                            int64_t calibBatches,
                            std::vector<double> &accuracy, double budget) {
  accuracy.clear();
  if (as.empty())
    return true;
  std::string name = "score-" + std::to_string(++scoreCalls);
  std::string list = env.workDir + "/supernet-" + name + ".jsonl";
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(list, ec);
    if (ec) {
      why = "cannot write '" + list + "': " + ec.message();
      return false;
    }
    for (const Assignment &a : as)
      os << ctx.key(a) << "\n";
  }
  std::vector<std::string> argv = {
      env.trainBinary, env.workDir + "/supernet.json",
      "--data",        env.data,
      "--load",        env.workDir + "/supernet.ckpt",
      "--score",       list,
      "--threads",     std::to_string(env.threads > 0
                                          ? env.threads
                                          : std::max<int64_t>(
                                                1, std::thread::
                                                       hardware_concurrency())),
      "--seed",        std::to_string(env.seed),
      "--progress",    "none"};
  if (calibBatches > 0) {
    argv.push_back("--calib-batches");
    argv.push_back(std::to_string(calibBatches));
  }
  if (int64_t b = ctx.options.getInt("score-batches"); b > 0) {
    argv.push_back("--score-batches");
    argv.push_back(std::to_string(b));
  }
  if (budget > 0)
    for (std::string &a : timeBudgetArgs(budget))
      argv.push_back(std::move(a));
  // The same data options (splits, batch size) as the supernet's training.
  argv.insert(argv.end(), env.trainArgs.begin(), env.trainArgs.end());
  llvm::json::Object result;
  if (!runTrainer(std::move(argv), "supernet-" + name, result))
    return false;
  const llvm::json::Array *scores = result.getArray("scores");
  bool cut = budget > 0 && result.getObject("time_budget_stop");
  if (!scores || scores->empty() ||
      (cut ? scores->size() > as.size() : scores->size() != as.size())) {
    why = "nasir-train --score gave " +
          std::to_string(scores ? scores->size() : 0) + " scores for " +
          std::to_string(as.size()) + " sub-networks";
    return false;
  }
  for (const llvm::json::Value &s : *scores) {
    const llvm::json::Object *o = s.getAsObject();
    auto v = o ? o->getNumber("val_accuracy") : std::nullopt;
    if (!v) {
      why = "nasir-train --score: score " + std::to_string(accuracy.size() + 1) +
            " has no val_accuracy (" + list + ")";
      return false;
    }
    accuracy.push_back(kPercent * *v);
  }
  return true;
}

bool OneShotStrategy::select(size_t n, std::vector<Proposal> &out) {
  std::vector<Assignment> picked = mostProbable(n);
  std::vector<double> accuracy;
  if (!score(picked, ctx.options.getInt("calib-batches"), accuracy))
    return false;
  for (size_t i = 0; i < picked.size(); ++i)
    out.push_back({picked[i], 0, {{kOneShotMetric, accuracy[i]}}});
  return true;
}

bool OneShotStrategy::valid(const Assignment &a) {
  std::string ignored;
  return ctx.model.isComplete(a, ignored) && ctx.model.satisfies(a) &&
         ctx.valid(a);
}

//===----------------------------------------------------------------------===//
// The most probable architectures under the final weights
//===----------------------------------------------------------------------===//

namespace {
/// The log-probability of each value of each label under the weights.
class LabelWeights {
public:
  explicit LabelWeights(const SupernetOutcome &o) {
    for (const SupernetOutcome::Label &l : o.labels)
      byName[l.name] = &l;
  }

  /// log P(site takes value v); 0 for a label the supernet does not weigh.
  double logWeight(const Site &site, llvm::StringRef label, unsigned v) const {
    auto it = byName.find(label.str());
    if (it == byName.end() || v >= site.values.size())
      return 0;
    const SupernetOutcome::Label &l = *it->second;
    auto lg = [&](size_t i) {
      return i < l.weights.size() ? std::log(std::max(l.weights[i], 1e-12))
                                  : -1e9;
    };
    if (auto subset = dyn_cast<ArrayAttr>(site.values[v])) { // an input choice
      double sum = 0;
      for (Attribute e : subset)
        if (auto i = dyn_cast<IntegerAttr>(e))
          sum += lg(i.getInt());
      return sum;
    }
    std::string text = printDecisionValue(site.values[v]);
    for (size_t i = 0; i < l.options.size(); ++i)
      if (sameValue(l.options[i], text))
        return lg(i);
    return -1e9; // a value the supernet has no option for
  }

private:
  /// JSON values equal as decisions compare them (3 and 3.0 alike).
  static bool sameValue(llvm::StringRef a, llvm::StringRef b) {
    if (a == b)
      return true;
    double x, y;
    return !a.getAsDouble(x) && !b.getAsDouble(y) && x == y;
  }
  std::map<std::string, const SupernetOutcome::Label *> byName;
};

struct Ranked {
  double logProb;
  std::string key;
  Assignment a;
  bool operator<(const Ranked &o) const { // for a max-heap
    return logProb != o.logProb ? logProb < o.logProb : key > o.key;
  }
};
} // namespace

std::vector<Assignment> OneShotStrategy::mostProbable(size_t n) {
  LabelWeights w(outcome);
  const SpaceModel &model = ctx.model;
  // `partial` completed: its decisions where it has them, the most probable
  // value elsewhere; with the log-probability of the result.
  auto complete = [&](const Assignment &partial) {
    Ranked r{0, "", {}};
    model.walkActive([&](const Site &site, llvm::StringRef label) -> int {
      if (site.values.empty())
        return -1;
      int pick = -1;
      auto it = partial.find(label);
      if (it != partial.end() && it->second < site.values.size()) {
        pick = it->second;
      } else {
        double best = -INFINITY;
        for (unsigned v = 0; v < site.values.size(); ++v)
          if (double lw = w.logWeight(site, label, v); lw > best)
            best = lw, pick = v;
      }
      r.a[label] = pick;
      r.logProb += w.logWeight(site, label, pick);
      return pick;
    });
    r.key = ctx.key(r.a);
    return r;
  };
  // Best first from the argmax: each step changes one active decision.
  // Exact when the labels are independent (no conditional sites), since
  // every architecture is then reached through more probable ones.
  std::priority_queue<Ranked> frontier;
  std::set<std::string> seen;
  Ranked top = complete({});
  seen.insert(top.key);
  frontier.push(std::move(top));
  std::vector<Assignment> out;
  for (int pops = 0; !frontier.empty() && out.size() < n && pops < 100000;
       ++pops) {
    Ranked r = frontier.top();
    frontier.pop();
    if (valid(r.a))
      out.push_back(r.a);
    for (auto &entry : r.a) {
      const Site *site = model.lookup(entry.first());
      if (!site)
        continue;
      for (unsigned v = 0; v < site->values.size(); ++v) {
        if (v == entry.second)
          continue;
        Assignment changed = r.a;
        changed[entry.first()] = v;
        Ranked c = complete(changed);
        if (seen.insert(c.key).second)
          frontier.push(std::move(c));
      }
    }
  }
  return out;
}
