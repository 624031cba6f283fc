//===- CommandTemplate.h - the command evaluator's --command ----*- C++ -*-===//
//
// `--command` is a shell command line by design (pipes, `;`, redirections),
// so it runs through /bin/sh -c. Its placeholders ({candidate}, {decisions},
// ...) are never replaced by their values: each becomes a quoted reference
// to an environment variable that holds the value (NASIR_CANDIDATE, ...), so
// the shell expands it as data and never parses it as code, whatever it
// holds (a quote in a choice label, `$(...)` in the store path).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_COMMANDTEMPLATE_H
#define NASIR_SEARCH_COMMANDTEMPLATE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace nasir::search {

/// A placeholder of the command line and the environment variable that
/// carries its value.
struct Placeholder {
  llvm::StringRef text;     ///< "{candidate}"
  llvm::StringRef variable; ///< "NASIR_CANDIDATE"
};

/// `command` with each placeholder replaced by a reference to its variable
/// that expands to exactly one word's worth of text, quoted for where it
/// stands: "${V}" outside quotes, ${V} inside double quotes, '"${V}"' inside
/// single quotes (which closes and reopens them).
std::string expandPlaceholders(llvm::StringRef command,
                               llvm::ArrayRef<Placeholder> placeholders);

} // namespace nasir::search

#endif
