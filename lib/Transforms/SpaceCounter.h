//===- SpaceCounter.h - counting a space's decision tree -----*- C++ -*-===//
//
// Counting is a product over the sites of a scope and a sum over the values of
// a site, with three refinements:
//  - edges: with an `edges <= B` bound a count is a polynomial in the number
//    of edges (coefficient e = assignments with e edges), truncated at B;
//  - shared labels: sites of one scope whose subtrees share a label are not
//    independent. They are grouped, and the group is counted by conditioning
//    on the shared label: a sum over its values when one of its sites is
//    always active in the group, else inclusion-exclusion
//    (sum_v N(L=v) - (|dom|-1) N(L never active));
//  - nas.require: a predicate is a site of its scope that counts 1 or 0 once
//    every label it names is conditioned. Its labels are tracked like shared
//    ones, so the predicate and the sites it names form one group, which is
//    conditioned on them one by one. It names only sites of its own scope
//    and of the scopes around it, which are active whenever it is: the
//    conditioning is always on a site of the group (no inclusion-exclusion).
// Repeats: a body is one scope, reached with the suffix of each iteration.
// Once the labels its iterations share are conditioned (a choice decided
// outside the body, the repeat's own depth), iterations are independent and
// alike, so depth d counts P^d for the body's count P. Counts are memoized
// per site and per conditioned value of the tracked labels, which is what
// they depend on: the cost is polynomial in the size of the IR. That needs
// labels of different iterations and repeats to differ; a space where they
// can coincide is built iteration by iteration (exact, exponential in the
// nesting).
// Sampling follows the same recursion, choosing each value with probability
// proportional to the count it leaves, so it is uniform over valid
// assignments.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_SPACECOUNTER_H
#define NASIR_TRANSFORMS_SPACECOUNTER_H

#include "lib/Transforms/SpaceLabels.h"
#include "llvm/ADT/DenseMap.h"
#include <climits>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

namespace nasir {
namespace spacemodel {

/// Bits of a count (counts are exact up to 2^kBits, with overflow noted).
constexpr unsigned kBits = 512;

/// Counts per number of edges (one bucket when edges are not bounded).
using Poly = std::vector<BigCount>;

/// A label fixed by conditioning: a value index, or kNever (no site active).
constexpr int kNever = -1;
using Cond = llvm::StringMap<int>;

/// Labels as a site's suffix spells them: the stems themselves when none
/// takes an iteration part, else spelled out.
struct LabelList {
  const std::vector<std::string> *stems = nullptr;
  std::vector<std::string> spelled;
  const std::vector<std::string> &get() const {
    return stems ? *stems : spelled;
  }
};

/// The counting recursion over a model's tree, with its memos; sampling
/// follows it (SpaceSample.cpp).
struct Counter {
  const SpaceModel &model;
  unsigned buckets;
  bool overflow = false;
  /// The tracked labels of a site's subtree that its suffix decides (labels
  /// occurring at several sites, shared by iterations, or named by a
  /// predicate): only these need conditioning. Deeper ones belong to one
  /// iteration of a repeat inside and are conditioned there.
  struct Tracked {
    std::vector<std::string> stems;
    std::vector<unsigned> parts;
    bool plain = true; // no parts
  };
  llvm::DenseMap<const Site *, Tracked> sharedIn;

  LabelList shared(const Site *s, llvm::StringRef suffix) const {
    static const std::vector<std::string> none;
    LabelList r;
    auto it = sharedIn.find(s);
    if (it == sharedIn.end()) {
      r.stems = &none;
    } else if (it->second.plain) {
      r.stems = &it->second.stems;
    } else {
      auto [entry, inserted] = spelledIn[s].try_emplace(suffix);
      if (inserted)
        for (auto [stem, parts] : llvm::zip(it->second.stems, it->second.parts))
          entry->second.push_back((stem + prefixParts(suffix, parts)).str());
      r.stems = &entry->second;
    }
    return r;
  }
  /// The spelled lists, per site and iteration suffix (entries do not move).
  mutable llvm::DenseMap<const Site *,
                         llvm::StringMap<std::vector<std::string>>>
      spelledIn;
  bool tracksAny(const Site *s) const {
    auto it = sharedIn.find(s);
    return it != sharedIn.end() && !it->second.stems.empty();
  }

