//===- TypeSets.cpp - the types a value takes, under which decisions ------===//
#include "lib/Transforms/TypeSets.h"
#include "dialect/NN/NNOps.h"
#include "lib/Transforms/Labels.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include <map>
#include <set>

using namespace mlir;
using namespace nasir;

namespace {
/// The values a label may take: a bit per value of its domain (a choice's
/// options, a repeat's depths, a select's subsets, in the IR's order).
struct LabelValues {
  std::string label;
  llvm::SmallBitVector values;
};

/// A conjunction of label constraints, sorted by label; empty = always.
using Condition = SmallVector<LabelValues, 2>;

/// A concrete type and the decisions that give it.
struct Entry {
  Type type;
  Condition cond;
};
using EntrySet = SmallVector<Entry, 1>;

struct PendingMisfit {
  Operation *op;
  Condition cond;
  std::string message;
};

/// What a repeat body yields and where it fails for one list of input types,
/// with the body's own labels as templates (`w#@N@`) and the input entry as
/// the analysis label `@inN` (its value: the index of the input type).
struct BodySummary {
  std::string token; // the template iteration suffix; empty when shared
  std::string input; // the label of the input entry
  EntrySet yields;
  std::vector<PendingMisfit> misfits;
};

/// One instance of a summarized body, for one iteration: its template token
/// becomes the iteration (`#I`), its input label the conditions of the
/// carried entries of each input type, and its summarizing labels (`@typeN`)
/// get the instance's suffix (`.K`), fresh per instance.
struct Instance {
  std::string token, input, iteration, suffix;
  SmallVector<SmallVector<Condition, 1>> conds;
};
} // namespace

/// Labels of the analysis itself: kept until instantiated, never dropped as
/// "any value".
static bool isInternal(StringRef label) { return label.starts_with("@"); }

/// `label` takes one of `values`: always, when that is every value (but for
/// labels of the analysis).
static Condition among(StringRef label, llvm::SmallBitVector values) {
  if (values.all() && !isInternal(label))
    return {};
  return {LabelValues{label.str(), std::move(values)}};
}

static Condition single(StringRef label, unsigned size, unsigned value) {
  llvm::SmallBitVector bits(size);
  bits.set(value);
  return among(label, std::move(bits));
}

/// Both conditions; nullopt when no assignment meets both.
static std::optional<Condition> conjoin(const Condition &a,
                                        const Condition &b) {
  Condition r;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].label < b[j].label)) {
      r.push_back(a[i++]);
    } else if (i == a.size() || b[j].label < a[i].label) {
      r.push_back(b[j++]);
    } else {
      LabelValues t = a[i++];
      t.values &= b[j++].values;
      if (t.values.none())
        return std::nullopt;
      r.push_back(std::move(t));
    }
  }
  return r;
}

/// Whether every assignment that `specific` admits, `general` admits.
static bool implies(const Condition &specific, const Condition &general) {
  size_t i = 0;
  for (const LabelValues &g : general) {
    while (i < specific.size() && specific[i].label < g.label)
      ++i;
    if (i == specific.size() || specific[i].label != g.label ||
        specific[i].values.test(g.values))
      return false;
  }
  return true;
}

/// The disjunction of two conditions that differ in the values of one label
/// only (a label that may then take any value goes); nullopt otherwise.
static std::optional<Condition> joinOne(const Condition &a,
                                        const Condition &b) {
  if (a.size() != b.size())
    return std::nullopt;
  int differs = -1;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].label != b[i].label)
      return std::nullopt;
    if (a[i].values == b[i].values)
      continue;
    if (differs >= 0)
      return std::nullopt;
    differs = i;
  }
  if (differs < 0)
    return a;
  Condition r = a;
  r[differs].values |= b[differs].values;
  if (r[differs].values.all() && !isInternal(r[differs].label))
    r.erase(r.begin() + differs);
  return r;
}

/// The positive number in environment variable `name`, else `fallback`.
static size_t positiveFromEnv(const char *name, size_t fallback) {
  const char *env = getenv(name);
  long v = env ? atol(env) : 0;
  return v > 0 ? (size_t)v : fallback;
}

