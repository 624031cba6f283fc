//===- SpaceModel.cpp - counting, sampling, mutation, enumeration ---------===//
//
// Counting is a product over the sites of a scope and a sum over the values of
// a site, with two refinements:
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
// Sampling follows the same recursion, choosing each value with probability
// proportional to the count it leaves, so it is uniform over valid
// assignments.
//
//===----------------------------------------------------------------------===//
#include "lib/Transforms/SpaceModel.h"
#include "lib/Transforms/Specialize.h"
#include "lib/Transforms/TypeSets.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include <algorithm>
#include <climits>
#include <map>
#include <numeric>

using namespace mlir;
using namespace nasir;

static constexpr unsigned kBits = 512;

std::string nasir::toString(const BigCount &n) {
  llvm::SmallString<160> s;
  n.toStringUnsigned(s, 10);
  return std::string(s);
}

//===----------------------------------------------------------------------===//
// Building the tree
//===----------------------------------------------------------------------===//

static void collectSubsets(int n, int lo, int hi, Builder &b, Site &site) {
  for (int size = lo; size <= hi; ++size) {
    std::vector<int> idx(size);
    std::iota(idx.begin(), idx.end(), 0);
    while (true) {
      SmallVector<Attribute> elems;
      for (int i : idx)
        elems.push_back(b.getI64IntegerAttr(i));
      site.values.push_back(b.getArrayAttr(elems));
      site.edges.push_back(size);
      site.children.emplace_back();
      int k = size - 1;
      while (k >= 0 && idx[k] == n - size + k)
        --k;
      if (k < 0)
        break;
      ++idx[k];
      for (int j = k + 1; j < size; ++j)
        idx[j] = idx[j - 1] + 1;
    }
  }
}

static void buildScope(Block &block, const std::string &suffix, Scope &out);

/// A nas.require as a site of its scope, naming the model's labels.
static void buildRequire(nas::RequireOp req, const std::string &suffix,
                         Scope &out) {
  auto pred = req.parsePredicate();
  if (!pred)
    return; // the verifier reports it
  pred->renameLabels(
      [&](StringRef label) { return requireLabel(req, label, suffix); });
  out.sites.push_back(Site{Site::Require, "", {}, {}, {}, req.getLoc(),
                           std::make_shared<const nas::Predicate>(*pred)});
}

static void buildOp(Operation &op, const std::string &suffix, Scope &out) {
  Builder b(op.getContext());
  if (auto req = dyn_cast<nas::RequireOp>(op))
    return buildRequire(req, suffix, out);
  if (auto choice = dyn_cast<nas::ChoiceOp>(op)) {
    Site s{Site::Choice, siteLabel(choice, suffix), {}, {}, {}, op.getLoc()};
    for (auto [opt, region] :
         llvm::zip(choice.getOptions(), choice.getAlternatives())) {
      s.values.push_back(opt);
      s.edges.push_back(0);
      s.children.emplace_back();
      buildScope(region.front(), suffix, s.children.back());
    }
    out.sites.push_back(std::move(s));
    return;
  }
  if (auto repeat = dyn_cast<nas::RepeatOp>(op)) {
    Site s{Site::Repeat, repeat.getLabel().str() + suffix, {}, {}, {}, op.getLoc()};
    for (int64_t d : repeat.getDepths()) {
      s.values.push_back(b.getI64IntegerAttr(d));
      s.edges.push_back(0);
      s.children.emplace_back();
      for (int64_t i = 0; i < d; ++i)
        buildScope(repeat.getBody().front(),
                   repeat.getShared() ? suffix
                                      : suffix + "#" + std::to_string(i),
                   s.children.back());
    }
    out.sites.push_back(std::move(s));
    return;
  }
  if (auto select = dyn_cast<nas::SelectOp>(op)) {
    Site s{Site::Select, select.getLabel().str() + suffix, {}, {}, {}, op.getLoc()};
    collectSubsets(select.getInputs().size(), select.getMin(), select.getMax(),
                   b, s);
    out.sites.push_back(std::move(s));
    return;
  }
  for (Region &r : op.getRegions())
    for (Block &blk : r)
      buildScope(blk, suffix, out);
}

