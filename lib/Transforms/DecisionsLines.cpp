//===- DecisionsLines.cpp - many candidates' decisions, one a line --------===//
#include "lib/Transforms/DecisionsLines.h"
#include "lib/Transforms/Decisions.h"

using namespace nasir;

/// Moves a JSON reader's position out of `message` into `column`: the
/// limits' "line 1, column C: " and llvm::json's "[1:C, byte=B]: " (each
/// line is parsed alone, so its line is always 1).
static void takeColumn(std::string &message, unsigned &column) {
  static const char kPrefix[] = "decisions are not valid JSON: ";
  llvm::StringRef m(message);
  if (!m.consume_front(kPrefix))
    return;
  llvm::StringRef rest = m;
  unsigned c = 0;
  if (rest.consume_front("line 1, column ")) {
    if (rest.consumeInteger(10, c) || !rest.consume_front(": "))
      return;
  } else if (rest.consume_front("[1:")) {
    if (rest.consumeInteger(10, c) || !rest.consume_front(", byte="))
      return;
    unsigned byte;
    if (rest.consumeInteger(10, byte) || !rest.consume_front("]: "))
      return;
  } else {
    return;
  }
  column = c;
  message = std::string(kPrefix) + rest.str();
}

void nasir::forEachDecisionsLine(
    mlir::MLIRContext *ctx, llvm::StringRef text,
    llvm::function_ref<bool(const DecisionsLine &)> fn) {
  size_t number = 0;
  while (!text.empty()) {
    auto [line, rest] = text.split('\n');
    text = rest;
    line.consume_back("\r");
    DecisionsLine l;
    l.number = ++number;
    if (line.trim().empty()) {
      l.error = "the line is blank: a batch holds one decisions object per "
                "line ({} for none)";
    } else {
      l.decisions = parseDecisions(ctx, line, l.error);
      if (!l.decisions)
        takeColumn(l.error, l.column);
    }
    if (!fn(l))
      return;
  }
}
