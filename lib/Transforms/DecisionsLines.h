//===- DecisionsLines.h - many candidates' decisions, one a line -*- C++ -*-===//
//
// A batch of candidates for `nasir cost|specialize|fingerprint SPACE
// --decisions @FILE.jsonl` (docs/decisions.md, "Batches"): JSON Lines, one
// decisions object per line, ended by "\n" or "\r\n" (the last line's newline
// is optional). Each line passes the JSON limits (lib/Support/JsonLimits.h) on
// its own. A blank line is an error, not skipped, so that the n-th result a
// command prints always answers the n-th line.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_DECISIONSLINES_H
#define NASIR_TRANSFORMS_DECISIONSLINES_H

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <cstddef>
#include <string>

namespace nasir {

/// One line of a batch: its decisions, or why they could not be read.
struct DecisionsLine {
  size_t number = 0;   ///< 1-based line number in the text
  unsigned column = 0; ///< 1-based column of a JSON error; 0 when none applies
  mlir::DictionaryAttr decisions; ///< null when the line is bad
  std::string error;   ///< when the line is bad, without the location
};

/// Calls `fn` on every line of `text` in order, bad lines included (the
/// caller decides whether to go on: `fn` returns false to stop).
void forEachDecisionsLine(mlir::MLIRContext *ctx, llvm::StringRef text,
                          llvm::function_ref<bool(const DecisionsLine &)> fn);

} // namespace nasir

#endif