static void buildScope(Block &block, const std::string &suffix, Scope &out) {
  for (Operation &op : block)
    buildOp(op, suffix, out);
}

/// Merges sibling sites that share a label (one decision, children joined).
static void mergeSiblings(Scope &scope) {
  std::vector<Site> merged;
  llvm::StringMap<size_t> index;
  for (Site &s : scope.sites) {
    if (s.kind == Site::Require) {
      merged.push_back(std::move(s));
      continue;
    }
    auto [it, inserted] = index.try_emplace(s.label, merged.size());
    if (inserted) {
      merged.push_back(std::move(s));
      continue;
    }
    Site &into = merged[it->second];
    for (size_t v = 0; v < into.children.size() && v < s.children.size(); ++v)
      for (Site &c : s.children[v].sites)
        into.children[v].sites.push_back(std::move(c));
  }
  scope.sites = std::move(merged);
  for (Site &s : scope.sites)
    for (Scope &c : s.children)
      mergeSiblings(c);
}

static void indexLabels(const Scope &scope, llvm::StringMap<const Site *> &by,
                        llvm::StringMap<unsigned> &occ,
                        llvm::StringSet<> &constrained, bool &anyRequire) {
  for (const Site &s : scope.sites) {
    if (s.kind == Site::Require) {
      anyRequire = true;
      for (const std::string &l : s.pred->labels())
        constrained.insert(l);
      continue;
    }
    by.try_emplace(s.label, &s);
    ++occ[s.label];
    for (const Scope &c : s.children)
      indexLabels(c, by, occ, constrained, anyRequire);
  }
}

std::unique_ptr<SpaceModel> SpaceModel::build(nas::SpaceOp space) {
  auto m = std::make_unique<SpaceModel>();
  m->ctx = space.getContext();
  buildScope(space.getBlock(), "", m->top);
  mergeSiblings(m->top);
  for (auto c : space.getBlock().getOps<nas::ConstraintOp>()) {
    if (c.getMetric() == "fits") {
      // Each combination of decisions whose shapes do not fit is ruled out
      // like a nas.require of the top scope.
      for (auto &[loc, pred] : fitsExclusions(space))
        m->top.sites.push_back(
            Site{Site::Require,
                 "",
                 {},
                 {},
                 {},
                 loc,
                 std::make_shared<const nas::Predicate>(pred)});
      continue;
    }
    int64_t &bound = c.getMetric() == "params"  ? m->paramsBound
                     : c.getMetric() == "flops" ? m->flopsBound
                                                : m->edgesBound;
    bound = bound < 0 ? c.getBound() : std::min<int64_t>(bound, c.getBound());
  }
  indexLabels(m->top, m->byLabel, m->occurrences, m->constrained,
              m->anyRequire);
  return m;
}

//===----------------------------------------------------------------------===//
// Counting
//===----------------------------------------------------------------------===//

namespace {
/// Counts per number of edges (one bucket when edges are not bounded).
using Poly = std::vector<BigCount>;

/// A label fixed by conditioning: a value index, or kNever (no site active).
constexpr int kNever = -1;
using Cond = llvm::StringMap<int>;
} // namespace

struct SpaceModel::Counter {
  const SpaceModel &model;
  unsigned buckets;
  bool overflow = false;
  /// Labels occurring at more than one site: only these need conditioning.
  llvm::DenseMap<const Site *, std::vector<std::string>> sharedIn;
  const std::vector<std::string> &shared(const Site *s) const {
    static const std::vector<std::string> none;
    auto it = sharedIn.find(s);
    return it == sharedIn.end() ? none : it->second;
  }
  llvm::DenseMap<const Site *, Poly> cache;
  /// Counts of subtrees under conditioning, keyed by the conditioned values of
  /// the tracked labels in the subtree (all that the count depends on).
  std::map<std::pair<const Site *, std::vector<int>>, Poly> condCache;
  /// Off when conditioning on labels that occur once (countWith): the cache
  /// keys only on conditioned multi-site labels.
  bool cacheEnabled = true;