  llvm::DenseMap<const Site *, Poly> cache;
  /// Counts of subtrees under conditioning, keyed by the conditioned values of
  /// the tracked labels in the subtree (all that the count depends on; the
  /// iteration a subtree is reached in does not matter).
  std::map<std::pair<const Site *, std::vector<int>>, Poly> condCache;
  bool cacheEnabled = true;

  /// The labels conditioned by countWith and reaches: one iteration's label
  /// makes the iterations on its path differ from the others, which are
  /// counted (and memoized) as usual.
  struct Pin {
    std::string label;                 // as decisions spell it
    std::string suffix;                // its iteration parts
    std::vector<int64_t> indices;      // outermost first
    std::vector<const Site *> repeats; // the repeats giving them
  };
  std::vector<Pin> pins;
  /// Counts on a pinned path: keyed also by the iteration (the suffix) and
  /// the pinned labels' conditioned values, which is all that makes them
  /// differ from the same sites elsewhere. Without it, each repeat on the
  /// path would count the pinned iteration again per depth (exponential in
  /// the nesting).
  std::map<std::tuple<std::vector<const Site *>, std::string, std::vector<int>>,
           Poly>
      pinCache;

  /// The key of a count on a pinned path (see pinCache).
  std::tuple<std::vector<const Site *>, std::string, std::vector<int>>
  pinKey(std::vector<const Site *> sites, const Cond &cond,
         llvm::StringRef suffix) const {
    std::vector<int> values;
    for (const Site *s : sites)
      appendKey(shared(s, suffix), cond, values);
    for (const Pin &pin : pins) {
      auto it = cond.find(pin.label);
      values.push_back(it == cond.end() ? INT_MIN : it->second);
    }
    return {std::move(sites), suffix.str(), std::move(values)};
  }

  /// Pins `label` (a label some pattern spells); false when none does.
  bool pinLabel(llvm::StringRef label) {
    std::vector<int64_t> indices;
    const SpaceModel::Pattern *p = findPattern(model.patterns, label, &indices);
    if (!p)
      return false;
    Pin pin;
    pin.label = label.str();
    pin.indices = indices;
    pin.repeats = p->repeats;
    for (int64_t i : indices)
      pin.suffix = iterationSuffix(pin.suffix, i);
    pins.push_back(std::move(pin)); // a label outside repeats pins all
    return true;
  }

  explicit Counter(const SpaceModel &m)
      : model(m), buckets(m.edgesBound >= 0 ? m.edgesBound + 1 : 1),
        memoScopes(m.hasRequires()) {
    collectShared(m.top);
  }

  bool tracked(const Site &s) const {
    std::string key = patternKey(s.label, s.parts);
    return model.occurrences.lookup(key) > 1 ||
           model.constrained.contains(key) || model.crossing.contains(key);
  }

  /// For each site, its subtree's tracked labels (itself included) that it
  /// decides; returns all of its subtree's tracked labels.
  std::set<std::pair<std::string, unsigned>> collectShared(const Scope &scope) {
    std::set<std::pair<std::string, unsigned>> all;
    for (const Site &s : scope.sites) {
      std::set<std::pair<std::string, unsigned>> set;
      if (s.kind == Site::Require)
        for (const std::string &l : s.pred->labels())
          set.insert({l, s.predParts.lookup(l)});
      else if (tracked(s))
        set.insert({s.label, s.parts});
      for (const Scope &c : s.children)
        set.merge(collectShared(c));
      Tracked t;
      for (const auto &[stem, parts] : set) {
        all.insert({stem, parts});
        if (parts > s.level)
          continue;
        t.stems.push_back(stem);
        t.parts.push_back(parts);
        t.plain &= parts == 0;
      }
      if (!t.stems.empty())
        sharedIn[&s] = std::move(t);
    }
    return all;
  }

  int edgesOf(const Site &s, unsigned v) const {
    return model.edgesBound >= 0 ? s.edges[v] : 0;
  }

  Poly zero() const { return Poly(buckets, BigCount(kBits, 0)); }
  Poly one() const {
    Poly p = zero();
    p[0] = BigCount(kBits, 1);
    return p;
  }

  void addShifted(Poly &acc, const Poly &p, int shift) {
    for (unsigned i = 0; i + shift < buckets; ++i) {
      bool ov = false;
      acc[i + shift] = acc[i + shift].uadd_ov(p[i], ov);
      overflow |= ov;
    }
  }

