//===- PredictorTest.cpp - the MLP ensemble of the bananas strategy -------===//
#include "lib/Search/Predictor.h"
#include "gtest/gtest.h"
#include <cmath>

using namespace nasir::search;

namespace {

/// Every assignment of 3 decisions with 4 values each, one-hot in 12
/// features, and a score with an interaction term.
struct Grid {
  std::vector<std::vector<unsigned>> x;
  std::vector<double> y;
  Grid() {
    for (unsigned a = 0; a < 4; ++a)
      for (unsigned b = 0; b < 4; ++b)
        for (unsigned c = 0; c < 4; ++c) {
          x.push_back({a, 4 + b, 8 + c});
          y.push_back(80.0 + 2.0 * a - 1.0 * b + (a == c ? 3.0 : 0.0));
        }
  }
};

TEST(PredictorTest, FitsAFunctionOfTheDecisions) {
  Grid g;
  PredictorConfig cfg;
  cfg.epochs = 300;
  EnsemblePredictor p(12, cfg);
  p.fit(g.x, g.y, 1);
  double sq = 0, var = 0, mean = 0;
  for (double v : g.y)
    mean += v / double(g.y.size());
  for (size_t i = 0; i < g.x.size(); ++i) {
    auto pred = p.predict(g.x[i]);
    EXPECT_EQ(pred.members.size(), cfg.members);
    sq += (pred.mean - g.y[i]) * (pred.mean - g.y[i]);
    var += (g.y[i] - mean) * (g.y[i] - mean);
  }
  // Far better than the mean (R^2 > 0.95), in the scores' own units.
  EXPECT_LT(sq / var, 0.05);
}

TEST(PredictorTest, SpreadIsLargerAwayFromTheData) {
  Grid g;
  // Train on a = 0 or 1 only; the members disagree more about a = 3.
  std::vector<std::vector<unsigned>> x;
  std::vector<double> y;
  for (size_t i = 0; i < g.x.size(); ++i)
    if (g.x[i][0] < 2)
      x.push_back(g.x[i]), y.push_back(g.y[i]);
  EnsemblePredictor p(12, PredictorConfig{});
  p.fit(x, y, 7);
  double seen = 0, unseen = 0;
  for (const auto &xi : g.x)
    (xi[0] < 2 ? seen : unseen) += p.predict(xi).sd;
  EXPECT_GT(unseen, 2 * seen);
}

TEST(PredictorTest, DeterministicGivenTheSeed) {
  Grid g;
  EnsemblePredictor a(12, PredictorConfig{}), b(12, PredictorConfig{}),
      c(12, PredictorConfig{});
  a.fit(g.x, g.y, 42);
  b.fit(g.x, g.y, 42);
  c.fit(g.x, g.y, 43);
  bool differs = false;
  for (const auto &xi : g.x) {
    EXPECT_EQ(a.predict(xi).members, b.predict(xi).members);
    differs |= a.predict(xi).members != c.predict(xi).members;
  }
  EXPECT_TRUE(differs);
}

} // namespace
