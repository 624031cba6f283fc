//===- CandidateFuzzer.cpp - libFuzzer harness of the candidate reader ----===//
//
// Arbitrary bytes as a candidate document (docs/candidate-format.md): the
// JSON limits, parsing, validation and shape inference of nasir-train, then
// the cost model on what was accepted; a version-2 document (a supernet) through
// the supernet reader and, when accepted, a decisions object over its labels
// (the --score path). The readers need no LibTorch
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
  if (nasir::layers::documentVersion(text) == 2) {
    nasir::layers::Supernet s;
    if (!nasir::layers::parseSupernet(text, s, error))
      return 0;
    (void)nasir::runtime::countParameters(s.graph);
    nasir::layers::Assignment a;
    // The first label at its last option, the rest left out (option 0).
    std::string decisions = "{}";
    if (!s.labels.empty() && s.labels[0].kind != nasir::layers::LabelKind::Inputs)
      decisions = "{\"" + s.labels[0].name + "\": " + s.labels[0].options.back().json + "}";
    (void)nasir::layers::parseAssignment(decisions, s, a, error);
    return 0;
  }
  if (!nasir::runtime::parseCandidate(text, c, error))
    return 0;
  (void)nasir::runtime::countParameters(c);
  (void)nasir::runtime::countFlops(c);
  nasir::runtime::DatasetInfo mnist{"mnist", {1, 28, 28}, 10, 60000, 10000, ""};
  (void)nasir::runtime::checkCandidateFitsDataset(c, mnist, error);
  return 0;
}
