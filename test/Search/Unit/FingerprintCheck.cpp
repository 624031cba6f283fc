//===- FingerprintCheck.cpp - the fast fingerprint against the reference --===//
//
//   nasir-fingerprint-check SPACE.mlir [--samples N]
//
// For every candidate of SPACE (or N sampled ones, seed 0, with --samples),
// and both canonicalization rules (default and zero-absorbing), compares
// what the search's candidate path answers with the reference, which builds
// the candidate (specializeToModule) and fingerprints it
// (fingerprintNetwork):
//  - CandidateFingerprinter (from the decisions, no building): the same
//    fingerprint, or no answer (then the search builds it);
//  - CandidateCache: fingerprint(), prepare() and their repeats (look-ups)
//    give the reference's fingerprint, cost and error.
// Prints the counts; exits 1 on any difference, naming the candidate.
// Used by test/Search/fast-fingerprint.test.
//
//===----------------------------------------------------------------------===//
#include "dialect/NAS/NASDialect.h"
#include "dialect/NN/NNDialect.h"
#include "lib/Search/Candidate.h"
#include "lib/Transforms/CandidateFingerprint.h"
#include "lib/Transforms/Decisions.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"
#include <cstring>

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

static bool sameCost(const std::optional<Cost> &a, const std::optional<Cost> &b) {
  return a.has_value() == b.has_value() &&
         (!a || (a->params == b->params && a->flops == b->flops));
}

int main(int argc, char **argv) {
  if (argc < 2) {
    llvm::errs() << "usage: nasir-fingerprint-check SPACE.mlir [--samples N]\n";
    return 2;
  }
  int64_t samples = 0;
  for (int i = 2; i < argc; ++i)
    if (!strcmp(argv[i], "--samples") && i + 1 < argc)
      samples = atoll(argv[++i]);
  MLIRContext ctx;
  ctx.disableMultithreading();
  ctx.loadDialect<nn::NNDialect, nas::NASDialect>();
  auto module = parseSourceFile<ModuleOp>(argv[1], &ctx);
  if (!module)
    return 1;
  nas::SpaceOp space = *module->getOps<nas::SpaceOp>().begin();
  auto model = SpaceModel::build(space);
  std::vector<Assignment> all;
  if (samples > 0) {
    std::mt19937_64 rng(0);
    for (int64_t i = 0; i < samples; ++i)
      all.push_back(model->sample(rng));
  } else {
    model->enumerate([&](const Assignment &a) {
      all.push_back(a);
      return true;
    });
  }
  for (bool zeroAbsorbing : {false, true}) {
    CanonOptions canon;
    canon.zeroAbsorbing = zeroAbsorbing;
    CandidateFingerprinter fast(space, canon);
    CandidateCache cache(space, canon);
    int64_t answered = 0, differ = 0;
    std::set<std::string> distinct;
    for (const Assignment &a : all) {
      DictionaryAttr d = model->toDecisions(a);
      std::string text = printDecisions(d);
      PreparedCandidate ref = prepareCandidate(space, d, canon, false);
      std::optional<std::string> f = fast.fingerprint(d);
      bool bad = false;
      if (f) {
        ++answered;
        bad |= *f != ref.fingerprint || !ref.error.empty();
      }
      // Asked twice (the second a look-up), then built, then asked again.
      for (int round = 0; round < 2; ++round) {
        PreparedCandidate c = cache.fingerprint(text, d);
        bad |= c.fingerprint != ref.fingerprint || c.error != ref.error;
      }
      for (int round = 0; round < 2; ++round) {
        PreparedCandidate c = cache.prepare(text, d, false);
        bad |= c.fingerprint != ref.fingerprint || c.error != ref.error ||
               !sameCost(c.cost, ref.cost);
      }
      PreparedCandidate c = cache.fingerprint(text, d);
      bad |= c.fingerprint != ref.fingerprint || !sameCost(c.cost, ref.cost);
      if (bad && differ++ < 5)
        llvm::errs() << "differs: " << text << ": reference '"
                     << ref.fingerprint << "' (" << ref.error << "), fast '"
                     << (f ? *f : "-") << "'\n";
      distinct.insert(ref.error.empty() ? ref.fingerprint : "error");
    }
    llvm::outs() << (zeroAbsorbing ? "zero-absorbing" : "default") << ": "
                 << all.size() << " candidates, " << distinct.size()
                 << " fingerprints, " << answered << " by the fast path, "
                 << differ << " differ\n";
    if (differ)
      return 1;
  }
  return 0;
}