/// Entries per value beyond which the analysis summarizes it (conditions are
/// conjunctions, and a carried type that per-iteration decisions change in
/// deeply nested repeats needs one per path): the value then takes each of
/// its types under a value of an analysis label of its own (`@typeN`), and
/// the analysis keeps what each value of that label means (the entries'
/// conditions). Later ops see few entries, so nested repeats stay linear; a
/// misfit under such a label is resolved back into decisions when misfits
/// are reported (resolve()). NASIR_TYPESET_LIMIT overrides it (the
/// brute-force tests use a tiny one).
static size_t maxEntries() {
  static const size_t limit = positiveFromEnv("NASIR_TYPESET_LIMIT", 16);
  return limit;
}

/// Distinct types of one value beyond which the analysis keeps the IR's
/// joined type alone, under a summarizing label with no meaning (a warning:
/// misfits past it are approximate).
static constexpr size_t kMaxTypes = 256;

/// Steps (conditions conjoined) that resolving summarized values back into
/// decisions may take for one space, over all its misfits: each summarized
/// value multiplies the combinations to try, so nested repeats whose carried
/// type changes per iteration can need one per path. Past it the misfits
/// left are approximate. NASIR_MISFIT_BUDGET overrides it.
static size_t misfitBudget() {
  static const size_t budget = positiveFromEnv("NASIR_MISFIT_BUDGET", 200000);
  return budget;
}

/// The prefix of the analysis labels that stand for "one of this value's
/// types, whichever decisions give it".
static constexpr llvm::StringLiteral kTypeLabel = "@type";

static bool isSummary(StringRef label) { return label.starts_with(kTypeLabel); }

/// Keeps a set small: per type, a condition that another one admits goes,
/// and two that differ in one label's values become one. A set far past
/// maxEntries() (or `cap`) is left as it is (the caller summarizes it).
static void simplify(EntrySet &set, size_t cap = 0) {
  if (set.size() > (cap ? cap : 4 * maxEntries()))
    return;
  for (bool changed = true; changed;) {
    changed = false;
    std::vector<bool> gone(set.size());
    for (size_t a = 0; a < set.size(); ++a)
      for (size_t b = 0; b < set.size() && !gone[a]; ++b) {
        if (a == b || gone[b] || set[a].type != set[b].type)
          continue;
        if (implies(set[b].cond, set[a].cond)) {
          gone[b] = changed = true;
        } else if (auto joined = joinOne(set[a].cond, set[b].cond)) {
          set[a].cond = std::move(*joined);
          gone[b] = changed = true;
        }
      }
    EntrySet kept;
    for (size_t i = 0; i < set.size(); ++i)
      if (!gone[i])
        kept.push_back(std::move(set[i]));
    set = std::move(kept);
  }
}

/// A disjunction of conditions, simplified as the entries of one type are,
/// when there are at most `cap` of them.
static void simplify(std::vector<Condition> &conds, size_t cap) {
  EntrySet set;
  for (Condition &c : conds)
    set.push_back({Type(), std::move(c)});
  simplify(set, cap);
  conds.clear();
  for (Entry &e : set)
    conds.push_back(std::move(e.cond));
}

/// Summarizing labels that resolving one misfit may replace one inside
/// another's meaning.
static constexpr unsigned kMaxResolveDepth = 4096;

/// Conditions of one disjunction that resolving a misfit merges (a merge is
/// quadratic in them).
static constexpr size_t kMergedConditions = 1024;

/// `label` with every `from` replaced by `to`.
static std::string replaceAll(StringRef label, StringRef from, StringRef to) {
  std::string r;
  for (size_t at; (at = label.find(from)) != StringRef::npos;) {
    r += label.take_front(at);
    r += to;
    label = label.drop_front(at + from.size());
  }
  return r + label.str();
}

