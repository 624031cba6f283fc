//===- SlurmScript.cpp - an sbatch job array of nasir workers -------------===//
#include "lib/Launch/SlurmScript.h"
#include "lib/Launch/Quote.h"
#include <algorithm>
#include <cctype>
#include <vector>

using namespace nasir::launch;

static bool allDigits(const std::string &s) {
  return !s.empty() && s.size() <= 9 &&
         std::all_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isdigit(c); });
}

static std::vector<std::string> split(const std::string &s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return parts;
}

bool nasir::launch::isSlurmTime(const std::string &text) {
  std::string lower;
  for (unsigned char c : text)
    lower += (char)std::tolower(c);
  if (lower == "unlimited" || lower == "infinite")
    return true;
  std::string clock = text;
  size_t dash = text.find('-');
  bool days = dash != std::string::npos;
  if (days) {
    if (!allDigits(text.substr(0, dash)))
      return false;
    clock = text.substr(dash + 1);
  }
  std::vector<std::string> fields = split(clock, ':');
  // Without days: M, M:S, H:M:S. With days: H, H:M, H:M:S.
  if (fields.size() > 3)
    return false;
  for (const std::string &f : fields)
    if (!allDigits(f))
      return false;
  return true;
}

/// Whether every character of `text` is alphanumeric or in `extra`.
static bool plainWord(const std::string &text, const std::string &extra) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [&](unsigned char c) {
           return (c < 0x80 && std::isalnum(c)) ||
                  extra.find((char)c) != std::string::npos;
         });
}

bool nasir::launch::checkSlurmOptions(const SlurmOptions &o,
                                      std::string &error) {
  if (o.worker.store.empty()) {
    error = "--store needs the store's URL";
    return false;
  }
  if (o.nasir.empty()) {
    error = "--nasir needs the path of the nasir executable";
    return false;
  }
  if (o.workers < 1) {
    error = "--workers must be at least 1, got " + std::to_string(o.workers);
    return false;
  }
  if (o.workers > kMaxArrayTasks) {
    error = "--workers must be at most " + std::to_string(kMaxArrayTasks) +
            " (Slurm's largest job array), got " + std::to_string(o.workers);
    return false;
  }
  if (o.gpusPerWorker < 0 || o.cpusPerWorker < 0) {
    error = "--gpus-per-worker and --cpus-per-worker must be >= 0";
    return false;
  }
  // A task starts one worker per GPU: no node has more.
  if (o.gpusPerWorker > kMaxGpusPerTask) {
    error = "--gpus-per-worker must be at most " +
            std::to_string(kMaxGpusPerTask) + " (the GPUs of one node), got " +
            std::to_string(o.gpusPerWorker);
    return false;
  }
  // sbatch splits an #SBATCH line into words itself (quotes, spaces and `#`
  // included) before bash sees the script: only plain words go there.
  if (!o.time.empty() && !isSlurmTime(o.time)) {
    error = "--time expects a Slurm time limit (minutes, MM:SS, HH:MM:SS, "
            "D-HH, D-HH:MM, D-HH:MM:SS or UNLIMITED), got '" +
            visible(o.time) + "'";
    return false;
  }
  if (!o.partition.empty() && !plainWord(o.partition, "._-,")) {
    error = "--partition may hold only letters, digits and . _ - , (a list "
            "of partitions), got '" +
            visible(o.partition) + "'";
    return false;
  }
  if (!plainWord(o.jobName, "._+-") || o.jobName.size() > 128) {
    error = "--job-name may hold only letters, digits and . _ + - (at most "
            "128), got '" +
            visible(o.jobName) + "'";
    return false;
  }
  return true;
}

/// The words of a command line, each quoted, joined by spaces.
static std::string commandLine(const std::vector<std::string> &words) {
  std::string out;
  for (const std::string &w : words)
    out += (out.empty() ? "" : " ") + shellWord(w);
  return out;
}

bool nasir::launch::slurmScript(const SlurmOptions &o, std::string &script,
                                std::string &error) {
  if (!checkSlurmOptions(o, error))
    return false;
  int64_t perTask = std::max<int64_t>(1, o.gpusPerWorker);
  WorkerArgs worker = o.worker;
  worker.jobs = 1;
  // Slurm sets CUDA_VISIBLE_DEVICES to the task's GPUs (their node-wide
  // indices, or 0.. under cgroup device constraints); CUDA numbers the
  // visible devices from 0 either way.
  worker.device = o.gpusPerWorker > 0 ? "cuda:0" : "";
  if (worker.threads == 0 && o.cpusPerWorker > 0)
    worker.threads = std::max<int64_t>(1, o.cpusPerWorker / perTask);

  std::string s = "#!/bin/bash\n";
  s += "# " + std::to_string(o.workers) + " nasir worker" +
       (o.workers == 1 ? "" : "s") +
       ", one per task of a job array (written by `nasir launch slurm`).\n"
       "# Submit with: sbatch FILE. Each worker claims queued trials of the "
       "store until\n# the experiment has none left (docs/distributed.md).\n";
  s += "#SBATCH --job-name=" + o.jobName + "\n";
  s += "#SBATCH --array=0-" + std::to_string(o.workers - 1) + "\n";
  s += "#SBATCH --output=" + o.jobName + "-%A_%a.out\n";
  s += "#SBATCH --ntasks=1\n";
  if (o.cpusPerWorker > 0)
    s += "#SBATCH --cpus-per-task=" + std::to_string(o.cpusPerWorker) + "\n";
  if (o.gpusPerWorker > 0)
    s += "#SBATCH --gres=gpu:" + std::to_string(o.gpusPerWorker) + "\n";
  if (!o.time.empty())
    s += "#SBATCH --time=" + o.time + "\n";
  if (!o.partition.empty())
    s += "#SBATCH --partition=" + o.partition + "\n";
  s += "\n";

  std::vector<std::string> words = {o.nasir};
  std::vector<std::string> args = workerArguments(worker);
  words.insert(words.end(), args.begin(), args.end());
  if (perTask == 1) {
    s += "exec " + commandLine(words) + "\n";
    script = std::move(s);
    return true;
  }
  // G > 1: one worker per GPU. The device word (after "--device", which
  // workerArguments puts at a fixed place) is the loop's, not user text.
  std::string line;
  for (size_t i = 0; i < words.size(); ++i) {
    bool deviceValue = i == 7 && words[6] == "--device";
    line += (i ? " " : "") +
            (deviceValue ? std::string("\"cuda:$gpu\"") : shellWord(words[i]));
  }
  s += "# One worker per GPU of the task (CUDA numbers the task's "
       "CUDA_VISIBLE_DEVICES from 0).\n";
  s += "pids=()\n";
  s += "for gpu in $(seq 0 " + std::to_string(perTask - 1) + "); do\n";
  s += "  " + line + " &\n";
  s += "  pids+=(\"$!\")\n";
  s += "done\n";
  s += "status=0\n";
  s += "for pid in \"${pids[@]}\"; do\n";
  s += "  wait \"$pid\" || status=$?\n";
  s += "done\n";
  s += "exit \"$status\"\n";
  script = std::move(s);
  return true;
}
