//===- Candidate.h - the candidate document and its one reader --*- C++ -*-===//
//
// A candidate (docs/candidate-format.md) as structures, and the reader that
// parses and validates it against the layer table (Layers.h). The runtime,
// the exporter and the fuzz harness read candidates only through it. Plain
// C++17 interface (no JSON types, no exceptions cross it).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_LAYERS_CANDIDATE_H
#define NASIR_LAYERS_CANDIDATE_H

#include "lib/Layers/Layers.h"

#include <cstddef>
#include <map>

namespace nasir {
namespace layers {

/// One node of a candidate. `attrs` holds every attribute of the op (bools as 0/1), the
/// optional ones filled with their defaults by parseCandidate.
struct CandidateNode {
  int64_t id = 0;
  std::string op;
  std::vector<int64_t> inputs; ///< ids of earlier nodes
  Shape shape;                 ///< result shape without the batch dimension
  std::map<std::string, double> attrs;

  /// The attribute `name` (0 if absent: parseCandidate fills every attribute of the op).
  double attr(const std::string &name) const;
  int64_t intAttr(const std::string &name) const { return (int64_t)attr(name); }
  bool boolAttr(const std::string &name) const { return attr(name) != 0.0; }
};

struct Candidate {
  std::string format = "nasir-candidate";
  int64_t version = 1;
  std::string space;                            ///< informational
  std::map<std::string, std::string> decisions; ///< informational (values as JSON text)
  std::string decisionsJson = "{}";             ///< the "decisions" object as JSON text
  Shape input;
  int64_t numClasses = 0;
  std::vector<CandidateNode> nodes;
};

/// The limits of a candidate document: its JSON nests 4 deep; a network of thousands of nodes
/// takes a few MB.
inline constexpr unsigned kMaxCandidateDepth = 64;
inline constexpr size_t kMaxCandidateBytes = size_t(64) << 20;

/// Parses and validates a candidate (format, version, topology, ops, attributes, and the
/// declared shapes against shapes inferred from the input). Errors name the field or the node,
/// e.g. `node 3 (conv2d): missing attribute "out_channels"`, or where the JSON is bad.
bool parseCandidate(const std::string &json, Candidate &out, std::string &error);
bool loadCandidateFile(const std::string &path, Candidate &out, std::string &error);

/// Checks the structure and infers every node's shape from the input shape; `shapes[i]` is the
/// shape of nodes[i]. Fails on a mismatch with a declared shape. (parseCandidate calls it.)
/// `extraOps`: kinds beyond the layer table (the supernet's mixes, Supernet.h).
bool inferShapes(const Candidate &c, std::vector<Shape> &shapes, std::string &error,
                 const std::vector<LayerSchema> *extraOps = nullptr);

/// The declared shapes of the inputs of every node, by position (ids not found are skipped).
std::vector<std::vector<Shape>> inputShapes(const Candidate &c);

/// Trainable parameter count, equal to sum(p.numel()) of the model built from `c`.
int64_t countParameters(const Candidate &c);

/// Forward FLOPs for one sample, the cost model of docs/design.md: 1 multiply-add = 2 FLOPs, a
/// bias add or an element-wise op 1 per output element (add: n-1), normalizations 2 per element,
/// pooling 1 per window element, structure ops 0.
int64_t countFlops(const Candidate &c);

/// Multiply-accumulates for one sample of convolutions and linear layers only (the "FLOPs" of
/// NAS-Bench-201 and most papers): out_elements * in_channels/groups * kernel^rank, and
/// out_elements * in_features; the compiler's Cost::macs (lib/Transforms/Cost.h) counts the same.
int64_t countMacs(const Candidate &c);

} // namespace layers
} // namespace nasir

#endif // NASIR_LAYERS_CANDIDATE_H
