//===- NSGA2.cpp - multi-objective search, NSGA-II selection --------------===//
//
// Generational: the first --population candidates are random; each next
// generation's children come from binary tournaments (lower front, then
// larger crowding distance, wins), uniform crossover and a single mutation.
// Once a generation is all observed, parents and children are ranked by
// non-dominated sorting and crowding, and the best --population survive.
// The objectives are the space's (or --objective); the result of the search
// is the Pareto front of all trials.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Strategy.h"
#include <algorithm>

using namespace nasir;
using namespace nasir::search;

namespace {
class NSGA2 : public Strategy {
public:
  NSGA2(SearchContext &ctx, size_t population)
      : ctx(ctx), population(population) {}

  std::vector<Proposal> propose(unsigned n) override {
    std::vector<Proposal> out;
    while (out.size() < n) {
      if (quota == 0) {
        if (outstanding > 0)
          break; // wait for the generation
        nextGeneration();
      }
      std::optional<Assignment> a;
      if (survivors.empty())
        a = ctx.sample();
      else {
        const Trial &p1 = survivors[tournament()];
        const Trial &p2 = survivors[tournament()];
        a = ctx.crossover(p1.assignment, p2.assignment);
        if (a)
          a = ctx.mutate(*a);
      }
      if (!a)
        a = ctx.sample();
      if (!a)
        break;
      --quota;
      ++outstanding;
      out.push_back({std::move(*a), 0});
    }
    return out;
  }

  void observe(const Trial &t) override {
    if (outstanding > 0)
      --outstanding;
    children.push_back(t);
  }

private:
  void nextGeneration() {
    std::vector<Trial> all = survivors;
    all.insert(all.end(), children.begin(), children.end());
    children.clear();
    std::vector<std::vector<double>> pts;
    for (const Trial &t : all)
      pts.push_back(ctx.point(t));
    auto fronts = nondominatedSort(pts);
    survivors.clear();
    rank.clear();
    crowd.clear();
    for (size_t f = 0; f < fronts.size(); ++f) {
      std::vector<double> d = crowdingDistance(pts, fronts[f]);
      std::vector<size_t> order(fronts[f].size());
      for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return d[a] > d[b]; });
      for (size_t i : order) {
        if (survivors.size() >= population)
          break;
        survivors.push_back(all[fronts[f][i]]);
        rank.push_back(f);
        crowd.push_back(d[i]);
      }
    }
    quota = population;
  }

  size_t tournament() {
    std::uniform_int_distribution<size_t> pick(0, survivors.size() - 1);
    size_t a = pick(ctx.rng), b = pick(ctx.rng);
    if (rank[a] != rank[b])
      return rank[a] < rank[b] ? a : b;
    return crowd[a] >= crowd[b] ? a : b;
  }

  SearchContext &ctx;
  size_t population;
  size_t quota = 0, outstanding = 0;
  std::vector<Trial> survivors, children;
  std::vector<size_t> rank;
  std::vector<double> crowd;
};
} // namespace

static StrategyRegistration reg(
    "nsga2", "multi-objective, NSGA-II selection (Pareto front)",
    {{"population", cli::ValueKind::Integer, "20",
      "candidates per generation (at least 2)"}},
    [](SearchContext &ctx, std::string &error) -> std::unique_ptr<Strategy> {
      int64_t p = ctx.options.getInt("population");
      if (p < 2) {
        error = "nsga2 needs --population >= 2";
        return nullptr;
      }
      return std::make_unique<NSGA2>(ctx, p);
    });
