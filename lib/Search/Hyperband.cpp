//===- Hyperband.cpp - successive halving over epoch budgets --------------===//
//
// Hyperband (Li et al. 2018) runs brackets of successive halving. Bracket s
// starts n_s random candidates at R * eta^-s epochs; when a rung's results
// are all in, the best 1/eta go on with eta times the epochs, up to R.
// R = --max-epochs (default: --epochs, else 9), eta = --eta (3). With
// --brackets 1 it is plain successive halving from the smallest budget.
// A promoted candidate is a new trial (its fingerprint with a larger budget).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Strategy.h"
#include <algorithm>
#include <cmath>
#include <deque>

using namespace nasir;
using namespace nasir::search;

namespace {
class Hyperband : public Strategy {
public:
  Hyperband(SearchContext &ctx, int64_t maxEpochs, int64_t eta,
            int64_t brackets)
      : ctx(ctx), R(maxEpochs), eta(eta) {
    smax = 0;
    while (std::pow(eta, smax + 1) <= R)
      ++smax;
    if (brackets > 0)
      smax = std::min<int64_t>(smax, brackets - 1);
    s = smax;
    startBracket();
  }

  std::vector<Proposal> propose(unsigned n) override {
    std::vector<Proposal> out;
    while (out.size() < n) {
      if (!todo.empty()) {
        out.push_back(todo.front());
        todo.pop_front();
        ++outstanding;
        continue;
      }
      if (outstanding > 0)
        break; // the rung is not complete: wait
      if (!advance())
        break;
    }
    return out;
  }

  void observe(const Trial &t) override {
    if (outstanding > 0)
      --outstanding;
    results.push_back(t);
  }

private:
  int64_t epochsAt(int64_t rung) const {
    double r = R * std::pow(eta, -(double)s) * std::pow(eta, rung);
    return std::max<int64_t>(1, (int64_t)std::llround(r));
  }

  void startBracket() {
    int64_t n = (int64_t)std::ceil((double)(smax + 1) / (s + 1) *
                                   std::pow(eta, s));
    rung = 0;
    results.clear();
    for (int64_t i = 0; i < n; ++i)
      if (auto a = ctx.sample())
        todo.push_back({std::move(*a), epochsAt(0)});
  }

  /// The rung is complete: promote its best, or start the next bracket.
  bool advance() {
    int64_t keep = (int64_t)(results.size() / eta);
    if (rung < s && keep >= 1) {
      std::stable_sort(results.begin(), results.end(),
                       [&](const Trial &a, const Trial &b) {
                         return ctx.score(a) > ctx.score(b);
                       });
      ++rung;
      for (int64_t i = 0; i < keep; ++i)
        todo.push_back({results[i].assignment, epochsAt(rung)});
      results.clear();
      return true;
    }
    s = s == 0 ? smax : s - 1;
    startBracket();
    return !todo.empty();
  }

  SearchContext &ctx;
  int64_t R, eta, smax, s, rung = 0;
  std::deque<Proposal> todo;
  std::vector<Trial> results;
  int64_t outstanding = 0;
};
} // namespace

static StrategyRegistration reg(
    "hyperband",
    "Hyperband / successive halving over epochs",
    {{"max-epochs", cli::ValueKind::Integer, "", "the largest epoch budget R",
      {}, {}, "--epochs, else 9"},
     {"eta", cli::ValueKind::Integer, "3",
      "keep 1/eta of each rung for the next"},
     {"brackets", cli::ValueKind::Integer, "0",
      "how many brackets (0 = all; 1 = successive halving)"}},
    [](SearchContext &ctx, std::string &error) -> std::unique_ptr<Strategy> {
      const Options &o = ctx.options;
      int64_t R = o.has("max-epochs") ? o.getInt("max-epochs")
                  : o.has("epochs")   ? o.getInt("epochs")
                                      : 9;
      int64_t eta = o.getInt("eta"), brackets = o.getInt("brackets");
      if (R < 1 || eta < 2 || brackets < 0) {
        error = "hyperband needs --max-epochs >= 1, --eta >= 2 and "
                "--brackets >= 0";
        return nullptr;
      }
      return std::make_unique<Hyperband>(ctx, R, eta, brackets);
    });
