//===- nb201_bench.cpp - search strategies on the NAS-Bench-201 tables ----===//
//
//   nasir-search-bench SPACE.mlir NB201_DIR [--seeds N] [--overhead-only]
//
// Protocol (../shared/data/nasbench201/README.md): each run searches with the
// 12-epoch validation accuracy as the reward, for a budget of B table queries
// (evaluations; reused trials are free); the architecture with the best
// validation accuracy is reported with its 200-epoch test accuracy. Runs go
// through the real driver (strategy, fingerprint dedup, store in memory).
// Then the search overhead per trial: a file store in WAL mode, table
// evaluator, wall time of the loop minus the time inside the evaluator.
//
//===----------------------------------------------------------------------===//
#include "dialect/NAS/NASDialect.h"
#include "dialect/NN/NNDialect.h"
#include "lib/Search/Report.h"
#include "lib/Search/Search.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include <cmath>
#include <cstring>
#include <unistd.h>

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

static double runOnce(nas::SpaceOp space, const SpaceModel &model,
                      Evaluator &eval, const std::string &strategy,
                      int64_t budget, uint64_t seed, const std::string &store,
                      SearchStats *stats, int64_t maxTrials = 0) {
  std::string error;
  llvm::sys::fs::remove(store);
  llvm::sys::fs::remove(store + "-wal");
  llvm::sys::fs::remove(store + "-shm");
  auto st = openSqliteStore(store, error);
  ExperimentInfo info{"nb201", "", "-", strategy, "table", "{}", seed, 0};
  st->createExperiment(info);
  SearchConfig cfg;
  cfg.strategy = strategy;
  cfg.seed = seed;
  cfg.budget = budget;
  cfg.objectives = {{"accuracy", true}};
  cfg.maxTrials = maxTrials;
  SearchDriver d(space, model, cfg, eval, *st);
  if (!d.run(false, error)) {
    llvm::errs() << "error: " << error << "\n";
    exit(1);
  }
  if (stats)
    *stats = d.stats();
  auto best = ranked(d.trials(), cfg.objectives);
  EvalJob job;
  job.decisions = model.toDecisions(best.front()->assignment);
  return eval.reportMetrics(job)["test_200ep"];
}

int main(int argc, char **argv) {
  if (argc < 3) {
    llvm::errs() << "usage: nasir-search-bench SPACE.mlir NB201_DIR [--seeds N] "
                    "[--overhead-only]\n";
    return 2;
  }
  int seeds = 100;
  bool overheadOnly = false;
  for (int i = 3; i < argc; ++i) {
    if (!strcmp(argv[i], "--seeds") && i + 1 < argc)
      seeds = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--overhead-only"))
      overheadOnly = true;
  }
  MLIRContext ctx;
  ctx.getOrLoadDialect<nn::NNDialect>();
  ctx.getOrLoadDialect<nas::NASDialect>();
  llvm::SourceMgr sm;
  SourceMgrDiagnosticHandler h(sm, &ctx);
  auto module = parseSourceFile<ModuleOp>(argv[1], sm, &ctx);
  if (!module)
    return 1;
  nas::SpaceOp space = *module->getOps<nas::SpaceOp>().begin();
  auto model = SpaceModel::build(space);
  std::string error;
  std::string tmp = "/tmp/nasir-search-bench-" + std::to_string(getpid()) + ".db";

  if (!overheadOnly) {
    llvm::outs() << "| dataset | strategy | 50 queries | 100 queries | 200 queries |\n"
                 << "| --- | --- | --- | --- | --- |\n";
    for (const char *dataset : {"cifar10", "cifar100", "imagenet"}) {
      EvaluatorConfig ec;
      ec.kind = "table";
      ec.table = std::string("nb201:") + argv[2];
      ec.dataset = dataset;
      auto eval = makeEvaluator(ec, *model, error);
      if (!eval) {
        llvm::errs() << "error: " << error << "\n";
        return 1;
      }
      for (const char *strategy : {"random", "evolution", "local", "reinforce"}) {
        llvm::outs() << "| " << dataset << " | " << strategy;
        for (int64_t budget : {50, 100, 200}) {
          double sum = 0, sq = 0;
          for (int s = 0; s < seeds; ++s) {
            double acc = runOnce(space, *model, *eval, strategy, budget, s,
                                 ":memory:", nullptr);
            sum += acc, sq += acc * acc;
          }
          double mean = sum / seeds,
                 sd = std::sqrt(std::max(0.0, sq / seeds - mean * mean));
          llvm::outs() << llvm::format(" | %.2f +- %.2f", mean, sd);
        }
        llvm::outs() << " |\n";
        llvm::outs().flush();
      }
    }
  }

  EvaluatorConfig ec;
  ec.kind = "table";
  ec.table = std::string("nb201:") + argv[2];
  auto eval = makeEvaluator(ec, *model, error);
  llvm::outs() << "\n| strategy | trials | evaluations | loop s | in evaluator s | "
                  "overhead us/trial |\n| --- | --- | --- | --- | --- | --- |\n";
  for (const char *strategy : {"random", "evolution"})
    for (int64_t trials : {1000, 10000}) {
      SearchStats st;
      runOnce(space, *model, *eval, strategy, 1 << 30, 1, tmp, &st, trials);
      llvm::outs() << llvm::format(
          "| %s | %lld | %lld | %.2f | %.3f | %.0f |\n", strategy,
          (long long)st.trials, (long long)st.evaluations, st.totalSeconds,
          st.evaluatorSeconds,
          (st.totalSeconds - st.evaluatorSeconds) / st.trials * 1e6);
      llvm::outs().flush();
    }
  llvm::sys::fs::remove(tmp);
  llvm::sys::fs::remove(tmp + "-wal");
  llvm::sys::fs::remove(tmp + "-shm");
  return 0;
}
