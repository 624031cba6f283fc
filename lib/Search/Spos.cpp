//===- Spos.cpp - single-path one-shot search (Guo et al. 2020) -----------===//
//
// The supernet phase trains one uniformly drawn path per step (no
// architecture parameters). Then an evolution runs over sub-networks, each
// scored with the supernet's weights after its batch-norm statistics are
// recomputed on --calib-batches training batches: --population random
// valid sub-networks, then --cycles generations of as many children (half
// crossovers of two parents, half mutations of one, the parents drawn from
// the best half), the population being the best --population of all scored.
// Each generation is one `nasir-train --score` call; under --time, the
// evolution may take half of the time left after the supernet phase: a
// generation starts only while the previous one's time fits in it, and
// scores no sub-network past it (the first generation at least one). The
// --budget best scored sub-networks are retrained (OneShot.h).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/OneShot.h"
#include <algorithm>
#include <cmath>
#include <set>

using namespace nasir;
using namespace nasir::search;

namespace {
class Spos : public OneShotStrategy {
public:
  Spos(SearchContext &ctx, size_t population, size_t cycles)
      : OneShotStrategy(ctx, "spos", {}), population(population),
        cycles(cycles) {}

protected:
  struct Scored {
    Assignment a;
    std::string key;
    double accuracy;
  };

  bool select(size_t n, std::vector<Proposal> &out) override {
    std::vector<Scored> all;
    std::set<std::string> seen;
    std::vector<Assignment> batch;
    auto add = [&](std::optional<Assignment> a) {
      if (a && valid(*a) && seen.insert(ctx.key(*a)).second)
        batch.push_back(std::move(*a));
    };
    for (size_t i = 0; i < population * 4 && batch.size() < population; ++i)
      add(ctx.sample());
    std::vector<const Scored *> alive;
    // Under --time, the generations after the first may take half of what
    // is left when the evolution starts; the other half retrains.
    double start = wallClock(), generation = 0;
    double end = env.deadline > 0 ? start + 0.5 * (env.deadline - start)
                                  : HUGE_VAL;
    for (size_t cycle = 0; cycle <= cycles && !batch.empty(); ++cycle) {
      if (cycle > 0 && wallClock() + generation > end) {
        say("the --time share of the evolution ends it after " +
            std::to_string(cycle) + " of " + std::to_string(cycles + 1) +
            " generations");
        break;
      }
      double t = wallClock();
      std::vector<double> accuracy;
      if (!score(batch, ctx.options.getInt("calib-batches"), accuracy,
                 env.deadline > 0 ? end - t : 0))
        return false;
      generation = wallClock() - t;
      if (accuracy.size() < batch.size())
        say("the --time share of the evolution ends generation " +
            std::to_string(cycle + 1) + " after " +
            std::to_string(accuracy.size()) + " of " +
            std::to_string(batch.size()) + " sub-networks");
      for (size_t i = 0; i < accuracy.size(); ++i)
        all.push_back({batch[i], ctx.key(batch[i]), accuracy[i]});
      batch.clear();
      if (cycle == cycles)
        break;
      alive = best(all, population);
      size_t parents = std::max<size_t>(1, (alive.size() + 1) / 2);
      std::uniform_int_distribution<size_t> pick(0, parents - 1);
      for (size_t tries = 0; tries < population * 8 && batch.size() < population;
           ++tries) {
        const Assignment &p = alive[pick(ctx.rng)]->a;
        add(tries % 2 ? ctx.mutate(p) : ctx.crossover(p, alive[pick(ctx.rng)]->a));
      }
      if (batch.empty())
        say("the evolution ends after " + std::to_string(cycle + 1) +
            " generations: no child it had not scored");
    }
    for (const Scored *s : best(all, n))
      out.push_back({s->a, 0, {{kOneShotMetric, s->accuracy}}});
    return true;
  }

private:
  /// The best `k` of `all` (highest accuracy, then canonical order).
  static std::vector<const Scored *> best(const std::vector<Scored> &all,
                                          size_t k) {
    std::vector<const Scored *> order;
    for (const Scored &s : all)
      order.push_back(&s);
    std::sort(order.begin(), order.end(), [](const Scored *x, const Scored *y) {
      bool xn = std::isnan(x->accuracy), yn = std::isnan(y->accuracy);
      if (xn != yn)
        return yn;
      if (!xn && x->accuracy != y->accuracy)
        return x->accuracy > y->accuracy;
      return x->key < y->key;
    });
    if (order.size() > k)
      order.resize(k);
    return order;
  }

  size_t population, cycles;
};
} // namespace

static OneShotRegistration reg(
    "spos",
    "one-shot: a single-path supernet, then evolution over sub-networks "
    "scored with inherited weights; retrains the best",
    {{"population", cli::ValueKind::Positive, "20",
      "sub-networks per generation of the evolution"},
     {"cycles", cli::ValueKind::Natural, "5",
      "generations after the first, random one"}},
    [](SearchContext &ctx, std::string &) -> std::unique_ptr<Strategy> {
      return std::make_unique<Spos>(ctx, ctx.options.getInt("population"),
                                    ctx.options.getInt("cycles"));
    });
