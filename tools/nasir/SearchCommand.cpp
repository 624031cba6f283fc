//===- SearchCommand.cpp - nasir search -----------------------------------===//
//
// nasir search SPACE --strategy S --budget N|--time T --evaluator E
//              --store exp.db [--jobs J] [--seed S] [--resume]
//
// Runs a search (lib/Search) and ends with the leaderboard. With --resume
// the space, the options and the seed come from the store; only --budget,
// --time, --jobs and --timeout may change.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Report.h"
#include "lib/Search/Search.h"
#include "lib/Support/LimitedJson.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Common.h"
#include "tools/nasir/Payload.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <csignal>
#include <unistd.h>

using namespace mlir;
using namespace nasir;
using namespace nasir::cli;
using namespace nasir::search;

static const char *kUsage =
    "search SPACE --strategy random|grid|evolution|local|reinforce|hyperband|"
    "nsga2 --budget N|--time T --evaluator train|table|command --store FILE "
    "[--jobs J] [--seed S] [--resume] [--warm-start OLD.db]\n"
    "  evaluators: table --table nb201:DIR|csv:FILE [--dataset cifar10|"
    "cifar100|imagenet]\n"
    "              train [--data mnist] [--epochs E] [--threads T] "
    "[--train-args 'ARGS']\n"
    "              command --command 'PROG {candidate} {epochs}'\n"
    "  all: --timeout SECONDS, --objective max:accuracy,min:params, "
    "--max-params N, --max-flops N, --top K, --progress auto|plain|none\n"
    "  strategies: --population P --tournament S (evolution, nsga2), "
    "--patience N (local), --lr X --baseline-decay X (reinforce), "
    "--max-epochs R --eta E --brackets B (hyperband), "
    "--sampling uniform|per-decision (how fresh candidates are drawn)";

/// Options saved in the store and replayed by --resume.
static const std::vector<std::string> kOptions = {
    "strategy", "budget",  "time",       "evaluator",   "store",
    "jobs",     "seed",    "table",      "dataset",     "command",
    "data",     "epochs",  "threads",    "train-args",  "timeout",
    "objective", "max-params", "max-flops", "top",      "progress",
    "population", "tournament", "patience", "lr",       "baseline-decay",
    "reward-scale", "max-epochs", "eta",  "brackets",   "grid-limit",
    "space",    "input",   "classes",    "nasir-train", "warm-start",
    "sampling"};
static const std::vector<std::string> kStrategyOptions = {
    "population", "tournament", "patience",  "lr",       "baseline-decay",
    "reward-scale", "max-epochs", "eta",     "brackets", "grid-limit", "epochs",
    "sampling"};
static const std::vector<std::string> kChangeable = {"budget", "time", "jobs",
                                                     "timeout", "progress",
                                                     "top"};

/// 90, 90s, 15m, 2h -> seconds; negative on error.
static double parseDuration(llvm::StringRef s) {
  double mult = 1;
  if (s.ends_with("s"))
    s = s.drop_back();
  else if (s.ends_with("m"))
    mult = 60, s = s.drop_back();
  else if (s.ends_with("h"))
    mult = 3600, s = s.drop_back();
  double v;
  if (s.getAsDouble(v) || v < 0)
    return -1;
  return v * mult;
}

static void onSignal(int) { SearchDriver::stopRequested = true; }

static std::string fmtTime(double s) {
  char buf[32];
  if (s < 0)
    return "?";
  if (s >= 3600)
    snprintf(buf, sizeof buf, "%dh%02dm", (int)s / 3600, ((int)s % 3600) / 60);
  else if (s >= 60)
    snprintf(buf, sizeof buf, "%dm%02ds", (int)s / 60, (int)s % 60);
  else
    snprintf(buf, sizeof buf, "%.0fs", s);
  return buf;
}

