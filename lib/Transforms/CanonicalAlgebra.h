//===- CanonicalAlgebra.h - the fingerprint's algebra, on any graph -*- C++ -*-===//
//
// The rules of lib/Transforms/Canonicalize.h, over a dataflow graph given by
// `G`, so that one implementation serves the candidate as IR
// (fingerprintNetwork) and as the space's ops that decisions select, not
// cloned (CandidateFingerprinter). `G` provides, for its value handle G::V:
//   Operation *def(V)        the op computing it (null: a block argument)
//   unsigned argNumber(V)    for a block argument
//   mlir::Type type(V)
//   unsigned numOperands(V); V operand(V, unsigned)
//   uint64_t instance(V)     one number per op instance (counted once)
//   void appendPrefix(V, TextCache &, std::string &)
//                            `name#result attr=value ... : type` (see below)
//   static constexpr bool kAsCloned
//                            the graph is the candidate as cloned, before
//                            the removal of dead ops (Specialize.h), which
//                            the algebra then accounts for
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_CANONICALALGEBRA_H
#define NASIR_TRANSFORMS_CANONICALALGEBRA_H

#include "dialect/NN/NNOps.h"
#include "lib/Transforms/Canonicalize.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <string>
#include <vector>

namespace nasir::canon {

using Hash = llvm::XXH128_hash_t;

inline bool lessHash(const Hash &a, const Hash &b) {
  return a.high64 != b.high64 ? a.high64 < b.high64 : a.low64 < b.low64;
}

inline Hash hashString(llvm::StringRef s) {
  return llvm::xxh3_128bits(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(s.data()), s.size()));
}

/// Appends `v` in decimal (as std::to_string and raw_ostream print it).
inline void appendDecimal(std::string &s, uint64_t v) {
  char buf[20];
  char *p = buf + sizeof buf;
  do {
    *--p = char('0' + v % 10);
    v /= 10;
  } while (v);
  s.append(p, buf + sizeof buf);
}

/// `high:low` of a hash, in decimal.
inline void appendHash(std::string &s, const Hash &h) {
  appendDecimal(s, h.high64);
  s += ':';
  appendDecimal(s, h.low64);
}

/// Printed attributes and types, cached: they are uniqued in the context (and
/// live as long as it), and printing them is most of a fingerprint's cost.
class TextCache {
public:
  llvm::StringRef of(mlir::Attribute a) {
    auto [it, inserted] = attrText.try_emplace(a);
    if (inserted)
      llvm::raw_string_ostream(it->second) << a;
    return it->second;
  }
  llvm::StringRef of(mlir::Type t) {
    auto [it, inserted] = typeText.try_emplace(t);
    if (inserted)
      llvm::raw_string_ostream(it->second) << t;
    return it->second;
  }

private:
  llvm::DenseMap<mlir::Attribute, std::string> attrText;
  llvm::DenseMap<mlir::Type, std::string> typeText;
};

/// `name#result attr=value ... : type` of result `result` of `op`: what
/// identifies a node besides its operands (attributes of the nas dialect,
/// such as labels, are not part of the network).
inline void appendOpPrefix(mlir::Operation *op, unsigned result,
                           mlir::Type type, TextCache &text, std::string &s) {
  s += op->getName().getStringRef();
  s += '#';
  appendDecimal(s, result);
  for (mlir::NamedAttribute a : op->getAttrs())
    if (!a.getName().getValue().starts_with("nas.")) {
      s += ' ';
      s += a.getName().getValue();
      s += '=';
      s += text.of(a.getValue());
    }
  s += " : ";
  s += text.of(type);
}

/// What the algebra knows of a value: identically zero, or a node with a
/// structural hash. Identities are looked through; sums are flattened into
/// the multiset of their non-zero terms.
struct Node {
  bool zero = false;
  Hash hash{0, 0};
  llvm::SmallVector<Hash> terms; // for a flattened sum: its terms (sorted)
};

