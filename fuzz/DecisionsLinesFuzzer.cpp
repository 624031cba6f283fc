//===- DecisionsLinesFuzzer.cpp - libFuzzer harness of decisions batches --===//
//
// Arbitrary bytes as a batch of decisions (--decisions @FILE.jsonl,
// lib/Transforms/DecisionsLines.h): every line is answered once, in order,
// with decisions or an error; a good line's decisions print back to the same
// attribute, and an error's column lies within its line.
//
//===----------------------------------------------------------------------===//
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/DecisionsLines.h"
#include "mlir/IR/MLIRContext.h"
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::MLIRContext ctx(mlir::MLIRContext::Threading::DISABLED);
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::SmallVector<llvm::StringRef> lines;
  text.split(lines, '\n');
  if (!lines.empty() && lines.back().empty())
    lines.pop_back(); // the last line's newline ends it, not a new line
  size_t expected = 0;
  nasir::forEachDecisionsLine(&ctx, text, [&](const nasir::DecisionsLine &l) {
    if (l.number != ++expected || l.number > lines.size())
      abort(); // lines are answered once each, in order
    if (!l.decisions) {
      if (l.error.empty() || l.column > lines[l.number - 1].size() + 1)
        abort(); // an error says why, at a column of its line
      return true;
    }
    std::string error;
    if (nasir::parseDecisions(&ctx, nasir::printDecisions(l.decisions),
                              error) != l.decisions)
      abort(); // printDecisions must be read back as the same decisions
    return true;
  });
  if (expected != lines.size())
    abort(); // no line is skipped
  return 0;
}
