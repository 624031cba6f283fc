//===- Reinforce.cpp - a REINFORCE policy-gradient controller -------------===//
//
// The policy is an independent softmax per label over its values. Sampling
// walks the space's decision tree, so only active labels are drawn (a label
// in an alternative not taken is not decided). After each result, with
// reward R = the primary objective and baseline b (moving average, decay
// --baseline-decay), every active label's logits move by
// lr * (R - b) * (onehot(v) - softmax), the gradient of log pi(v).
// Options: --lr (0.05), --baseline-decay (0.9), --reward-scale (0.01: the
// accuracy in % becomes a fraction).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Strategy.h"
#include <cmath>

using namespace nasir;
using namespace nasir::search;

namespace {
class Reinforce : public Strategy {
public:
  Reinforce(SearchContext &ctx, double lr, double decay, double scale)
      : ctx(ctx), lr(lr), decay(decay), scale(scale) {}

  std::vector<Proposal> propose(unsigned n) override {
    std::vector<Proposal> out;
    for (unsigned i = 0; i < n; ++i) {
      std::optional<Assignment> a;
      for (int attempt = 0; attempt < 100 && !a; ++attempt) {
        Assignment c;
        draw(c);
        std::string error;
        if (ctx.model.isComplete(c, error) && ctx.model.satisfies(c) &&
            ctx.valid(c))
          a = std::move(c);
      }
      if (!a)
        a = ctx.sample();
      if (!a)
        break;
      out.push_back({std::move(*a), 0});
    }
    return out;
  }

  void observe(const Trial &t) override {
    double r = ctx.score(t);
    if (!std::isfinite(r))
      return; // a failed candidate teaches nothing about accuracy
    r *= scale;
    if (!hasBaseline) {
      baseline = r;
      hasBaseline = true;
    }
    double advantage = r - baseline;
    baseline = decay * baseline + (1 - decay) * r;
    for (auto &entry : t.assignment) {
      const Site *s = ctx.model.lookup(entry.first());
      if (!s)
        continue;
      std::vector<double> &z = logitsOf(entry.first(), *s);
      std::vector<double> p = softmax(z);
      for (size_t v = 0; v < p.size(); ++v)
        z[v] += lr * advantage * ((v == entry.second) - p[v]);
    }
  }

private:
  static std::vector<double> softmax(const std::vector<double> &z) {
    double m = *std::max_element(z.begin(), z.end()), sum = 0;
    std::vector<double> p(z.size());
    for (size_t i = 0; i < z.size(); ++i)
      sum += p[i] = std::exp(z[i] - m);
    for (double &x : p)
      x /= sum;
    return p;
  }

  /// A label's logits, zero until it is first drawn or observed.
  std::vector<double> &logitsOf(llvm::StringRef label, const Site &s) {
    std::vector<double> &z = logits[label];
    if (z.empty())
      z.assign(s.values.size(), 0.0);
    return z;
  }

  void draw(Assignment &a) {
    ctx.model.walkActive([&](const Site &s, llvm::StringRef label) -> int {
      auto it = a.find(label);
      if (it != a.end())
        return it->second; // a label met again takes its one decision
      std::vector<double> p = softmax(logitsOf(label, s));
      std::discrete_distribution<unsigned> d(p.begin(), p.end());
      unsigned v = d(ctx.rng);
      a[label] = v;
      return v;
    });
  }

  SearchContext &ctx;
  double lr, decay, scale;
  llvm::StringMap<std::vector<double>> logits;
  double baseline = 0;
  bool hasBaseline = false;
};
} // namespace

static StrategyRegistration reg(
    "reinforce", "REINFORCE controller, a softmax per label",
    {{"lr", cli::ValueKind::Number, "0.05", "the controller's learning rate"},
     {"baseline-decay", cli::ValueKind::Number, "0.9",
      "decay of the reward's moving-average baseline, in [0, 1)"},
     {"reward-scale", cli::ValueKind::Number, "0.01",
      "multiplies the reward (accuracy in percent -> [0, 1])"}},
    [](SearchContext &ctx, std::string &error) -> std::unique_ptr<Strategy> {
      double lr = ctx.options.getDouble("lr");
      double decay = ctx.options.getDouble("baseline-decay");
      double scale = ctx.options.getDouble("reward-scale");
      if (!(lr > 0) || !(decay >= 0 && decay < 1) || !(scale > 0)) {
        error = "reinforce needs --lr > 0, 0 <= --baseline-decay < 1 and "
                "--reward-scale > 0";
        return nullptr;
      }
      return std::make_unique<Reinforce>(ctx, lr, decay, scale);
    });