  Poly mul(const Poly &a, const Poly &b) {
    Poly r = zero();
    for (unsigned i = 0; i < buckets; ++i) {
      if (a[i].isZero())
        continue;
      for (unsigned j = 0; i + j < buckets; ++j) {
        bool ov = false;
        BigCount t = a[i].umul_ov(b[j], ov);
        overflow |= ov;
        r[i + j] = r[i + j].uadd_ov(t, ov);
        overflow |= ov;
      }
    }
    return r;
  }

  Poly power(Poly p, int64_t d) {
    Poly r = one();
    for (; d > 0; d >>= 1) {
      if (d & 1)
        r = mul(r, p);
      if (d > 1)
        p = mul(p, p);
    }
    return r;
  }

  /// Whether the conditioning touches a subtree with tracked labels `ls`.
  static bool touches(const LabelList &ls, const Cond &cond) {
    if (cond.empty())
      return false;
    for (const std::string &l : ls.get())
      if (cond.count(l))
        return true;
    return false;
  }

  /// Whether a pinned label may be reached from `suffix` (then nothing
  /// there is memoized).
  bool onPin(llvm::StringRef suffix) const {
    return llvm::any_of(pins, [&](const Pin &pin) {
      return llvm::StringRef(pin.suffix).starts_with(suffix) &&
             (pin.suffix.size() == suffix.size() ||
              pin.suffix[suffix.size()] == '#');
    });
  }

  /// The iterations of repeat `s` that lead to pinned labels, sorted.
  std::vector<int64_t> pinnedIterations(const Site &s,
                                        llvm::StringRef suffix) const {
    std::vector<int64_t> its;
    for (const Pin &pin : pins)
      if (s.level < pin.repeats.size() && pin.repeats[s.level] == &s &&
          prefixParts(pin.suffix, s.level) == suffix)
        its.push_back(pin.indices[s.level]);
    llvm::sort(its);
    its.erase(std::unique(its.begin(), its.end()), its.end());
    return its;
  }

  /// A predicate's value under `cond` (true while a label it names is open).
  bool holds(const Site &s, const Cond &cond, llvm::StringRef suffix) const {
    return s.pred
        ->evaluate([&](llvm::StringRef stem) -> mlir::Attribute {
          std::string spelled;
          llvm::StringRef l = stem;
          if (s.predParts.lookup(stem)) {
            spelled = requireLabelAt(s, stem, suffix);
            l = spelled;
          }
          auto it = cond.find(l);
          const Site *site = model.lookup(l);
          if (it == cond.end() || it->second < 0 || !site)
            return {};
          return site->values[it->second];
        })
        .value_or(true);
  }

  /// The key of a count memoized under conditioning: the values of the
  /// tracked labels `ls`.
  static void appendKey(const LabelList &ls, const Cond &cond,
                        std::vector<int> &key) {
    for (const std::string &l : ls.get()) {
      auto it = cond.find(l);
      key.push_back(it == cond.end() ? INT_MIN : it->second);
    }
  }

  Poly site(const Site &s, const Cond &cond, llvm::StringRef suffix) {
    if (s.kind == Site::Require)
      return holds(s, cond, suffix) ? one() : zero();
    bool pinned = onPin(suffix);
    decltype(pinCache)::key_type atPin;
    if (cacheEnabled && pinned) {
      atPin = pinKey({&s}, cond, suffix);
      if (auto it = pinCache.find(atPin); it != pinCache.end())
        return it->second;
      return pinCache[atPin] = uncached(s, cond, suffix);
    }
    bool memo = cacheEnabled && !pinned;
    LabelList ls = shared(&s, suffix);
    bool cacheable = memo && !touches(ls, cond);
    if (cacheable)
      if (auto it = cache.find(&s); it != cache.end())
        return it->second;
    std::pair<const Site *, std::vector<int>> key;
    if (memo && !cacheable) {
      key.first = &s;
      appendKey(ls, cond, key.second);
      if (auto it = condCache.find(key); it != condCache.end())
        return it->second;
    }
    Poly acc = uncached(s, cond, suffix);
    if (cacheable)
      cache[&s] = acc;
    else if (memo)
      condCache[key] = acc;
    return acc;
  }

