//===- SpaceSample.cpp - sampling, mutation, crossover
//---------------------===//
//
// Uniform sampling follows the counting recursion (SpaceCounter.h), choosing
// each value with probability proportional to the count it leaves; the other
// draws walk the active sites and reject what the constraints forbid.
//
//===----------------------------------------------------------------------===//
#include "lib/Transforms/SpaceCounter.h"
#include "llvm/ADT/StringSet.h"
#include <algorithm>

using namespace mlir;
using namespace nasir;
using namespace nasir::spacemodel;

static BigCount randomBelow(const BigCount &n, std::mt19937_64 &rng) {
  // 64 bits more than n has: the bias of the modulo is below 2^-64.
  unsigned words = (n.getActiveBits() + 64 + 63) / 64;
  SmallVector<uint64_t> w(words);
  for (auto &x : w)
    x = rng();
  BigCount r(std::max(kBits, words * 64), w);
  return r.urem(n.zext(r.getBitWidth())).trunc(kBits);
}

/// Picks an index with probability proportional to its weight.
static int pickWeighted(const std::vector<BigCount> &weights,
                        std::mt19937_64 &rng) {
  BigCount total(kBits, 0);
  for (const BigCount &w : weights)
    total += w;
  if (total.isZero())
    return -1;
  BigCount r = randomBelow(total, rng);
  for (size_t i = 0; i < weights.size(); ++i) {
    if (r.ult(weights[i]))
      return i;
    r -= weights[i];
  }
  return weights.size() - 1;
}

namespace {
struct Sampler {
  Counter &c;
  std::mt19937_64 &rng;
  Assignment &out;

  /// Splits `e` edges between parts counted by `polys`, front to back, and
  /// draws each part with its share.
  void split(const std::vector<Poly> &polys, int e,
             function_ref<void(size_t, int)> draw) {
    // rest[i]: the product of polys[i..] (rest[0] unused).
    std::vector<Poly> rest(polys.size() + 1, c.one());
    for (size_t i = polys.size(); i-- > 1;)
      rest[i] = c.mul(rest[i + 1], polys[i]);
    for (size_t i = 0; i < polys.size(); ++i) {
      std::vector<BigCount> w;
      for (int ei = 0; ei <= e; ++ei)
        w.push_back(polys[i][ei] * rest[i + 1][e - ei]);
      int ei = pickWeighted(w, rng);
      draw(i, ei);
      e -= ei;
    }
  }

  /// Samples the sites of a scope with exactly `e` edges in all.
  void scope(const std::vector<const Site *> &sites, const Cond &cond,
             StringRef suffix, int e) {
    // Fast path: without an edges bound, a site with no shared label below it
    // is independent of everything else: draw its value by its cached counts.
    if (c.buckets == 1 &&
        llvm::none_of(sites, [&](const Site *s) { return c.tracksAny(s); })) {
      for (const Site *s : sites)
        independent(*s, suffix);
      return;
    }
    std::vector<std::string> labels;
    auto groups = c.components(sites, cond, suffix, labels);
    std::vector<Poly> polys;
    for (auto [g, label] : llvm::zip(groups, labels))
      polys.push_back(c.group(g, label, cond, suffix));
    split(polys, e, [&](size_t i, int ei) {
      group(groups[i], labels[i], cond, suffix, ei);
    });
  }

  /// Draws a site (and what it opens) that shares no label with the rest.
  void independent(const Site &s, StringRef suffix) {
    if (s.kind == Site::Require)
      return;
    const Counter::Cumulative &w = c.cumulative(s, suffix);
    unsigned v;
    if (!w.small.empty()) {
      uint64_t r =
          std::uniform_int_distribution<uint64_t>(0, w.small.back() - 1)(rng);
      v = std::upper_bound(w.small.begin(), w.small.end(), r) - w.small.begin();
    } else {
      BigCount r = randomBelow(w.big.back(), rng);
      v = std::upper_bound(
              w.big.begin(), w.big.end(), r,
              [](const BigCount &a, const BigCount &b) { return a.ult(b); }) -
          w.big.begin();
    }
    std::string label = labelAt(s, suffix);
    out[label] = v;
    // An iteration's labels can be shared inside it (tracked there, not here).
    Cond inner;
    inner[label] = v;
    forEachOpened(s, v, suffix, [&](const Scope &scope, StringRef sfx) {
      scope_(scope, inner, sfx, 0);
    });
  }

  void group(const std::vector<const Site *> &sites, const std::string &label,
             const Cond &cond, StringRef suffix, int e) {
    if (label.empty()) {
      std::vector<Poly> polys;
      for (const Site *s : sites)
        polys.push_back(c.site(*s, cond, suffix));
      split(polys, e,
            [&](size_t i, int ei) { site(*sites[i], cond, suffix, ei); });
      return;
    }
    const Site *dom = c.model.lookup(label);
    bool direct = c.carries(sites, label, suffix);
    std::vector<BigCount> w;
    Poly never;
    if (!direct) {
      Cond cn = cond;
      cn[label] = kNever;
      never = c.scope(sites, cn, suffix);
    }
    for (unsigned v = 0; v < dom->values.size(); ++v) {
      Cond cv = cond;
      cv[label] = v;
      BigCount n = c.scope(sites, cv, suffix)[e];
      w.push_back(direct ? n : n - never[e]);
    }
    if (!direct)
      w.push_back(never[e]);
    int v = pickWeighted(w, rng);
    Cond cv = cond;
    cv[label] = v < int(dom->values.size()) ? v : kNever;
    while (true) {
      Assignment saved = out;
      scope(sites, cv, suffix, e);
      // Conditioned on L = v, keep only draws in which an L-site is active.
      if (direct || cv[label] == kNever || out.count(label))
        return;
      out = std::move(saved);
    }
  }

