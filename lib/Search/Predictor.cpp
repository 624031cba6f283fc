//===- Predictor.cpp - an ensemble of small MLPs on sparse encodings ------===//
#include "lib/Search/Predictor.h"
#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

using namespace nasir::search;

namespace {
/// splitmix64: a small generator whose stream is fixed by its seed (the
/// standard library's distributions are not specified bit for bit).
struct SplitMix {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [-a, a).
  double symmetric(double a) {
    return (double(next() >> 11) * 0x1.0p-53 * 2.0 - 1.0) * a;
  }
  size_t below(size_t n) { return size_t(next() % n); }
};

/// Adam's state for one parameter vector.
struct AdamSlot {
  std::vector<double> m, v;
  explicit AdamSlot(size_t n) : m(n, 0.0), v(n, 0.0) {}
};
} // namespace

EnsemblePredictor::EnsemblePredictor(unsigned inputs, PredictorConfig config)
    : inputs(inputs), cfg(config) {
  assert(cfg.members >= 1 && cfg.hidden >= 1 && cfg.batch >= 1);
}

double EnsemblePredictor::forward(const Net &net,
                                  const std::vector<unsigned> &x,
                                  std::vector<double> *h1Out,
                                  std::vector<double> *h2Out) const {
  const unsigned H = cfg.hidden;
  std::vector<double> h1(net.b1), h2(net.b2);
  for (unsigned f : x) {
    const double *row = &net.w1[size_t(f) * H];
    for (unsigned j = 0; j < H; ++j)
      h1[j] += row[j];
  }
  for (double &v : h1)
    v = std::max(v, 0.0);
  for (unsigned i = 0; i < H; ++i) {
    if (h1[i] == 0)
      continue;
    const double *row = &net.w2[size_t(i) * H];
    for (unsigned j = 0; j < H; ++j)
      h2[j] += h1[i] * row[j];
  }
  double out = net.b3;
  for (unsigned j = 0; j < H; ++j) {
    h2[j] = std::max(h2[j], 0.0);
    out += h2[j] * net.w3[j];
  }
  if (h1Out)
    *h1Out = std::move(h1);
  if (h2Out)
    *h2Out = std::move(h2);
  return out;
}

