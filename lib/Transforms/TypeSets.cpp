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

/// Entries per value beyond which the analysis forgets which decisions give
/// which type (conditions are conjunctions, and a carried type that
/// per-iteration decisions change in deeply nested repeats needs one per
/// path): the value then takes each of its types under an analysis label of
/// its own (`@typeN`), independent of every decision. That over-approximates
/// the combinations reaching later ops, so a space with no misfit is still
/// proven to have none; a misfit under such a label may be spurious and is a
/// warning ("may not fit"). NASIR_TYPESET_LIMIT overrides it (the
/// brute-force tests use a tiny one).
static size_t maxEntries() {
  static const size_t limit = [] {
    const char *env = getenv("NASIR_TYPESET_LIMIT");
    long v = env ? atol(env) : 0;
    return v > 0 ? (size_t)v : size_t(16);
  }();
  return limit;
}

/// Distinct types of one value beyond which the analysis keeps the IR's
/// joined type alone (a warning: not exact from there on).
static constexpr size_t kMaxTypes = 256;

/// The prefix of the analysis labels that stand for "one of this value's
/// types, whichever decisions give it".
static constexpr llvm::StringLiteral kTypeLabel = "@type";

/// Keeps a set small: per type, a condition that another one admits goes,
/// and two that differ in one label's values become one. A set far past
/// maxEntries() is left as it is (the caller forgets its conditions).
static void simplify(EntrySet &set) {
  if (set.size() > 4 * maxEntries())
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

namespace {
class Analysis {
public:
  explicit Analysis(MLIRContext *ctx) : ctx(ctx), scratch(new Block) {}

  std::vector<PendingMisfit> misfits;
  /// Per IR label, a site that carries it.
  llvm::StringMap<Operation *> siteOf;
  /// The domain of each select: its subsets, as decisions spell them.
  DenseMap<Operation *, std::vector<Attribute>> selectValues;

  void block(Block &b) {
    for (Operation &op : b)
      visit(op);
  }

private:
  MLIRContext *ctx;
  std::unique_ptr<Block> scratch; // arguments stand for operands of a type
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
  unsigned nextTypeLabel = 0, nextInstance = 0;

  /// The entries of `v` (the result of `op`), simplified, and past
  /// maxEntries() forgotten (forget()).
  void settle(Value v, EntrySet set, Operation *op) {
    simplify(set);
    if (set.size() > maxEntries())
      set = forget(std::move(set), v.getType(), op);
    env[v] = std::move(set);
  }

  /// `set` with its conditions forgotten: each distinct type under a value
  /// of a fresh analysis label (renamed in each instance of a repeat body,
  /// so each iteration gets its own). With more than kMaxTypes distinct
  /// types, the IR's type `joined` alone, with a warning.
  EntrySet forget(EntrySet set, Type joined, Operation *op) {
    SmallVector<Type> types;
    for (const Entry &e : set)
      if (!llvm::is_contained(types, e.type))
        types.push_back(e.type);
    if (types.size() > kMaxTypes) {
      if (warned.insert(op).second)
        emitWarning(op->getLoc())
            << "more than " << kMaxTypes
            << " types for this value under different decisions: only its "
               "joined type is checked from here on";
      return {Entry{joined, {}}};
    }
    std::string label = kTypeLabel.str() + std::to_string(nextTypeLabel++);
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
    std::string iteration = "#" + std::to_string(i);
    // Forgotten conditions (`@typeN`) are fresh in each instance, shared
    // bodies included: the same label in two iterations would tie their
    // types together, which no decision does.
    std::string instance = "." + std::to_string(nextInstance++);
    auto expand = [&](const Condition &c, function_ref<void(Condition)> fn) {
      Condition renamed;
      llvm::SmallBitVector inputs(conds.size(), true);
      for (const LabelValues &t : c) {
        if (t.label == s.input)
          inputs = t.values;
        else if (StringRef(t.label).starts_with(kTypeLabel))
          renamed.push_back({t.label + instance, t.values});
        else if (s.token.empty())
          renamed.push_back(t);
        else
          renamed.push_back(
              {replaceAll(t.label, s.token, iteration), t.values});
      }
      llvm::sort(renamed, [](const LabelValues &a, const LabelValues &b) {
        return a.label < b.label;
      });
      for (int j : inputs.set_bits())
        for (const Condition &in : conds[j])
          if (auto both = conjoin(renamed, in))
            fn(std::move(*both));
    };
    EntrySet next;
    for (const Entry &y : s.yields)
      expand(y.cond, [&](Condition c) {
        // Past this size the caller forgets the conditions: only the types
        // are still needed.
        if (next.size() <= 4 * maxEntries() ||
            llvm::none_of(next, [&](const Entry &e) { return e.type == y.type; }))
          next.push_back({y.type, std::move(c)});
      });
    for (const PendingMisfit &m : s.misfits)
      expand(m.cond, [&](Condition c) {
        if (auto reached = conjoin(c, reach))
          sink->push_back({m.op, std::move(*reached), m.message});
      });
    simplify(next);
    return next;
  }
};
} // namespace

std::vector<Misfit> nasir::findMisfits(nas::SpaceOp space) {
  Analysis a(space.getContext());
  a.block(space.getBlock());
  Builder b(space.getContext());
  std::vector<Misfit> out;
  std::set<std::pair<Operation *, std::string>> seen;
  for (PendingMisfit &m : a.misfits) {
    Misfit f{m.op, {}, m.message};
    std::string key;
    for (const LabelValues &t : m.cond) {
      if (StringRef(t.label).starts_with(kTypeLabel)) {
        f.approximate = true; // a forgotten condition
        key += t.label + "=" + std::to_string(t.values.find_first()) + ";";
        continue;
      }
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
    if (seen.insert({m.op, key + m.message}).second)
      out.push_back(std::move(f));
  }
  return out;
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