template <typename G> class Algebra {
public:
  using V = typename G::V;
  Algebra(G &graph, const CanonOptions &o, TextCache &text)
      : graph(graph), options(o), text(text) {}

  const Node &of(V v) {
    auto it = nodes.find(v);
    if (it != nodes.end())
      return it->second;
    Node n = compute(v);
    mlir::Operation *op = graph.def(v);
    bool sumOfOne = op && mlir::isa<nn::AddOp>(op) &&
                    (n.terms.empty() || (G::kAsCloned && replacedByTerm(v)));
    if (op && !n.zero && !sumOfOne && !mlir::isa<nn::IdentityOp>(op) &&
        counted.insert(graph.instance(v)).second)
      instances.push_back(n.hash);
    return nodes.try_emplace(v, std::move(n)).first->second;
  }

  /// The hash of every op that the canonical graph keeps, once per op (not
  /// per use): identical ops on identical inputs are one node of the graph,
  /// but two such ops are two sets of weights and costs.
  std::vector<Hash> instances;

  /// The fingerprint of the network whose output is `out`.
  std::string fingerprint(V out) {
    const Node &n = of(out);
    if (n.zero)
      return "zero";
    Hash h = n.hash;
    if (!options.zeroAbsorbing) {
      // With the ops it keeps, counted: two candidates with one fingerprint
      // then have the same live ops, so the same params and FLOPs. The
      // zero-absorbing rule (an op on zero inputs is zero, identical ops on
      // identical inputs are one) names a function class, not a cost.
      std::vector<Hash> kept = instances;
      llvm::sort(kept, lessHash);
      std::string key;
      key.reserve(40 * (kept.size() + 1));
      appendHash(key, h);
      for (const Hash &k : kept) {
        key += ',';
        appendHash(key, k);
      }
      h = hashString(key);
    }
    char buf[33];
    snprintf(buf, sizeof(buf), "%016llx%016llx", (unsigned long long)h.high64,
             (unsigned long long)h.low64);
    return buf;
  }

private:
  G &graph;
  const CanonOptions &options;
  TextCache &text;
  llvm::DenseMap<V, Node> nodes;
  llvm::DenseSet<uint64_t> counted;

  /// Whether specialization's removal of dead ops (LiveNetwork.cpp,
  /// dropZeroTerms) replaces the sum `v` by its one non-zero input: when it
  /// has more than one input and the others are zero (the same zeros as the
  /// algebra's, without the zero-absorbing rule, the only one under which
  /// ops are counted), and that input's type is the sum's.
  bool replacedByTerm(V v) {
    unsigned n = graph.numOperands(v), nonZero = 0;
    V kept{};
    for (unsigned i = 0; i < n; ++i)
      if (!of(graph.operand(v, i)).zero) {
        kept = graph.operand(v, i);
        ++nonZero;
      }
    return n > 1 && nonZero == 1 && graph.type(kept) == graph.type(v);
  }

  Node compute(V v) {
    mlir::Operation *op = graph.def(v);
    Node n;
    if (!op) { // a block argument: identified by its position
      n.hash = hashString("arg" + std::to_string(graph.argNumber(v)));
      return n;
    }
    if (mlir::isa<nn::ZeroOp>(op)) {
      n.zero = true;
      return n;
    }
    unsigned numOperands = graph.numOperands(v);
    if (mlir::isa<nn::IdentityOp>(op))
      return of(graph.operand(v, 0));
    if (mlir::isa<nn::AddOp>(op)) {
      for (unsigned i = 0; i < numOperands; ++i) {
        const Node &t = of(graph.operand(v, i));
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
      for (const Hash &h : n.terms) {
        key += ',';
        appendHash(key, h);
      }
      n.hash = hashString(key);
      return n;
    }
    bool allZero = numOperands > 0;
    for (unsigned i = 0; i < numOperands; ++i)
      allZero &= of(graph.operand(v, i)).zero;
    auto layer = mlir::dyn_cast<nn::LayerOpInterface>(op);
    if (allZero &&
        (options.zeroAbsorbing || (layer && layer.isZeroPreserving()))) {
      n.zero = true;
      return n;
    }
    std::string key;
    graph.appendPrefix(v, text, key);
    for (unsigned i = 0; i < numOperands; ++i) {
      V in = graph.operand(v, i);
      const Node &t = of(in);
      if (t.zero) {
        key += " (zero ";
        key += text.of(graph.type(in));
        key += ')';
      } else {
        key += " (";
        appendHash(key, t.hash);
        key += ')';
      }
    }
    n.hash = hashString(key);
    return n;
  }
};

} // namespace nasir::canon

#endif