  explicit Counter(const SpaceModel &m)
      : model(m), buckets(m.edgesBound >= 0 ? m.edgesBound + 1 : 1),
        memoScopes(m.hasRequires()) {
    collectShared(m.top);
  }

  /// For each site, the multi-site labels in its subtree (itself included).
  void collectShared(const Scope &scope) {
    for (const Site &s : scope.sites) {
      llvm::StringSet<> set;
      if (s.kind == Site::Require)
        for (const std::string &l : s.pred->labels())
          set.insert(l);
      else if (model.occurrences.lookup(s.label) > 1 ||
               model.constrained.contains(s.label))
        set.insert(s.label);
      for (const Scope &c : s.children) {
        collectShared(c);
        for (const Site &cs : c.sites)
          for (const std::string &l : sharedIn[&cs])
            set.insert(l);
      }
      auto &vec = sharedIn[&s];
      for (auto &e : set)
        vec.push_back(e.getKey().str());
      llvm::sort(vec);
    }
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

  /// Whether the conditioning touches the subtree of `s`.
  bool touches(const Site &s, const Cond &cond) const {
    if (cond.empty())
      return false;
    for (const std::string &l : shared(&s))
      if (cond.count(l))
        return true;
    return false;
  }

  /// A predicate's value under `cond` (true while a label it names is open).
  bool holds(const Site &s, const Cond &cond) const {
    return s.pred
        ->evaluate([&](StringRef l) -> Attribute {
          auto it = cond.find(l);
          const Site *site = model.byLabel.lookup(l);
          if (it == cond.end() || it->second < 0 || !site)
            return {};
          return site->values[it->second];
        })
        .value_or(true);
  }

  Poly site(const Site &s, const Cond &cond) {
    if (s.kind == Site::Require)
      return holds(s, cond) ? one() : zero();
    bool cacheable = cacheEnabled && !touches(s, cond);
    if (cacheable)
      if (auto it = cache.find(&s); it != cache.end())
        return it->second;
    std::pair<const Site *, std::vector<int>> key;
    if (cacheEnabled && !cacheable) {
      key.first = &s;
      for (const std::string &l : shared(&s)) {
        auto it = cond.find(l);
        key.second.push_back(it == cond.end() ? INT_MIN : it->second);
      }
      if (auto it = condCache.find(key); it != condCache.end())
        return it->second;
    }
    Poly acc = zero();
    auto fixed = cond.find(s.label);
    for (unsigned v = 0; v < s.values.size(); ++v) {
      if (fixed != cond.end() && fixed->second != int(v))
        continue;
      Cond inner = cond;
      inner[s.label] = v;
      addShifted(acc, scope(s.children[v].sites, inner), edgesOf(s, v));
    }
    if (cacheable)
      cache[&s] = acc;
    else if (cacheEnabled)
      condCache[key] = acc;
    return acc;
  }

  /// Groups the sites of a scope into independent components: two sites are
  /// in one component when their subtrees share an unconditioned label.
  std::vector<std::vector<const Site *>>
  components(const std::vector<const Site *> &sites, const Cond &cond,
             std::vector<std::string> &sharedLabel) {
    std::vector<int> parent(sites.size());
    std::iota(parent.begin(), parent.end(), 0);
    std::function<int(int)> find = [&](int x) {
      return parent[x] == x ? x : parent[x] = find(parent[x]);
    };
    llvm::StringMap<int> owner;
    llvm::StringMap<std::string> linkLabel;
    for (int i = 0; i < int(sites.size()); ++i)
      for (const std::string &l : shared(sites[i])) {
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
      for (const Site *s : group)
        for (const std::string &l : shared(s))
          if (!cond.count(l) && ++seen[l] == 2 && best.empty())
            best = l;
      // Prefer a label that one of the group's sites carries directly: it is
      // active whenever the scope is, so no inclusion-exclusion is needed.
      for (const Site *s : group)
        if (seen.lookup(s->label) >= 2) {
          best = s->label;
          break;
        }
      sharedLabel[g] = best;
    }
    return groups;
  }

  Poly group(const std::vector<const Site *> &sites, const std::string &label,
             const Cond &cond) {
    if (label.empty()) {
      Poly p = one();
      for (const Site *s : sites)
        p = mul(p, site(*s, cond));
      return p;
    }
    const Site *dom = model.byLabel.lookup(label);
    bool direct = llvm::any_of(sites, [&](const Site *s) { return s->label == label; });
    Poly acc = zero();
    for (unsigned v = 0; v < dom->values.size(); ++v) {
      Cond c = cond;
      c[label] = v;
      addShifted(acc, scope(sites, c), 0);
    }
    if (!direct) {
      Cond c = cond;
      c[label] = kNever;
      Poly never = scope(sites, c);
      BigCount times(kBits, dom->values.size() - 1);
      for (unsigned i = 0; i < buckets; ++i)
        acc[i] -= never[i] * times;
    }
    return acc;
  }

  Poly scope(const std::vector<Site> &sites, const Cond &cond) {
    std::vector<const Site *> ptrs;
    for (const Site &s : sites)
      ptrs.push_back(&s);
    return scope(ptrs, cond);
  }

  Poly scope(const std::vector<const Site *> &sites, const Cond &cond) {
    // Keyed like condCache: the sites and the conditioned values of their
    // tracked labels.
    std::pair<std::vector<const Site *>, std::vector<int>> key;
    bool memo = memoScopes && cacheEnabled && !cond.empty();
    if (memo) {
      key.first = sites;
      for (const Site *s : sites)
        for (const std::string &l : shared(s)) {
          auto it = cond.find(l);
          key.second.push_back(it == cond.end() ? INT_MIN : it->second);
        }
      if (auto it = scopeCache.find(key); it != scopeCache.end())
        return it->second;
    }
    std::vector<std::string> labels;
    auto groups = components(sites, cond, labels);
    Poly p = one();
    for (auto [g, label] : llvm::zip(groups, labels))
      p = mul(p, group(g, label, cond));
    if (memo)
      scopeCache[key] = p;
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

  const Cumulative &cumulative(const Site &s) {
    auto &slot = cumulativeCache[&s];
    if (slot)
      return *slot;
    slot = std::make_unique<Cumulative>();
    BigCount run(kBits, 0);
    for (unsigned v = 0; v < s.values.size(); ++v) {
      Cond inner;
      inner[s.label] = v;
      run += scope(s.children[v].sites, inner)[0];
      slot->big.push_back(run);
    }
    if (run.getActiveBits() < 63)
      for (const BigCount &b : slot->big)
        slot->small.push_back(b.getZExtValue());
    return *slot;
  }

  BigCount total(const Poly &p) {
    BigCount t(kBits, 0);
    for (const BigCount &c : p)
      t += c;
    return t;
  }
};

SpaceModel::~SpaceModel() = default;

SpaceModel::Counter &SpaceModel::counter() const {
  if (!cachedCounter)
    cachedCounter = std::make_unique<Counter>(*this);
  return *cachedCounter;
}

BigCount SpaceModel::count(bool *overflow) const {
  Counter &c = counter();
  BigCount n = c.total(c.scope(top.sites, {}));
  if (overflow)
    *overflow = c.overflow;
  return n;
}

BigCount SpaceModel::countWith(StringRef label, unsigned v) const {
  Counter c(*this);
  c.cacheEnabled = false;
  Cond with, never;
  with[label] = v;
  never[label] = kNever;
  return c.total(c.scope(top.sites, with)) - c.total(c.scope(top.sites, never));
}

bool SpaceModel::reaches(const llvm::StringMap<std::vector<unsigned>> &allowed,
                         Assignment *witness) const {
  Counter c(*this);
  c.cacheEnabled = false;
  std::vector<std::string> labels;
  for (auto &e : allowed)
    labels.push_back(e.getKey().str());
  llvm::sort(labels);
  // Counting under `pick` admits assignments where a picked label's site is
  // inactive: inclusion-exclusion over the labels made inactive leaves those
  // where all are active (beyond 10 labels, the conditions the verifier asks
  // about name the alternatives that activate their sites: count > 0).
  Cond pick;
  auto activeCount = [&]() {
    BigCount n = c.total(c.scope(top.sites, pick));
    if (n.isZero() || labels.size() > 10)
      return n;
    for (unsigned mask = 1; mask < (1u << labels.size()); ++mask) {
      Cond never = pick;
      for (unsigned i = 0; i < labels.size(); ++i)
        if (mask >> i & 1)
          never[labels[i]] = kNever;
      BigCount m = c.total(c.scope(top.sites, never));
      n = llvm::popcount(mask) % 2 ? n - m : n + m;
    }
    return n;
  };
  std::function<bool(size_t)> go = [&](size_t k) {
    if (k == labels.size())
      return !activeCount().isZero();
    for (unsigned v : allowed.lookup(labels[k])) {
      pick[labels[k]] = v;
      if (go(k + 1)) {
        if (witness)
          (*witness)[labels[k]] = v;
        return true;
      }
    }
    pick.erase(labels[k]);
    return false;
  };
  return go(0);
}

//===----------------------------------------------------------------------===//
// Sampling
//===----------------------------------------------------------------------===//

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
  SpaceModel::Counter &c;
  std::mt19937_64 &rng;
  Assignment &out;

  /// Samples the sites of a scope with exactly `e` edges in all.
  void scope(const std::vector<const Site *> &sites, const Cond &cond, int e) {
    // Fast path: without an edges bound, a site with no shared label below it
    // is independent of everything else: draw its value by its cached counts.
    if (c.buckets == 1 && llvm::all_of(sites, [&](const Site *s) {
          return c.shared(s).empty();
        })) {
      for (const Site *s : sites)
        independent(*s);
      return;
    }
    std::vector<std::string> labels;
    auto groups = c.components(sites, cond, labels);
    std::vector<Poly> polys;
    for (auto [g, label] : llvm::zip(groups, labels))
      polys.push_back(c.group(g, label, cond));
    // Split the edges between groups, front to back.
    for (size_t i = 0; i < groups.size(); ++i) {
      Poly rest = c.one();
      for (size_t j = i + 1; j < groups.size(); ++j)
        rest = c.mul(rest, polys[j]);
      std::vector<BigCount> w;
      for (int ei = 0; ei <= e; ++ei)
        w.push_back(polys[i][ei] * rest[e - ei]);
      int ei = pickWeighted(w, rng);
      group(groups[i], labels[i], cond, ei);
      e -= ei;
    }
  }

  /// Draws a site (and what it opens) that shares no label with the rest.
  void independent(const Site &s) {
    const SpaceModel::Counter::Cumulative &w = c.cumulative(s);
    unsigned v;
    if (!w.small.empty()) {
      uint64_t r = std::uniform_int_distribution<uint64_t>(0, w.small.back() - 1)(rng);
      v = std::upper_bound(w.small.begin(), w.small.end(), r) - w.small.begin();
    } else {
      BigCount r = randomBelow(w.big.back(), rng);
      v = std::upper_bound(w.big.begin(), w.big.end(), r,
                           [](const BigCount &a, const BigCount &b) {
                             return a.ult(b);
                           }) -
          w.big.begin();
    }
    out[s.label] = v;
    for (const Site &k : s.children[v].sites)
      independent(k);
  }

  void group(const std::vector<const Site *> &sites, const std::string &label,
             const Cond &cond, int e) {
    if (label.empty()) {
      scopeIndependent(sites, cond, e);
      return;
    }
    const Site *dom = c.model.labels().lookup(label);
    bool direct = llvm::any_of(sites, [&](const Site *s) { return s->label == label; });
    std::vector<BigCount> w;
    Poly never;
    if (!direct) {
      Cond cn = cond;
      cn[label] = kNever;
      never = c.scope(sites, cn);
    }
    for (unsigned v = 0; v < dom->values.size(); ++v) {
      Cond cv = cond;
      cv[label] = v;
      BigCount n = c.scope(sites, cv)[e];
      w.push_back(direct ? n : n - never[e]);
    }
    if (!direct)
      w.push_back(never[e]);
    int v = pickWeighted(w, rng);
    Cond cv = cond;
    cv[label] = v < int(dom->values.size()) ? v : kNever;
    while (true) {
      Assignment saved = out;
      scope(sites, cv, e);
      // Conditioned on L = v, keep only draws in which an L-site is active.
      if (direct || cv[label] == kNever || out.count(label))
        return;
      out = std::move(saved);
    }
  }

  void scopeIndependent(const std::vector<const Site *> &sites,
                        const Cond &cond, int e) {
    std::vector<Poly> polys;
    for (const Site *s : sites)
      polys.push_back(c.site(*s, cond));
    for (size_t i = 0; i < sites.size(); ++i) {
      Poly rest = c.one();
      for (size_t j = i + 1; j < sites.size(); ++j)
        rest = c.mul(rest, polys[j]);
      std::vector<BigCount> w;
      for (int ei = 0; ei <= e; ++ei)
        w.push_back(polys[i][ei] * rest[e - ei]);
      int ei = pickWeighted(w, rng);
      site(*sites[i], cond, ei);
      e -= ei;
    }
  }

  void site(const Site &s, const Cond &cond, int e) {
    if (s.kind == Site::Require)
      return; // its count (1) already ruled out the draws it forbids
    auto fixed = cond.find(s.label);
    std::vector<BigCount> w;
    for (unsigned v = 0; v < s.values.size(); ++v) {
      int ev = c.edgesOf(s, v);
      if ((fixed != cond.end() && fixed->second != int(v)) || ev > e) {
        w.push_back(BigCount(kBits, 0));
        continue;
      }
      Cond inner = cond;
      inner[s.label] = v;
      w.push_back(c.scope(s.children[v].sites, inner)[e - ev]);
    }
    int v = pickWeighted(w, rng);
    out[s.label] = v;
    Cond inner = cond;
    inner[s.label] = v;
    std::vector<const Site *> kids;
    for (const Site &k : s.children[v].sites)
      kids.push_back(&k);
    scope(kids, inner, e - c.edgesOf(s, v));
  }
};
} // namespace

