//===- Canonicalize.cpp - exact algebra and fingerprints ------------------===//
#include "lib/Transforms/Canonicalize.h"
#include "dialect/NN/NNOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/xxhash.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace nasir;

namespace {
using Hash = llvm::XXH128_hash_t;

/// What the algebra knows of a value: identically zero, or a node with a
/// structural hash. Identities are looked through; sums are flattened into
/// the multiset of their non-zero terms.
struct Node {
  bool zero = false;
  Hash hash{0, 0};
  SmallVector<Hash> terms; // for a flattened sum: its terms (sorted)
};

bool lessHash(const Hash &a, const Hash &b) {
  return a.high64 != b.high64 ? a.high64 < b.high64 : a.low64 < b.low64;
}

class Algebra {
public:
  explicit Algebra(const CanonOptions &o) : options(o) {}

  const Node &of(Value v) {
    auto it = nodes.find(v);
    if (it != nodes.end())
      return it->second;
    Node n = compute(v);
    Operation *op = v.getDefiningOp();
    bool sumOfOne = op && isa<nn::AddOp>(op) && n.terms.empty();
    if (op && !n.zero && !sumOfOne && !isa<nn::IdentityOp>(op) &&
        counted.insert(op).second)
      instances.push_back(n.hash);
    return nodes.try_emplace(v, std::move(n)).first->second;
  }

  /// The hash of every op that the canonical graph keeps, once per op (not
  /// per use): identical ops on identical inputs are one node of the graph,
  /// but two such ops are two sets of weights and costs.
  std::vector<Hash> instances;

private:
  const CanonOptions &options;
  llvm::DenseMap<Value, Node> nodes;
  llvm::DenseSet<Operation *> counted;

  static Hash hashString(StringRef s) {
    return llvm::xxh3_128bits(
        ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(s.data()), s.size()));
  }

  /// Printed attributes and types, cached: they are uniqued in the context,
  /// and printing them is most of a fingerprint's cost.
  llvm::DenseMap<Attribute, std::string> attrText;
  llvm::DenseMap<Type, std::string> typeText;

  StringRef textOf(Attribute a) {
    auto [it, inserted] = attrText.try_emplace(a);
    if (inserted)
      llvm::raw_string_ostream(it->second) << a;
    return it->second;
  }
  StringRef textOf(Type t) {
    auto [it, inserted] = typeText.try_emplace(t);
    if (inserted)
      llvm::raw_string_ostream(it->second) << t;
    return it->second;
  }

  Node compute(Value v) {
    Operation *op = v.getDefiningOp();
    Node n;
    if (!op) { // a block argument: identified by its position
      n.hash = hashString("arg" + std::to_string(cast<BlockArgument>(v).getArgNumber()));
      return n;
    }
    if (isa<nn::ZeroOp>(op)) {
      n.zero = true;
      return n;
    }
    if (isa<nn::IdentityOp>(op))
      return of(op->getOperand(0));
    if (isa<nn::AddOp>(op)) {
      for (Value in : op->getOperands()) {
        const Node &t = of(in);
        if (t.zero)
          continue;
        if (!t.terms.empty())
          n.terms.append(t.terms.begin(), t.terms.end());
        else
          n.terms.push_back(t.hash);
      }
      if (n.terms.empty()) {
        n.zero = true;
        return n;
      }
      if (n.terms.size() == 1) {
        n.hash = n.terms.front();
        n.terms.clear();
        return n;
      }
      llvm::sort(n.terms, lessHash);
      std::string key = "add";
      for (const Hash &h : n.terms)
        key += "," + std::to_string(h.high64) + ":" + std::to_string(h.low64);
      n.hash = hashString(key);
      return n;
    }
    bool allZero = op->getNumOperands() > 0;
    for (Value in : op->getOperands())
      allZero &= of(in).zero;
    auto layer = dyn_cast<nn::LayerOpInterface>(op);
    if (allZero &&
        (options.zeroAbsorbing || (layer && layer.isZeroPreserving()))) {
      n.zero = true;
      return n;
    }
    std::string key;
    llvm::raw_string_ostream os(key);
    os << op->getName() << "#" << cast<OpResult>(v).getResultNumber();
    for (NamedAttribute a : op->getAttrs())
      if (!a.getName().getValue().starts_with("nas."))
        os << " " << a.getName().getValue() << "=" << textOf(a.getValue());
    os << " : " << textOf(v.getType());
    for (Value in : op->getOperands()) {
      const Node &t = of(in);
      if (t.zero)
        os << " (zero " << textOf(in.getType()) << ")";
      else
        os << " (" << t.hash.high64 << ":" << t.hash.low64 << ")";
    }
    n.hash = hashString(key);
    return n;
  }
};

