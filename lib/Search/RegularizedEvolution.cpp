//===- RegularizedEvolution.cpp - aging evolution (Real et al. 2019) ------===//
//
// The population is a queue of the last --population observed trials. Until
// it is full, candidates are random; then each child is a single mutation of
// the best of --tournament trials drawn from the population, and the oldest
// member dies when a new one arrives (aging).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Strategy.h"
#include <deque>

using namespace nasir;
using namespace nasir::search;

namespace {
class RegularizedEvolution : public Strategy {
public:
  RegularizedEvolution(SearchContext &ctx, size_t population, size_t tournament)
      : ctx(ctx), population(population), tournament(tournament) {}

  std::vector<Proposal> propose(unsigned n) override {
    std::vector<Proposal> out;
    for (unsigned i = 0; i < n; ++i) {
      std::optional<Assignment> a;
      if (proposed < population || alive.empty())
        a = ctx.sample();
      else
        a = ctx.mutate(alive[tournamentWinner()].assignment);
      if (!a)
        a = ctx.sample();
      if (!a)
        break;
      ++proposed;
      out.push_back({std::move(*a), 0});
    }
    return out;
  }

  void observe(const Trial &t) override {
    alive.push_back(t);
    if (alive.size() > population)
      alive.pop_front();
  }

private:
  size_t tournamentWinner() {
    std::uniform_int_distribution<size_t> pick(0, alive.size() - 1);
    size_t best = pick(ctx.rng);
    for (size_t i = 1; i < tournament; ++i) {
      size_t c = pick(ctx.rng);
      if (ctx.score(alive[c]) > ctx.score(alive[best]))
        best = c;
    }
    return best;
  }

  SearchContext &ctx;
  size_t population, tournament;
  size_t proposed = 0;
  std::deque<Trial> alive;
};
} // namespace

static StrategyRegistration reg(
    "evolution",
    "regularized (aging) evolution: mutate the best of a tournament",
    {{"population", cli::ValueKind::Integer, "20",
      "the last P observed trials form the population"},
     {"tournament", cli::ValueKind::Integer, "5",
      "a parent is the best of S trials drawn from the population"}},
    [](SearchContext &ctx, std::string &error) -> std::unique_ptr<Strategy> {
      int64_t p = ctx.options.getInt("population");
      int64_t s = ctx.options.getInt("tournament");
      if (p < 1 || s < 1 || s > p) {
        error = "evolution needs 1 <= --tournament <= --population";
        return nullptr;
      }
      return std::make_unique<RegularizedEvolution>(ctx, p, s);
    });
