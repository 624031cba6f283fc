//===- overhead_bench.cpp - the search's overhead per trial, in process ---===//
//
//   nasir-overhead-bench SPACE.mlir NB201_DIR [--trials 1000,10000]
//                        [--repeats R] [--store DIR]
//
// Runs the search driver in process (lib/Search/Search.h, as `nasir search`
// runs it) with the NAS-Bench-201 table evaluator (CIFAR-10) and a file store
// in WAL mode, stopped after N trials (SearchConfig::maxTrials: every
// proposal is a trial, reused ones included), for random search and
// regularized evolution, seed 1. The overhead per trial is everything but
// the evaluation: the wall time of the driver loop minus the time inside
// evaluator calls (the table look-ups), divided by the trials. Each run is
// repeated R times (a fresh store each time); the best and the median are
// printed, as a markdown table.
//
//===----------------------------------------------------------------------===//
#include "bench/LoadSpace.h"
#include "lib/Search/Search.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include <algorithm>
#include <unistd.h>

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

static void removeStore(const std::string &path) {
  for (const char *suffix : {"", "-wal", "-shm"})
    llvm::sys::fs::remove(path + suffix);
}

int main(int argc, char **argv) {
  cli::CommandLine cl("", "the search's overhead per trial, in process",
                      "nasir-overhead-bench");
  cl.positional("SPACE", "the space (IR of the nn and nas dialects)");
  cl.positional("NB201_DIR", "the NAS-Bench-201 tables");
  cl.add({"trials", cli::ValueKind::Text, "1000,10000",
          "trials per run, comma-separated"});
  cl.add({"repeats", cli::ValueKind::Positive, "3",
          "runs of each (best and median reported)"});
  cl.add({"store", cli::ValueKind::Text, "/tmp", "folder of the stores"});
  if (int rc = bench::parseArgs(cl, argc, argv); rc >= 0)
    return rc;
  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
  nas::SpaceOp space =
      bench::loadFirstSpace(cl.positionals[0].c_str(), ctx, module);
  if (!space)
    return 1;
  auto model = SpaceModel::build(space);
  std::string error;
  EvaluatorConfig ec;
  ec.kind = "table";
  ec.table = "nb201:" + cl.positionals[1];
  ec.dataset = "cifar10";
  auto eval = makeEvaluator(ec, *model, error);
  if (!eval) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  std::vector<int64_t> counts;
  std::string trialsText = cl.get("trials");
  for (llvm::StringRef rest = trialsText; !rest.empty();) {
    auto [one, tail] = rest.split(',');
    int64_t n = 0;
    if (one.trim().getAsInteger(10, n) || n <= 0) {
      llvm::errs() << "error: --trials: '" << one
                   << "' is not a positive integer\n";
      return 1;
    }
    counts.push_back(n);
    rest = tail;
  }
  int64_t repeats = cl.getInt("repeats");
  std::string path = cl.get("store") + "/nasir-overhead-bench-" +
                     std::to_string(getpid()) + ".db";
  llvm::outs() << "| strategy | trials | evaluations | loop s | in evaluator s "
                  "| overhead us/trial, best | median |\n"
                  "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const char *strategy : {"random", "evolution"})
    for (int64_t trials : counts) {
      std::vector<double> perTrial;
      SearchStats best;
      for (int64_t r = 0; r < repeats; ++r) {
        removeStore(path);
        auto store = openSqliteStore(path, error);
        ExperimentInfo info{"nb201", "", "-", strategy, "table", "{}", 1, 0};
        if (!store || !store->createExperiment(info)) {
          llvm::errs() << "error: store: "
                       << (store ? store->lastError() : error) << "\n";
          return 1;
        }
        SearchConfig cfg;
        cfg.strategy = strategy;
        cfg.seed = 1;
        cfg.objectives = {{"accuracy", true}};
        cfg.maxTrials = trials;
        SearchDriver driver(space, *model, cfg, *eval, *store);
        if (!driver.run(false, error)) {
          llvm::errs() << "error: " << error << "\n";
          return 1;
        }
        const SearchStats &st = driver.stats();
        double us = (st.totalSeconds - st.evaluatorSeconds) / st.trials * 1e6;
        if (perTrial.empty() || us < *std::min_element(perTrial.begin(),
                                                       perTrial.end()))
          best = st;
        perTrial.push_back(us);
      }
      removeStore(path);
      std::sort(perTrial.begin(), perTrial.end());
      llvm::outs() << llvm::format(
          "| %s | %lld | %lld | %.3f | %.4f | %.1f | %.1f |\n", strategy,
          (long long)best.trials, (long long)best.evaluations,
          best.totalSeconds, best.evaluatorSeconds, perTrial.front(),
          perTrial[perTrial.size() / 2]);
      llvm::outs().flush();
    }
  return 0;
}