  Poly uncached(const Site &s, const Cond &cond, llvm::StringRef suffix) {
    std::string label = labelAt(s, suffix);
    if (s.iterates && s.perIteration) {
      // Condition first the labels that the iterations share: given them,
      // iterations are independent and alike.
      LabelList ls = shared(&s, suffix);
      for (const std::string &l : ls.get())
        if (l != label && !cond.count(l))
          return group({&s}, l, cond, suffix);
    }
    Poly acc = zero();
    auto fixed = cond.find(label);
    for (unsigned v = 0; v < s.values.size(); ++v) {
      if (fixed != cond.end() && fixed->second != int(v))
        continue;
      Cond inner = cond;
      inner[label] = v;
      addShifted(acc, opened(s, v, inner, suffix), edgesOf(s, v));
    }
    return acc;
  }

  std::vector<const Site *> pointers(const Scope &scope) {
    std::vector<const Site *> ptrs;
    for (const Site &s : scope.sites)
      ptrs.push_back(&s);
    return ptrs;
  }

  /// The count of what value `v` of `s` opens, under `inner` (which fixes
  /// the label of `s`).
  Poly opened(const Site &s, unsigned v, const Cond &inner,
              llvm::StringRef suffix) {
    if (!s.iterates)
      return scope(pointers(s.children[v]), inner, suffix);
    int64_t d = depthOf(s, v);
    if (d <= 0)
      return one();
    auto body = pointers(s.children[0]);
    if (!s.perIteration)
      return scope(body, inner, suffix);
    // Pinned iterations are counted one by one; the others are alike.
    std::vector<int64_t> special = pinnedIterations(s, suffix);
    llvm::erase_if(special, [&](int64_t i) { return i >= d; });
    int64_t plain = 0; // the first iteration that is not pinned
    while (llvm::is_contained(special, plain))
      ++plain;
    Poly p = one();
    for (int64_t i : special)
      p = mul(p, scope(body, inner, iterationSuffix(suffix, i)));
    int64_t rest = d - int64_t(special.size());
    if (rest > 0)
      p = mul(p,
              power(scope(body, inner, iterationSuffix(suffix, plain)), rest));
    return p;
  }

  /// Groups the sites of a scope into independent components: two sites are
  /// in one component when their subtrees share an unconditioned label.
  std::vector<std::vector<const Site *>>
  components(const std::vector<const Site *> &sites, const Cond &cond,
             llvm::StringRef suffix, std::vector<std::string> &sharedLabel) {
    std::vector<int> parent(sites.size());
    std::iota(parent.begin(), parent.end(), 0);
    std::function<int(int)> find = [&](int x) {
      return parent[x] == x ? x : parent[x] = find(parent[x]);
    };
    std::vector<LabelList> lists;
    for (const Site *s : sites)
      lists.push_back(shared(s, suffix));
    llvm::StringMap<int> owner;
    for (int i = 0; i < int(sites.size()); ++i)
      for (const std::string &l : lists[i].get()) {
        if (cond.count(l))
          continue;
        auto [it, inserted] = owner.try_emplace(l, i);
        if (!inserted)
          parent[find(i)] = find(it->second);
      }
    std::vector<std::vector<const Site *>> groups;
    llvm::DenseMap<int, int> groupOf;
    for (int i = 0; i < int(sites.size()); ++i) {
      auto [it, inserted] = groupOf.try_emplace(find(i), groups.size());
      if (inserted)
        groups.emplace_back();
      groups[it->second].push_back(sites[i]);
    }
    // For each group, a label shared by two of its sites (if any).
    sharedLabel.assign(groups.size(), "");
    for (auto [g, group] : llvm::enumerate(groups)) {
      if (group.size() < 2)
        continue;
      llvm::StringMap<int> seen;
      std::string best;
      for (const Site *s : group) {
        LabelList ls = shared(s, suffix);
        for (const std::string &l : ls.get())
          if (!cond.count(l) && ++seen[l] == 2 && best.empty())
            best = l;
      }
      // Prefer a label that one of the group's sites carries directly: it is
      // active whenever the scope is, so no inclusion-exclusion is needed.
      for (const Site *s : group) {
        std::string l = labelAt(*s, suffix);
        if (s->kind != Site::Require && seen.lookup(l) >= 2) {
          best = l;
          break;
        }
      }
      sharedLabel[g] = best;
    }
    return groups;
  }

