//===- nb201_bench.cpp - search strategies on the NAS-Bench-201 tables ----===//
//
//   nasir-search-bench SPACE.mlir NB201_DIR [--strategies a,b,...]
//       [--datasets cifar10,cifar100,imagenet] [--budgets 50,100,200]
//       [--budget-counts proposals|evaluations|both] [--seeds N]
//       [--strategy-options name=value,...]
//
// Protocol (../shared/data/nasbench201/README.md): each run searches with the
// 12-epoch validation accuracy as the reward, for a budget of B table queries
// counted as --budget-counts says (nasir search --budget-counts: every
// proposal, or only evaluations, reused trials being free); the architecture
// with the best validation accuracy is reported with its 200-epoch test
// accuracy. Runs go through the real driver (strategy, fingerprint dedup,
// store in memory), seeds 0..N-1, one run per seed, budget and unit, with
// the strategies' default options unless --strategy-options gives some (to
// every strategy listed; one that does not declare an option is an error).
//
// Each cell: mean +- standard deviation of the reported test accuracy, and
// the percentage of seeds that found the global optimum: the table's best
// architecture by validation accuracy (the run's reported test accuracy is
// that architecture's).
//
//===----------------------------------------------------------------------===//
#include "bench/LoadSpace.h"
#include "lib/Search/Report.h"
#include "lib/Search/Search.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <cmath>

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

using BudgetCounts = SearchConfig::BudgetCounts;

/// The 200-epoch test accuracy of the architecture a run chose.
static double runOnce(nas::SpaceOp space, const SpaceModel &model,
                      Evaluator &eval, const std::string &strategy,
                      int64_t budget, BudgetCounts counts, uint64_t seed,
                      const Options &options) {
  std::string error;
  auto st = openSqliteStore(":memory:", error);
  ExperimentInfo info{"nb201", "", "-", strategy, "table", "{}", seed, 0};
  if (!st || !st->createExperiment(info)) {
    llvm::errs() << "error: store: " << error << "\n";
    exit(1);
  }
  SearchConfig cfg;
  cfg.strategy = strategy;
  cfg.strategyOptions = options;
  cfg.seed = seed;
  cfg.budget = budget;
  cfg.budgetCounts = counts;
  cfg.objectives = {{"accuracy", true}};
  SearchDriver d(space, model, cfg, eval, *st);
  if (!d.run(false, error)) {
    llvm::errs() << "error: " << error << "\n";
    exit(1);
  }
  auto best = ranked(d.trials(), cfg.objectives);
  EvalJob job;
  job.decisions = model.toDecisions(best.front()->assignment);
  return eval.reportMetrics(job)["test_200ep"];
}

/// The test accuracy of the table's best architecture by the search's reward
/// (the first in canonical order on a tie).
static double optimumTest(const SpaceModel &model, Evaluator &eval) {
  double bestVal = -INFINITY, test = NAN;
  model.enumerate([&](const Assignment &a) {
    EvalJob job;
    job.decisions = model.toDecisions(a);
    eval.start(job);
    for (EvalOutcome &o : eval.wait(0))
      if (o.ok && o.metrics["accuracy"] > bestVal) {
        bestVal = o.metrics["accuracy"];
        test = eval.reportMetrics(job)["test_200ep"];
      }
    return true;
  });
  return test;
}

/// "a,b,c" split at commas; false when a piece is empty.
static bool splitList(llvm::StringRef text, std::vector<std::string> &out) {
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, ',');
  for (llvm::StringRef p : parts) {
    if (p.empty())
      return false;
    out.push_back(p.str());
  }
  return !out.empty();
}

