//===- Evaluator.h - how a candidate gets its metrics -----------*- C++ -*-===//
//
// An evaluator runs up to `slots()` jobs at once. `start` never fails
// synchronously: a job that cannot run comes back from `wait` as a failed
// outcome with its reason. Each kind registers itself, as strategies do:
//   table   look-up in a table (TableEvaluator.h: a registered benchmark
//           such as NAS-Bench-201, or a CSV file);
//   train   nasir-train worker processes (the LibTorch runtime);
//   command a user program, `--command 'prog {candidate}'`.
// Process evaluators run each job in its own process group, kill the group
// on --timeout, and parse the last JSON object line of the output.
//
// Adding one is one file:
//
//   static EvaluatorRegistration reg("mine", "what it does",
//       [](const EvaluatorConfig &c, const SpaceModel &model,
//          std::string &error) -> std::unique_ptr<Evaluator> { ... });
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_EVALUATOR_H
#define NASIR_SEARCH_EVALUATOR_H

#include "lib/Search/Registry.h"
#include "lib/Search/Strategy.h"
#include "lib/Search/Trial.h"
#include "lib/Support/JsonLimits.h"
#include "mlir/IR/BuiltinAttributes.h"
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace nasir::search {

struct EvalJob {
  int64_t trialId = 0;
  mlir::DictionaryAttr decisions;
  std::string decisionsJson;
  int64_t epochs = 0;
  std::string candidatePath; ///< written by the driver when needsCandidate()
  /// Seconds the job may run: what is left of the search's --time deadline
  /// (0: none). A process job is killed at the earlier of this and --timeout.
  double timeLimit = 0;
  /// An earlier run of the search queued it (a resumed search): it may be
  /// offered to workers, so running it locally takes it back first
  /// (Store::withdraw; MixedEvaluator.h).
  bool mayBeOffered = false;
};

struct EvalOutcome {
  int64_t trialId = 0;
  bool ok = false;
  Metrics metrics;
  Curve curve; ///< the result's per-epoch values (LearningCurve.h)
  std::string error;
  double seconds = 0;
  int64_t pid = 0;
  /// A job that ran on a `nasir worker` (Evaluator::handsOff): where, as the
  /// store recorded it when the worker claimed the trial.
  std::string workerHost, workerIdentity, workerDevice;
  double started = 0;
};

class Evaluator {
public:
  virtual ~Evaluator();
  /// Whether jobs need the candidate document (docs/candidate-format.md).
  virtual bool needsCandidate() const { return false; }
  /// Jobs it can run at once; the driver asks again each round (workers
  /// come and go: WorkQueue.h).
  virtual unsigned slots() const { return 1; }
  /// Whether its jobs (all, or some: handedOff) may run elsewhere: start()
  /// offers the trial to workers, whose claim marks it running in the store
  /// (the driver must not), and wait() reports what they finished
  /// (WorkQueue.h).
  virtual bool handsOff() const { return false; }
  /// Whether the job start() just began for `trialId` runs elsewhere (as
  /// handsOff(), per trial: an evaluator that runs some jobs itself and
  /// offers others, MixedEvaluator.h).
  virtual bool handedOff(int64_t trialId) const {
    (void)trialId;
    return handsOff();
  }
  /// Whether nothing can finish its running jobs now (the work queue with
  /// no live worker): a search past its deadline stops waiting for them.
  virtual bool stalled() const { return false; }
  /// Takes over trial `trialId`, already running on a worker under a lease
  /// (a search resumed while its workers kept going): wait() reports it like
  /// a job start() began. False when this evaluator cannot (it runs its own
  /// jobs only).
  virtual bool adopt(int64_t trialId) {
    (void)trialId;
    return false;
  }
  virtual void start(const EvalJob &job) = 0;
  /// Finished jobs; waits up to `seconds` for one when none is ready.
  virtual std::vector<EvalOutcome> wait(double seconds) = 0;
  virtual unsigned running() const = 0;
  /// Stops waiting for the offered trials no worker has claimed (the
  /// search's deadline passed, and workers claim nothing past it): they
  /// stay queued and offered, for --resume; how many.
  virtual int64_t withdrawUnclaimed() { return 0; }
  /// Kills what runs (the search is stopping).
  virtual void cancelAll() {}
  /// Kills the job of `trialId` if it runs (a worker that lost its lease);
  /// wait() does not report it. Jobs in-process end on their own: no-op.
  virtual void cancel(int64_t trialId) { (void)trialId; }
  /// Metrics the report adds for a chosen candidate (NB201: 200-epoch test).
  virtual Metrics reportMetrics(const EvalJob &) { return {}; }
  /// Names the experiment its job outputs belong to, once it is created
  /// (EvaluatorConfig::experimentKey); others ignore it.
  virtual void keyOutputs(const std::string &key) { (void)key; }
  /// The pid of the process running `trialId` (0 when in-process).
  virtual int64_t pidOf(int64_t) const { return 0; }
};

struct EvaluatorConfig {
  std::string kind;          ///< table | train | command
  std::string table;         ///< nb201:DIR | csv:FILE
  std::string dataset = "cifar10"; ///< nb201 column family
  std::string command;       ///< for `command`
  std::string trainBinary;   ///< for `train` (found next to nasir or on PATH)
  std::string data = "mnist";
  std::vector<std::string> trainArgs; ///< extra nasir-train options
  int64_t epochs = 2;
  int64_t jobs = 1;
  int64_t threads = 0; ///< per job; 0: cores / jobs
  std::string device = "cpu"; ///< where train jobs run (nasir-train --device)
  uint64_t seed = 0;
  double timeout = 0; ///< seconds per job; 0: none
  std::string workDir; ///< where outputs of processes go
  /// Which experiment the jobs belong to (its created time): a job output
  /// left in workDir is adopted only when its trial-N.key says this one,
  /// not an earlier experiment of the same name. Empty: never adopted.
  std::string experimentKey;
};

using EvaluatorFactory = std::function<std::unique_ptr<Evaluator>(
    const EvaluatorConfig &config, const SpaceModel &model,
    std::string &error)>;

using EvaluatorRegistration = Registration<EvaluatorFactory>;

/// The key of an experiment's job outputs: its created time.
std::string experimentKey(double created);

/// Builds the registered evaluator `config.kind`; null with `error` set on
/// a bad configuration (a missing table, an unknown kind, nasir-train not
/// found).
std::unique_ptr<Evaluator> makeEvaluator(const EvaluatorConfig &config,
                                         const SpaceModel &model,
                                         std::string &error);

/// The limits of a result line (lib/Support/JsonLimits.h).
inline constexpr JsonLimits kResultLineLimits = {64, size_t(1) << 20};

/// Parses one JSON object line into metrics (numbers only; `status` and
/// `reason` are looked at) and, when it has one, its `curve` (checked by
/// curveFromJson, LearningCurve.h; into `curve` when given). False with
/// `error` when it is not a result: "not JSON", "not a JSON object", the
/// failure's reason, a bad curve ("result field curve[1].val_loss: not a
/// finite number"), or the limit it breaks ("stdout line 3, column 65: JSON
/// nested deeper than 64 levels"; `lineNo` is the line's number in stdout).
bool parseResultLine(llvm::StringRef line, Metrics &metrics,
                     std::string &error, size_t lineNo = 1,
                     Curve *curve = nullptr);

/// The result in a process's stdout: its last line that is a JSON object.
/// False with `error` when there is none ("no JSON result line on stdout"),
/// or when that line is a failure or breaks a limit.
bool parseResultOutput(llvm::StringRef output, Metrics &metrics,
                       std::string &error, Curve *curve = nullptr);

} // namespace nasir::search

#endif
