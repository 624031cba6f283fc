//===- ProcessEvaluator.cpp - train and command evaluators ----------------===//
//
// Each job runs under a guardian that leads its own process group
// (ChildProcess.h): a timeout kills the group, grandchildren of a shell
// command included, and so does the search's death. The guardian writes the
// job's wait status to trial-N.exit, so a search resumed after a crash adopts
// a job that finished just before the crash instead of running it again. stdout and
// stderr go to files in the experiment's folder; the result is the last line
// of stdout that is a JSON object.
//
// The command evaluator's values reach the user's shell command line only
// through environment variables (CommandTemplate.h); the train evaluator's
// through argv. No value is ever parsed by a shell.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/ChildProcess.h"
#include "lib/Search/CommandTemplate.h"
#include "lib/Search/Evaluator.h"
#include "lib/Search/Experiment.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <csignal>
#include <map>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace nasir;
using namespace nasir::search;

namespace {
using Clock = std::chrono::steady_clock;

class ProcessEvaluator : public Evaluator {
public:
  explicit ProcessEvaluator(EvaluatorConfig c) : c(std::move(c)) {}
  ~ProcessEvaluator() override { cancelAll(); }

  bool needsCandidate() const override { return true; }
  void keyOutputs(const std::string &key) override { c.experimentKey = key; }
  unsigned slots() const override { return (unsigned)std::max<int64_t>(1, c.jobs); }
  unsigned running() const override { return jobs.size(); }
  int64_t pidOf(int64_t trial) const override {
    for (auto &[pid, j] : jobs)
      if (j.trialId == trial)
        return pid;
    return 0;
  }

  void start(const EvalJob &job) override {
    Invocation run = invocation(job);
    std::string out = ExperimentLayout::trialFile(c.workDir, job.trialId, "");
    Running r{job.trialId, out + ".out", out + ".err", Clock::now(),
              job.timeLimit};
    std::string exitPath = out + ".exit", keyPath = out + ".key";
    // Finished by a search of this experiment that died before recording
    // it: adopt the result (the exit status the guardian wrote, or the
    // result line on stdout when the guardian died first). An output whose
    // key names another experiment (an earlier one of the same name) is not.
    if (!c.experimentKey.empty() && llvm::sys::fs::exists(r.outPath) &&
        readKey(keyPath) == c.experimentKey) {
      EvalOutcome o = collect(0, r, readExitStatus(exitPath).value_or(0), 0);
      if (o.error.empty()) {
        finished.push_back(o);
        return;
      }
    }
    ::unlink(exitPath.c_str());
    writeKey(keyPath);
    pid_t pid = startGuarded(
        {std::move(run.argv), std::move(run.env), r.outPath, r.errPath, exitPath});
    if (pid < 0) {
      EvalOutcome f;
      f.trialId = job.trialId;
      f.error = "cannot start a process (fork failed)";
      finished.push_back(f);
      return;
    }
    jobs[pid] = r;
  }