static int usage(const std::string &why) {
  llvm::errs() << "error: " << why
               << "\nusage: nasir-search-bench SPACE.mlir NB201_DIR "
                  "[--strategies a,b,...] [--datasets cifar10,cifar100,imagenet] "
                  "[--budgets 50,100,200] [--budget-counts "
                  "proposals|evaluations|both] [--seeds N] "
                  "[--strategy-options name=value,...]\n";
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 3)
    return usage("give the space and the NB201 table directory");
  std::vector<std::string> strategies = {"random", "evolution", "local",
                                         "reinforce"};
  std::vector<std::string> datasets = {"cifar10", "cifar100", "imagenet"};
  std::vector<int64_t> budgets = {50, 100, 200};
  std::vector<BudgetCounts> units = {BudgetCounts::Proposals,
                                     BudgetCounts::Evaluations};
  int64_t seeds = 100;
  Options options;
  for (int i = 3; i < argc; ++i) {
    llvm::StringRef flag = argv[i];
    if (!llvm::is_contained({"--strategies", "--datasets", "--budgets",
                             "--budget-counts", "--seeds",
                             "--strategy-options"},
                            flag))
      return usage("unknown option '" + flag.str() + "'");
    if (i + 1 >= argc)
      return usage(flag.str() + " needs a value");
    llvm::StringRef value = argv[++i];
    std::vector<std::string> list;
    if (flag == "--strategies") {
      if (!splitList(value, list))
        return usage("--strategies expects names separated by commas, got '" +
                     value.str() + "'");
      for (const std::string &s : list)
        if (!StrategyRegistration::registry().count(s))
          return usage("--strategies: unknown strategy '" + s + "'");
      strategies = list;
    } else if (flag == "--datasets") {
      if (!splitList(value, list))
        return usage("--datasets expects names separated by commas, got '" +
                     value.str() + "'");
      for (const std::string &d : list)
        if (d != "cifar10" && d != "cifar100" && d != "imagenet")
          return usage("--datasets: unknown dataset '" + d +
                       "' (cifar10, cifar100, imagenet)");
      datasets = list;
    } else if (flag == "--budgets") {
      budgets.clear();
      if (!splitList(value, list))
        return usage("--budgets expects positive integers separated by "
                     "commas, got '" + value.str() + "'");
      for (const std::string &b : list) {
        int64_t n;
        if (llvm::StringRef(b).getAsInteger(10, n) || n <= 0)
          return usage("--budgets expects positive integers separated by "
                       "commas, got '" + value.str() + "'");
        budgets.push_back(n);
      }
    } else if (flag == "--budget-counts") {
      if (value == "proposals")
        units = {BudgetCounts::Proposals};
      else if (value == "evaluations")
        units = {BudgetCounts::Evaluations};
      else if (value != "both")
        return usage("--budget-counts expects proposals, evaluations or both, "
                     "got '" + value.str() + "'");
    } else if (flag == "--strategy-options") {
      if (!splitList(value, list))
        return usage("--strategy-options expects name=value pairs separated "
                     "by commas, got '" + value.str() + "'");
      for (const std::string &kv : list) {
        auto [k, v] = llvm::StringRef(kv).split('=');
        if (k.empty() || v.empty())
          return usage("--strategy-options expects name=value pairs "
                       "separated by commas, got '" + value.str() + "'");
        options.values[k.str()] = v.str();
      }
    } else if (flag == "--seeds") {
      if (value.getAsInteger(10, seeds) || seeds <= 0)
        return usage("--seeds expects a positive integer, got '" +
                     value.str() + "'");
    } else {
      return usage("unknown option '" + flag.str() + "'");
    }
  }

  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
  nas::SpaceOp space = bench::loadFirstSpace(argv[1], ctx, module);
  if (!space)
    return 1;
  auto model = SpaceModel::build(space);
  // Each strategy's options are checked before the first run.
  for (const std::string &strategy : strategies) {
    const auto &entry = StrategyRegistration::registry().at(strategy);
    for (auto &[name, value] : options.values) {
      auto declares = [&](const std::vector<cli::Option> &list) {
        return llvm::any_of(list,
                            [&](const cli::Option &o) { return o.name == name; });
      };
      if (!declares(entry.options) && !declares(commonOptions()))
        return usage("--strategy-options: " + strategy + " has no option '" +
                     name + "'");
    }
    SearchContext probe(space, *model, 0, {{"accuracy", true}}, options);
    std::string error;
    if (!makeStrategy(strategy, probe, error))
      return usage("--strategy-options: " + strategy + ": " + error);
  }

  llvm::outs() << "| dataset | strategy | budget counts |";
  for (int64_t b : budgets)
    llvm::outs() << " " << b << " queries |";
  llvm::outs() << "\n| --- | --- | --- |";
  for (size_t i = 0; i < budgets.size(); ++i)
    llvm::outs() << " --- |";
  llvm::outs() << "\n";
  for (const std::string &dataset : datasets) {
    EvaluatorConfig ec;
    ec.kind = "table";
    ec.table = std::string("nb201:") + argv[2];
    ec.dataset = dataset;
    std::string error;
    auto eval = makeEvaluator(ec, *model, error);
    if (!eval) {
      llvm::errs() << "error: " << error << "\n";
      return 1;
    }
    double optimum = optimumTest(*model, *eval);
    for (const std::string &strategy : strategies)
      for (BudgetCounts unit : units) {
        llvm::outs() << "| " << dataset << " | " << strategy << " | "
                     << (unit == BudgetCounts::Proposals ? "proposals"
                                                         : "evaluations");
        for (int64_t budget : budgets) {
          double sum = 0, sq = 0;
          int64_t found = 0;
          for (int64_t s = 0; s < seeds; ++s) {
            double acc = runOnce(space, *model, *eval, strategy, budget, unit,
                                 (uint64_t)s, options);
            sum += acc, sq += acc * acc;
            found += acc == optimum;
          }
          double mean = sum / seeds,
                 sd = std::sqrt(std::max(0.0, sq / seeds - mean * mean));
          llvm::outs() << llvm::format(" | %.2f +- %.2f (%.0f%%)", mean, sd,
                                       100.0 * found / seeds);
        }
        llvm::outs() << " |\n";
        llvm::outs().flush();
      }
  }
  return 0;
}
