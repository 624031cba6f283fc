//===- CandidateFingerprint.cpp - fingerprints without building -----------===//
#include "lib/Transforms/CandidateFingerprint.h"
#include "lib/Transforms/CanonicalAlgebra.h"
#include "lib/Transforms/Labels.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace nasir;
using namespace nasir::canon;

namespace {
/// The ops a candidate is made of: each an instance of a space op (an op of
/// a repeat body is one instance per iteration) with its operands. A value
/// is an instance and a result number.
struct SelectedGraph {
  using V = uint64_t;
  static constexpr bool kAsCloned = true;
  struct Instance {
    Operation *op;
    llvm::SmallVector<V, 4> operands;
  };
  std::vector<Instance> instances;
  /// The prefix text of each (space op, result), kept across candidates.
  llvm::DenseMap<std::pair<Operation *, unsigned>, std::string> *prefixes;

  static V value(size_t instance, unsigned result) {
    return (V)instance << 16 | result;
  }
  Operation *def(V v) { return instances[v >> 16].op; }
  unsigned argNumber(V) { return 0; } // never: every value is an op's
  unsigned result(V v) { return unsigned(v & 0xffff); }
  Type type(V v) { return def(v)->getResult(result(v)).getType(); }
  unsigned numOperands(V v) { return instances[v >> 16].operands.size(); }
  V operand(V v, unsigned i) { return instances[v >> 16].operands[i]; }
  uint64_t instance(V v) { return v >> 16; }
  void appendPrefix(V v, TextCache &text, std::string &s) {
    auto [it, inserted] = prefixes->try_emplace({def(v), result(v)});
    if (inserted)
      appendOpPrefix(def(v), result(v), type(v), text, it->second);
    s += it->second;
  }
};

/// Walks the ops that `decisions` select, as SpecializingCloner
/// (Specialize.cpp) clones them; false where the fast path does not apply.
class Selector {
public:
  Selector(DictionaryAttr decisions, SelectedGraph &graph)
      : decisions(decisions), graph(graph) {}

  bool block(Block &b, const std::string &suffix) {
    for (Operation &op : b)
      if (!isa<nas::YieldOp>(op) && !visit(op, suffix))
        return false;
    return true;
  }

  /// The candidate's output, once the space's block has been walked.
  std::optional<SelectedGraph::V> output;
  llvm::StringSet<> used;

private:
  DictionaryAttr decisions;
  SelectedGraph &graph;
  llvm::DenseMap<Value, SelectedGraph::V> map;

  bool lookup(Value v, SelectedGraph::V &out) {
    auto it = map.find(v);
    if (it == map.end())
      return false;
    out = it->second;
    return true;
  }

  Attribute decision(const std::string &label) {
    Attribute v = decisions.get(label);
    if (v)
      used.insert(label);
    return v;
  }

  bool visit(Operation &op, const std::string &suffix) {
    if (auto choice = dyn_cast<nas::ChoiceOp>(op)) {
      Attribute v = decision(siteLabel(choice, suffix));
      std::optional<unsigned> i = v ? choice.findOption(v) : std::nullopt;
      if (!i)
        return false;
      Block &alt = choice.getAlternatives()[*i].front();
      if (!block(alt, suffix))
        return false;
      for (auto [r, y] :
           llvm::zip(choice.getResults(), alt.getTerminator()->getOperands())) {
        SelectedGraph::V to;
        if (!lookup(y, to))
          return false;
        map[r] = to;
      }
      return true;
    }
    if (auto repeat = dyn_cast<nas::RepeatOp>(op)) {
      auto depth = dyn_cast_or_null<IntegerAttr>(
          decision((repeat.getLabel() + suffix).str()));
      if (!depth || !llvm::is_contained(repeat.getDepths(), depth.getInt()))
        return false;
      Block &body = repeat.getBody().front();
      SelectedGraph::V current;
      if (!lookup(repeat.getInput(), current))
        return false;
      for (int64_t i = 0; i < depth.getInt(); ++i) {
        map[body.getArgument(0)] = current;
        if (!block(body, repeat.getShared() ? suffix
                                            : suffix + "#" + std::to_string(i)) ||
            !lookup(body.getTerminator()->getOperand(0), current))
          return false;
      }
      map[repeat.getResult()] = current;
      return true;
    }
    if (auto req = dyn_cast<nas::RequireOp>(op)) {
      auto pred = req.parsePredicate();
      if (!pred)
        return false;
      pred->renameLabels(
          [&](StringRef l) { return requireLabel(req, l, suffix); });
      return pred->evaluate([&](StringRef l) { return decisions.get(l); })
          .value_or(true);
    }
    if (isa<nas::SelectOp>(op) || op.getNumRegions() > 0 ||
        op.getNumResults() > 0xffff)
      return false;
    for (Type t : op.getResultTypes())
      if (auto rt = dyn_cast<RankedTensorType>(t);
          rt && llvm::any_of(rt.getShape().drop_front(), ShapedType::isDynamic))
        return false; // re-inferred when built
    SelectedGraph::Instance in{&op, {}};
    for (Value v : op.getOperands()) {
      SelectedGraph::V from;
      if (!lookup(v, from))
        return false;
      in.operands.push_back(from);
    }
    size_t index = graph.instances.size();
    graph.instances.push_back(std::move(in));
    for (OpResult r : op.getResults())
      map[r] = SelectedGraph::value(index, r.getResultNumber());
    // The first output of the space's block (fingerprintNetwork's).
    if (isa<nn::OutputOp>(op) && !output && op.getBlock() == topBlock &&
        op.getNumOperands() > 0)
      output = graph.instances.back().operands.front();
    return true;
  }

public:
  Block *topBlock = nullptr;
};
} // namespace

struct CandidateFingerprinter::State {
  nas::SpaceOp space;
  CanonOptions options;
  TextCache text;
  llvm::DenseMap<std::pair<Operation *, unsigned>, std::string> prefixes;
};

CandidateFingerprinter::CandidateFingerprinter(nas::SpaceOp space,
                                               const CanonOptions &options)
    : state(new State{space, options, TextCache(),
                      llvm::DenseMap<std::pair<Operation *, unsigned>, std::string>()}) {}

CandidateFingerprinter::~CandidateFingerprinter() = default;

std::optional<std::string>
CandidateFingerprinter::fingerprint(DictionaryAttr decisions) {
  SelectedGraph graph;
  graph.prefixes = &state->prefixes;
  Selector selector(decisions, graph);
  Block &top = state->space.getBlock();
  selector.topBlock = &top;
  // The candidate's block has no arguments (specializeToModule).
  if (top.getNumArguments() > 0 || !selector.block(top, "") ||
      !selector.output || selector.used.size() != decisions.size())
    return std::nullopt;
  Algebra<SelectedGraph> algebra(graph, state->options, state->text);
  return algebra.fingerprint(*selector.output);
}
