//===- bananas_bench.cpp - model-based search on NAS-Bench-201, per query
//--===//
//
//   nasir-bananas-bench SPACE.mlir NB201_DIR [--seeds N] [--first-seed K]
//       [--strategies bananas,random,...] [--datasets cifar10,...]
//       [--option NAME=VALUE]...
//
// The `proposals` protocol of the NAS-Bench-201 papers: every candidate a
// strategy proposes costs one query, repeats and fingerprint-equivalent ones
// included (SearchConfig budget 0, maxTrials 200). Each seed runs once for
// 200 queries; the figures at 50 and 100 are the same run's first 50 and
// 100 trials (a strategy's first B proposals do not depend on the cap).
// The reward is the 12-epoch validation accuracy; a run reports the
// 200-epoch test accuracy of its best trial by that reward, and whether that
// trial is the table's best architecture by the reward ("optimum found").
// Last, the search's own time per proposal (wall time of the loop minus the
// time in the evaluator: the strategy, specialization, fingerprint, store).
//
//===----------------------------------------------------------------------===//
#include "bench/LoadSpace.h"
#include "lib/Search/Search.h"
#include "lib/Search/TableEvaluator.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <cmath>
#include <cstring>

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

namespace {
constexpr int64_t kBudgets[] = {50, 100, 200};

struct Run {
  std::vector<Trial> trials; // in proposal order
  double searchSeconds = 0;  // the loop minus the evaluator
};

Run runOnce(nas::SpaceOp space, const SpaceModel &model, Evaluator &eval,
            const std::string &strategy, const Options &options,
            uint64_t seed) {
  std::string error;
  auto st = openSqliteStore(":memory:", error);
  ExperimentInfo info{"nb201", "", "-", strategy, "table", "{}", seed, 0};
  st->createExperiment(info);
  SearchConfig cfg;
  cfg.strategy = strategy;
  cfg.strategyOptions = options;
  cfg.seed = seed;
  cfg.budget = 0;
  cfg.maxTrials = kBudgets[2];
  cfg.objectives = {{"accuracy", true}};
  SearchDriver d(space, model, cfg, eval, *st);
  if (!d.run(false, error)) {
    llvm::errs() << "error: " << error << "\n";
    exit(1);
  }
  Run r;
  for (auto &[id, t] : d.trials())
    r.trials.push_back(t);
  r.searchSeconds = d.stats().totalSeconds - d.stats().evaluatorSeconds;
  return r;
}

/// The table's best validation accuracy over the whole space.
double bestReward(const SpaceModel &model, TableEvaluator &table) {
  double best = -INFINITY;
  model.enumerate([&](const Assignment &a) {
    EvalJob job;
    job.decisions = model.toDecisions(a);
    Metrics m;
    std::string error;
    if (table.lookup(job, m, error))
      best = std::max(best, m["accuracy"]);
    return true;
  });
  return best;
}
} // namespace

int main(int argc, char **argv) {
  if (argc < 3) {
    llvm::errs()
        << "usage: nasir-bananas-bench SPACE.mlir NB201_DIR [--seeds N] "
           "[--first-seed K] [--strategies A,B] [--datasets A,B] "
           "[--option NAME=VALUE]...\n";
    return 2;
  }
  int seeds = 100, firstSeed = 0; // the seeds firstSeed .. firstSeed+seeds-1
  std::vector<std::string> strategies = {"bananas"},
                           datasets = {"cifar10", "cifar100", "imagenet"};
  Options options;
  auto split = [](StringRef list) {
    SmallVector<StringRef> parts;
    list.split(parts, ',', -1, false);
    return std::vector<std::string>(parts.begin(), parts.end());
  };
  for (int i = 3; i < argc; ++i) {
    if (!strcmp(argv[i], "--seeds") && i + 1 < argc)
      seeds = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--first-seed") && i + 1 < argc)
      firstSeed = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--strategies") && i + 1 < argc)
      strategies = split(argv[++i]);
    else if (!strcmp(argv[i], "--datasets") && i + 1 < argc)
      datasets = split(argv[++i]);
    else if (!strcmp(argv[i], "--option") && i + 1 < argc) {
      auto [k, v] = StringRef(argv[++i]).split('=');
      options.values[k.str()] = v.str();
    } else {
      llvm::errs() << "error: unknown argument '" << argv[i] << "'\n";
      return 2;
    }
  }
  if (seeds < 1 || firstSeed < 0) {
    llvm::errs() << "error: --seeds expects N >= 1 and --first-seed K >= 0\n";
    return 2;
  }
  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
  nas::SpaceOp space = bench::loadFirstSpace(argv[1], ctx, module);
  if (!space)
    return 1;
  auto model = SpaceModel::build(space);
  std::string error;

  llvm::outs()
      << "| dataset | strategy | 50 queries | 100 queries | 200 queries "
         "| optimum found (50 / 100 / 200) | search ms / proposal |\n"
      << "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const std::string &dataset : datasets) {
    EvaluatorConfig ec;
    ec.kind = "table";
    ec.table = std::string("nb201:") + argv[2];
    ec.dataset = dataset;
    auto eval = makeEvaluator(ec, *model, error);
    if (!eval) {
      llvm::errs() << "error: " << error << "\n";
      return 1;
    }
    auto *table = static_cast<TableEvaluator *>(eval.get());
    double optimum = bestReward(*model, *table);
    for (const std::string &strategy : strategies) {
      double sum[3] = {}, sq[3] = {};
      int found[3] = {};
      double seconds = 0;
      int64_t proposals = 0;
      for (int s = 0; s < seeds; ++s) {
        Run r = runOnce(space, *model, *eval, strategy, options, firstSeed + s);
        seconds += r.searchSeconds;
        proposals += int64_t(r.trials.size());
        for (int b = 0; b < 3; ++b) {
          const Trial *best = nullptr;
          for (size_t i = 0; i < r.trials.size() && int64_t(i) < kBudgets[b];
               ++i)
            if (r.trials[i].succeeded() &&
                (!best || r.trials[i].metric("accuracy", -INFINITY) >
                              best->metric("accuracy", -INFINITY)))
              best = &r.trials[i];
          if (!best) {
            llvm::errs() << "error: a run had no successful trial\n";
            return 1;
          }
          EvalJob job;
          job.decisions = model->toDecisions(best->assignment);
          double acc = eval->reportMetrics(job)["test_200ep"];
          sum[b] += acc, sq[b] += acc * acc;
          found[b] += best->metric("accuracy", -INFINITY) == optimum;
        }
      }
      llvm::outs() << "| " << dataset << " | " << strategy;
      for (int b = 0; b < 3; ++b) {
        double mean = sum[b] / seeds,
               sd = std::sqrt(std::max(0.0, sq[b] / seeds - mean * mean));
        llvm::outs() << llvm::format(" | %.2f +- %.2f", mean, sd);
      }
      llvm::outs() << llvm::format(
          " | %.0f%% / %.0f%% / %.0f%% | %.2f |\n", 100.0 * found[0] / seeds,
          100.0 * found[1] / seeds, 100.0 * found[2] / seeds,
          1e3 * seconds / double(proposals));
      llvm::outs().flush();
    }
  }
  return 0;
}