/// Calls `fn` with each condition that `c`, a condition of the body of
/// `in`, stands for in the instance: the template token renamed to the
/// iteration, summarizing labels to the instance's own, and the input label
/// replaced by the conditions of the carried entries it names.
static void rename(const Instance &in, const Condition &c,
                   function_ref<void(Condition)> fn) {
  Condition renamed;
  llvm::SmallBitVector inputs(in.conds.size(), true);
  for (const LabelValues &t : c) {
    if (t.label == in.input)
      inputs = t.values;
    else if (isSummary(t.label))
      renamed.push_back({t.label + in.suffix, t.values});
    else if (in.token.empty())
      renamed.push_back(t);
    else
      renamed.push_back(
          {replaceAll(t.label, in.token, in.iteration), t.values});
  }
  llvm::sort(renamed, [](const LabelValues &a, const LabelValues &b) {
    return a.label < b.label;
  });
  for (int j : inputs.set_bits())
    for (const Condition &carried : in.conds[j])
      if (auto both = conjoin(renamed, carried))
        fn(std::move(*both));
}

namespace {
class Analysis {
public:
  /// With `resolvable`, the analysis keeps what each summarizing label
  /// means, so that resolve() works (at a price in memory: every instance
  /// keeps the conditions of the entries it carried); without it, past the
  /// limit of entries it keeps only the types.
  Analysis(MLIRContext *ctx, bool resolvable)
      : ctx(ctx), scratch(new Block), resolvable(resolvable) {}

  std::vector<PendingMisfit> misfits;
  /// Per IR label, a site that carries it.
  llvm::StringMap<Operation *> siteOf;
  /// The domain of each select: its subsets, as decisions spell them.
  DenseMap<Operation *, std::vector<Attribute>> selectValues;

  void block(Block &b) {
    for (Operation &op : b)
      visit(op);
  }

  /// How far resolve() went.
  enum class Resolved { all, stopped, outOfBudget };

  /// Calls `leaf` with each condition over decisions alone that `cond`
  /// stands for, its summarizing labels replaced by what their values mean
  /// (a disjunction each; a summarizing label met twice keeps the value
  /// taken first), until `leaf` returns false. outOfBudget when `budget`
  /// ran out or a label has no meaning: the conditions passed are then not
  /// all there are.
  ///
  /// A summarizing label that may take any of its values goes: it means
  /// that the value it summarizes has a type at all, and where it has none
  /// an op before it fails. So the leaves may admit assignments that fail
  /// there rather than here, which changes neither which assignments fail
  /// nor which ones `constraint fits` excludes; it keeps the search from
  /// resolving, per path, the types of what every path carries (nested
  /// repeats would need one leaf per combination of all their depths).
  Resolved resolve(const Condition &cond, const Condition &assumed,
                   size_t &budget, function_ref<bool(const Condition &)> leaf,
                   unsigned depth = 0) {
    // Each level holds a few conditions on the stack: a chain of meanings
    // deeper than this is left unresolved rather than overflow it.
    if (depth > kMaxResolveDepth)
      return Resolved::outOfBudget;
    auto at = llvm::find_if(
        cond, [](const LabelValues &t) { return isSummary(t.label); });
    if (at == cond.end())
      return leaf(cond) ? Resolved::all : Resolved::stopped;
    LabelValues literal = *at;
    Condition rest = cond;
    rest.erase(rest.begin() + (at - cond.begin()));
    if (literal.values.all())
      return resolve(rest, assumed, budget, leaf, depth + 1);
    for (const LabelValues &a : assumed)
      if (a.label == literal.label)
        return a.values.anyCommon(literal.values)
                   ? resolve(rest, assumed, budget, leaf, depth + 1)
                   : Resolved::all;
    const std::vector<std::vector<Condition>> *meaning =
        meaningOf(literal.label);
    if (!meaning)
      return Resolved::outOfBudget;
    for (int j : literal.values.set_bits()) {
      auto taken =
          conjoin(assumed, single(literal.label, literal.values.size(), j));
      for (const Condition &c : (*meaning)[j]) {
        if (budget == 0)
          return Resolved::outOfBudget;
        --budget;
        if (auto next = conjoin(rest, c)) {
          Resolved r = resolve(*next, *taken, budget, leaf, depth + 1);
          if (r != Resolved::all)
            return r;
        }
      }
    }
    return Resolved::all;
  }

private:
  MLIRContext *ctx;
  std::unique_ptr<Block> scratch; // arguments stand for operands of a type
  bool resolvable;
  DenseMap<Type, Value> placeholders;
  DenseMap<Value, EntrySet> env;
  Condition context;  // the alternatives (in a repeat body) being analysed
  std::string suffix; // iteration suffix of the labels, as templates
  std::vector<PendingMisfit> *sink = &misfits;
  unsigned nextSummary = 0;

