//===- JsonLimits.h - nesting and size limits for every JSON reader -*- C++ -*-===//
//
// Every JSON document nasir reads (a candidate, decisions, a result line of a
// command evaluator, what the store holds) passes through checkJsonLimits
// before a parser sees it. llvm::json's parser and nlohmann's dump() recurse
// once per level, so a deep enough document ([[[[...) would overflow the stack;
// a huge one would take its size in memory several times over.
//
// Plain C++17 with no dependency, so that both halves use it: the compiler
// (through parseJsonLimited in LimitedJson.h) and the LibTorch runtime.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SUPPORT_JSONLIMITS_H
#define NASIR_SUPPORT_JSONLIMITS_H

#include <cstddef>
#include <string>
#include <string_view>

namespace nasir {

struct JsonLimits {
  /// Arrays and objects open at once. nasir's own documents nest 4 deep.
  unsigned maxDepth = 64;
  /// Bytes of text.
  size_t maxBytes = size_t(16) << 20;
};

/// Checks `text` against `limits` without parsing it. On failure sets `error`
/// to a message that says where, e.g. "line 1, column 65: JSON nested deeper
/// than 64 levels"; the caller prefixes what it read (a file). `firstLine` is
/// the line number of the text's first line, for text cut from a larger file.
bool checkJsonLimits(std::string_view text, std::string &error,
                     const JsonLimits &limits = {}, size_t firstLine = 1);

} // namespace nasir

#endif
