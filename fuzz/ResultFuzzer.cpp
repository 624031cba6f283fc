//===- ResultFuzzer.cpp - libFuzzer harness of command-evaluator results --===//
//
// Arbitrary bytes as a command evaluator's stdout: finding its last JSON
// object line and reading the metrics from it (lib/Search/Evaluator.h).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Evaluator.h"
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nasir::search::Metrics metrics;
  std::string error;
  (void)nasir::search::parseResultOutput(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), metrics, error);
  return 0;
}