  Value placeholder(Type t) {
    Value &v = placeholders[t];
    if (!v)
      v = scratch->addArgument(t, UnknownLoc::get(ctx));
    return v;
  }

  EntrySet entriesOf(Value v) {
    auto it = env.find(v);
    if (it != env.end())
      return it->second;
    return {Entry{v.getType(), {}}};
  }

  DenseSet<Operation *> warned;
  unsigned nextTypeLabel = 0;
  /// Per summarizing label, per value: the conditions (in the labels of
  /// where it was made) under which the value it summarizes has that type.
  llvm::StringMap<std::vector<std::vector<Condition>>> meanings;
  /// The instances of summarized bodies, by the number in their suffix.
  std::vector<Instance> instances;

  /// What each value of summarizing label `label` means, in the labels of
  /// the space; null for a label with no meaning. A label an instance
  /// renamed (`L.K`) means what `L` means in the body, renamed by instance
  /// K, and is memoized.
  const std::vector<std::vector<Condition>> *meaningOf(StringRef label) {
    auto it = meanings.find(label);
    if (it != meanings.end())
      return &it->second;
    size_t dot = label.rfind('.');
    unsigned k;
    if (dot == StringRef::npos ||
        label.drop_front(dot + 1).getAsInteger(10, k) ||
        k >= instances.size())
      return nullptr;
    const std::vector<std::vector<Condition>> *inner =
        meaningOf(label.take_front(dot));
    if (!inner)
      return nullptr;
    std::vector<std::vector<Condition>> outer(inner->size());
    for (auto [j, conds] : llvm::enumerate(*inner)) {
      for (const Condition &c : conds)
        rename(instances[k], c,
               [&, j = j](Condition r) { outer[j].push_back(std::move(r)); });
      // One condition per carried entry becomes one over all of them.
      simplify(outer[j], kMergedConditions);
    }
    return &(meanings[label] = std::move(outer));
  }

  /// The entries of `v` (the result of `op`), simplified, and past
  /// maxEntries() summarized (forget()).
  void settle(Value v, EntrySet set, Operation *op) {
    simplify(set);
    if (set.size() > maxEntries())
      set = forget(std::move(set), v.getType(), op);
    env[v] = std::move(set);
  }

  /// `set` summarized: each distinct type under a value of a fresh
  /// analysis label (renamed in each instance of a repeat body, so each
  /// iteration gets its own), whose meaning is kept. With more than
  /// kMaxTypes distinct types, the IR's type `joined` alone, with a warning,
  /// under a label with no meaning.
  EntrySet forget(EntrySet set, Type joined, Operation *op) {
    SmallVector<Type> types;
    for (const Entry &e : set)
      if (!llvm::is_contained(types, e.type))
        types.push_back(e.type);
    std::string label = kTypeLabel.str() + std::to_string(nextTypeLabel++);
    if (types.size() > kMaxTypes) {
      if (!resolvable && warned.insert(op).second) // warned in the first pass
        emitWarning(op->getLoc())
            << "more than " << kMaxTypes
            << " types for this value under different decisions: only its "
               "joined type is checked from here on";
      return {Entry{joined, single(label, 1, 0)}};
    }
    if (resolvable) {
      std::vector<std::vector<Condition>> &meaning = meanings[label];
      meaning.resize(types.size());
      for (Entry &e : set)
        meaning[llvm::find(types, e.type) - types.begin()].push_back(
            std::move(e.cond));
    }
    EntrySet out;
    for (auto [j, t] : llvm::enumerate(types))
      out.push_back({t, single(label, types.size(), j)});
    return out;
  }

  void record(Operation *site) {
    siteOf.try_emplace(site->getAttrOfType<StringAttr>("label").getValue(),
                       site);
  }

