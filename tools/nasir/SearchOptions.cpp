//===- SearchOptions.cpp - the command line of nasir search ---------------===//
#include "tools/nasir/SearchOptions.h"
#include "lib/Search/Evaluator.h"
#include "lib/Search/Experiment.h"
#include "lib/Search/Proxy.h"
#include "lib/Search/Strategy.h"
#include "tools/nasir/Common.h"
#include <algorithm>
#include <cstring>
#include <map>

using namespace nasir;
using namespace nasir::cli;
using search::StrategyRegistration;

static const char *kSummary =
    "search a space: strategies, evaluators, a durable experiment store";

/// The value of --strategy in argv ("" when not given).
static std::string strategyIn(int argc, char **argv) {
  std::string name;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "--strategy") && i + 1 < argc)
      name = argv[++i];
    else if (!strncmp(argv[i], "--strategy=", 11))
      name = argv[i] + 11;
    else if (!strcmp(argv[i], "--"))
      break;
  }
  return name;
}

static bool mentions(int argc, char **argv, const char *arg) {
  for (int i = 1; i < argc; ++i)
    if (!strcmp(argv[i], arg))
      return true;
  return false;
}

static void addSearchOptions(CommandLine &cl) {
  std::vector<std::string> strategies;
  for (auto &[name, entry] : StrategyRegistration::registry())
    strategies.push_back(name);
  cl.add({"strategy",
          ValueKind::Choice,
          "random",
          "how to search: " + listOf(strategies),
          strategies,
          {},
          "",
          "NAME"});
  cl.add({"budget",
          ValueKind::Natural,
          "0",
          "evaluations to run (give --budget or --time)",
          {},
          {},
          "0 = none"});
  cl.add({"budget-counts",
          ValueKind::Choice,
          "evaluations",
          "what one unit of --budget is: an evaluation (reused trials are "
          "free) or a proposal (every trial, reused and failed ones too)",
          {"evaluations", "proposals"}});
  cl.add({"time",
          ValueKind::Duration,
          "",
          "start no trial after T (600, 90s, 10m, 1h)",
          {},
          {},
          "none"});
  std::vector<std::string> evaluators;
  for (auto &[name, entry] : search::EvaluatorRegistration::registry())
    evaluators.push_back(name);
  cl.add({"evaluator",
          ValueKind::Choice,
          search::kDefaultEvaluator,
          "how a candidate is scored: " + listOf(evaluators),
          evaluators});
  cl.add({"store",
          ValueKind::Text,
          "",
          "the experiment's store: an SQLite file, or a postgresql:// URL",
          {},
          {},
          "required",
          "FILE|URL"});
  cl.add({"work-dir",
          ValueKind::Text,
          "",
          "where trial files go (candidates, logs, weights)",
          {},
          {},
          "STORE.trials/, or ./EXPERIMENT.trials for a URL",
          "DIR"});
  cl.flag("resume", "continue the experiment that --store holds");
  cl.flag(kListStrategies, "print every strategy, one a line: its name, then "
                           "its summary (no search; needs no --store)");
  cl.add({"warm-start",
          ValueKind::Text,
          "",
          "seed a new experiment with the trials of an earlier one",
          {},
          {},
          "",
          "OLD.db"});
  cl.add({"warm-start-proxy",
          ValueKind::Positive,
          "",
          "score N sampled candidates with --proxy at initialization (one "
          "nasir-train process); the best --proxy-top are evaluated first",
          {},
          {},
          "none",
          "N"});
  cl.add({"proxy",
          ValueKind::Choice,
          search::kProxyNames[0],
          "the proxy of --warm-start-proxy",
          search::kProxyNames,
          {},
          "",
          "NAME"});
  cl.add({"proxy-top",
          ValueKind::Positive,
          "",
          "how many of the --warm-start-proxy candidates go first",
          {},
          {},
          "N/10, at least 1",
          "K"});
  cl.add({"jobs", ValueKind::Natural, "1",
          "evaluations at once here, beside any `nasir worker`s (proxy:NAME: "
          "candidates per nasir-train process); 0: none here, workers "
          "evaluate"});
  cl.add({"seed", ValueKind::Integer, "0", "seed of the search"});
  cl.add({"epochs", ValueKind::Natural, "2",
          "epochs of a train or command evaluation (hyperband: its "
          "--max-epochs)"});
  cl.add({"timeout",
          ValueKind::Duration,
          "",
          "an evaluation that runs longer than T fails",
          {},
          {},
          "none"});
  cl.add({"objective",
          ValueKind::Text,
          "",
          "what to optimize, like max:accuracy,min:params",
          {},
          {},
          "the space's, else max:accuracy",
          "OBJECTIVES"});
  cl.add({"max-params",
          ValueKind::Integer,
          "-1",
          "only candidates with at most N parameters",
          {},
          {},
          "the space's bound"});
  cl.add({"max-flops",
          ValueKind::Integer,
          "-1",
          "only candidates with at most N FLOPs (nasir's convention: a "
          "multiply-add is 2, element-wise work counts; see --max-macs)",
          {},
          {},
          "the space's bound"});
  cl.add({"max-macs",
          ValueKind::Integer,
          "-1",
          "only candidates with at most N multiply-accumulates of "
          "convolutions and linear layers (the papers' \"FLOPs\")",
          {},
          {},
          "the space's bound"});
  cl.add({"top", ValueKind::Natural, "10", "rows of the leaderboard"});
  cl.add({"progress",
          ValueKind::Choice,
          "auto",
          "progress on stderr (auto: a bar on a terminal, else plain lines)",
          {"auto", "bar", "plain", "none"}});
  addZeroAbsorbing(cl);
  addLoadOptions(cl);

  cl.section("evaluator table");
  cl.add({"table",
          ValueKind::Text,
          "",
          "the table: nb201:DIR or csv:FILE",
          {},
          {},
          "",
          "SOURCE"});
  cl.add({"dataset",
          ValueKind::Text,
          search::kDefaultTableDataset,
          "the NB201 dataset: cifar10, cifar100 or imagenet",
          {},
          {},
          "",
          "NAME"});
  cl.section("evaluator train");
  cl.add({"data",
          ValueKind::Text,
          search::kDefaultTrainData,
          "the dataset (nasir-train --data: mnist, digits, csv:FILE, ...)",
          {},
          {},
          "",
          "SPEC"});
  cl.add({"threads", ValueKind::Natural, "0",
          "threads per evaluation (0 = the cores / --jobs)"});
  cl.add({"train-args",
          ValueKind::Text,
          "",
          "more nasir-train options, split at spaces",
          {},
          {},
          "",
          "'ARGS'"});
  cl.add({"nasir-train",
          ValueKind::Text,
          "",
          "the nasir-train to run",
          {},
          {},
          "next to nasir, else on PATH",
          "PATH"});
  cl.section("evaluator command");
  cl.add({"command",
          ValueKind::Text,
          "",
          "the program to run; {candidate} and {epochs} are filled in",
          {},
          {},
          "",
          "'PROG ARGS'"});
}