Assignment SpaceModel::sample(std::mt19937_64 &rng) const {
  Counter &c = counter();
  std::vector<const Site *> sites;
  for (const Site &s : top.sites)
    sites.push_back(&s);
  Poly total = c.scope(sites, {});
  int e = pickWeighted(total, rng);
  Assignment a;
  if (e < 0)
    return a; // no valid candidate
  Sampler{c, rng, a}.scope(sites, {}, e);
  return a;
}

//===----------------------------------------------------------------------===//
// Walking an assignment
//===----------------------------------------------------------------------===//

/// Visits the active sites of `a` in canonical order. `pick` returns the value
/// index to follow for a site (or -1 to stop descending there).
static void walkActive(const Scope &scope,
                       const std::function<int(const Site &)> &pick) {
  for (const Site &s : scope.sites) {
    if (s.kind == Site::Require)
      continue;
    int v = pick(s);
    if (v >= 0 && v < int(s.children.size()))
      walkActive(s.children[v], pick);
  }
}

bool SpaceModel::isComplete(const Assignment &a, std::string &error) const {
  error.clear();
  walkActive(top, [&](const Site &s) -> int {
    auto it = a.find(s.label);
    if (it == a.end()) {
      if (error.empty())
        error = "no decision for '" + s.label + "'";
      return -1;
    }
    return it->second;
  });
  return error.empty();
}