  void misfit(Operation *op, const Condition &cond,
              function_ref<LogicalResult(std::optional<Location>)> infer) {
    std::string message;
    {
      ScopedDiagnosticHandler capture(ctx, [&](Diagnostic &d) {
        if (message.empty())
          message = d.str();
        return success();
      });
      (void)infer(op->getLoc());
    }
    sink->push_back({op, cond, message.empty() ? "types do not fit" : message});
  }

  /// Calls `fn` with the types and condition of every compatible
  /// combination of entries of `values` (under the current context).
  void combinations(ArrayRef<Value> values, const Condition &start,
                    function_ref<void(ArrayRef<Type>, const Condition &)> fn) {
    SmallVector<EntrySet> sets;
    for (Value v : values)
      sets.push_back(entriesOf(v));
    SmallVector<Type> types(values.size());
    std::function<void(size_t, const Condition &)> go =
        [&](size_t k, const Condition &c) {
          if (k == sets.size())
            return fn(types, c);
          for (const Entry &e : sets[k]) {
            auto next = conjoin(c, e.cond);
            if (!next)
              continue;
            types[k] = e.type;
            go(k + 1, *next);
          }
        };
    go(0, start);
  }

  void visit(Operation &op) {
    llvm::TypeSwitch<Operation *>(&op)
        .Case([&](nas::ChoiceOp c) { visitChoice(c); })
        .Case([&](nas::RepeatOp r) { visitRepeat(r); })
        .Case([&](nas::SelectOp s) { visitSelect(s); })
        .Case<nas::YieldOp, nas::RequireOp, nas::ConstraintOp,
              nas::ObjectiveOp>([](Operation *) {}) // no value
        .Default([&](Operation *layer) { visitLayer(*layer); });
  }

  void visitLayer(Operation &op) {
    auto infer = dyn_cast<InferTypeOpInterface>(op);
    // One entry per operand, of the IR's type, under no decision: the IR's
    // result types are what inference gives.
    bool plain = llvm::all_of(op.getOperands(), [&](Value v) {
      auto it = env.find(v);
      return it == env.end() ||
             (it->second.size() == 1 && it->second[0].cond.empty() &&
              it->second[0].type == v.getType());
    });
    if (!infer || plain || op.getNumRegions()) {
      for (Value r : op.getResults())
        env[r] = {Entry{r.getType(), {}}};
      return;
    }
    SmallVector<EntrySet> results(op.getNumResults());
    SmallVector<Value> operands(op.getNumOperands());
    combinations(SmallVector<Value>(op.getOperands()), context,
                 [&](ArrayRef<Type> types, const Condition &cond) {
                   for (auto [i, t] : llvm::enumerate(types))
                     operands[i] = placeholder(t);
                   auto run = [&](std::optional<Location> loc) {
                     SmallVector<Type> inferred;
                     LogicalResult r = infer.inferReturnTypes(
                         ctx, loc, operands, op.getAttrDictionary(),
                         op.getPropertiesStorage(), op.getRegions(), inferred);
                     if (succeeded(r))
                       for (auto [set, t] : llvm::zip(results, inferred))
                         set.push_back({t, cond});
                     return r;
                   };
                   if (failed(run(std::nullopt)))
                     misfit(&op, cond, [&](std::optional<Location> loc) {
                       SmallVector<Type> ignored;
                       return infer.inferReturnTypes(
                           ctx, loc, operands, op.getAttrDictionary(),
                           op.getPropertiesStorage(), op.getRegions(), ignored);
                     });
                 });
    for (auto [r, set] : llvm::zip(op.getResults(), results))
      settle(r, std::move(set), &op);
  }

  void visitChoice(nas::ChoiceOp choice) {
    record(choice);
    std::string label = siteLabel(choice, suffix);
    unsigned n = choice.getAlternatives().size();
    SmallVector<EntrySet> results(choice.getNumResults());
    for (auto [i, alt] : llvm::enumerate(choice.getAlternatives())) {
      Condition pick = single(label, n, i);
      auto inner = conjoin(context, pick);
      if (!inner)
        continue;
      Condition saved = std::exchange(context, *inner);
      block(alt.front());
      context = std::move(saved);
      Operation *yield = alt.front().getTerminator();
      for (auto [k, v] : llvm::enumerate(yield->getOperands()))
        for (const Entry &e : entriesOf(v))
          if (auto c = conjoin(e.cond, pick))
            results[k].push_back({e.type, std::move(*c)});
    }
    for (auto [r, set] : llvm::zip(choice.getResults(), results))
      settle(r, std::move(set), choice);
  }