static int runSearch(int argc, char **argv) {
  Args args;
  if (!args.parse(argc, argv, {"resume", "nb201-zero"}, kOptions, 0, 1, kUsage))
    return 2;
  if (!args.has("store")) {
    llvm::errs() << "error: --store FILE is required (the experiment's "
                    "SQLite database)\n";
    return 2;
  }
  std::string storePath = args.get("store");
  bool resume = args.has("resume");
  std::string error;
  auto store = openSqliteStore(storePath, error);
  if (!store) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }

  // The effective options: the command line, or the stored ones on resume.
  std::map<std::string, std::string> opt;
  for (const std::string &k : kOptions)
    if (args.has(k))
      opt[k] = args.get(k);
  if (args.has("nb201-zero"))
    opt["nb201-zero"] = "1";
  Session s;
  ExperimentInfo info;
  if (store->hasExperiment()) {
    if (!resume) {
      llvm::errs() << "error: store '" << storePath
                   << "' already holds an experiment; pass --resume to "
                      "continue it, or use another --store\n";
      return 1;
    }
    store->loadExperiment(info);
    auto stored = parseJsonLimited(info.options);
    if (!stored || !stored->getAsObject()) {
      if (!stored)
        llvm::consumeError(stored.takeError());
      llvm::errs() << "error: the store's options are unreadable\n";
      return 1;
    }
    std::map<std::string, std::string> merged;
    for (auto &kv : *stored->getAsObject())
      if (auto v = kv.second.getAsString())
        merged[kv.first.str()] = v->str();
    for (const std::string &k : kChangeable)
      if (opt.count(k))
        merged[k] = opt[k];
    opt = merged;
    s.module = parseSourceString<ModuleOp>(info.spaceIR, &s.context);
    if (!s.module || !(s.space = firstSpace(*s.module))) {
      llvm::errs() << "error: the store's space does not parse\n";
      return 1;
    }
  } else {
    if (args.positional.empty()) {
      llvm::errs() << "error: " << (resume ? "the store holds no experiment "
                                             "to resume; "
                                           : "")
                   << "give the SPACE file\nusage: nasir " << kUsage << "\n";
      return 2;
    }
    // The dataset binds the input shape and classes before anything else.
    std::string input = args.get("input");
    int64_t classes = args.getInt("classes", 0).value_or(0);
    if (args.get("evaluator") == "train" && input.empty()) {
      std::string data = llvm::StringRef(args.get("data", "mnist")).split(':').first.str();
      if (data == "mnist" || data == "fashion-mnist")
        input = "1x28x28", classes = classes ? classes : 10;
      else if (data == "cifar10")
        input = "3x32x32", classes = classes ? classes : 10;
      else if (data == "cifar100")
        input = "3x32x32", classes = classes ? classes : 100;
    }
    if (failed(s.load(args.positional[0], args.get("space"), input, classes)))
      return 1;
    llvm::raw_string_ostream ir(info.spaceIR);
    s.space->print(ir);
    info.spaceName = s.space.getSymName().str();
    info.spaceFile = args.positional[0];
    if (const char *tool = getenv("NASIR_EMBEDDED_SPACE")) // nasir compile
      info.spaceFile = std::string(tool) + " (embedded)";
  }
  auto get = [&](const std::string &k, const std::string &d = "") {
    auto it = opt.find(k);
    return it == opt.end() ? d : it->second;
  };
  auto getInt = [&](const std::string &k, int64_t d) -> std::optional<int64_t> {
    auto it = opt.find(k);
    if (it == opt.end())
      return d;
    int64_t v;
    if (llvm::StringRef(it->second).getAsInteger(10, v)) {
      llvm::errs() << "error: --" << k << " expects an integer, got '"
                   << it->second << "'\n";
      return std::nullopt;
    }
    return v;
  };

  auto model = SpaceModel::build(s.space);
  auto maxParams = getInt("max-params", -1), maxFlops = getInt("max-flops", -1);
  auto budget = getInt("budget", 0), jobs = getInt("jobs", 1),
       seed = getInt("seed", 0), epochs = getInt("epochs", 2),
       threads = getInt("threads", 0), top = getInt("top", 10);
  if (!maxParams || !maxFlops || !budget || !jobs || !seed || !epochs ||
      !threads || !top)
    return 2;
  if (*maxParams >= 0)
    model->paramsBound = *maxParams;
  if (*maxFlops >= 0)
    model->flopsBound = *maxFlops;
  double timeLimit = 0, timeout = 0;
  if (!get("time").empty() && (timeLimit = parseDuration(get("time"))) < 0) {
    llvm::errs() << "error: --time expects a duration like 600, 90s, 10m, 1h\n";
    return 2;
  }
  if (!get("timeout").empty() &&
      (timeout = parseDuration(get("timeout"))) < 0) {
    llvm::errs() << "error: --timeout expects a duration like 600, 90s, 10m\n";
    return 2;
  }
  if (*budget <= 0 && timeLimit <= 0 && get("strategy") != "grid") {
    llvm::errs() << "error: give --budget N (evaluations) or --time T\n";
    return 2;
  }
  if (*jobs < 1) {
    llvm::errs() << "error: --jobs must be at least 1\n";
    return 2;
  }

  SearchConfig cfg;
  cfg.strategy = get("strategy", "random");
  cfg.seed = *seed;
  cfg.budget = *budget;
  cfg.timeLimit = timeLimit;
  cfg.jobs = *jobs;
  cfg.canon.nb201Zero = get("nb201-zero") == "1";
  cfg.workDir = storePath + ".trials";
  cfg.objectives = objectivesOf(s.space);
  if (!get("objective").empty() &&
      !parseObjectives(get("objective"), cfg.objectives, error)) {
    llvm::errs() << "error: " << error << "\n";
    return 2;
  }
  for (const std::string &k : kStrategyOptions)
    if (opt.count(k))
      cfg.strategyOptions.values[k] = opt[k];
  // --warm-start OLD.db: an earlier experiment seeds a new one (Search.h).
  if (!get("warm-start").empty() && !store->hasExperiment()) {
    std::string old = get("warm-start");
    if (llvm::sys::fs::equivalent(old, storePath)) {
      llvm::errs() << "error: --warm-start names the store itself; use "
                      "--resume to continue an experiment\n";
      return 2;
    }
    auto oldStore = llvm::sys::fs::exists(old) ? openSqliteStore(old, error)
                                               : nullptr;
    ExperimentInfo oldInfo;
    if (!oldStore || !oldStore->loadExperiment(oldInfo)) {
      llvm::errs() << "error: --warm-start: '" << old
                   << "' holds no nasir experiment\n";
      return 1;
    }
    cfg.warmStart = oldStore->loadTrials();
    cfg.warmStartDir = old + ".trials";
  }

  EvaluatorConfig ec;
  ec.kind = get("evaluator", "train");
  ec.table = get("table");
  ec.dataset = get("dataset", "cifar10");
  ec.command = get("command");
  ec.data = get("data", "mnist");
  ec.epochs = *epochs;
  cfg.epochs = ec.kind == "train" || ec.kind == "command" ? *epochs : 0;
  ec.jobs = *jobs;
  ec.threads = *threads;
  ec.seed = *seed;
  ec.timeout = timeout;
  ec.workDir = cfg.workDir;
  if (ec.kind == "train") {
    ec.trainBinary = get("nasir-train", findNasirTrain());
    llvm::SmallVector<llvm::StringRef> extra;
    llvm::StringRef(get("train-args")).split(extra, ' ', -1, false);
    for (llvm::StringRef e : extra)
      ec.trainArgs.push_back(e.str());
  }
  auto evaluator = makeEvaluator(ec, *model, error);
  if (!evaluator) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }

  if (!store->acquire(error)) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  if (!store->hasExperiment()) {
    info.strategy = cfg.strategy;
    info.evaluator = ec.kind;
    info.seed = cfg.seed;
    llvm::json::Object o;
    for (auto &[k, v] : opt)
      o[k] = v;
    llvm::raw_string_ostream(info.options) << llvm::json::Value(std::move(o));
    if (!store->createExperiment(info)) {
      llvm::errs() << "error: store: " << store->lastError() << "\n";
      return 1;
    }
  }

  SearchDriver driver(s.space, *model, cfg, *evaluator, *store);
  std::string mode = get("progress", "auto");
  bool tty = mode == "auto" ? isatty(2) : mode == "bar";
  bool quiet = mode == "none";
  double lastLine = 0;
  driver.onProgress = [&](const Progress &p) {
    if (quiet)
      return;
    char line[256];
    snprintf(line, sizeof line,
             "[%lld/%s] running %lld, failed %lld, reused %lld, best %s, "
             "elapsed %s, eta %s",
             // The budget counts evaluations; reused trials are free.
             (long long)(p.done - p.reused),
             p.total > 0 ? std::to_string(p.total).c_str() : "?",
             (long long)p.running, (long long)p.failed, (long long)p.reused,
             p.hasBest ? std::to_string(p.best).substr(0, 6).c_str() : "-",
             fmtTime(p.elapsed).c_str(), fmtTime(p.eta).c_str());
    if (tty) {
      llvm::errs() << "\r\033[K" << line;
      llvm::errs().flush();
      return;
    }
    if (p.last) {
      llvm::errs() << line << "  trial " << p.last->id << " "
                   << statusName(p.last->status);
      if (!p.last->error.empty())
        llvm::errs() << " (" << p.last->error << ")";
      llvm::errs() << "\n";
    } else if (p.elapsed - lastLine > 30) {
      llvm::errs() << line << "\n";
      lastLine = p.elapsed;
    }
  };
  signal(SIGINT, onSignal);
  signal(SIGTERM, onSignal);
  bool ok = driver.run(resume, error);
  if (tty && !quiet)
    llvm::errs() << "\n";
  if (!cfg.warmStart.empty())
    llvm::errs() << "warm start from " << get("warm-start") << ": "
                 << driver.stats().warmImported << " results taken over, "
                 << driver.stats().warmSeeded << " seeds evaluated, "
                 << driver.stats().warmDropped
                 << " trials did not fit this space\n";
  store->release();
  if (driver.stats().replayDiverged)
    llvm::errs() << "warning: replaying the stored trials did not reproduce "
                    "the strategy's proposals (was the strategy changed?)\n";
  if (!ok) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }

  // The leaderboard.
  const auto &trials = driver.trials();
  int64_t nOk = 0, nFailed = 0, nReused = 0;
  for (auto &[id, t] : trials)
    nOk += t.status == TrialStatus::Ok, nFailed += t.status == TrialStatus::Failed,
        nReused += t.status == TrialStatus::Reused;
  llvm::outs() << "search " << cfg.strategy << " on @" << s.space.getSymName()
               << ": " << trials.size() << " trials (" << nOk << " ok, "
               << nFailed << " failed, " << nReused << " reused) in "
               << fmtTime(driver.stats().totalSeconds) << "; objective "
               << printObjectives(cfg.objectives) << "\n";
  ExtraMetrics extra = [&](const Trial &t) {
    EvalJob job;
    job.decisions = model->toDecisions(t.assignment);
    return evaluator->reportMetrics(job);
  };
  auto best = ranked(trials, cfg.objectives);
  if (best.size() > (size_t)*top)
    best.resize(*top);
  llvm::outs() << "\nleaderboard (top " << best.size() << " by "
               << cfg.objectives[0].metric << "):\n";
  printTable(llvm::outs(), best, extra);
  if (cfg.objectives.size() > 1) {
    auto front = paretoFront(trials, cfg.objectives);
    llvm::outs() << "\nPareto front (" << front.size() << " trials over "
                 << printObjectives(cfg.objectives) << "):\n";
    printTable(llvm::outs(), front, extra);
  }
  if (nFailed) {
    llvm::outs() << "\nfailed trials:\n";
    printFailures(llvm::outs(), trials, 5);
  }
  llvm::outs() << "\nresults: " << storePath << " (sqlite3 " << storePath
               << " 'SELECT * FROM trials'; nasir report " << storePath
               << " [--csv|--json]), candidates and logs in " << cfg.workDir
               << "/\n";
  return 0;
}

static Command search{"search", "search a space: strategies, evaluators, a "
                                "durable experiment store",
                      runSearch};