int64_t SpaceModel::edgesOf(const Assignment &a) const {
  int64_t e = 0;
  walkActive(top, [&](const Site &s) -> int {
    auto it = a.find(s.label);
    if (it == a.end())
      return -1;
    e += s.edges[it->second];
    return it->second;
  });
  return e;
}

bool SpaceModel::satisfies(const Assignment &a, std::string *why) const {
  if (edgesBound >= 0) {
    int64_t e = edgesOf(a);
    if (e > edgesBound) {
      if (why)
        *why = "it has " + std::to_string(e) + " edges, over edges <= " +
               std::to_string(edgesBound);
      return false;
    }
  }
  if (!anyRequire)
    return true;
  auto value = [&](StringRef l) -> Attribute {
    auto it = a.find(l);
    const Site *s = byLabel.lookup(l);
    return it != a.end() && s && it->second < s->values.size()
               ? s->values[it->second]
               : Attribute();
  };
  std::function<bool(const Scope &)> walk = [&](const Scope &scope) {
    for (const Site &s : scope.sites) {
      if (s.kind == Site::Require) {
        if (s.pred->evaluate(value).value_or(true))
          continue;
        if (why)
          *why = "it violates " +
                 describeViolation(s.pred->str(), *s.pred, value);
        return false;
      }
      auto it = a.find(s.label);
      if (it != a.end() && it->second < s.children.size() &&
          !walk(s.children[it->second]))
        return false;
    }
    return true;
  };
  return walk(top);
}

