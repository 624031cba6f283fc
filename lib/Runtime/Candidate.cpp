//===- Candidate.cpp - does a candidate fit a dataset ---------------------===//
//
// The reader of candidates is lib/Layers/Candidate.cpp; the runtime adds only
// what ties one to a dataset.
//
//===----------------------------------------------------------------------===//
#include "lib/Runtime/Runtime.h"

namespace nasir {
namespace runtime {

bool checkCandidateFitsDataset(const Candidate &c, const DatasetInfo &d, std::string &error) {
  // A sample feeds any input of as many elements: it is reshaped (1x8x8 digits as an [8, 8]
  // sequence or a [64] vector, a CSV row of C*L values as [C, L]).
  if (layers::elementCount(c.input) != layers::elementCount(d.shape)) {
    error = "candidate input " + layers::shapeString(c.input) + " (" +
            std::to_string(layers::elementCount(c.input)) + " elements) does not match dataset " +
            d.name + " (input " + layers::shapeString(d.shape) + ", " +
            std::to_string(layers::elementCount(d.shape)) +
            " elements); re-specialize the candidate for this dataset";
    return false;
  }
  if (c.numClasses != d.numClasses) {
    error = "candidate num_classes " + std::to_string(c.numClasses) + " does not match dataset " +
            d.name + " (" + std::to_string(d.numClasses) + " classes)";
    return false;
  }
  return true;
}

} // namespace runtime
} // namespace nasir
