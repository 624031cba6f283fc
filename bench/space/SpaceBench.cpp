//===- SpaceBench.cpp - sample + specialize + verify throughput -----------===//
//
//   nasir-space-bench SPACE.mlir [--seconds S]
//
// Measures, on one core, how many candidates per second the compiler makes:
// a uniform sample of the decisions (SpaceModel), the specialized network
// (specializeToModule: clone of the chosen alternatives + type re-inference)
// and its verification (mlir::verify), each timed separately.
//
//===----------------------------------------------------------------------===//
#include "bench/LoadSpace.h"
#include "lib/Transforms/Canonicalize.h"
#include "lib/Transforms/SpaceModel.h"
#include "lib/Transforms/Specialize.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>

using namespace mlir;
using namespace nasir;
using Clock = std::chrono::steady_clock;

int main(int argc, char **argv) {
  cli::CommandLine cl("", "sample + specialize + verify throughput of a space",
                      "nasir-space-bench");
  cl.positional("SPACE", "the space (IR of the nn and nas dialects)");
  cl.add({"seconds", cli::ValueKind::Number, "3", "time to measure for"});
  if (int rc = bench::parseArgs(cl, argc, argv); rc >= 0)
    return rc;
  double seconds = cl.getNumber("seconds");
  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
  nas::SpaceOp space =
      bench::loadFirstSpace(cl.positionals[0].c_str(), ctx, module);
  if (!space)
    return 1;
  auto model = SpaceModel::build(space);
  std::mt19937_64 rng(0);
  double tSample = 0, tSpecialize = 0, tVerify = 0, tFingerprint = 0;
  int64_t n = 0, ops = 0;
  auto start = Clock::now();
  auto secs = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  };
  while (secs(start, Clock::now()) < seconds) {
    auto t0 = Clock::now();
    Assignment a = model->sample(rng);
    DictionaryAttr d = model->toDecisions(a);
    auto t1 = Clock::now();
    auto m = specializeToModule(space, d);
    auto t2 = Clock::now();
    if (!m || failed(verify(*m)))
      return 1;
    auto t3 = Clock::now();
    std::string fp = fingerprintNetwork(*m->getOps<nas::SpaceOp>().begin(), {});
    auto t4 = Clock::now();
    tSample += secs(t0, t1);
    tSpecialize += secs(t1, t2);
    tVerify += secs(t2, t3);
    tFingerprint += secs(t3, t4);
    if (n == 0)
      m->walk([&](Operation *) { ++ops; });
    ++n;
  }
  double total = tSample + tSpecialize + tVerify;
  llvm::outs() << llvm::formatv(
      "{{\"space\": \"{0}\", \"candidates\": {1}, \"ops_per_candidate\": {2}, "
      "\"sample_us\": {3:F1}, \"specialize_us\": {4:F1}, \"verify_us\": "
      "{5:F1}, "
      "\"fingerprint_us\": {6:F1}, \"sample_specialize_verify_per_s\": {7:F0}, "
      "\"sample_only_per_s\": {8:F0}}\n",
      space.getSymName(), n, ops, 1e6 * tSample / n, 1e6 * tSpecialize / n,
      1e6 * tVerify / n, 1e6 * tFingerprint / n, n / total, n / tSample);
  return 0;
}
