//===- SearchOptions.h - the command line of nasir search -------*- C++ -*-===//
//
// `nasir search` declares its own options (the search, the evaluators) and
// takes each strategy's from its registration (lib/Search/Strategy.h), so
// `nasir search --strategy evolution --help` lists evolution's options and an
// option the chosen strategy does not declare is a usage error.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TOOLS_NASIR_SEARCHOPTIONS_H
#define NASIR_TOOLS_NASIR_SEARCHOPTIONS_H

#include "lib/CLI/CommandLine.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace nasir::cli {

/// The command line of `nasir search` with the options of the strategy that
/// argv names (--strategy; without one: every strategy's for --help and
/// --resume, which takes the stored strategy, else random's).
CommandLine searchCommandLine(int argc, char **argv);

/// The options that go to `strategy`: its declared ones, those every
/// strategy has (--sampling) and --epochs (hyperband's default budget).
std::vector<std::string> strategyOptionNames(const std::string &strategy);

/// The flag that lists the strategies instead of searching.
inline constexpr const char *kListStrategies = "list-strategies";

/// Every registered strategy, one a line, in name order: the name, padded to
/// the longest, two spaces, the summary (`nasir search --list-strategies`).
void printStrategies(llvm::raw_ostream &os);

} // namespace nasir::cli

#endif