/// Restricts `a` to its active labels, sampling values for active sites that
/// have none (uniformly among the site's values).
static Assignment completeActive(const Scope &top, const Assignment &a,
                                 std::mt19937_64 &rng) {
  Assignment out;
  walkActive(top, [&](const Site &s) -> int {
    if (auto it = out.find(s.label); it != out.end())
      return it->second;
    auto it = a.find(s.label);
    unsigned v = it != a.end() ? it->second
                               : std::uniform_int_distribution<unsigned>(
                                     0, s.values.size() - 1)(rng);
    out[s.label] = v;
    return v;
  });
  return out;
}

Assignment SpaceModel::samplePerDecision(std::mt19937_64 &rng) const {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    Assignment a = completeActive(top, {}, rng);
    if (satisfies(a))
      return a;
  }
  // The constraints reject nearly every draw: fall back to exact sampling.
  return sample(rng);
}

bool SpaceModel::mutate(const Assignment &parent, unsigned k,
                        std::mt19937_64 &rng, Assignment &child,
                        std::string &error) const {
  std::vector<const Site *> mutable_;
  llvm::StringSet<> seen;
  walkActive(top, [&](const Site &s) -> int {
    auto it = parent.find(s.label);
    if (it == parent.end())
      return -1;
    if (s.values.size() > 1 && seen.insert(s.label).second)
      mutable_.push_back(&s);
    return it->second;
  });
  if (mutable_.empty()) {
    error = "nothing to mutate: every active decision has a single option";
    return false;
  }
  k = std::min<unsigned>(std::max(k, 1u), mutable_.size());
  for (int attempt = 0; attempt < 1000; ++attempt) {
    std::vector<const Site *> pick = mutable_;
    std::shuffle(pick.begin(), pick.end(), rng);
    Assignment a = parent;
    for (unsigned i = 0; i < k; ++i) {
      const Site *s = pick[i];
      unsigned old = a[s->label];
      unsigned v = std::uniform_int_distribution<unsigned>(
          0, s->values.size() - 2)(rng);
      a[s->label] = v >= old ? v + 1 : v;
    }
    // Drop decisions the change deactivated; sample the sites it opened.
    child = completeActive(top, a, rng);
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
    walkActive(top, [&](const Site &s) -> int {
      if (auto it = mix.find(s.label); it != mix.end())
        return it->second;
      const Assignment &first = rng() & 1 ? a : b, &second = &first == &a ? b : a;
      auto it = first.find(s.label);
      if (it == first.end())
        it = second.find(s.label);
      unsigned v = it != first.end() && it != second.end()
                       ? it->second
                       : std::uniform_int_distribution<unsigned>(
                             0, s.values.size() - 1)(rng);
      mix[s.label] = v;
      return v;
    });
    if (satisfies(mix))
      return mix;
  }
  return a;
}

