//===- SlurmScript.h - an sbatch job array of nasir workers -----*- C++ -*-===//
//
// `nasir launch slurm` writes a bash script for sbatch: a job array of N
// tasks, each one `nasir worker` (WorkerArgs.h) on the store:
//
//   #!/bin/bash
//   #SBATCH --job-name=nasir-worker
//   #SBATCH --array=0-3
//   #SBATCH --output=nasir-worker-%A_%a.out
//   #SBATCH --ntasks=1
//   #SBATCH --gres=gpu:1
//   exec '/opt/nasir/bin/nasir' 'worker' '--store' 'postgresql://...' ...
//
// Every value on the command line is one shell word (Quote.h); every value
// in an #SBATCH line is checked to be one plain word sbatch cannot misread
// (checkSlurmDirectives), since sbatch parses those lines itself, with its
// own quoting rules, before bash runs.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_LAUNCH_SLURMSCRIPT_H
#define NASIR_LAUNCH_SLURMSCRIPT_H

#include "lib/Launch/WorkerArgs.h"
#include <cstdint>
#include <string>

namespace nasir::launch {

/// The most tasks a job array can have (Slurm's MaxArraySize is at most
/// 4000001; a site's is often 1001, which sbatch reports).
inline constexpr int64_t kMaxArrayTasks = 4000000;

/// The most GPUs a task may ask for (it starts one worker per GPU).
inline constexpr int64_t kMaxGpusPerTask = 64;

struct SlurmOptions {
  std::string nasir = "nasir"; ///< the program each task runs
  WorkerArgs worker;           ///< store, threads, wait, extra arguments
  int64_t workers = 1;         ///< array tasks (>= 1)
  int64_t gpusPerWorker = 0;   ///< --gres=gpu:G; 0 none
  int64_t cpusPerWorker = 0;   ///< --cpus-per-task; 0 leaves it to Slurm
  std::string time;            ///< --time (checkSlurmTime); "" none
  std::string partition;       ///< --partition; "" the default one
  std::string jobName = "nasir-worker";
};

/// Whether `text` is a time limit sbatch reads: minutes, minutes:seconds,
/// hours:minutes:seconds, days-hours, days-hours:minutes,
/// days-hours:minutes:seconds, or UNLIMITED/INFINITE.
bool isSlurmTime(const std::string &text);

/// Checks what goes into #SBATCH lines and the numbers; on failure `error`
/// names the option ("--partition may hold only ...").
bool checkSlurmOptions(const SlurmOptions &options, std::string &error);

/// The script (checkSlurmOptions first; false and `error` when it fails).
/// With G GPUs per task, G > 1 runs G workers in the task, one per GPU
/// (--device cuda:0 .. cuda:G-1 of the task's CUDA_VISIBLE_DEVICES); each
/// worker evaluates one trial at a time (--jobs 1). --threads defaults to
/// the task's CPUs divided among its workers.
bool slurmScript(const SlurmOptions &options, std::string &script,
                 std::string &error);

} // namespace nasir::launch

#endif