  void site(const Site &s, const Cond &cond, StringRef suffix, int e) {
    if (s.kind == Site::Require)
      return; // its count (1) already ruled out the draws it forbids
    std::string label = labelAt(s, suffix);
    if (s.iterates && s.perIteration) { // as Counter::uncached
      LabelList ls = c.shared(&s, suffix);
      for (const std::string &l : ls.get())
        if (l != label && !cond.count(l))
          return group({&s}, l, cond, suffix, e);
    }
    auto fixed = cond.find(label);
    std::vector<BigCount> w;
    for (unsigned v = 0; v < s.values.size(); ++v) {
      int ev = c.edgesOf(s, v);
      if ((fixed != cond.end() && fixed->second != int(v)) || ev > e) {
        w.push_back(BigCount(kBits, 0));
        continue;
      }
      Cond inner = cond;
      inner[label] = v;
      w.push_back(c.opened(s, v, inner, suffix)[e - ev]);
    }
    int v = pickWeighted(w, rng);
    out[label] = v;
    Cond inner = cond;
    inner[label] = v;
    opened(s, v, inner, suffix, e - c.edgesOf(s, v));
  }

  /// Samples what value `v` of `s` opens, with `e` edges.
  void opened(const Site &s, unsigned v, const Cond &inner, StringRef suffix,
              int e) {
    if (!s.iterates || !s.perIteration) {
      forEachOpened(s, v, suffix, [&](const Scope &scope, StringRef sfx) {
        scope_(scope, inner, sfx, e);
      });
      return;
    }
    // Iterations are alike given `inner`: split the edges between them.
    int64_t d = depthOf(s, v);
    std::vector<const Site *> body = c.pointers(s.children[0]);
    Poly p = c.scope(body, inner, iterationSuffix(suffix, 0));
    split(std::vector<Poly>(d, p), e, [&](size_t i, int ei) {
      scope(body, inner, iterationSuffix(suffix, i), ei);
    });
  }

  void scope_(const Scope &scope, const Cond &cond, StringRef suffix, int e) {
    this->scope(c.pointers(scope), cond, suffix, e);
  }
};
} // namespace

Assignment SpaceModel::sample(std::mt19937_64 &rng) const {
  Counter &c = counter();
  std::vector<const Site *> sites = c.pointers(top);
  Poly total = c.scope(sites, {}, "");
  int e = pickWeighted(total, rng);
  Assignment a;
  if (e < 0)
    return a; // no valid candidate
  Sampler{c, rng, a}.scope(sites, {}, "", e);
  return a;
}

/// have none (uniformly among the site's values).
static Assignment completeActive(const SpaceModel &model, const Assignment &a,
                                 std::mt19937_64 &rng) {
  Assignment out;
  model.walkActive([&](const Site &s, StringRef label) -> int {
    if (auto it = out.find(label); it != out.end())
      return it->second;
    auto it = a.find(label);
    unsigned v = it != a.end() ? it->second
                               : std::uniform_int_distribution<unsigned>(
                                     0, s.values.size() - 1)(rng);
    out[label] = v;
    return v;
  });
  return out;
}

Assignment SpaceModel::samplePerDecision(std::mt19937_64 &rng) const {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    Assignment a = completeActive(*this, {}, rng);
    if (satisfies(a))
      return a;
  }
  // The constraints reject nearly every draw: fall back to exact sampling.
  return sample(rng);
}

bool SpaceModel::mutate(const Assignment &parent, unsigned k,
                        std::mt19937_64 &rng, Assignment &child,
                        std::string &error) const {
  std::vector<std::pair<std::string, unsigned>> mutable_; // label, domain
  llvm::StringSet<> seen;
  walkActive([&](const Site &s, StringRef label) -> int {
    auto it = parent.find(label);
    if (it == parent.end())
      return -1;
    if (s.values.size() > 1 && seen.insert(label).second)
      mutable_.push_back({label.str(), unsigned(s.values.size())});
    return it->second;
  });
  if (mutable_.empty()) {
    error = "nothing to mutate: every active decision has a single option";
    return false;
  }
  k = std::min<unsigned>(std::max(k, 1u), mutable_.size());
  for (int attempt = 0; attempt < 1000; ++attempt) {
    auto pick = mutable_;
    std::shuffle(pick.begin(), pick.end(), rng);
    Assignment a = parent;
    for (unsigned i = 0; i < k; ++i) {
      auto &[label, size] = pick[i];
      unsigned old = a[label];
      unsigned v = std::uniform_int_distribution<unsigned>(0, size - 2)(rng);
      a[label] = v >= old ? v + 1 : v;
    }
    // Drop decisions the change deactivated; sample the sites it opened.
    child = completeActive(*this, a, rng);
    if (satisfies(child))
      return true;
  }
  error = "no mutation of this candidate satisfies the space's constraints "
          "(1000 tries)";
  return false;
}

Assignment SpaceModel::crossover(const Assignment &a, const Assignment &b,
                                 std::mt19937_64 &rng) const {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    Assignment mix;
    walkActive([&](const Site &s, StringRef label) -> int {
      if (auto it = mix.find(label); it != mix.end())
        return it->second;
      const Assignment &first = rng() & 1 ? a : b,
                       &second = &first == &a ? b : a;
      auto it = first.find(label);
      if (it == first.end())
        it = second.find(label);
      unsigned v = it != first.end() && it != second.end()
                       ? it->second
                       : std::uniform_int_distribution<unsigned>(
                             0, s.values.size() - 1)(rng);
      mix[label] = v;
      return v;
    });
    if (satisfies(mix))
      return mix;
  }
  return a;
}
