//===- SpaceModel.cpp - counting, sampling, mutation, enumeration ---------===//
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
#include "lib/Transforms/SpaceModel.h"
#include "lib/Transforms/Labels.h"
#include "lib/Transforms/TypeSets.h"
#include "lib/Transforms/Violations.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include <algorithm>
#include <climits>
#include <map>
#include <numeric>
#include <set>

using namespace mlir;
using namespace nasir;

static constexpr unsigned kBits = 512;

std::string nasir::toString(const BigCount &n) {
  llvm::SmallString<160> s;
  n.toStringUnsigned(s, 10);
  return std::string(s);
}

//===----------------------------------------------------------------------===//
// Labels in repeat bodies
//===----------------------------------------------------------------------===//

/// The key of a label pattern: a stem and the iteration parts it takes.
static std::string patternKey(StringRef stem, unsigned parts) {
  return (stem + "\x1f" + Twine(parts)).str();
}

/// The first `parts` iteration parts of `suffix` ("#0#1" -> "#0" for 1).
static StringRef prefixParts(StringRef suffix, unsigned parts) {
  size_t pos = 0;
  for (unsigned i = 0; i < parts; ++i) {
    size_t next = suffix.find('#', pos + 1);
    if (next == StringRef::npos)
      return suffix;
    pos = next;
  }
  return suffix.take_front(pos);
}

/// The label of `s` reached with iteration suffix `suffix`.
static std::string labelAt(const Site &s, StringRef suffix) {
  return s.parts ? (s.label + prefixParts(suffix, s.parts)).str() : s.label;
}

/// The label that a predicate's `stem` stands for in the scope of `req`.
static std::string requireLabelAt(const Site &req, StringRef stem,
                                  StringRef suffix) {
  unsigned parts = req.predParts.lookup(stem);
  return parts ? (stem + prefixParts(suffix, parts)).str() : stem.str();
}

static int64_t depthOf(const Site &s, unsigned v) {
  return cast<IntegerAttr>(s.values[v]).getInt();
}

static std::string iterationSuffix(StringRef suffix, int64_t i) {
  return (suffix + "#" + Twine(i)).str();
}

/// Calls `fn` with each scope that value `v` of `s` opens and its suffix.
static void
forEachOpened(const Site &s, unsigned v, StringRef suffix,
              function_ref<void(const Scope &, StringRef suffix)> fn) {
  if (!s.iterates) {
    if (v < s.children.size())
      fn(s.children[v], suffix);
    return;
  }
  int64_t d = depthOf(s, v);
  if (!s.perIteration) {
    if (d > 0)
      fn(s.children[0], suffix);
    return;
  }
  for (int64_t i = 0; i < d; ++i)
    fn(s.children[0], iterationSuffix(suffix, i));
}