void SpaceModel::enumerate(
    const std::function<bool(const Assignment &)> &fn) const {
  // Depth-first over a stack of pending sites; a label already decided on
  // this path is forced, so every assignment is produced exactly once.
  Assignment a;
  std::vector<const Site *> pending;
  for (auto it = top.sites.rbegin(); it != top.sites.rend(); ++it)
    pending.push_back(&*it);
  bool stop = false;
  std::function<void(int64_t)> go = [&](int64_t edges) {
    if (stop)
      return;
    if (edgesBound >= 0 && edges > edgesBound)
      return;
    if (pending.empty()) {
      if (!anyRequire || satisfies(a))
        stop = !fn(a);
      return;
    }
    const Site *s = pending.back();
    pending.pop_back();
    if (s->kind == Site::Require) { // checked on the complete assignment
      go(edges);
      pending.push_back(s);
      return;
    }
    auto visit = [&](unsigned v) {
      const Scope &kids = s->children[v];
      for (auto it = kids.sites.rbegin(); it != kids.sites.rend(); ++it)
        pending.push_back(&*it);
      go(edges + s->edges[v]);
      pending.resize(pending.size() - kids.sites.size());
    };
    if (auto it = a.find(s->label); it != a.end()) {
      visit(it->second);
    } else {
      for (unsigned v = 0; v < s->values.size() && !stop; ++v) {
        a[s->label] = v;
        visit(v);
      }
      a.erase(s->label);
    }
    pending.push_back(s);
  };
  go(0);
}

