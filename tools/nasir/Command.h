//===- Command.h - subcommands of the nasir CLI -----------------*- C++ -*-===//
//
// Each subcommand lives in its own file and registers itself:
//
//   static nasir::cli::Command count{"count", "count the candidates of a space",
//                                    runCount};
//
// `nasir help` lists them; `nasir NAME args...` runs NAME with argv[0] = NAME.
// A command returns the process exit code: 0 success, 1 a user-facing error
// (already reported), 2 bad usage.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TOOLS_NASIR_COMMAND_H
#define NASIR_TOOLS_NASIR_COMMAND_H

#include <map>
#include <string>

namespace nasir::cli {

using CommandFn = int (*)(int argc, char **argv);

struct Command {
  Command(const char *name, const char *summary, CommandFn run) {
    registry()[name] = {summary, run};
  }
  struct Entry {
    std::string summary;
    CommandFn run;
  };
  static std::map<std::string, Entry> &registry() {
    static std::map<std::string, Entry> commands;
    return commands;
  }
};

} // namespace nasir::cli

#endif