/// "#0" repeated `n` times: a suffix with `n` parts, to measure how many of
/// them a label takes.
static std::string probeSuffix(unsigned n) {
  std::string s;
  for (unsigned i = 0; i < n; ++i)
    s += "#0";
  return s;
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

namespace {
/// Builds the decision tree. Compact: a per-iteration body once, its labels as
/// stems (Site::parts); expanded: every iteration, with its labels.
struct TreeBuilder {
  bool expand;
  /// Compact only: false when labels of different iterations or repeats can
  /// coincide (the tree must then be expanded).
  bool compactOk = true;
  /// Per label pattern, the repeat op whose iteration gives its last part.
  llvm::StringMap<Operation *> lastPartOf;
  /// Where the op being built stands.
  std::string suffix;               // expanded: the iteration suffix
  std::vector<Operation *> repeats; // compact: per-iteration repeats around

  unsigned level() const { return repeats.size(); }

  /// Stem and parts of a label computed by `labelFn` from a suffix.
  std::pair<std::string, unsigned>
  pattern(function_ref<std::string(StringRef)> labelFn) {
    if (expand)
      return {labelFn(suffix), 0};
    std::string stem = labelFn("");
    unsigned parts = (labelFn(probeSuffix(level())).size() - stem.size()) / 2;
    return {stem, parts};
  }

  void setLabel(Site &s, function_ref<std::string(StringRef)> labelFn) {
    auto [stem, parts] = pattern(labelFn);
    s.label = stem;
    s.parts = parts;
    s.level = expand ? 0 : level();
    if (parts == 0)
      return;
    auto [it, inserted] =
        lastPartOf.try_emplace(patternKey(stem, parts), repeats[parts - 1]);
    if (!inserted && it->second != repeats[parts - 1])
      compactOk = false; // one label pattern in two repeats
  }

  void scope(Block &block, Scope &out) {
    for (Operation &op : block)
      operation(op, out);
  }

  /// A nas.require as a site of its scope, naming the model's labels.
  void require(nas::RequireOp req, Scope &out) {
    auto pred = req.parsePredicate();
    if (!pred)
      return; // the verifier reports it
    Site s{Site::Require, "", {}, {}, {}, req.getLoc()};
    pred->renameLabels([&](StringRef label) {
      auto [stem, parts] =
          pattern([&](StringRef sfx) { return requireLabel(req, label, sfx); });
      auto [it, inserted] = s.predParts.try_emplace(stem, parts);
      if (!inserted && it->second != parts)
        compactOk = false;
      return stem;
    });
    s.pred = std::make_shared<const nas::Predicate>(*pred);
    s.level = expand ? 0 : level();
    out.sites.push_back(std::move(s));
  }

  void operation(Operation &op, Scope &out) {
    Builder b(op.getContext());
    if (auto req = dyn_cast<nas::RequireOp>(op))
      return require(req, out);
    if (auto choice = dyn_cast<nas::ChoiceOp>(op)) {
      Site s{Site::Choice, "", {}, {}, {}, op.getLoc()};
      setLabel(s, [&](StringRef sfx) { return siteLabel(choice, sfx); });
      for (auto [opt, region] :
           llvm::zip(choice.getOptions(), choice.getAlternatives())) {
        s.values.push_back(opt);
        s.edges.push_back(0);
        s.children.emplace_back();
        scope(region.front(), s.children.back());
      }
      out.sites.push_back(std::move(s));
      return;
    }
    if (auto repeat = dyn_cast<nas::RepeatOp>(op))
      return this->repeat(repeat, out);
    if (auto select = dyn_cast<nas::SelectOp>(op)) {
      Site s{Site::Select, "", {}, {}, {}, op.getLoc()};
      setLabel(s,
               [&](StringRef sfx) { return (select.getLabel() + sfx).str(); });
      collectSubsets(select.getInputs().size(), select.getMin(),
                     select.getMax(), b, s);
      out.sites.push_back(std::move(s));
      return;
    }
    for (Region &r : op.getRegions())
      for (Block &blk : r)
        scope(blk, out);
  }

  void repeat(nas::RepeatOp repeat, Scope &out) {
    Builder b(repeat.getContext());
    Site s{Site::Repeat, "", {}, {}, {}, repeat.getLoc()};
    setLabel(s, [&](StringRef sfx) { return (repeat.getLabel() + sfx).str(); });
    for (int64_t d : repeat.getDepths()) {
      s.values.push_back(b.getI64IntegerAttr(d));
      s.edges.push_back(0);
    }
    Block &body = repeat.getBody().front();
    if (repeat.getShared() || !expand) {
      // Shared: the iterations take one set of decisions, one body for all.
      s.iterates = true;
      s.perIteration = !repeat.getShared();
      s.children.emplace_back();
      if (s.perIteration)
        repeats.push_back(repeat);
      scope(body, s.children.back());
      if (s.perIteration)
        repeats.pop_back();
    } else {
      for (int64_t d : repeat.getDepths()) {
        s.children.emplace_back();
        for (int64_t i = 0; i < d; ++i) {
          std::string outer = suffix;
          suffix = iterationSuffix(outer, i);
          scope(body, s.children.back());
          suffix = outer;
        }
      }
    }
    out.sites.push_back(std::move(s));
  }
};
} // namespace

/// Merges sibling sites that share a label (one decision, children joined).
/// Returns false when two repeats with one label cannot be joined compactly.
static bool mergeSiblings(Scope &scope) {
  bool ok = true;
  std::vector<Site> merged;
  llvm::StringMap<size_t> index;
  for (Site &s : scope.sites) {
    if (s.kind == Site::Require) {
      merged.push_back(std::move(s));
      continue;
    }
    auto [it, inserted] =
        index.try_emplace(patternKey(s.label, s.parts), merged.size());
    if (inserted) {
      merged.push_back(std::move(s));
      continue;
    }
    Site &into = merged[it->second];
    if (into.iterates || s.iterates)
      ok &= into.iterates && s.iterates &&
            into.perIteration == s.perIteration && into.values == s.values;
    for (size_t v = 0; v < into.children.size() && v < s.children.size(); ++v)
      for (Site &c : s.children[v].sites)
        into.children[v].sites.push_back(std::move(c));
  }
  scope.sites = std::move(merged);
  for (Site &s : scope.sites)
    for (Scope &c : s.children)
      ok &= mergeSiblings(c);
  return ok;
}

namespace nasir {
/// Indexes the labels of a built tree: patterns, occurrences, constraints.
struct ModelIndexer {
  SpaceModel &m;
  std::vector<const Site *> chain; // per-iteration repeats around

  void scope(const Scope &scope) {
    for (const Site &s : scope.sites) {
      if (s.kind == Site::Require) {
        m.anyRequire = true;
        for (const std::string &l : s.pred->labels())
          m.constrained.insert(patternKey(l, s.predParts.lookup(l)));
        continue;
      }
      std::string key = patternKey(s.label, s.parts);
      ++m.occurrences[key];
      if (s.level > s.parts)
        m.crossing.insert(key); // the iterations around it share it
      SpaceModel::Pattern &p = m.patterns[s.label][s.parts];
      if (!p.site) {
        p.site = &s;
        for (unsigned j = 0; j < s.parts; ++j) {
          const Site *r = chain[j];
          int64_t most = 0;
          for (unsigned v = 0; v < r->values.size(); ++v)
            most = std::max(most, depthOf(*r, v));
          p.repeats.push_back(r);
          p.iterations.push_back(most);
        }
      }
      bool inner = s.iterates && s.perIteration;
      if (inner)
        chain.push_back(&s);
      for (const Scope &c : s.children)
        this->scope(c);
      if (inner)
        chain.pop_back();
    }
  }

  /// Whether two patterns can spell one label ("k#0" with no parts and "k"
  /// with one).
  bool patternsDistinct() const {
    std::set<std::pair<std::string, unsigned>> seen;
    for (auto &stem : m.patterns)
      for (auto &[parts, p] : stem.getValue()) {
        StringRef base = baseLabel(stem.getKey());
        unsigned groups =
            llvm::count(stem.getKey().drop_front(base.size()), '#');
        if (!seen.insert({base.str(), parts + groups}).second)
          return false;
      }
    return true;
  }
};
} // namespace nasir

std::unique_ptr<SpaceModel> SpaceModel::build(nas::SpaceOp space) {
  // With `nas.constraint "fits"`, each combination of decisions whose shapes
  // do not fit is ruled out like a nas.require of the top scope. One that
  // names a single iteration's decision (`w#2`) needs the expanded tree: the
  // compact one counts the iterations of a body alike.
  std::vector<std::pair<Location, nas::Predicate>> exclusions;
  bool fits = llvm::any_of(
      space.getBlock().getOps<nas::ConstraintOp>(), [](nas::ConstraintOp c) {
        return c.getMetric() == nas::ConstraintMetric::fits;
      });
  if (fits)
    exclusions = fitsExclusions(space);
  bool iterationLabels = llvm::any_of(exclusions, [](const auto &e) {
    return llvm::any_of(e.second.labels(), [](const std::string &l) {
      return StringRef(l).contains('#');
    });
  });
  for (bool expand : {false, true}) {
    if (!expand && iterationLabels)
      continue;
    auto m = std::make_unique<SpaceModel>();
    m->ctx = space.getContext();
    m->isCompact = !expand;
    TreeBuilder b{expand};
    b.scope(space.getBlock(), m->top);
    bool ok = mergeSiblings(m->top) && b.compactOk;
    for (auto &[loc, pred] : exclusions) {
      Site rule{Site::Require, "", {}, {}, {}, loc};
      rule.pred = std::make_shared<const nas::Predicate>(pred);
      m->top.sites.push_back(std::move(rule));
    }
    ModelIndexer index{*m};
    index.scope(m->top);
    if (!expand && !(ok && index.patternsDistinct()))
      continue; // labels of different iterations can coincide: expand
    for (auto c : space.getBlock().getOps<nas::ConstraintOp>()) {
      if (c.getMetric() == nas::ConstraintMetric::fits)
        continue;
      int64_t &bound =
          c.getMetric() == nas::ConstraintMetric::params  ? m->paramsBound
          : c.getMetric() == nas::ConstraintMetric::flops ? m->flopsBound
                                                          : m->edgesBound;
      bound = bound < 0 ? c.getBound() : std::min<int64_t>(bound, c.getBound());
    }
    return m;
  }
  llvm_unreachable("the expanded tree is always built");
}

/// A label split into its pattern and iteration indices, if some pattern
/// of the model spells it.
static const SpaceModel::Pattern *findPattern(
    const llvm::StringMap<std::map<unsigned, SpaceModel::Pattern>> &patterns,
    StringRef label, std::vector<int64_t> *indices = nullptr) {
  StringRef stem = label;
  std::vector<int64_t> idx; // innermost first
  for (unsigned parts = 0;; ++parts) {
    auto it = patterns.find(stem);
    if (it != patterns.end()) {
      auto p = it->second.find(parts);
      if (p != it->second.end()) {
        std::vector<int64_t> outerFirst(idx.rbegin(), idx.rend());
        bool fits = true;
        for (unsigned j = 0; j < parts; ++j)
          fits &= outerFirst[j] < p->second.iterations[j];
        if (fits) {
          if (indices)
            *indices = std::move(outerFirst);
          return &p->second;
        }
      }
    }
    size_t hash = stem.rfind('#');
    if (hash == StringRef::npos)
      return nullptr;
    StringRef tail = stem.drop_front(hash + 1);
    int64_t i;
    if (tail.empty() || !llvm::all_of(tail, llvm::isDigit) ||
        (tail.size() > 1 && tail[0] == '0') || tail.getAsInteger(10, i))
      return nullptr;
    idx.push_back(i);
    stem = stem.take_front(hash);
  }
}

const Site *SpaceModel::lookup(StringRef label) const {
  const Pattern *p = findPattern(patterns, label);
  return p ? p->site : nullptr;
}

const llvm::StringMap<const Site *> &SpaceModel::labels() const {
  if (allLabels)
    return *allLabels;
  allLabels = std::make_unique<llvm::StringMap<const Site *>>();
  for (auto &stem : patterns)
    for (auto &[parts, p] : stem.getValue()) {
      if (llvm::is_contained(p.iterations, 0))
        continue;
      std::vector<int64_t> idx(parts, 0);
      while (true) {
        std::string label = stem.getKey().str();
        for (int64_t i : idx)
          label += "#" + std::to_string(i);
        allLabels->try_emplace(label, p.site);
        int j = int(parts) - 1;
        while (j >= 0 && ++idx[j] == p.iterations[j])
          idx[j--] = 0;
        if (j < 0)
          break;
      }
    }
  return *allLabels;
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

/// Labels as a site's suffix spells them: the stems themselves when none
/// takes an iteration part, else spelled out.
struct LabelList {
  const std::vector<std::string> *stems = nullptr;
  std::vector<std::string> spelled;
  const std::vector<std::string> &get() const {
    return stems ? *stems : spelled;
  }
};
} // namespace

struct SpaceModel::Counter {
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

  LabelList shared(const Site *s, StringRef suffix) const {
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
    std::string suffix;                // its iteration parts
    std::vector<int64_t> indices;      // outermost first
    std::vector<const Site *> repeats; // the repeats giving them
  };
  std::vector<Pin> pins;

  /// Pins `label` (a label some pattern spells); false when none does.
  bool pinLabel(StringRef label) {
    std::vector<int64_t> indices;
    const SpaceModel::Pattern *p = findPattern(model.patterns, label, &indices);
    if (!p)
      return false;
    Pin pin;
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
  bool onPin(StringRef suffix) const {
    return llvm::any_of(pins, [&](const Pin &pin) {
      return StringRef(pin.suffix).starts_with(suffix) &&
             (pin.suffix.size() == suffix.size() ||
              pin.suffix[suffix.size()] == '#');
    });
  }

  /// The iterations of repeat `s` that lead to pinned labels, sorted.
  std::vector<int64_t> pinnedIterations(const Site &s, StringRef suffix) const {
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
  bool holds(const Site &s, const Cond &cond, StringRef suffix) const {
    return s.pred
        ->evaluate([&](StringRef stem) -> Attribute {
          std::string spelled;
          StringRef l = stem;
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

  Poly site(const Site &s, const Cond &cond, StringRef suffix) {
    if (s.kind == Site::Require)
      return holds(s, cond, suffix) ? one() : zero();
    bool memo = cacheEnabled && !onPin(suffix);
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

  Poly uncached(const Site &s, const Cond &cond, StringRef suffix) {
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
  Poly opened(const Site &s, unsigned v, const Cond &inner, StringRef suffix) {
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
      p = mul(p, power(scope(body, inner, iterationSuffix(suffix, plain)), rest));
    return p;
  }

  /// Groups the sites of a scope into independent components: two sites are
  /// in one component when their subtrees share an unconditioned label.
  std::vector<std::vector<const Site *>>
  components(const std::vector<const Site *> &sites, const Cond &cond,
             StringRef suffix, std::vector<std::string> &sharedLabel) {
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

  bool carries(const std::vector<const Site *> &sites, StringRef label,
               StringRef suffix) const {
    return llvm::any_of(sites, [&](const Site *s) {
      return s->kind != Site::Require && labelAt(*s, suffix) == label;
    });
  }

  Poly group(const std::vector<const Site *> &sites, const std::string &label,
             const Cond &cond, StringRef suffix) {
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
             StringRef suffix) {
    // Keyed like condCache: the sites and the conditioned values of their
    // tracked labels.
    std::pair<std::vector<const Site *>, std::vector<int>> key;
    bool memo = memoScopes && cacheEnabled && !cond.empty() && !onPin(suffix);
    if (memo) {
      key.first = sites;
      for (const Site *s : sites)
        appendKey(shared(s, suffix), cond, key.second);
      if (auto it = scopeCache.find(key); it != scopeCache.end())
        return it->second;
    }
    std::vector<std::string> labels;
    auto groups = components(sites, cond, suffix, labels);
    Poly p = one();
    for (auto [g, label] : llvm::zip(groups, labels))
      p = mul(p, group(g, label, cond, suffix));
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

  const Cumulative &cumulative(const Site &s, StringRef suffix) {
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

SpaceModel::~SpaceModel() = default;

SpaceModel::Counter &SpaceModel::counter() const {
  if (!cachedCounter)
    cachedCounter = std::make_unique<Counter>(*this);
  return *cachedCounter;
}

BigCount SpaceModel::count(bool *overflow) const {
  Counter &c = counter();
  BigCount n = c.total(c.scope(c.pointers(top), {}, ""));
  if (overflow)
    *overflow = c.overflow;
  return n;
}

BigCount SpaceModel::countWith(StringRef label, unsigned v) const {
  Counter c(*this);
  if (!c.pinLabel(label))
    return BigCount(kBits, 0);
  Cond with, never;
  with[label] = v;
  never[label] = kNever;
  auto sites = c.pointers(top);
  return c.total(c.scope(sites, with, "")) - c.total(c.scope(sites, never, ""));
}

bool SpaceModel::reaches(const llvm::StringMap<std::vector<unsigned>> &allowed,
                         Assignment *witness) const {
  Counter c(*this);
  c.cacheEnabled = false;
  std::vector<std::string> labels;
  for (auto &e : allowed) {
    if (!c.pinLabel(e.getKey()))
      return false;
    labels.push_back(e.getKey().str());
  }
  llvm::sort(labels);
  auto sites = c.pointers(top);
  // Counting under `pick` admits assignments where a picked label's site is
  // inactive: inclusion-exclusion over the labels made inactive leaves those
  // where all are active (beyond 10 labels, the conditions the verifier asks
  // about name the alternatives that activate their sites: count > 0).
  Cond pick;
  auto activeCount = [&]() {
    BigCount n = c.total(c.scope(sites, pick, ""));
    if (n.isZero() || labels.size() > 10)
      return n;
    for (unsigned mask = 1; mask < (1u << labels.size()); ++mask) {
      Cond never = pick;
      for (unsigned i = 0; i < labels.size(); ++i)
        if (mask >> i & 1)
          never[labels[i]] = kNever;
      BigCount m = c.total(c.scope(sites, never, ""));
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
    const SpaceModel::Counter::Cumulative &w = c.cumulative(s, suffix);
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

//===----------------------------------------------------------------------===//
// Walking an assignment
//===----------------------------------------------------------------------===//

/// Visits the active sites of a scope in canonical order. `pick` returns the
/// value index to follow for a site (or -1 to stop descending there).
static void walkScope(const Scope &scope, StringRef suffix,
                      function_ref<int(const Site &, StringRef label)> pick) {
  for (const Site &s : scope.sites) {
    if (s.kind == Site::Require)
      continue;
    int v = pick(s, labelAt(s, suffix));
    if (v >= 0 && v < int(s.values.size()))
      forEachOpened(s, v, suffix, [&](const Scope &c, StringRef inner) {
        walkScope(c, inner, pick);
      });
  }
}

void SpaceModel::walkActive(
    function_ref<int(const Site &, StringRef label)> pick) const {
  walkScope(top, "", pick);
}

bool SpaceModel::isComplete(const Assignment &a, std::string &error) const {
  error.clear();
  walkActive([&](const Site &s, StringRef label) -> int {
    auto it = a.find(label);
    if (it == a.end()) {
      if (error.empty())
        error = "no decision for '" + label.str() + "'";
      return -1;
    }
    return it->second;
  });
  return error.empty();
}

int64_t SpaceModel::edgesOf(const Assignment &a) const {
  int64_t e = 0;
  walkActive([&](const Site &s, StringRef label) -> int {
    auto it = a.find(label);
    if (it == a.end() || it->second >= s.values.size())
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
        *why = "it has " + std::to_string(e) +
               " edges, over edges <= " + std::to_string(edgesBound);
      return false;
    }
  }
  if (!anyRequire)
    return true;
  auto value = [&](StringRef l) -> Attribute {
    auto it = a.find(l);
    const Site *s = it != a.end() ? lookup(l) : nullptr;
    return s && it->second < s->values.size() ? s->values[it->second]
                                              : Attribute();
  };
  bool ok = true;
  std::function<void(const Scope &, StringRef)> walk = [&](const Scope &scope,
                                                           StringRef suffix) {
    for (const Site &s : scope.sites) {
      if (!ok)
        return;
      if (s.kind == Site::Require) {
        auto at = [&](StringRef stem) {
          return requireLabelAt(s, stem, suffix);
        };
        if (s.pred->evaluate([&](StringRef stem) { return value(at(stem)); })
                .value_or(true))
          continue;
        if (why) {
          nas::Predicate spelled = *s.pred;
          spelled.renameLabels(at);
          *why =
              "it violates " + describeViolation(spelled.str(), spelled, value);
        }
        ok = false;
        return;
      }
      auto it = a.find(labelAt(s, suffix));
      if (it != a.end() && it->second < s.values.size())
        forEachOpened(s, it->second, suffix, walk);
    }
  };
  walk(top, "");
  return ok;
}

/// Restricts `a` to its active labels, sampling values for active sites that
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

void SpaceModel::enumerate(
    const std::function<bool(const Assignment &)> &fn) const {
  // Depth-first over a stack of pending sites (with the suffix they are
  // reached with); a label already decided on this path is forced, so every
  // assignment is produced exactly once.
  Assignment a;
  std::vector<std::pair<const Site *, std::string>> pending;
  for (auto it = top.sites.rbegin(); it != top.sites.rend(); ++it)
    pending.push_back({&*it, ""});
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
    auto entry = std::move(pending.back());
    pending.pop_back();
    const Site *s = entry.first;
    if (s->kind == Site::Require) { // checked on the complete assignment
      go(edges);
      pending.push_back(std::move(entry));
      return;
    }
    std::string label = labelAt(*s, entry.second);
    auto visit = [&](unsigned v) {
      std::vector<std::pair<const Scope *, std::string>> opened;
      forEachOpened(*s, v, entry.second, [&](const Scope &c, StringRef sfx) {
        opened.push_back({&c, sfx.str()});
      });
      size_t before = pending.size();
      for (auto o = opened.rbegin(); o != opened.rend(); ++o)
        for (auto it = o->first->sites.rbegin(); it != o->first->sites.rend();
             ++it)
          pending.push_back({&*it, o->second});
      go(edges + s->edges[v]);
      pending.resize(before);
    };
    if (auto it = a.find(label); it != a.end()) {
      visit(it->second);
    } else {
      for (unsigned v = 0; v < s->values.size() && !stop; ++v) {
        a[label] = v;
        visit(v);
      }
      a.erase(label);
    }
    pending.push_back(std::move(entry));
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
    const Site *s = lookup(e.getKey());
    if (s && e.getValue() < s->values.size())
      entries.push_back(b.getNamedAttr(e.getKey(), s->values[e.getValue()]));
  }
  return b.getDictionaryAttr(entries);
}

bool SpaceModel::fromDecisions(DictionaryAttr d, Assignment &a,
                               std::string &error) const {
  for (NamedAttribute e : d) {
    StringRef label = e.getName().getValue();
    const Site *s = lookup(label);
    if (!s) {
      error = "no site is labelled '" + label.str() + "'";
      return false;
    }
    auto it = llvm::find_if(s->values, [&](Attribute v) {
      return nas::sameDecisionValue(v, e.getValue());
    });
    if (it == s->values.end()) {
      error = "'" + label.str() + "' has no option " + [&] {
        std::string str;
        llvm::raw_string_ostream os(str);
        os << e.getValue();
        return str;
      }();
      return false;
    }
    a[label] = it - s->values.begin();
  }
  return true;
}
