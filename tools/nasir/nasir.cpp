//===- nasir.cpp - the nasir command-line tool ----------------------------===//
//
// `nasir <command> [args...]` runs a self-registered command (Command.h).
//
// A tool made by `nasir compile` carries a space (Payload.h): its space
// commands then read that space, so `TOOL count` is `nasir count SPACE`.
//
//===----------------------------------------------------------------------===//
#include "lib/CLI/CommandLine.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Payload.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

using nasir::cli::Command;
using nasir::cli::Program;

/// The commands of a compiled tool: those that read its space (given no
/// file argument) and those that work on what they produce.
static const llvm::StringSet<> kSpaceCommands = {
    "count",       "sample", "mutate", "crossover", "enumerate", "specialize",
    "fingerprint", "cost",   "check",  "search",    "train"};
static const llvm::StringSet<> kToolCommands = {"report", "export", "compile"};

static bool isCommand(llvm::StringRef name) {
  return Command::registry().count(name.str()) &&
         (!Program::embedsSpace || kSpaceCommands.contains(name) ||
          kToolCommands.contains(name));
}

static void printHelp(llvm::raw_ostream &os) {
  if (Program::embedsSpace)
    os << Program::name
       << ": a search space compiled by nasir (nasir compile); its commands "
          "read that space, so they take no FILE argument.\n\n";
  os << "usage: " << Program::name << " <command> [options]\n\ncommands:\n";
  size_t width = 4;
  for (const auto &[name, entry] : Command::registry())
    width = std::max(width, name.size());
  for (const auto &[name, entry] : Command::registry()) {
    if (!isCommand(name))
      continue;
    os << "  " << name;
    os.indent(width - name.size() + 2) << entry.summary << "\n";
  }
  os << "\n`" << Program::name
     << " <command> --help` lists a command's options; `" << Program::name
     << " --version` prints the version.\n";
}

/// The space embedded in this executable, if any (only the trailer is read
/// when there is none).
static std::optional<std::string> embeddedSpace() {
  std::string self = nasir::cli::selfPath();
  FILE *f = fopen(self.c_str(), "rb");
  if (!f)
    return std::nullopt;
  std::optional<std::string> out;
  char trailer[16];
  if (fseek(f, -16, SEEK_END) == 0 && fread(trailer, 1, 16, f) == 16 &&
      memcmp(trailer + 8, nasir::cli::kPayloadMagic, 8) == 0) {
    uint64_t n = 0;
    for (int i = 0; i < 8; ++i)
      n |= (uint64_t)(uint8_t)trailer[i] << (8 * i);
    std::string ir(n, '\0');
    if (fseek(f, -16 - (long)n, SEEK_END) == 0 &&
        fread(ir.data(), 1, n, f) == n)
      out = std::move(ir);
  }
  fclose(f);
  return out;
}

/// A file `NAME.mlir` (the loader parses .mlir files as IR) that holds
/// `text` while this process lives, in a fresh temporary folder.
static std::string holdInFile(const std::string &text, std::string name) {
  static std::string dir, file;
  const char *tmp = getenv("TMPDIR");
  dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/nasir-space-XXXXXX";
  if (!mkdtemp(dir.data()))
    return "";
  file = dir + "/" + name + ".mlir";
  FILE *f = fopen(file.c_str(), "wb");
  if (!f)
    return "";
  bool ok = fwrite(text.data(), 1, text.size(), f) == text.size();
  fclose(f);
  atexit([] {
    unlink(file.c_str());
    rmdir(dir.c_str());
  });
  return ok ? file : "";
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // A compiled tool: the space commands get the embedded space as their file.
  std::vector<char *> args(argv, argv + argc);
  static std::string spacePath;
  if (auto space = embeddedSpace()) {
    Program::name = llvm::sys::path::filename(argv[0]).str();
    Program::embedsSpace = true;
    if (argc < 2) {
      llvm::errs() << "this tool embeds a compiled search space: " << argv[0]
                   << " count|sample|search|train|... use it (no file "
                      "argument).\n\n";
      printHelp(llvm::errs());
      return 2;
    }
    if (kSpaceCommands.contains(argv[1])) {
      spacePath = holdInFile(*space, llvm::sys::path::filename(argv[0]).str());
      if (spacePath.empty()) {
        llvm::errs() << "error: cannot hold the embedded space in a file\n";
        return 1;
      }
      args.insert(args.begin() + 2, spacePath.data());
      setenv("NASIR_EMBEDDED_SPACE", argv[0], 1);
      argc = (int)args.size();
      args.push_back(nullptr);
      argv = args.data();
    }
  }
  if (argc < 2) {
    printHelp(llvm::errs());
    return 2;
  }
  llvm::StringRef name = argv[1];
  if (name == "--version") {
    llvm::outs() << Program::name << " " << nasir::cli::projectVersion()
                 << "\n";
    return 0;
  }
  if (name == "help" || name == "--help" || name == "-h") {
    if (argc > 2 && isCommand(argv[2])) {
      auto it = Command::registry().find(argv[2]);
      {
        char help[] = "--help";
        char *args[] = {argv[2], help, nullptr};
        return it->second.run(2, args);
      }
    }
    printHelp(llvm::outs());
    return 0;
  }
  auto it = Command::registry().find(name.str());
  if (!isCommand(name)) {
    llvm::errs() << Program::name << ": unknown command '" << name << "'";
    std::vector<std::string> names;
    for (const auto &[candidate, entry] : Command::registry())
      if (isCommand(candidate))
        names.push_back(candidate);
    std::string best = nasir::cli::closest(name.str(), names);
    if (!best.empty())
      llvm::errs() << "; did you mean '" << best << "'?";
    llvm::errs() << "\n";
    printHelp(llvm::errs());
    return 2;
  }
  return it->second.run(argc - 1, argv + 1);
}
