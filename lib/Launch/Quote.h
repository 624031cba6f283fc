//===- Quote.h - user text in shell scripts and YAML ------------*- C++ -*-===//
//
// The launchers (SlurmScript.h, KubernetesJob.h) write what users type (a
// store URL, a path, an image) into a bash script and a Kubernetes manifest.
// It goes through these, so it stays data: no quote ends a string early, no
// `$(...)` or backtick runs, no newline starts a directive, no `$(VAR)` is
// expanded by the kubelet. (Python and Graphviz quoting: lib/Export/Escape.h.)
//
// Plain C++17 (no LLVM), like lib/CLI.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_LAUNCH_QUOTE_H
#define NASIR_LAUNCH_QUOTE_H

#include <string>

namespace nasir::launch {

/// One bash word whose value is exactly `text`: '...' with each ' written
/// as '\''. Control characters (newlines too) are written as $'\xNN' pieces
/// of the same word, so the script holds only printable lines: a value can
/// never put a line of its own (`#SBATCH ...`) into the script, and the
/// script has no carriage return for sbatch to refuse.
std::string shellWord(const std::string &text);

/// Whether `text` is well-formed UTF-8 (no overlong forms, no surrogates).
bool isUtf8(const std::string &text);

/// A YAML double-quoted scalar of `text`, which must be UTF-8 (isUtf8):
/// backslash and quote escaped, every character YAML does not print raw in
/// a double-quoted scalar (C0 and C1 controls, DEL, NEL, the line and
/// paragraph separators, the byte order mark, U+FFFE/U+FFFF) written as an
/// escape, so a parser reads back exactly `text`. A byte that is not UTF-8
/// is written as \uFFFD (never reached through the launchers, which check).
std::string yamlString(const std::string &text);

/// `text` as a Kubernetes container command or argument: the kubelet
/// expands `$(NAME)` there from the container's environment and reads `$$`
/// as `$`, so every `$` is doubled and the process gets `text` verbatim.
std::string kubernetesLiteral(const std::string &text);

/// `text` for an error message on a terminal: control characters as \xNN.
std::string visible(const std::string &text);

} // namespace nasir::launch

#endif
