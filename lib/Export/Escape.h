//===- Escape.h - user text in the languages nasir writes -------*- C++ -*-===//
//
// Names come from users (a space's name, a store's path, a candidate file's
// ops) and may hold anything: quotes, backslashes, newlines. Whatever is
// written into generated Python or Graphviz goes through these, so it stays
// data: a newline cannot end a comment, a quote cannot end a string.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_EXPORT_ESCAPE_H
#define NASIR_EXPORT_ESCAPE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace llvm::json {
class Value;
} // namespace llvm::json

namespace nasir::exporter {

/// `text` for the rest of one Python comment line: control characters
/// (newlines included) written as \xNN.
std::string pyComment(llvm::StringRef text);

/// A Python string literal of `text`: "..." with backslashes, quotes and
/// control characters escaped.
std::string pyString(llvm::StringRef text);

/// A Python literal of a JSON value (strings by pyString; true, false, null
/// as True, False, None).
std::string pyLiteral(const llvm::json::Value &value);

/// A Graphviz quoted string: "..." with backslashes and quotes escaped and
/// control characters written as \xNN, so it never ends early, never
/// becomes an HTML-like label and never carries an escape Graphviz expands.
std::string dotString(llvm::StringRef text);

/// A Graphviz label of several lines: each escaped as by dotString, joined
/// by Graphviz's line break.
std::string dotLabel(llvm::ArrayRef<std::string> lines);

} // namespace nasir::exporter

#endif