void EnsemblePredictor::train(Net &net,
                              const std::vector<std::vector<unsigned>> &x,
                              const std::vector<double> &y,
                              uint64_t seed) const {
  const unsigned H = cfg.hidden;
  SplitMix rng{seed};
  // He-style uniform initialization (variance 1 / fan-in); the first
  // layer's fan-in is the number of set features, one per slot.
  double a1 = std::sqrt(3.0 / double(std::max<size_t>(1, x[0].size())));
  double a2 = std::sqrt(3.0 / H);
  net.w1.resize(size_t(inputs) * H);
  for (double &w : net.w1)
    w = rng.symmetric(a1);
  net.b1.assign(H, 0.0);
  net.w2.resize(size_t(H) * H);
  for (double &w : net.w2)
    w = rng.symmetric(a2);
  net.b2.assign(H, 0.0);
  net.w3.resize(H);
  for (double &w : net.w3)
    w = rng.symmetric(a2);
  net.b3 = 0;

  // Gradients are accumulated densely except for the first layer, whose
  // touched rows are tracked (a batch touches at most batch x slots rows).
  std::vector<double> g1(net.w1.size(), 0.0), gb1(H), g2(net.w2.size()), gb2(H),
      g3(H);
  double gb3 = 0;
  AdamSlot s1(net.w1.size()), sb1(H), s2(net.w2.size()), sb2(H), s3(H), sb3(1);
  std::vector<char> touched(inputs, 0);
  std::vector<unsigned> rows;
  const double b1c = 0.9, b2c = 0.999, eps = 1e-8;
  double p1 = 1, p2 = 1; // beta powers for bias correction
  auto adam = [&](std::vector<double> &w, std::vector<double> &g, AdamSlot &s,
                  size_t i, double lrHat, bool decay) {
    double grad = g[i] + (decay ? cfg.weightDecay * w[i] : 0.0);
    s.m[i] = b1c * s.m[i] + (1 - b1c) * grad;
    s.v[i] = b2c * s.v[i] + (1 - b2c) * grad * grad;
    w[i] -= lrHat * s.m[i] / (std::sqrt(s.v[i]) + eps);
    g[i] = 0;
  };

  std::vector<size_t> order(x.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<double> h1, h2, d2(H), d1(H);
  for (unsigned epoch = 0; epoch < cfg.epochs; ++epoch) {
    for (size_t i = order.size(); i > 1; --i) // Fisher-Yates
      std::swap(order[i - 1], order[rng.below(i)]);
    for (size_t start = 0; start < order.size(); start += cfg.batch) {
      size_t end = std::min(order.size(), start + cfg.batch);
      double inv = 1.0 / double(end - start);
      for (size_t k = start; k < end; ++k) {
        const auto &xi = x[order[k]];
        double err = (forward(net, xi, &h1, &h2) - y[order[k]]) * inv;
        gb3 += err;
        for (unsigned j = 0; j < H; ++j) {
          g3[j] += err * h2[j];
          d2[j] = h2[j] > 0 ? err * net.w3[j] : 0.0;
          gb2[j] += d2[j];
        }
        for (unsigned i = 0; i < H; ++i) {
          double s = 0;
          const double *row = &net.w2[size_t(i) * H];
          double *grow = &g2[size_t(i) * H];
          for (unsigned j = 0; j < H; ++j) {
            grow[j] += h1[i] * d2[j];
            s += row[j] * d2[j];
          }
          d1[i] = h1[i] > 0 ? s : 0.0;
          gb1[i] += d1[i];
        }
        for (unsigned f : xi) {
          if (!touched[f]) {
            touched[f] = 1;
            rows.push_back(f);
          }
          double *grow = &g1[size_t(f) * H];
          for (unsigned j = 0; j < H; ++j)
            grow[j] += d1[j];
        }
      }
      p1 *= b1c, p2 *= b2c;
      double lrHat = cfg.lr * std::sqrt(1 - p2) / (1 - p1);
      // Rows of the first layer not in this batch have no gradient; their
      // Adam moments decay lazily (a sparse Adam step: only touched rows).
      for (unsigned f : rows) {
        for (unsigned j = 0; j < H; ++j)
          adam(net.w1, g1, s1, size_t(f) * H + j, lrHat, true);
        touched[f] = 0;
      }
      rows.clear();
      for (unsigned j = 0; j < H; ++j) {
        adam(net.b1, gb1, sb1, j, lrHat, false);
        adam(net.b2, gb2, sb2, j, lrHat, false);
        adam(net.w3, g3, s3, j, lrHat, true);
      }
      for (size_t i = 0; i < g2.size(); ++i)
        adam(net.w2, g2, s2, i, lrHat, true);
      std::vector<double> b3v{net.b3}, gb3v{gb3};
      adam(b3v, gb3v, sb3, 0, lrHat, false);
      net.b3 = b3v[0];
      gb3 = 0;
    }
  }
}

void EnsemblePredictor::fit(const std::vector<std::vector<unsigned>> &x,
                            const std::vector<double> &y, uint64_t seed) {
  assert(!x.empty() && x.size() == y.size());
  double mean = std::accumulate(y.begin(), y.end(), 0.0) / double(y.size());
  double var = 0;
  for (double v : y)
    var += (v - mean) * (v - mean);
  var /= double(y.size());
  yMean = mean;
  yScale = var > 0 ? std::sqrt(var) : 1.0;
  std::vector<double> yn(y.size());
  for (size_t i = 0; i < y.size(); ++i)
    yn[i] = (y[i] - yMean) / yScale;
  SplitMix seeds{seed};
  nets.assign(cfg.members, Net{});
  for (Net &net : nets)
    train(net, x, yn, seeds.next());
}

EnsemblePredictor::Prediction
EnsemblePredictor::predict(const std::vector<unsigned> &x) const {
  Prediction p;
  for (const Net &net : nets)
    p.members.push_back(forward(net, x) * yScale + yMean);
  double n = double(p.members.size());
  p.mean = std::accumulate(p.members.begin(), p.members.end(), 0.0) / n;
  double var = 0;
  for (double v : p.members)
    var += (v - p.mean) * (v - p.mean);
  p.sd = std::sqrt(var / n);
  return p;
}