//===----------------------------------------------------------------------===//
// Conversions
//===----------------------------------------------------------------------===//

DictionaryAttr SpaceModel::toDecisions(const Assignment &a) const {
  Builder b(ctx);
  SmallVector<NamedAttribute> entries;
  for (auto &e : a) {
    const Site *s = byLabel.lookup(e.getKey());
    if (s && e.getValue() < s->values.size())
      entries.push_back(b.getNamedAttr(e.getKey(), s->values[e.getValue()]));
  }
  return b.getDictionaryAttr(entries);
}

bool SpaceModel::fromDecisions(DictionaryAttr d, Assignment &a,
                               std::string &error) const {
  for (NamedAttribute e : d) {
    const Site *s = byLabel.lookup(e.getName().getValue());
    if (!s) {
      error = "no site is labelled '" + e.getName().getValue().str() + "'";
      return false;
    }
    auto it = llvm::find_if(s->values, [&](Attribute v) {
      return nas::sameDecisionValue(v, e.getValue());
    });
    if (it == s->values.end()) {
      error = "'" + s->label + "' has no option " + [&] {
        std::string str;
        llvm::raw_string_ostream os(str);
        os << e.getValue();
        return str;
      }();
      return false;
    }
    a[s->label] = it - s->values.begin();
  }
  return true;
}
