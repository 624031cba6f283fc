//===- Controller.cpp - an autoregressive policy over decisions -----------===//
#include "lib/Search/Controller.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <cassert>
#include <cmath>
#include <random>

using namespace nasir::search;

Controller::Controller(unsigned hidden, uint64_t seed, double initScale)
    : H(hidden), seed(seed), initScale(initScale) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-initScale, initScale);
  W = 0;
  b = W + (size_t)H * H;
  s = b + H;
  theta.resize(s + H);
  for (double &x : theta)
    x = u(rng);
  std::fill(theta.begin() + b, theta.begin() + s, 0.0); // biases start at 0
}

void Controller::ensure(llvm::StringRef label, unsigned options) {
  auto it = labels.find(label);
  if (it != labels.end()) {
    assert(it->second.options == options && "a label with two domains");
    return;
  }
  LabelParams p;
  p.options = options;
  p.embed = theta.size();
  p.out = p.embed + (size_t)options * H;
  p.bias = p.out + (size_t)options * H;
  // Seeded by the label, not by when it is met.
  std::mt19937_64 rng(seed ^ llvm::xxh3_64bits(label));
  std::uniform_real_distribution<double> u(-initScale, initScale);
  theta.resize(p.bias + options);
  for (size_t i = p.embed; i < p.bias; ++i)
    theta[i] = u(rng);
  std::fill(theta.begin() + p.bias, theta.end(), 0.0);
  labels[label] = p;
}

Controller::Cursor Controller::start() const {
  Cursor c;
  c.h.assign(H, 0.0);
  return c;
}

void Controller::cell(const std::vector<double> &hPrev,
                      const std::string &prevLabel, unsigned prevValue,
                      std::vector<double> &h) const {
  const double *x = &theta[s];
  if (!prevLabel.empty())
    x = &theta[labels.find(prevLabel)->second.embed + (size_t)prevValue * H];
  h.resize(H);
  for (unsigned i = 0; i < H; ++i) {
    double a = theta[b + i] + x[i];
    const double *row = &theta[W + (size_t)i * H];
    for (unsigned j = 0; j < H; ++j)
      a += row[j] * hPrev[j];
    h[i] = std::tanh(a);
  }
}

void Controller::logits(const LabelParams &p, const std::vector<double> &h,
                        std::vector<double> &z) const {
  z.resize(p.options);
  for (unsigned k = 0; k < p.options; ++k) {
    double a = theta[p.bias + k];
    const double *row = &theta[p.out + (size_t)k * H];
    for (unsigned j = 0; j < H; ++j)
      a += row[j] * h[j];
    z[k] = a;
  }
}

static void softmaxInPlace(std::vector<double> &z) {
  double mx = *std::max_element(z.begin(), z.end()), sum = 0;
  for (double &x : z)
    sum += x = std::exp(x - mx);
  for (double &x : z)
    x /= sum;
}

std::vector<double> Controller::distribution(const Cursor &c,
                                             llvm::StringRef label,
                                             unsigned options) {
  ensure(label, options);
  std::vector<double> h, z;
  cell(c.h, c.prevLabel, c.prevValue, h);
  logits(labels.find(label)->second, h, z);
  softmaxInPlace(z);
  return z;
}

void Controller::next(Cursor &c, llvm::StringRef label, unsigned options,
                      unsigned value) {
  ensure(label, options);
  std::vector<double> h;
  cell(c.h, c.prevLabel, c.prevValue, h);
  c.h = std::move(h);
  c.prevLabel = label.str();
  c.prevValue = value;
}

double Controller::objective(const std::vector<Step> &steps, double advantage,
                             double entropyWeight, std::vector<double> *grad) {
  for (const Step &st : steps)
    ensure(st.label, st.options);
  size_t T = steps.size();
  // Forward: h_t and p_t of every step.
  std::vector<std::vector<double>> hs(T + 1), ps(T);
  hs[0].assign(H, 0.0); // hs[t + 1] is h_t
  double J = 0;
  for (size_t t = 0; t < T; ++t) {
    cell(hs[t], t ? steps[t - 1].label : std::string(),
         t ? steps[t - 1].value : 0, hs[t + 1]);
    logits(labels.find(steps[t].label)->second, hs[t + 1], ps[t]);
    softmaxInPlace(ps[t]);
    double entropy = 0;
    for (double p : ps[t])
      if (p > 0)
        entropy -= p * std::log(p);
    J += advantage * std::log(ps[t][steps[t].value]) + entropyWeight * entropy;
  }
  if (!grad)
    return J;
  std::vector<double> &g = *grad;
  g.assign(theta.size(), 0.0);
  // Backward through the steps; dh is dJ/dh_t from the steps after t.
  std::vector<double> dh(H, 0.0), dpre(H), dz;
  for (size_t t = T; t-- > 0;) {
    const LabelParams &p = labels.find(steps[t].label)->second;
    const std::vector<double> &h = hs[t + 1], &pr = ps[t];
    double entropy = 0;
    for (double q : pr)
      if (q > 0)
        entropy -= q * std::log(q);
    // dJ/dz_k = A (onehot_k - p_k) - beta p_k (log p_k + H).
    dz.assign(p.options, 0.0);
    for (unsigned k = 0; k < p.options; ++k) {
      double lp = pr[k] > 0 ? std::log(pr[k]) : 0;
      dz[k] = advantage * ((k == steps[t].value) - pr[k]) -
              entropyWeight * pr[k] * (lp + entropy);
    }
    for (unsigned k = 0; k < p.options; ++k) {
      g[p.bias + k] += dz[k];
      double *row = &g[p.out + (size_t)k * H];
      const double *urow = &theta[p.out + (size_t)k * H];
      for (unsigned j = 0; j < H; ++j) {
        row[j] += dz[k] * h[j];
        dh[j] += dz[k] * urow[j];
      }
    }
    for (unsigned i = 0; i < H; ++i)
      dpre[i] = dh[i] * (1 - h[i] * h[i]);
    const std::vector<double> &hPrev = hs[t];
    size_t x = t ? labels.find(steps[t - 1].label)->second.embed +
                       (size_t)steps[t - 1].value * H
                 : s;
    std::vector<double> dhPrev(H, 0.0);
    for (unsigned i = 0; i < H; ++i) {
      g[b + i] += dpre[i];
      g[x + i] += dpre[i];
      double *row = &g[W + (size_t)i * H];
      const double *wrow = &theta[W + (size_t)i * H];
      for (unsigned j = 0; j < H; ++j) {
        row[j] += dpre[i] * hPrev[j];
        dhPrev[j] += dpre[i] * wrow[j];
      }
    }
    dh = std::move(dhPrev);
  }
  return J;
}

void Controller::ascend(const std::vector<double> &grad, double lr) {
  const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  m.resize(theta.size(), 0.0);
  v.resize(theta.size(), 0.0);
  ++steps;
  double c1 = 1 - std::pow(beta1, (double)steps),
         c2 = 1 - std::pow(beta2, (double)steps);
  for (size_t i = 0; i < grad.size() && i < theta.size(); ++i) {
    m[i] = beta1 * m[i] + (1 - beta1) * grad[i];
    v[i] = beta2 * v[i] + (1 - beta2) * grad[i] * grad[i];
    theta[i] += lr * (m[i] / c1) / (std::sqrt(v[i] / c2) + eps);
  }
}
