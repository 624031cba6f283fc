//===- WorkerArgs.h - the command line of one `nasir worker` ----*- C++ -*-===//
//
// Both launchers start the same process on every node:
//
//   NASIR worker --store URL --jobs 1 [--device cuda:0] [--threads T] [--wait]
//                [EXTRA...]
//
// (`nasir worker`, docs/distributed.md). It is built here as a list of
// arguments, never as a shell string: each launcher then quotes each one
// for its own format.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_LAUNCH_WORKERARGS_H
#define NASIR_LAUNCH_WORKERARGS_H

#include <cstdint>
#include <string>
#include <vector>

namespace nasir::launch {

struct WorkerArgs {
  std::string store;   ///< the store URL, passed as one argument
  std::string device;  ///< "cuda:0"; "" leaves --device out (the default)
  int64_t jobs = 1;    ///< trials the worker evaluates at a time
  int64_t threads = 0; ///< --threads; 0 leaves it out
  bool wait = false;   ///< --wait: wait for trials instead of exiting
  std::vector<std::string> extra; ///< appended as given (after `--`)
};

/// The arguments after the program: {"worker", "--store", URL, ...}.
std::vector<std::string> workerArguments(const WorkerArgs &args);

/// Whether the store URL carries a password (scheme://user:PASSWORD@host or
/// a password= parameter): it would then be readable in the generated file
/// and in the worker's command line.
bool storeHoldsPassword(const std::string &url);

} // namespace nasir::launch

#endif