  void visitSelect(nas::SelectOp select) {
    record(select);
    std::string label = siteLabel(select, suffix);
    auto inputs = select.getInputs();
    int64_t n = inputs.size();
    // The subsets in the model's order: by size, then lexicographically.
    std::vector<SmallVector<int64_t>> subsets;
    for (uint64_t mask = 1; n < 20 && mask < (uint64_t(1) << n); ++mask) {
      int64_t size = llvm::popcount(mask);
      if (size < select.getMin() || size > select.getMax())
        continue;
      SmallVector<int64_t> s;
      for (int64_t i = 0; i < n; ++i)
        if (mask >> i & 1)
          s.push_back(i);
      subsets.push_back(s);
    }
    llvm::sort(subsets, [](const auto &a, const auto &b) {
      return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    Builder b(ctx);
    auto &values = selectValues[select];
    values.clear();
    for (auto &s : subsets)
      values.push_back(b.getI64ArrayAttr(s));
    EntrySet result;
    for (auto [j, s] : llvm::enumerate(subsets)) {
      auto start = conjoin(context, single(label, subsets.size(), j));
      if (!start)
        continue;
      SmallVector<Value> chosen;
      for (int64_t i : s)
        chosen.push_back(inputs[i]);
      combinations(
          chosen, *start, [&](ArrayRef<Type> types, const Condition &cond) {
            if (types.size() == 1)
              return result.push_back({types[0], cond});
            SmallVector<Value> operands;
            for (Type t : types)
              operands.push_back(placeholder(t));
            auto run = [&](std::optional<Location> loc,
                           SmallVectorImpl<Type> &out) -> LogicalResult {
              return select.getCombine() == nas::Combine::sum
                         ? nn::AddOp::inferReturnTypes(
                               ctx, loc, ValueRange(operands), DictionaryAttr(),
                               OpaqueProperties(nullptr), RegionRange(), out)
                         : nn::ConcatOp::inferReturnTypes(
                               ctx, loc, ValueRange(operands), DictionaryAttr(),
                               OpaqueProperties(nullptr), RegionRange(), out);
            };
            SmallVector<Type> out;
            if (succeeded(run(std::nullopt, out)))
              return result.push_back({out[0], cond});
            misfit(select, cond, [&](std::optional<Location> loc) {
              SmallVector<Type> ignored;
              return run(loc, ignored);
            });
          });
    }
    settle(select.getResult(), std::move(result), select);
  }

  void visitRepeat(nas::RepeatOp repeat) {
    record(repeat);
    std::string label = siteLabel(repeat, suffix);
    ArrayRef<int64_t> depths = repeat.getDepths();
    auto depthsWhere = [&](function_ref<bool(int64_t)> keep) {
      llvm::SmallBitVector bits(depths.size());
      for (auto [i, d] : llvm::enumerate(depths))
        if (keep(d))
          bits.set(i);
      return among(label, std::move(bits));
    };
    EntrySet carried = entriesOf(repeat.getInput()), result;
    auto addResult = [&](int64_t d) {
      if (!llvm::is_contained(depths, d))
        return;
      Condition at = depthsWhere([&](int64_t x) { return x == d; });
      for (const Entry &e : carried)
        if (auto c = conjoin(e.cond, at))
          result.push_back({e.type, std::move(*c)});
    };
    addResult(0);
    std::map<SmallVector<const void *>, BodySummary> summaries;
    int64_t deepest = *llvm::max_element(depths);
    for (int64_t i = 0; i < deepest && !carried.empty(); ++i) {
      // The carried entries by type: the body is summarized per list of
      // types and instantiated with the conditions.
      SmallVector<Type> types;
      SmallVector<SmallVector<Condition, 1>> conds;
      for (Entry &e : carried) {
        auto *at = llvm::find(types, e.type);
        if (at == types.end()) {
          types.push_back(e.type);
          conds.emplace_back();
          at = types.end() - 1;
        }
        conds[at - types.begin()].push_back(std::move(e.cond));
      }
      SmallVector<const void *> key;
      for (Type t : types)
        key.push_back(t.getAsOpaquePointer());
      auto it = summaries.find(key);
      if (it == summaries.end())
        it = summaries.emplace(key, summarize(repeat, types)).first;
      auto reach =
          conjoin(context, depthsWhere([&](int64_t d) { return d > i; }));
      carried = instantiate(it->second, i, conds, *reach);
      if (carried.size() > maxEntries())
        carried = forget(std::move(carried), repeat.getResult().getType(),
                         repeat);
      addResult(i + 1);
    }
    settle(repeat.getResult(), std::move(result), repeat);
  }

  BodySummary summarize(nas::RepeatOp repeat, ArrayRef<Type> types) {
    BodySummary s;
    unsigned id = nextSummary++;
    if (!repeat.getShared())
      s.token = "#@" + std::to_string(id) + "@";
    s.input = "@in" + std::to_string(id);
    std::string savedSuffix = suffix;
    suffix += s.token;
    Condition savedContext = std::exchange(context, {});
    auto *savedSink = std::exchange(sink, &s.misfits);
    Block &body = repeat.getBody().front();
    EntrySet in;
    for (auto [j, t] : llvm::enumerate(types))
      in.push_back({t, single(s.input, types.size(), j)});
    env[body.getArgument(0)] = std::move(in);
    block(body);
    s.yields = entriesOf(body.getTerminator()->getOperand(0));
    suffix = std::move(savedSuffix);
    context = std::move(savedContext);
    sink = savedSink;
    return s;
  }

  /// Iteration `i` of a summarized body on carried entries of the
  /// summary's types (their conditions `conds`): the yielded entries; the
  /// misfits go to the sink under `reach` (the depths that run it).
  EntrySet instantiate(const BodySummary &s, int64_t i,
                       ArrayRef<SmallVector<Condition, 1>> conds,
                       const Condition &reach) {
    // Summarizing labels (`@typeN`) are fresh in each instance, shared
    // bodies included: the same label in two iterations would tie their
    // types together, which no decision does.
    unsigned k = instances.size();
    instances.push_back({s.token, s.input, "#" + std::to_string(i),
                         "." + std::to_string(k),
                         SmallVector<SmallVector<Condition, 1>>(conds)});
    Instance &in = instances.back();
    EntrySet next;
    for (const Entry &y : s.yields)
      rename(in, y.cond, [&](Condition c) {
        // Past this size the caller summarizes the conditions: unless they
        // are to be resolved, only the types are still needed.
        if (resolvable || next.size() <= 4 * maxEntries() ||
            llvm::none_of(next, [&](const Entry &e) { return e.type == y.type; }))
          next.push_back({y.type, std::move(c)});
      });
    for (const PendingMisfit &m : s.misfits)
      rename(in, m.cond, [&](Condition c) {
        if (auto reached = conjoin(c, reach))
          sink->push_back({m.op, std::move(*reached), m.message});
      });
    if (!resolvable)
      in.conds.clear(); // its labels are never resolved
    simplify(next);
    return next;
  }
};
} // namespace

/// The misfit of `m` under `cond` (its summarizing labels left out), and in
/// `key` what tells it apart from the others at the op.
static Misfit describe(const Analysis &a, const PendingMisfit &m,
                       const Condition &cond, std::string &key) {
  Builder b(m.op->getContext());
  Misfit f{m.op, {}, m.message};
  key = m.message + ";";
  for (const LabelValues &t : cond) {
    if (isSummary(t.label))
      continue;
    Operation *site = a.siteOf.lookup(baseLabel(t.label));
    MisfitDecision d{t.label, site, {}};
    for (int v : t.values.set_bits()) {
      key += t.label + "=" + std::to_string(v) + ";";
      if (auto choice = dyn_cast_or_null<nas::ChoiceOp>(site))
        d.values.push_back(choice.getOptions()[v]);
      else if (auto repeat = dyn_cast_or_null<nas::RepeatOp>(site))
        d.values.push_back(b.getI64IntegerAttr(repeat.getDepths()[v]));
      else if (site)
        d.values.push_back(a.selectValues.lookup(site)[v]);
    }
    f.decisions.push_back(std::move(d));
  }
  return f;
}

std::vector<Misfit> nasir::findMisfits(nas::SpaceOp space,
                                       const MisfitSearch &search) {
  // The first pass keeps no meanings; a second one, only when some misfit
  // is under a summarizing label, keeps them to resolve it.
  auto pass = std::make_unique<Analysis>(space.getContext(), false);
  pass->block(space.getBlock());
  if (llvm::any_of(pass->misfits, [](const PendingMisfit &m) {
        return llvm::any_of(m.cond, [](const LabelValues &t) {
          return isSummary(t.label);
        });
      })) {
    pass = std::make_unique<Analysis>(space.getContext(), true);
    pass->block(space.getBlock());
  }
  Analysis &a = *pass;
  std::vector<Misfit> out;
  std::set<std::pair<Operation *, std::string>> seen;
  // Whether to go on: false once `search.limit` exact misfits are found.
  size_t exact = 0;
  auto add = [&](Misfit f, const std::string &key) {
    if (seen.insert({f.op, key}).second &&
        (!search.reached || search.reached(f))) {
      exact += !f.approximate;
      out.push_back(std::move(f));
    }
    return exact < search.limit;
  };
  // The misfits of one op and message as one disjunction, merged: a body's
  // misfit comes once per carried entry, which merge into one condition.
  std::vector<std::pair<const PendingMisfit *, std::vector<Condition>>> groups;
  std::map<std::pair<Operation *, std::string>, size_t> groupOf;
  for (const PendingMisfit &m : a.misfits) {
    auto [it, fresh] = groupOf.try_emplace({m.op, m.message}, groups.size());
    if (fresh)
      groups.push_back({&m, {}});
    groups[it->second].second.push_back(m.cond);
  }
  size_t budget = misfitBudget();
  std::string key;
  for (auto &[m, conds] : groups) {
    simplify(conds, kMergedConditions);
    for (const Condition &cond : conds) {
      auto r = a.resolve(cond, {}, budget, [&](const Condition &c) {
        return add(describe(a, *m, c, key), key);
      });
      if (r == Analysis::Resolved::stopped)
        return out;
      if (r == Analysis::Resolved::all)
        continue;
      // What is left: under the decisions still known.
      Misfit f = describe(a, *m, cond, key);
      f.approximate = true;
      if (!add(std::move(f), "approximate;" + key))
        return out;
    }
  }
  return out;
}

std::vector<Misfit> nasir::findMisfits(nas::SpaceOp space) {
  return findMisfits(space, MisfitSearch());
}

bool nasir::skipsMisfits(nas::SpaceOp space) {
  return llvm::any_of(space.getBlock().getOps<nas::ConstraintOp>(),
                      [](nas::ConstraintOp c) {
                        return c.getMetric() == nas::ConstraintMetric::fits;
                      });
}

std::vector<std::pair<Location, nas::Predicate>>
nasir::fitsExclusions(nas::SpaceOp space) {
  std::vector<std::pair<Location, nas::Predicate>> out;
  for (const Misfit &m : findMisfits(space)) {
    if (m.approximate)
      continue; // not an exact exclusion: verifyWholeSpace refuses the space
    nas::Predicate all;
    all.kind = nas::Predicate::And;
    for (const MisfitDecision &d : m.decisions) {
      nas::Predicate in;
      in.kind = nas::Predicate::In;
      in.lhs.label = d.label;
      in.set = d.values;
      all.operands.push_back(std::move(in));
    }
    nas::Predicate excluded;
    if (all.operands.empty()) {
      excluded = nas::Predicate::constant(false); // fits in no candidate
    } else {
      excluded.kind = nas::Predicate::Not;
      excluded.operands.push_back(all.operands.size() == 1
                                      ? std::move(all.operands[0])
                                      : std::move(all));
    }
    out.push_back({m.op->getLoc(), std::move(excluded)});
  }
  return out;
}
