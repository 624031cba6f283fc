//===- ChildProcess.h - a guarded child process -----------------*- C++ -*-===//
//
// How nasir search runs a program (a trial's worker, the supernet phase's
// nasir-train): from an argument vector, never through a shell unless the
// vector says so, under a small guardian process that leads its own process
// group. Killing the group ends the program and everything it started; when
// the search dies (even by SIGKILL) the guardian is told (PR_SET_PDEATHSIG)
// and kills the whole group. The guardian writes the program's wait status
// to a file, so a search resumed after a crash can adopt a result that was
// finished just before it.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_CHILDPROCESS_H
#define NASIR_SEARCH_CHILDPROCESS_H

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace nasir::search {

struct ChildSpec {
  std::vector<std::string> argv; ///< argv[0] is looked up on PATH
  std::vector<std::string> env;  ///< NAME=VALUE entries (environmentWith)
  std::string stdoutPath;        ///< where stdout goes (truncated)
  std::string stderrPath;        ///< where stderr goes; empty: inherited
  std::string exitPath;          ///< the guardian writes the wait status here
};

/// Starts `spec` under its guardian; the guardian's pid, which is also the
/// process group's id, or -1 when fork failed. Stdin is /dev/null.
pid_t startGuarded(const ChildSpec &spec);

/// Kills the group that `leader` leads and reaps the leader.
void killGroup(pid_t leader);

/// The wait status a guardian recorded at `exitPath`, if its program ended.
std::optional<int> readExitStatus(const std::string &exitPath);

/// This process's environment with `vars` set (replacing any of the same
/// name), as NAME=VALUE entries.
std::vector<std::string>
environmentWith(const std::map<std::string, std::string> &vars);

/// How a program run to its end by runGuarded() ended.
struct ChildEnd {
  int status = 0;        ///< the wait status (valid unless started is false)
  bool started = true;   ///< false: fork failed
  bool timedOut = false; ///< killed past its limit
  bool stopped = false;  ///< killed because `stop` was set
  double seconds = 0;
};

/// Runs `spec` to its end, killing its group after `limit` seconds (0: no
/// limit) or as soon as `stop` becomes true; calls `tick` (when set) every
/// two seconds while it waits (the store's heartbeat).
ChildEnd runGuarded(const ChildSpec &spec, double limit,
                    const std::atomic<bool> *stop,
                    const std::function<void()> &tick = {});

} // namespace nasir::search

#endif
