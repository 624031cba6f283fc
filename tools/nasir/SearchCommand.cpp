//===- SearchCommand.cpp - nasir search -----------------------------------===//
//
// nasir search SPACE --strategy S --budget N|--time T --evaluator E
//              --store exp.db [--jobs J] [--seed S] [--resume]
//
// Runs a search (lib/Search) and ends with the leaderboard. With --resume
// the space, the options and the seed come from the store; only those in
// kChangeable may differ. The options are declared in SearchOptions.cpp
// (each strategy's in its own file). Exit codes (docs/search.md): 0 with a result, 1
// when every evaluation failed or the search cannot start (a dataset that
// does not bind, a resume mismatch), 2 for a bad command line.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Experiment.h"
#include "lib/Search/OneShot.h"
#include "lib/Search/PostgresUrl.h"
#include "lib/Search/Proxy.h"
#include "lib/Search/Report.h"
#include "lib/Search/Search.h"
#include "lib/Search/MixedEvaluator.h"
#include "lib/Search/WorkQueue.h"
#include "lib/Support/LimitedJson.h"
#include "lib/Transforms/DatasetBinding.h"
#include "mlir/Parser/Parser.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Common.h"
#include "tools/nasir/Dataset.h"
#include "tools/nasir/Payload.h"
#include "tools/nasir/SearchOptions.h"
#include "llvm/ADT/StringExtras.h"
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

/// What --resume may change (the rest must match the stored experiment).
static const std::vector<std::string> kChangeable = {
    "budget", "time", "jobs", "timeout", "progress", "top", "nasir-train"};

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

/// --resume continues the stored experiment: an option given again must have
/// its stored value, except those in kChangeable. `error` names the first
/// that differs.
/// The cost bounds a search applies ("params <= 100, flops <= 3000000"),
/// from the space's constraints or --max-params / --max-flops / --max-macs.
static std::string describeBounds(const SpaceModel &model) {
  std::string out;
  auto add = [&](const char *metric, int64_t bound) {
    if (bound >= 0)
      out += (out.empty() ? "" : ", ") + std::string(metric) + " <= " +
             std::to_string(bound);
  };
  add("params", model.paramsBound);
  add("flops", model.flopsBound);
  add("macs", model.macsBound);
  return out;
}

static bool sameExperiment(const std::map<std::string, std::string> &given,
                           const std::map<std::string, std::string> &stored,
                           const ExperimentInfo &info, std::string &error) {
  // The strategy and the evaluator first: they are what a mix-up changes.
  std::vector<std::string> order = {"strategy", "evaluator"};
  for (auto &kv : given)
    if (!llvm::is_contained(order, kv.first))
      order.push_back(kv.first);
  for (const std::string &k : order) {
    auto found = given.find(k);
    if (found == given.end() || k == "store" ||
        llvm::is_contained(kChangeable, k))
      continue;
    const std::string &v = found->second;
    std::string was; // the stored experiment's effective value
    if (k == "strategy")
      was = info.strategy;
    else if (k == "evaluator")
      was = info.evaluator;
    else if (k == "seed")
      was = std::to_string(info.seed);
    else if (k == "budget-counts") // a store without it counted evaluations
      was = stored.count(k) ? stored.at(k) : "evaluations";
    else if (auto it = stored.find(k); it != stored.end())
      was = it->second;
    if (v == was)
      continue;
    auto show = [&](const std::string &value) {
      return k == kZeroAbsorbing ? "--" + k : "--" + k + " " + value;
    };
    error = show(v) + " differs from the stored experiment's " +
            (was.empty() ? "(no --" + k + ")" : show(was)) +
            "; only --budget, --time, --jobs, --timeout, --progress, --top and "
            "--nasir-train may change (or start a new --store)";
    return false;
  }
  return true;
}

/// What the space is bound to: the dataset's shape and classes, or the
/// --input (the shape or its flattened form) and --classes that match them.
static bool bindingFor(const DatasetShape &data, std::string &input,
                       int64_t &classes, std::string &error) {
  std::string shape = formatShape(data.input);
  int64_t flat = 1;
  for (int64_t d : data.input)
    flat *= d;
  // A sample feeds any input of as many elements (the runtime reshapes it).
  int64_t givenElements = 1;
  for (int64_t d : parseShape(input))
    givenElements *= d;
  if (input.empty()) {
    input = shape;
  } else if (parseShape(input).empty() || givenElements != flat) {
    error = "--input " + input + " does not match the dataset " + data.name +
            " (samples of shape " + shape + ")";
    return false;
  }
  if (classes > 0 && classes != data.classes) {
    error = "--classes " + std::to_string(classes) +
            " does not match the dataset " + data.name + " (" +
            std::to_string(data.classes) + " classes)";
    return false;
  }
  classes = data.classes;
  return true;
}