  bool carries(const std::vector<const Site *> &sites, llvm::StringRef label,
               llvm::StringRef suffix) const {
    return llvm::any_of(sites, [&](const Site *s) {
      return s->kind != Site::Require && labelAt(*s, suffix) == label;
    });
  }

  Poly group(const std::vector<const Site *> &sites, const std::string &label,
             const Cond &cond, llvm::StringRef suffix) {
    if (label.empty()) {
      Poly p = one();
      for (const Site *s : sites)
        p = mul(p, site(*s, cond, suffix));
      return p;
    }
    const Site *dom = model.lookup(label);
    bool direct = carries(sites, label, suffix);
    Poly acc = zero();
    for (unsigned v = 0; v < dom->values.size(); ++v) {
      Cond c = cond;
      c[label] = v;
      addShifted(acc, scope(sites, c, suffix), 0);
    }
    if (!direct) {
      Cond c = cond;
      c[label] = kNever;
      Poly never = scope(sites, c, suffix);
      BigCount times(kBits, dom->values.size() - 1);
      for (unsigned i = 0; i < buckets; ++i)
        acc[i] -= never[i] * times;
    }
    return acc;
  }

  Poly scope(const std::vector<const Site *> &sites, const Cond &cond,
             llvm::StringRef suffix) {
    // Keyed like condCache: the sites and the conditioned values of their
    // tracked labels.
    std::pair<std::vector<const Site *>, std::vector<int>> key;
    bool pinned = onPin(suffix);
    if (cacheEnabled && pinned) {
      auto atPin = pinKey(sites, cond, suffix);
      if (auto it = pinCache.find(atPin); it != pinCache.end())
        return it->second;
      return pinCache[atPin] = product(sites, cond, suffix);
    }
    bool memo = memoScopes && cacheEnabled && !cond.empty() && !pinned;
    if (memo) {
      key.first = sites;
      for (const Site *s : sites)
        appendKey(shared(s, suffix), cond, key.second);
      if (auto it = scopeCache.find(key); it != scopeCache.end())
        return it->second;
    }
    Poly p = product(sites, cond, suffix);
    if (memo)
      scopeCache[key] = p;
    return p;
  }

  /// The count of a scope's sites: the product over its independent groups.
  Poly product(const std::vector<const Site *> &sites, const Cond &cond,
               llvm::StringRef suffix) {
    std::vector<std::string> labels;
    auto groups = components(sites, cond, suffix, labels);
    Poly p = one();
    for (auto [g, label] : llvm::zip(groups, labels))
      p = mul(p, group(g, label, cond, suffix));
    return p;
  }
  /// Only with predicates: they chain conditionings (a label, then the next
  /// one its predicate names), which the scope memo cuts from exponential to
  /// one count per key; without, the map costs more than it saves.
  bool memoScopes = false;
  std::map<std::pair<std::vector<const Site *>, std::vector<int>>, Poly>
      scopeCache;

  /// Running sums of a site's per-value counts (unconditioned, one bucket),
  /// in 64 bits when they fit.
  struct Cumulative {
    std::vector<uint64_t> small; // empty when the total needs > 63 bits
    std::vector<BigCount> big;
  };
  llvm::DenseMap<const Site *, std::unique_ptr<Cumulative>> cumulativeCache;

  const Cumulative &cumulative(const Site &s, llvm::StringRef suffix) {
    auto &slot = cumulativeCache[&s];
    if (slot)
      return *slot;
    auto made = std::make_unique<Cumulative>();
    BigCount run(kBits, 0);
    for (unsigned v = 0; v < s.values.size(); ++v) {
      Cond inner;
      inner[labelAt(s, suffix)] = v;
      run += opened(s, v, inner, suffix)[0];
      made->big.push_back(run);
    }
    if (run.getActiveBits() < 63)
      for (const BigCount &b : made->big)
        made->small.push_back(b.getZExtValue());
    auto &filled = cumulativeCache[&s]; // `slot` may have moved
    filled = std::move(made);
    return *filled;
  }

  BigCount total(const Poly &p) {
    BigCount t(kBits, 0);
    for (const BigCount &c : p)
      t += c;
    return t;
  }
};

} // namespace spacemodel
} // namespace nasir

#endif