  std::vector<EvalOutcome> wait(double seconds) override {
    auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    while (true) {
      for (auto it = jobs.begin(); it != jobs.end();) {
        int status;
        pid_t pid = it->first;
        pid_t w = waitpid(pid, &status, WNOHANG);
        double elapsed =
            std::chrono::duration<double>(Clock::now() - it->second.began)
                .count();
        if (w == pid) {
          kill(-pid, SIGKILL); // leftovers of the group
          finished.push_back(collect(pid, it->second, status, elapsed));
          it = jobs.erase(it);
          continue;
        }
        double deadline = it->second.deadline;
        bool pastDeadline = deadline > 0 && elapsed > deadline &&
                            (c.timeout <= 0 || deadline < c.timeout);
        if (pastDeadline || (c.timeout > 0 && elapsed > c.timeout)) {
          killGroup(pid);
          EvalOutcome o = base(pid, it->second, elapsed);
          char buf[96];
          if (pastDeadline)
            snprintf(buf, sizeof buf,
                     "timeout after %.1fs: the search's --time deadline",
                     elapsed);
          else
            snprintf(buf, sizeof buf, "timeout after %gs", c.timeout);
          o.error = buf;
          finished.push_back(o);
          it = jobs.erase(it);
          continue;
        }
        ++it;
      }
      if (!finished.empty() || jobs.empty() || Clock::now() >= deadline)
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::vector<EvalOutcome> out;
    out.swap(finished);
    return out;
  }

  void cancelAll() override {
    for (auto &[pid, r] : jobs)
      killGroup(pid);
    jobs.clear();
  }

  void cancel(int64_t trialId) override {
    for (auto it = jobs.begin(); it != jobs.end(); ++it)
      if (it->second.trialId == trialId) {
        killGroup(it->first);
        jobs.erase(it);
        return;
      }
  }

private:
  struct Running {
    int64_t trialId;
    std::string outPath, errPath;
    Clock::time_point began;
    double deadline; ///< seconds from `began` (EvalJob::timeLimit; 0: none)
  };

  /// What a job runs: argv, and the environment (built here, before fork).
  struct Invocation {
    std::vector<std::string> argv, env;
  };

  Invocation invocation(const EvalJob &job) const {
    Invocation run;
    std::string epochs = std::to_string(job.epochs > 0 ? job.epochs : c.epochs);
    if (c.kind == "train") {
      int64_t threads = c.threads;
      if (threads <= 0)
        threads = std::max<int64_t>(
            1, std::thread::hardware_concurrency() / std::max<int64_t>(1, c.jobs));
      run.argv = {c.trainBinary, job.candidatePath,
                  "--data",      c.data,
                  "--epochs",    epochs,
                  "--threads",   std::to_string(threads),
                  "--seed",      std::to_string(c.seed),
                  "--progress",  "none",
                  "--device",    c.device.empty() ? "cpu" : c.device};
      // The trained weights stay with the experiment (`nasir export --to
      // weights|pytorch`).
      if (!c.workDir.empty()) {
        run.argv.push_back("--save");
        run.argv.push_back(
            ExperimentLayout::trialFile(c.workDir, job.trialId, ".pt"));
      }
      run.argv.insert(run.argv.end(), c.trainArgs.begin(), c.trainArgs.end());
      run.env = environmentWith({});
      return run;
    }
    static const Placeholder placeholders[] = {
        {"{candidate}", "NASIR_CANDIDATE"},
        {"{decisions}", "NASIR_DECISIONS"},
        {"{epochs}", "NASIR_EPOCHS"},
        {"{trial}", "NASIR_TRIAL"},
        {"{seed}", "NASIR_SEED"}};
    run.argv = {"/bin/sh", "-c", expandPlaceholders(c.command, placeholders)};
    run.env = environmentWith({{"NASIR_CANDIDATE", job.candidatePath},
                           {"NASIR_DECISIONS", job.decisionsJson},
                           {"NASIR_EPOCHS", epochs},
                           {"NASIR_TRIAL", std::to_string(job.trialId)},
                           {"NASIR_SEED", std::to_string(c.seed)}});
    return run;
  }

  static std::string readKey(const std::string &path) {
    auto buf = llvm::MemoryBuffer::getFile(path);
    return buf ? (*buf)->getBuffer().trim().str() : "";
  }

  void writeKey(const std::string &path) const {
    if (c.experimentKey.empty())
      return;
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (!ec)
      os << c.experimentKey << "\n";
  }

  EvalOutcome base(pid_t pid, const Running &r, double elapsed) {
    EvalOutcome o;
    o.trialId = r.trialId;
    o.pid = pid;
    o.seconds = elapsed;
    return o;
  }

  static std::string tail(const std::string &path) {
    auto buf = llvm::MemoryBuffer::getFile(path);
    if (!buf)
      return "";
    llvm::StringRef s = (*buf)->getBuffer().trim();
    size_t nl = s.rfind('\n');
    s = nl == llvm::StringRef::npos ? s : s.substr(nl + 1);
    return s.take_back(300).str();
  }

  EvalOutcome collect(pid_t pid, const Running &r, int status, double elapsed) {
    EvalOutcome o = base(pid, r, elapsed);
    auto buf = llvm::MemoryBuffer::getFile(r.outPath);
    std::string parseError = "no JSON result line on stdout";
    bool parsed =
        buf && parseResultOutput((*buf)->getBuffer(), o.metrics, parseError,
                                 &o.curve);
    bool exitedOk = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (parsed && exitedOk) {
      if (c.kind == "train") {
        // nasir-train reports fractions; the search works in %.
        if (o.metrics.count("val_accuracy"))
          o.metrics["accuracy"] = 100 * o.metrics["val_accuracy"];
        if (o.metrics.count("test_accuracy"))
          o.metrics["test_accuracy"] = 100 * o.metrics["test_accuracy"];
        if (o.metrics.count("latency_ms_per_sample"))
          o.metrics["latency"] = o.metrics["latency_ms_per_sample"];
      }
      o.ok = true;
      return o;
    }
    if (parsed)
      parseError = "exited with status " + std::to_string(WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
      parseError = "killed by signal " + std::to_string(WTERMSIG(status));
    else if (WIFEXITED(status) && WEXITSTATUS(status) != 0 &&
             parseError == "no JSON result line on stdout")
      parseError = "exited with status " + std::to_string(WEXITSTATUS(status)) +
                   (tail(r.errPath).empty() ? "" : ": " + tail(r.errPath));
    o.error = parseError;
    return o;
  }

  EvaluatorConfig c;
  std::map<pid_t, Running> jobs;
  std::vector<EvalOutcome> finished;
};
} // namespace

static std::unique_ptr<Evaluator> makeProcessEvaluator(const EvaluatorConfig &c,
                                                       const SpaceModel &,
                                                       std::string &error) {
  if (c.kind == "command" && c.command.empty()) {
    error = "the command evaluator needs --command 'PROGRAM {candidate}'";
    return nullptr;
  }
  if (c.kind == "train" && c.trainBinary.empty()) {
    error = "the train evaluator needs nasir-train (next to nasir or on PATH)";
    return nullptr;
  }
  return std::make_unique<ProcessEvaluator>(c);
}

static EvaluatorRegistration train("train",
                                   "nasir-train worker processes (LibTorch)",
                                   makeProcessEvaluator);
static EvaluatorRegistration command("command",
                                     "a user program per candidate "
                                     "(--command 'PROG {candidate}')",
                                     makeProcessEvaluator);
