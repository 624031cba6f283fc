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
//       [](SearchContext &ctx, std::string &error) -> std::unique_ptr<Strategy> {
//         return std::make_unique<MyStrategy>(ctx);
//       });
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_STRATEGY_H
#define NASIR_SEARCH_STRATEGY_H

#include "lib/Search/Objectives.h"
#include "lib/Search/Trial.h"
#include "llvm/ADT/StringMap.h"
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <vector>

namespace nasir::search {

/// Named options of a strategy (--population 20 ...), as given. The getters
/// remember which options were read and the first value that does not parse,
/// so makeStrategy refuses a bad value before the first trial and the caller
/// can warn about an option the strategy does not use.
class Options {
public:
  std::map<std::string, std::string> values;
  int64_t getInt(const std::string &k, int64_t dflt) const;
  double getDouble(const std::string &k, double dflt) const;
  std::string get(const std::string &k, const std::string &dflt = "") const;

  /// The first option whose value did not parse ("--population expects an
  /// integer, got 'abc'"); empty when none.
  const std::string &error() const { return firstError; }
  /// The options given that no getter has read (not used by the strategy).
  std::vector<std::string> unread() const;

private:
  mutable std::set<std::string> read;
  mutable std::string firstError;
};

struct Proposal {
  Assignment assignment;
  int64_t epochs = 0; ///< 0: the evaluator's default budget
};

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
};

using StrategyFactory = std::function<std::unique_ptr<Strategy>(
    SearchContext &ctx, std::string &error)>;

struct StrategyRegistration {
  StrategyRegistration(const char *name, const char *summary,
                       StrategyFactory factory);
  struct Entry {
    std::string summary;
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