nn::OutputOp findOutput(nas::SpaceOp space) {
  for (auto out : space.getBlock().getOps<nn::OutputOp>())
    return out;
  return {};
}
} // namespace

std::string nasir::fingerprintNetwork(nas::SpaceOp space,
                                      const CanonOptions &options) {
  nn::OutputOp out = findOutput(space);
  if (!out)
    return "";
  Algebra algebra(options);
  const Node &n = algebra.of(out.getInput());
  if (n.zero)
    return "zero";
  Hash h = n.hash;
  if (!options.zeroAbsorbing) {
    // With the ops it keeps, counted: two candidates with one fingerprint
    // then have the same live ops, so the same params and FLOPs. The
    // zero-absorbing rule (an op on zero inputs is zero, identical ops on
    // identical inputs are one) names a function class, not a cost.
    std::vector<Hash> kept = algebra.instances;
    llvm::sort(kept, lessHash);
    std::string key = std::to_string(h.high64) + ":" + std::to_string(h.low64);
    for (const Hash &k : kept)
      key += "," + std::to_string(k.high64) + ":" + std::to_string(k.low64);
    h = llvm::xxh3_128bits(ArrayRef<uint8_t>(
        reinterpret_cast<const uint8_t *>(key.data()), key.size()));
  }
  char buf[33];
  snprintf(buf, sizeof(buf), "%016llx%016llx", (unsigned long long)h.high64,
           (unsigned long long)h.low64);
  return buf;
}

LogicalResult nasir::canonicalizeNetwork(nas::SpaceOp space,
                                         const CanonOptions &options) {
  Block &block = space.getBlock();
  Algebra algebra(options);
  // Fold identities.
  for (auto id : llvm::make_early_inc_range(block.getOps<nn::IdentityOp>())) {
    id.getResult().replaceAllUsesWith(id.getInput());
    id.erase();
  }
  // Rebuild every sum as one flat, ordered sum of its non-zero terms.
  for (auto add : llvm::make_early_inc_range(block.getOps<nn::AddOp>())) {
    SmallVector<Value> terms, work(add.getInputs().begin(), add.getInputs().end());
    Value someZero;
    while (!work.empty()) {
      Value v = work.pop_back_val();
      if (auto inner = v.getDefiningOp<nn::AddOp>()) {
        work.append(inner.getInputs().begin(), inner.getInputs().end());
        continue;
      }
      if (algebra.of(v).zero) {
        someZero = v;
        continue;
      }
      terms.push_back(v);
    }
    llvm::stable_sort(terms, [&](Value a, Value b) {
      return lessHash(algebra.of(a).hash, algebra.of(b).hash);
    });
    if (terms.empty()) {
      add.getResult().replaceAllUsesWith(someZero);
    } else if (terms.size() == 1) {
      add.getResult().replaceAllUsesWith(terms.front());
    } else {
      OpBuilder b(add);
      auto flat = b.create<nn::AddOp>(add.getLoc(), terms);
      add.getResult().replaceAllUsesWith(flat.getResult());
    }
    add.erase();
  }
  // Remove dead nodes (everything but the output, constraints and
  // objectives is a pure layer).
  bool changed = true;
  while (changed) {
    changed = false;
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block))) {
      if (op.getNumResults() && op.use_empty() && isPure(&op)) {
        op.erase();
        changed = true;
      }
    }
  }
  return success();
}