CommandLine nasir::cli::searchCommandLine(int argc, char **argv) {
  CommandLine cl("search", kSummary);
  cl.positional("SPACE",
                "the space (.nas or .mlir); --resume takes the "
                "stored one",
                Positional::Space, /*optional=*/true);
  addSearchOptions(cl);

  // The strategies whose options this command line takes.
  const auto &registry = StrategyRegistration::registry();
  std::string chosen = strategyIn(argc, argv);
  bool all = chosen.empty() &&
             (mentions(argc, argv, "--help") || mentions(argc, argv, "-h") ||
              mentions(argc, argv, "--resume"));
  if (chosen.empty() && !all)
    chosen = cl.find("strategy")->defaultValue;
  cl.section("every strategy");
  for (const Option &o : search::commonOptions())
    cl.add(o);
  std::map<std::string, std::vector<std::string>> declaredBy;
  for (auto &[name, entry] : registry) {
    bool taken = all || name == chosen;
    if (taken && !entry.options.empty())
      cl.section("strategy " + name + " (" + entry.summary + ")");
    for (const Option &o : entry.options) {
      if (taken)
        cl.add(o);
      declaredBy[o.name].push_back(name);
    }
  }
  if (registry.count(chosen))
    for (auto &[option, strategies] : declaredBy)
      if (!cl.declares(option))
        cl.declaredElsewhere(
            option, "not an option of strategy " + chosen + " (only " +
                        listOf(strategies) +
                        (strategies.size() == 1 ? " takes" : " take") + " it)");
  return cl;
}

std::vector<std::string>
nasir::cli::strategyOptionNames(const std::string &strategy) {
  std::vector<std::string> names = {"epochs"};
  for (const Option &o : search::commonOptions())
    names.push_back(o.name);
  const auto &registry = StrategyRegistration::registry();
  if (auto it = registry.find(strategy); it != registry.end())
    for (const Option &o : it->second.options)
      names.push_back(o.name);
  return names;
}

void nasir::cli::printStrategies(llvm::raw_ostream &os) {
  const auto &registry = StrategyRegistration::registry();
  size_t width = 0;
  for (auto &[name, entry] : registry)
    width = std::max(width, name.size());
  for (auto &[name, entry] : registry) {
    os << name;
    os.indent(width - name.size() + 2) << entry.summary << "\n";
  }
}
