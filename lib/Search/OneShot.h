//===- OneShot.h - the supernet phase of one-shot strategies ----*- C++ -*-===//
//
// darts, gdas and spos (Darts.cpp, Gdas.cpp, Spos.cpp) share one driver:
//
//   1. the supernet phase: the bound space is relaxed and lowered to a
//      supernet document (lib/Transforms/SupernetLowering.h), written to
//      STORE.trials/supernet.json, and trained by nasir-train's one-shot mode
//      (docs/oneshot.md) as a guarded child process (ChildProcess.h) with
//      `--save STORE.trials/supernet.ckpt --resume`; under --time it may
//      take --supernet-time-share of what is left (nasir-train
//      --time-budget ends it at that step), so that the selection and the
//      retraining get the rest;
//   2. the selection: the strategy picks N architectures (N = --budget, or
//      kDefaultSelection without one) and scores them with inherited weights
//      (`nasir-train --load CKPT --score FILE.jsonl`);
//   3. the N are proposed as ordinary trials, best first, each carrying its
//      estimate as the metric `oneshot_val_accuracy` (%, like `accuracy`).
//
// Both results are kept in the store (Store::savePhase, "supernet" and
// "selection"), so that --resume trains and scores nothing again once they
// are there and the strategy's proposals replay exactly; a phase that was
// interrupted continues from nasir-train's checkpoint. The report draws the
// stored weights per epoch.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_ONESHOT_H
#define NASIR_SEARCH_ONESHOT_H

#include "lib/Search/Store.h"
#include "lib/Search/Strategy.h"
#include "llvm/Support/JSON.h"
#include <string>
#include <vector>

namespace nasir::search {

/// What the one-shot strategies need from the search (SearchContext::oneshot).
struct OneShotEnv {
  std::string trainBinary, data;
  std::vector<std::string> trainArgs; ///< --train-args, also for the phase
  int64_t threads = 0;                ///< 0: every core
  uint64_t seed = 0;
  std::string workDir;                ///< STORE.trials
  Store *store = nullptr;
  double deadline = 0;                ///< wall clock of --time (0: none)
  int64_t budget = 0;                 ///< --budget (0: kDefaultSelection)
  std::string progress = "auto";      ///< none: nasir-train's stderr to a file
};

/// The metric each proposal of a one-shot strategy carries: its validation
/// accuracy (%) with the supernet's weights, an estimate.
inline constexpr const char *kOneShotMetric = "oneshot_val_accuracy";

/// Architectures selected when the search has no --budget (only --time).
inline constexpr int64_t kDefaultSelection = 10;

/// Registers a one-shot strategy: the options every one-shot strategy
/// declares followed by `own`, and `factory`, called only when the search
/// can run nasir-train (else the strategy is refused: it needs --evaluator
/// train).
struct OneShotRegistration {
  OneShotRegistration(const char *name, const char *summary,
                      std::vector<cli::Option> own, StrategyFactory factory);
};

/// --arch-lr, the architecture parameters' learning rate (darts, gdas).
cli::Option archLrOption();

/// The supernet phase's outcome, as nasir-train reports it (docs/oneshot.md).
struct SupernetOutcome {
  struct Label {
    std::string name, kind;
    std::vector<std::string> options; ///< as decisions spell them (JSON)
    std::vector<double> weights;      ///< final; one per option (input)
  };
  struct Epoch {
    int64_t epoch = 0;
    double trainLoss = 0, valAccuracy = 0;
    std::map<std::string, std::vector<double>> weights;
  };
  std::string mode;
  std::vector<Label> labels;
  std::vector<Epoch> history;
  llvm::json::Object argmax;
  double trainSeconds = 0, secondsPerStep = 0, peakRssBytes = 0;
};

/// Reads nasir-train's one-shot result object; false with `error` naming the
/// field when it is not one.
bool parseSupernetOutcome(const llvm::json::Object &result,
                          SupernetOutcome &out, std::string &error);

/// What a store keeps of a one-shot search: the outcome, and the selected
/// architectures (decisions text) with their estimates, in proposal order.
struct StoredOneShot {
  bool trained = false, selected = false;
  SupernetOutcome outcome;
  std::vector<std::pair<std::string, double>> selection;
};
/// Reads it from `store`; false with `error` when the stored text is
/// damaged. A store of another strategy has neither part.
bool loadOneShot(Store &store, StoredOneShot &out, std::string &error);
/// The stored phases as one JSON object (`nasir report --json`), or null.
llvm::json::Value oneShotJson(Store &store);

/// The base of darts, gdas and spos: runs the supernet phase and the
/// selection on the first propose() (or takes them from the store), then
/// proposes the selection in order.
class OneShotStrategy : public Strategy {
public:
  /// `mode`: nasir-train's --oneshot; `trainerArgs`: its mode's options.
  OneShotStrategy(SearchContext &ctx, std::string mode,
                  std::vector<std::string> trainerArgs);

  std::vector<Proposal> propose(unsigned n) override;
  void observe(const Trial &) override {}
  bool exhausted() const override {
    return ready && next >= selection.size();
  }
  std::string failure() const override { return why; }

protected:
  /// Picks up to `n` architectures under the trained supernet, best first,
  /// with their estimates (score()); false on failure (`why` set). By
  /// default (darts, gdas) the most probable ones (mostProbable()).
  virtual bool select(size_t n, std::vector<Proposal> &out);

  /// The one-shot validation accuracy (%) of each of `as` with inherited
  /// weights, after recomputing batch-norm statistics on `calibBatches`
  /// training batches (0: nasir-train's default). With `budget` > 0 no
  /// sub-network is started past that many seconds (the first always is):
  /// `accuracy` then has the first ones' only.
  bool score(const std::vector<Assignment> &as, int64_t calibBatches,
             std::vector<double> &accuracy, double budget = 0);

  /// Up to `n` valid architectures, most probable first under the final
  /// weights (the argmax first; input choices by their inputs' weights).
  std::vector<Assignment> mostProbable(size_t n);

  /// Whether `a` is a complete candidate that meets every constraint.
  bool valid(const Assignment &a);

  /// A line of progress ("supernet phase: ..."), unless --progress none.
  void say(const std::string &line) const;

  SearchContext &ctx;
  const OneShotEnv &env;
  SupernetOutcome outcome;
  std::string why;

private:
  bool prepare();
  bool train();
  bool runTrainer(std::vector<std::string> argv, const std::string &name,
                  llvm::json::Object &result);

  std::string mode;
  std::vector<std::string> trainerArgs;
  bool ready = false;
  std::vector<Proposal> selection;
  size_t next = 0;
  int64_t scoreCalls = 0;
};

} // namespace nasir::search

#endif
