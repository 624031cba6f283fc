//===- Strategy.h - the search strategy interface ---------------*- C++ -*-===//
//
// A strategy decides which candidates to evaluate. It sees the space only
// through SearchContext (SpaceModel's sample / mutate / crossover / enumerate,
// with the space's params/flops bounds already applied) and talks to the
// driver through two calls:
//
//   propose(n)  up to n new candidates (fewer, even none, while it waits for
//               results: the driver calls again after the next observe);
//   observe(t)  the result of one trial it proposed, in completion order
//               (failed trials too: `ctx.score(t)` is -inf for them).
//
// A strategy must be deterministic given the context's seeded generator and
// the sequence of propose/observe calls: `nasir search --resume` rebuilds its
// state by replaying the stored sequence. So: draw randomness only from
// `ctx.rng`, never from time or addresses.
//
// Adding one is one file (see docs/search.md):
//
//   class MyStrategy : public Strategy { ... };
//   static StrategyRegistration reg("mine", "what it does",
//       {{"width", cli::ValueKind::Positive, "4", "how many to keep"}},
//       [](SearchContext &ctx, std::string &error) -> std::unique_ptr<Strategy> {
//         return std::make_unique<MyStrategy>(ctx, ctx.options.getInt("width"));
//       });
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_STRATEGY_H
#define NASIR_SEARCH_STRATEGY_H

#include "lib/CLI/CommandLine.h"
#include "lib/Search/Objectives.h"
#include "lib/Search/Trial.h"
#include "llvm/ADT/StringMap.h"
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <vector>

namespace nasir::search {

/// Named options of a strategy (--population 20 ...), as given, read through
/// the strategy's declarations (their types and defaults, like pass options
/// in Passes.td). The getters remember the first value that does not parse
/// (a store written by an older nasir), so makeStrategy refuses it before the
/// first trial.
class Options {
public:
  std::map<std::string, std::string> values;
  /// What the strategy declares, plus the options every strategy has
  /// (commonOptions()); makeStrategy sets it.
  std::vector<cli::Option> declared;

  bool has(const std::string &k) const { return values.count(k) != 0; }
  /// The value given, else the declared default.
  int64_t getInt(const std::string &k) const;
  double getDouble(const std::string &k) const;
  std::string get(const std::string &k) const;

  /// The first option whose value did not parse ("--population expects an
  /// integer, got 'abc'"); empty when none.
  const std::string &error() const { return firstError; }

private:
  /// The checked text of `k` (given or default); "" when none.
  std::string text(const std::string &k) const;
  mutable std::string firstError;
};

/// The options the context reads for every strategy (--sampling).
const std::vector<cli::Option> &commonOptions();

struct Proposal {
  Assignment assignment;
  int64_t epochs = 0; ///< 0: the evaluator's default budget
  /// What the strategy knows of the candidate before it is evaluated (a
  /// one-shot estimate: `oneshot_val_accuracy`); added to the trial's
  /// metrics when it succeeds.
  Metrics metrics = {};
};

struct OneShotEnv; // lib/Search/OneShot.h

/// What a strategy builds on: the space's decision structure, the seeded
/// generator, the objectives and the strategy's options.
class SearchContext {
public:
  SearchContext(nas::SpaceOp space, const SpaceModel &model, uint64_t seed,
                std::vector<Objective> objectives, Options options);

  nas::SpaceOp space;
  const SpaceModel &model;
  std::mt19937_64 rng;
  std::vector<Objective> objectives;
  Options options;
  /// What a strategy that trains a supernet itself needs (nasir-train, the
  /// data, the store, the deadline); null when the search has no train
  /// evaluator.
  const OneShotEnv *oneshot = nullptr;

  /// Whether `a` meets the space's params/flops bounds (cached).
  bool valid(const Assignment &a);
  /// A uniformly random valid candidate; nullopt when none is found.
  std::optional<Assignment> sample();
  /// A valid candidate differing from `parent` in `k` decisions.
  std::optional<Assignment> mutate(const Assignment &parent, unsigned k = 1);
  /// A valid uniform crossover of a and b (falls back to a mutation of a).
  std::optional<Assignment> crossover(const Assignment &a, const Assignment &b);
  /// Streams the valid candidates in canonical order.
  void enumerate(const std::function<bool(const Assignment &)> &fn);

  /// The primary objective, signed so that larger is better; -inf on failure.
  double score(const Trial &t) const { return signedValue(t, objectives[0]); }
  /// All objectives, signed (for multi-objective strategies).
  std::vector<double> point(const Trial &t) const;

  /// The canonical key of an assignment (its decisions JSON).
  std::string key(const Assignment &a) const;

private:
  bool bounded;
  llvm::StringMap<bool> validity;
};

class Strategy {
public:
  virtual ~Strategy();
  virtual std::vector<Proposal> propose(unsigned n) = 0;
  virtual void observe(const Trial &trial) = 0;
  /// True once it will never propose again (a finished grid).
  virtual bool exhausted() const { return false; }
  /// Why it cannot go on when its own work failed (the supernet phase of a
  /// one-shot strategy); the search then ends with this error. Empty when
  /// nothing failed.
  virtual std::string failure() const { return ""; }
};

using StrategyFactory = std::function<std::unique_ptr<Strategy>(
    SearchContext &ctx, std::string &error)>;

struct StrategyRegistration {
  /// `options`: the strategy's options with their types, defaults and help;
  /// `nasir search --strategy NAME --help` lists them, and any other option
  /// given to NAME is a usage error.
  StrategyRegistration(const char *name, const char *summary,
                       std::vector<cli::Option> options,
                       StrategyFactory factory);
  struct Entry {
    std::string summary;
    std::vector<cli::Option> options;
    StrategyFactory factory;
  };
  static std::map<std::string, Entry> &registry();
};

/// Builds the strategy `name`; null with `error` set when unknown or when its
/// options are bad.
std::unique_ptr<Strategy> makeStrategy(const std::string &name,
                                       SearchContext &ctx, std::string &error);

} // namespace nasir::search

#endif
