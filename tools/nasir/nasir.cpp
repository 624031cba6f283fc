//===- nasir.cpp - the nasir command-line tool ----------------------------===//
//
// `nasir <command> [args...]` runs a self-registered command (Command.h).
//
//===----------------------------------------------------------------------===//
#include "tools/nasir/Command.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using nasir::cli::Command;

static void printHelp(llvm::raw_ostream &os) {
  os << "usage: nasir <command> [args...]\n\ncommands:\n";
  size_t width = 4;
  for (const auto &[name, entry] : Command::registry())
    width = std::max(width, name.size());
  for (const auto &[name, entry] : Command::registry()) {
    os << "  " << name;
    os.indent(width - name.size() + 2) << entry.summary << "\n";
  }
  os << "\n`nasir <command> --help` describes a command.\n";
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  if (argc < 2) {
    printHelp(llvm::errs());
    return 2;
  }
  llvm::StringRef name = argv[1];
  if (name == "help" || name == "--help" || name == "-h") {
    if (argc > 2) {
      auto it = Command::registry().find(argv[2]);
      if (it != Command::registry().end()) {
        char help[] = "--help";
        char *args[] = {argv[2], help, nullptr};
        return it->second.run(2, args);
      }
    }
    printHelp(llvm::outs());
    return 0;
  }
  auto it = Command::registry().find(name.str());
  if (it == Command::registry().end()) {
    llvm::errs() << "nasir: unknown command '" << name << "'";
    std::string best;
    unsigned bestDist = 3;
    for (const auto &[candidate, entry] : Command::registry()) {
      unsigned d = name.edit_distance(candidate, true, bestDist);
      if (d < bestDist) {
        bestDist = d;
        best = candidate;
      }
    }
    if (!best.empty())
      llvm::errs() << "; did you mean '" << best << "'?";
    llvm::errs() << "\n";
    printHelp(llvm::errs());
    return 2;
  }
  return it->second.run(argc - 1, argv + 1);
}
