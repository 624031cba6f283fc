//===- SpaceModel.cpp - building the decision tree, looking labels up -----===//
//
// The tree is built once from the IR (compact: a per-iteration body once;
// expanded, when labels of different iterations or repeats can coincide:
// every iteration). Counting is in SpaceCount.cpp, sampling and the
// strategies' moves in SpaceSample.cpp, walks and enumeration in
// SpaceWalk.cpp.
//
//===----------------------------------------------------------------------===//
#include "lib/Transforms/SpaceLabels.h"
#include "lib/Transforms/Labels.h"
#include "lib/Transforms/Violations.h"
#include "lib/Transforms/TypeSets.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include <numeric>
#include <set>

using namespace mlir;
using namespace nasir;
using namespace nasir::spacemodel;

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
  bool fits =
      llvm::any_of(space.getBlock().getOps<nas::ConstraintOp>(),
                   [](nas::ConstraintOp c) {
                             return c.getMetric() ==
                                    nas::ConstraintMetric::fits;
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
          : c.getMetric() == nas::ConstraintMetric::macs  ? m->macsBound
                                                          : m->edgesBound;
      bound = bound < 0 ? c.getBound() : std::min<int64_t>(bound, c.getBound());
    }
    return m;
  }
  llvm_unreachable("the expanded tree is always built");
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
