//===- DecisionsFuzzer.cpp - libFuzzer harness of the decisions parser ----===//
//
// Arbitrary bytes as decisions JSON (docs/decisions.md), as --decisions and
// the store's trials give them: the JSON limits, parsing into a
// DictionaryAttr, and printing it back, which must parse again to the same
// attribute.
//
//===----------------------------------------------------------------------===//
#include "lib/Transforms/Decisions.h"
#include "mlir/IR/MLIRContext.h"
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::MLIRContext ctx(mlir::MLIRContext::Threading::DISABLED);
  std::string text(reinterpret_cast<const char *>(data), size), error;
  mlir::DictionaryAttr d = nasir::parseDecisions(&ctx, text, error);
  if (!d)
    return 0;
  std::string printed = nasir::printDecisions(d);
  mlir::DictionaryAttr again = nasir::parseDecisions(&ctx, printed, error);
  if (again != d)
    abort(); // printDecisions must be read back as the same decisions
  return 0;
}
