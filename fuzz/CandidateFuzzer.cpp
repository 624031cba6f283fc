//===- CandidateFuzzer.cpp - libFuzzer harness of the candidate reader ----===//
//
// Arbitrary bytes as a candidate document (docs/candidate-format.md): the
// JSON limits, parsing, validation and shape inference of nasir-train, then
// the cost model on what was accepted. The reader needs no LibTorch
// (NasirRuntimeReaders), so this runs in the fuzz build without it.
//
//===----------------------------------------------------------------------===//
#include "lib/Runtime/Runtime.h"
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  nasir::runtime::Candidate c;
  std::string error;
  if (!nasir::runtime::parseCandidate(text, c, error))
    return 0;
  (void)nasir::runtime::countParameters(c);
  (void)nasir::runtime::countFlops(c);
  nasir::runtime::DatasetInfo mnist{"mnist", {1, 28, 28}, 10, 60000, 10000, ""};
  (void)nasir::runtime::checkCandidateFitsDataset(c, mnist, error);
  return 0;
}