/// "line N: stored `...`, given `...`" for the first line where two printed
/// spaces differ.
static std::string firstDifference(llvm::StringRef stored,
                                   llvm::StringRef given) {
  llvm::SmallVector<llvm::StringRef> a, b;
  stored.split(a, '\n');
  given.split(b, '\n');
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i])
    ++i;
  auto line = [&](llvm::SmallVector<llvm::StringRef> &lines) {
    return i < lines.size() ? "`" + lines[i].trim().take_front(120).str() + "`"
                            : std::string("(the end)");
  };
  return "line " + std::to_string(i + 1) + ": stored " + line(a) + ", given " +
         line(b);
}

static int runSearch(int argc, char **argv) {
  double startTime = wallClock(); // --time counts from here
  CommandLine args = searchCommandLine(argc, argv);
  if (int rc = parseCommandLine(args, argc, argv); rc >= 0)
    return rc;
  if (args.has(kListStrategies)) {
    printStrategies(llvm::outs());
    return 0;
  }
  if (!args.has("store")) {
    llvm::errs() << "error: --store is required (the experiment's SQLite "
                    "file or postgresql:// URL)\n";
    return 2;
  }
  std::string storePath = args.get("store");
  // What messages show of it: a URL's password masked (PostgresUrl.h).
  std::string shownStore = maskStorePassword(storePath);
  bool resume = args.has("resume");
  std::string error;
  auto store = openStore(storePath, error);
  if (!store) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }

  // The effective options: the command line, or the stored ones on resume.
  std::map<std::string, std::string> opt = args.given();
  opt.erase("resume");
  // Recorded absolute, and compared so with a stored experiment's.
  absolutizePathOptions(opt);
  Session s;
  Experiment stored; // what the store holds, on --resume
  ExperimentInfo info;
  bool resuming = store->hasExperiment();
  if (resuming) {
    if (!resume) {
      llvm::errs() << "error: store '" << shownStore
                   << "' already holds an experiment; pass --resume to "
                      "continue it, or use another --store\n";
      return 1;
    }
    store->loadExperiment(info);
    if (!stored.describe(storePath, info, s.context, error)) {
      llvm::errs() << "error: " << error << "\n";
      return 1;
    }
    std::map<std::string, std::string> merged = stored.options;
    if (!sameExperiment(opt, merged, info, error)) {
      llvm::errs() << "error: --resume: " << error << "\n";
      return 1;
    }
    for (const std::string &k : kChangeable)
      if (opt.count(k))
        merged[k] = opt[k];
    opt = merged;
    s.space = stored.space;
  } else if (args.positionals.empty()) {
    llvm::errs() << args.usageError(std::string(resume ? "the store holds no "
                                                         "experiment to "
                                                         "resume; "
                                                       : "") +
                                    "give the SPACE file")
                        .text;
    return 2;
  }
  // The effective value of an option: given, stored or declared default.
  auto get = [&](const std::string &k) {
    auto it = opt.find(k);
    return it != opt.end() ? it->second
           : args.find(k)  ? args.find(k)->defaultValue
                           : std::string();
  };
  // Stored values are checked again (a store of an older nasir).
  auto getInt = [&](const std::string &k) -> std::optional<int64_t> {
    auto it = opt.find(k);
    if (it == opt.end())
      return args.getInt(k);
    int64_t v;
    if (llvm::StringRef(it->second).getAsInteger(10, v)) {
      llvm::errs() << "error: --" << k << " expects an integer, got '"
                   << it->second << "'\n";
      return std::nullopt;
    }
    return v;
  };

  // The dataset binds the input shape and classes before anything else: the
  // train evaluator asks the runtime what --data gives (Dataset.h).
  std::string input = get("input"), trainBinary;
  auto classesOption = getInt("classes");
  if (!classesOption)
    return 2;
  int64_t classes = *classesOption;
  std::optional<DatasetShape> data;
  // The proxy evaluators and --warm-start-proxy run nasir-train on --data too.
  bool proxyEvaluator = !proxyOfEvaluator(get("evaluator")).empty();
  if (!get("warm-start-proxy").empty() && get("evaluator") != "train" &&
      !proxyEvaluator) {
    llvm::errs() << "error: --warm-start-proxy scores candidates with "
                    "nasir-train on --data: it needs --evaluator train or "
                    "proxy:NAME, not " << get("evaluator") << "\n";
    return 2;
  }
  if (get("warm-start-proxy").empty() &&
      (opt.count("proxy") || opt.count("proxy-top"))) {
    llvm::errs() << "error: --" << (opt.count("proxy") ? "proxy" : "proxy-top")
                 << " is an option of --warm-start-proxy N\n";
    return 2;
  }
  if (get("evaluator") == "train" || proxyEvaluator) {
    trainBinary = get("nasir-train");
    if (trainBinary.empty())
      trainBinary = findNasirTrain();
    if (trainBinary.empty()) {
      llvm::errs() << "error: "
                   << nasirTrainMissing("--evaluator " + get("evaluator"),
                                        true)
                   << "\n";
      return 1;
    }
    data.emplace();
    std::vector<std::string> trainArgs;
    for (llvm::StringRef a : llvm::split(get("train-args"), ' '))
      if (!a.empty())
        trainArgs.push_back(a.str());
    if (!queryDataset(trainBinary, get("data"), *data, error,
                      datasetInfoArgs(trainArgs)) ||
        !bindingFor(*data, input, classes, error)) {
      llvm::errs() << "error: --data " << get("data") << ": " << error
                   << "\n";
      return 1;
    }
  }
  if (!resuming) {
    const std::string &path = args.positionals[0];
    if (failed(s.load(path, get("space"), input, classes))) {
      Session unbound; // it parses, so the binding failed: name both shapes
      if (data && succeeded(unbound.load(path, get("space"))))
        llvm::errs() << "error: the dataset " << data->name
                     << " gives samples of shape " << formatShape(data->input)
                     << " (" << data->classes << " classes), but space @"
                     << unbound.space.getSymName() << " takes inputs of shape "
                     << spaceInputShape(unbound.space) << "\n";
      return 1;
    }
    llvm::raw_string_ostream ir(info.spaceIR);
    s.space->print(ir);
    info.spaceName = s.space.getSymName().str();
    info.spaceFile = absolutePath(path);
    if (getenv("NASIR_EMBEDDED_SPACE")) // a tool of nasir compile
      info.spaceFile = selfPath() + " (embedded)"; // not argv[0]: "./nb201"
  } else if (!args.positionals.empty()) {
    // A space given to --resume must be the stored one.
    Session given;
    if (failed(given.load(args.positionals[0], get("space"), input, classes)))
      return 1;
    std::string ir;
    llvm::raw_string_ostream os(ir);
    given.space->print(os);
    if (ir != info.spaceIR) {
      llvm::errs() << "error: --resume: the space in " << args.positionals[0]
                   << " differs from the stored one (@" << info.spaceName
                   << " from " << info.spaceFile
                   << "): " << firstDifference(info.spaceIR, ir)
                   << "; resume without the SPACE argument, or start a new "
                      "--store\n";
      return 1;
    }
  }
  if (data && !spaceFitsDataset(s.space, *data, error)) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }

  auto model = SpaceModel::build(s.space);
  auto maxParams = getInt("max-params"), maxFlops = getInt("max-flops"),
       maxMacs = getInt("max-macs");
  auto budget = getInt("budget"), jobs = getInt("jobs"), seed = getInt("seed"),
       epochs = getInt("epochs"), threads = getInt("threads"),
       top = getInt("top");
  if (!maxParams || !maxFlops || !maxMacs || !budget || !jobs || !seed || !epochs ||
      !threads || !top)
    return 2;
  if (*maxParams >= 0)
    model->paramsBound = *maxParams;
  if (*maxFlops >= 0)
    model->flopsBound = *maxFlops;
  if (*maxMacs >= 0)
    model->macsBound = *maxMacs;
  double timeLimit = 0, timeout = 0;
  if (!get("time").empty() && !parseDuration(get("time"), timeLimit)) {
    llvm::errs() << "error: --time expects a duration like 600, 90s, 10m, 1h\n";
    return 2;
  }
  if (!get("timeout").empty() &&
      !parseDuration(get("timeout"), timeout)) {
    llvm::errs() << "error: --timeout expects a duration like 600, 90s, 10m\n";
    return 2;
  }
  if (*budget <= 0 && timeLimit <= 0 && get("strategy") != "grid") {
    llvm::errs() << "error: give --budget N (evaluations) or --time T\n";
    return 2;
  }
  if (*jobs < 0) {
    llvm::errs() << "error: --jobs must be at least 0 (0: workers only)\n";
    return 2;
  }
  std::string budgetUnit = get("budget-counts");
  if (budgetUnit != "evaluations" && budgetUnit != "proposals") {
    llvm::errs() << "error: --budget-counts expects evaluations or proposals, "
                    "got '"
                 << budgetUnit << "'\n";
    return 2;
  }

  SearchConfig cfg;
  cfg.strategy = get("strategy");
  cfg.seed = *seed;
  cfg.budget = *budget;
  cfg.budgetCounts = budgetUnit == "proposals"
                         ? SearchConfig::BudgetCounts::Proposals
                         : SearchConfig::BudgetCounts::Evaluations;
  cfg.timeLimit = timeLimit;
  cfg.startTime = startTime;
  cfg.jobs = *jobs;
  cfg.canon.zeroAbsorbing = get(kZeroAbsorbing) == "1";
  ExperimentLayout layout = ExperimentLayout::at(storePath, get("work-dir"));
  cfg.workDir = layout.trialsDir();
  if (!experimentObjectives(s.space, opt, cfg.objectives, error)) {
    llvm::errs() << "error: " << error << "\n";
    return 2;
  }
  for (const std::string &k : strategyOptionNames(cfg.strategy))
    if (opt.count(k))
      cfg.strategyOptions.values[k] = opt[k];
  // --warm-start OLD.db: an earlier experiment seeds a new one (Search.h).
  std::unique_ptr<Experiment> oldExperiment;
  if (!get("warm-start").empty() && !store->hasExperiment()) {
    std::string old = get("warm-start");
    if (llvm::sys::fs::equivalent(old, storePath)) {
      llvm::errs() << "error: --warm-start names the store itself; use "
                      "--resume to continue an experiment\n";
      return 2;
    }
    oldExperiment = Experiment::open(old, s.context, error);
    if (!oldExperiment) {
      llvm::errs() << "error: --warm-start: '" << old
                   << "' holds no nasir experiment (" << error << ")\n";
      return 1;
    }
    Store &oldStore = *oldExperiment->store();
    if (!oldStore.loadTrials(cfg.warmStart)) {
      llvm::errs() << "error: --warm-start: store '" << old
                   << "': " << oldStore.lastError() << "\n";
      return 1;
    }
    cfg.warmStartStore = old;
    cfg.warmStartSource = &oldStore;
    cfg.warmStartDir = oldExperiment->layout.trialsDir();
  }

  EvaluatorConfig ec = experimentEvaluator(opt, layout);
  ec.epochs = *epochs;
  cfg.epochs = ec.kind == "train" || ec.kind == "command" ? *epochs : 0;
  // --jobs 0: the workers evaluate (WorkQueue.h); this evaluator only
  // checks the options and adds the report's columns.
  ec.jobs = std::max<int64_t>(1, *jobs);
  ec.threads = *threads;
  ec.seed = *seed;
  ec.timeout = timeout;
  if (ec.kind == "train" || proxyEvaluator) {
    ec.trainBinary = trainBinary;
    // Split a named string: the pieces point into it.
    std::string trainArgs = get("train-args");
    llvm::SmallVector<llvm::StringRef> extra;
    llvm::StringRef(trainArgs).split(extra, ' ', -1, false);
    for (llvm::StringRef e : extra)
      ec.trainArgs.push_back(e.str());
  }
  if (resuming)
    ec.experimentKey = experimentKey(info.created);
  auto evaluator = makeEvaluator(ec, *model, error);
  if (!evaluator) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  bool quietProgress = get("progress") == "none";
  // Workers may serve the experiment: --jobs 0, they alone evaluate;
  // --jobs J, J trials run here and the workers take what else is offered
  // (MixedEvaluator.h).
  auto queue = std::make_unique<WorkQueueEvaluator>(
      *store, *jobs == 0 ? std::move(evaluator) : nullptr);
  queue->onRequeued = [&](const Trial &t) {
    if (!quietProgress)
      llvm::errs() << "trial " << t.id << " is queued again: the lease of "
                   << t.workerHost << " pid " << t.workerPid << " ran out\n";
  };
  if (*jobs > 0) {
    evaluator = std::make_unique<MixedEvaluator>(
        *store, std::move(evaluator), (unsigned)*jobs, std::move(queue));
  } else {
    queue->onNoWorkers = [&](double without) {
      // Said even with --progress none: without it the search looks hung.
      llvm::errs() << "waiting for workers: none is live ("
                   << (int64_t)without << " s); start `nasir worker --store "
                   << shownStore << "`, or stop with Ctrl-C and "
                      "--resume\n";
    };
    evaluator = std::move(queue);
    if (!quietProgress)
      llvm::errs() << "note: --jobs 0: the trials are evaluated by `nasir "
                      "worker --store "
                   << shownStore << "` processes (started before or after "
                      "this search)\n";
  }
  // One-shot strategies run nasir-train themselves (lib/Search/OneShot.h).
  OneShotEnv oneshot;
  if (ec.kind == "train") {
    oneshot.trainBinary = trainBinary;
    oneshot.data = ec.data;
    oneshot.trainArgs = ec.trainArgs;
    oneshot.threads = *threads;
    oneshot.seed = *seed;
    oneshot.workDir = cfg.workDir;
    oneshot.store = store.get();
    oneshot.deadline = timeLimit > 0 ? startTime + timeLimit : 0;
    oneshot.budget = *budget;
    oneshot.progress = get("progress");
    cfg.oneshot = &oneshot;
  }

  // A strategy with a bad option fails here, before the store is touched.
  SearchDriver driver(s.space, *model, cfg, *evaluator, *store);
  if (!driver.prepare(error)) {
    llvm::errs() << "error: " << error << "\n";
    return 2;
  }
  int64_t distinct = driver.stats().distinctCandidates;
  if (distinct == 0) {
    llvm::errs() << "error: no candidate of @" << s.space.getSymName();
    if (model->costBounds().any())
      llvm::errs() << " meets its bounds (" << describeBounds(*model) << ")";
    else
      llvm::errs() << " meets its constraints";
    llvm::errs() << ": nothing to search\n";
    return 1;
  }
  if (*budget > 0 && distinct >= 0 && distinct < *budget)
    llvm::errs() << "note: the space has only " << distinct
                 << " distinct candidates, fewer than --budget " << *budget
                 << ": the search ends when each has been evaluated\n";

  if (!store->acquire(error)) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  if (!store->hasExperiment()) {
    info.strategy = cfg.strategy;
    info.evaluator = ec.kind;
    info.seed = cfg.seed;
    info.options = printExperimentOptions(opt);
    if (!store->createExperiment(info) || !store->loadExperiment(info)) {
      llvm::errs() << "error: store: " << store->lastError() << "\n";
      return 1;
    }
    // Its job outputs carry its key (its created time, known now), so that
    // a rerun of the same name never adopts them (ProcessEvaluator).
    evaluator->keyOutputs(experimentKey(info.created));
  }
  // What the runtime said of --data, with its input contract, for `nasir
  // export --to pytorch` (kept once; a store of an older nasir gains it).
  std::string keptDataset;
  if (data && store->loadPhase(kDatasetPhase, keptDataset) &&
      keptDataset.empty() && !store->savePhase(kDatasetPhase, data->infoJson)) {
    store->release();
    llvm::errs() << "error: store: " << store->lastError() << "\n";
    return 1;
  }

  // --warm-start-proxy N: the proxy's best go first (lib/Search/Proxy.h);
  // scored once, then read from the store's "proxy" phase.
  if (!get("warm-start-proxy").empty()) {
    auto n = getInt("warm-start-proxy");
    auto top = get("proxy-top").empty() ? std::optional<int64_t>(0)
                                        : getInt("proxy-top");
    if (!n || !top)
      return 2;
    ProxyWarmStart w;
    w.proxy = get("proxy");
    w.sample = *n;
    w.top = *top;
    w.runner = {trainBinary, ec.data, ec.trainArgs, *threads, cfg.seed};
    w.workDir = cfg.workDir;
    std::vector<Assignment> first;
    std::vector<Metrics> firstMetrics;
    auto t0 = wallClock();
    if (!proxyWarmStart(s.space, *model, cfg.canon, cfg.seed, w, *store, first,
                        firstMetrics, error)) {
      store->release();
      llvm::errs() << "error: " << error << "\n";
      return 1;
    }
    if (get("progress") != "none" && !resuming)
      llvm::errs() << "warm start by " << w.proxy << ": the best "
                   << first.size() << " of " << *n
                   << " sampled candidates go first ("
                   << fmtTime(wallClock() - t0) << ")\n";
    driver.setFirstCandidates(std::move(first), std::move(firstMetrics));
  }

  std::string mode = get("progress");
  bool tty = mode == "auto" ? isatty(2) : mode == "bar";
  bool quiet = mode == "none";
  double lastLine = 0;
  driver.onProgress = [&](const Progress &p) {
    if (quiet)
      return;
    char line[256];
    // Finished trials in the budget's unit (--budget-counts) of the budget.
    std::string total =
        p.total > 0 ? std::to_string(p.total) + " " + budgetUnit : "?";
    snprintf(line, sizeof line,
             "[%lld/%s] running %lld, failed %lld, reused %lld, best %s, "
             "elapsed %s, eta %s",
             (long long)p.spent, total.c_str(),
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
      if (!p.last->workerDevice.empty()) // run by a `nasir worker`
        llvm::errs() << " on " << p.last->workerHost << " pid "
                     << p.last->workerPid << " " << p.last->workerDevice;
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
  if (!cfg.warmStart.empty() &&
      !llvm::StringRef(error).starts_with("--warm-start:"))
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
  const SearchStats &stats = driver.stats();
  if (stats.spaceExhausted && *budget <= 0 && timeLimit > 0)
    llvm::errs() << "note: all " << distinct
                 << " distinct candidates of the space were proposed before "
                    "--time ran out\n";
  int64_t evaluated = 0;
  for (auto &[id, t] : driver.trials())
    evaluated += t.status == TrialStatus::Ok || t.status == TrialStatus::Failed;
  if (stats.leftQueued > 0 && evaluated == 0) {
    llvm::errs() << "error: --time ran out before any trial was evaluated: "
                 << stats.leftQueued
                 << " trials were offered to workers and no worker claimed "
                    "them; they stay queued for --resume\n";
    return 1;
  }
  if (stats.leftQueued > 0)
    llvm::errs() << "note: --time ran out with " << stats.leftQueued
                 << " trials offered to workers that no worker claimed; "
                    "they stay queued for --resume\n";
  if (stats.hitTrialCap)
    llvm::errs() << "note: the search stopped at its cap of " << stats.trials
                 << " trials with " << stats.evaluations << " of --budget "
                 << *budget
                 << " evaluations: the strategy kept proposing networks "
                    "already evaluated (the space may have fewer distinct "
                    "networks than the budget)\n";

  // The leaderboard.
  const auto &trials = driver.trials();
  if (trials.empty()) {
    llvm::errs() << "error: no trial was run: the strategy found no candidate";
    if (model->costBounds().any())
      llvm::errs() << " that meets the space's bounds ("
                   << describeBounds(*model) << ")";
    llvm::errs() << "\n";
    return 1;
  }
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
  llvm::outs() << "\nresults: " << shownStore << " (";
  if (!isPostgresUrl(storePath))
    llvm::outs() << "sqlite3 " << storePath << " 'SELECT * FROM trials'; ";
  llvm::outs() << "nasir report " << shownStore
               << " [--csv|--json]), candidates and logs in " << cfg.workDir
               << "/\n";
  // A search that produced no result is a failure scripts can see.
  if (nOk == 0 && nFailed > 0) {
    auto first = llvm::find_if(trials, [](auto &kv) {
      return kv.second.status == TrialStatus::Failed;
    });
    llvm::errs() << "error: every evaluation failed; the first, trial "
                 << first->first << ": " << first->second.error << "\n";
    return 1;
  }
  return 0;
}

static Command search{"search", "search a space: strategies, evaluators, a "
                                "durable experiment store",
                      runSearch};
