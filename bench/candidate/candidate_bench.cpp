//===- candidate_bench.cpp - the search's candidate path, old and new -----===//
//
//   nasir-candidate-bench SPACE.mlir [--count N] [--rounds R]
//
// Times what the search does for each proposed candidate before it is
// evaluated (lib/Search/Candidate.h: specialize, cost, fingerprint), on N
// sampled candidates, two ways in alternating rounds (so that the machine's
// load falls on both alike): `whole copy` clones the whole space and
// resolves the decisions in place (specializeSpace: the search's path before
// it used the candidate-proportional specializer); `candidate` is
// prepareCandidate as the search runs it now (specializeToModule: only the
// chosen ops are cloned). Reports microseconds per candidate, best round.
//
//===----------------------------------------------------------------------===//
#include "bench/LoadSpace.h"
#include "lib/Search/Candidate.h"
#include "lib/Transforms/Cost.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/Specialize.h"
#include "mlir/IR/Builders.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <chrono>

using namespace mlir;
using namespace nasir;
using Clock = std::chrono::steady_clock;

/// The search's path before: a copy of the whole space, specialized in place.
static std::string byWholeCopy(nas::SpaceOp space, DictionaryAttr d,
                               const CanonOptions &canon) {
  OpBuilder b(space.getContext());
  OwningOpRef<ModuleOp> m = ModuleOp::create(space.getLoc());
  b.setInsertionPointToEnd(m->getBody());
  auto copy = cast<nas::SpaceOp>(b.clone(*space.getOperation()));
  if (failed(specializeSpace(copy, d)))
    return "";
  copy->setAttr(kDecisionsAttr, d);
  (void)costOf(copy);
  return fingerprintNetwork(copy, canon);
}

int main(int argc, char **argv) {
  cli::CommandLine cl("",
                      "the search's candidate path, whole copy against "
                      "the candidate specializer",
                      "nasir-candidate-bench");
  cl.positional("SPACE", "the space (IR of the nn and nas dialects)");
  cl.add({"count", cli::ValueKind::Positive, "500", "candidates sampled"});
  cl.add({"rounds", cli::ValueKind::Positive, "5",
          "alternating rounds (the best is reported)"});
  if (int rc = bench::parseArgs(cl, argc, argv); rc >= 0)
    return rc;
  int64_t count = cl.getInt("count"), rounds = cl.getInt("rounds");
  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
  nas::SpaceOp space =
      bench::loadFirstSpace(cl.positionals[0].c_str(), ctx, module);
  if (!space)
    return 1;
  auto model = SpaceModel::build(space);
  std::mt19937_64 rng(0);
  std::vector<DictionaryAttr> candidates;
  for (int64_t i = 0; i < count; ++i)
    candidates.push_back(model->toDecisions(model->sample(rng)));
  CanonOptions canon;
  double best[2] = {1e30, 1e30};
  for (int64_t r = 0; r < rounds; ++r)
    for (int way = 0; way < 2; ++way) {
      auto t0 = Clock::now();
      for (DictionaryAttr d : candidates) {
        std::string fp =
            way == 0
                ? byWholeCopy(space, d, canon)
                : search::prepareCandidate(space, d, canon, false).fingerprint;
        if (fp.empty()) {
          llvm::errs() << "a candidate did not specialize\n";
          return 1;
        }
      }
      double us = std::chrono::duration<double>(Clock::now() - t0).count() *
                  1e6 / count;
      best[way] = std::min(best[way], us);
    }
  llvm::outs() << llvm::format(
      "%s: %lld candidates, best of %lld rounds: whole copy %.1f us, "
      "candidate %.1f us per candidate (%.2fx)\n",
      cl.positionals[0].c_str(), (long long)count, (long long)rounds, best[0],
      best[1], best[0] / best[1]);
  return 0;
}
