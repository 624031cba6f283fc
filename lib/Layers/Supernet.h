//===- Supernet.h - the supernet document (candidate version 2) -*- C++ -*-===//
//
// A supernet (docs/candidate-format.md, "Version 2: supernets"): a version-1
// node graph plus the architecture labels, `mix` / `mix_inputs` nodes that
// weight their inputs by a label's parameters, and `share` entries that mask a
// layer's channels or kernel per option. Read and validated here, without
// LibTorch (the runtime builds lib/Runtime/Supernet.h from it, the fuzz
// harness reads it alone). Plain C++17 interface, as Candidate.h.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_LAYERS_SUPERNET_H
#define NASIR_LAYERS_SUPERNET_H

#include "lib/Layers/Candidate.h"

namespace nasir {
namespace layers {

enum class LabelKind { Value, Op, Depth, Inputs };
const char *labelKindName(LabelKind k);

/// One option of a label as the document spells it: a JSON number or string.
struct LabelOption {
  bool isNumber = false;
  double number = 0;
  std::string text; ///< the string (strings only)
  std::string json; ///< the option as JSON text (both)
};

struct SupernetLabel {
  std::string name;
  LabelKind kind = LabelKind::Op;
  std::vector<LabelOption> options; ///< value, op, depth
  int64_t n = 0, min = 0, max = 0;  ///< inputs: pick min..max of n (the supernet sums max)
  /// The length of the label's architecture parameter vector.
  size_t size() const { return kind == LabelKind::Inputs ? (size_t)n : options.size(); }
};

/// One entry of a node's `share`: option i keeps channels c < channels[i] of the result, or
/// uses the centred kernel[i] window of the (largest) kernel. Empty vectors: not shared so.
struct ShareEntry {
  size_t label = 0; ///< index into Supernet::labels
  std::vector<int64_t> channels, kernel, padding;
};

/// What a version-2 node adds: the label of a mix (-1 otherwise) and its share entries.
struct SupernetNodeExtras {
  int64_t label = -1;
  std::vector<ShareEntry> share;
};

struct Supernet {
  /// The nodes (mixes included: ops `mix`, `mix_inputs`) and the version-1 fields.
  Candidate graph;
  std::vector<SupernetLabel> labels;
  std::vector<SupernetNodeExtras> extras; ///< parallel to graph.nodes
  /// The index of the label `name`, or -1.
  int64_t findLabel(const std::string &name) const;
};

/// Parses and validates a version-2 document: the version-1 rules, then the labels and what
/// each node says of them (docs/candidate-format.md). Errors name the node (or label) and the
/// field, e.g. `node 7 (mix): "inputs" has 3 entries but label "act" has 2 options`.
bool parseSupernet(const std::string &json, Supernet &out, std::string &error);
bool loadSupernetFile(const std::string &path, Supernet &out, std::string &error);

/// The format version a document declares (0 if the text is not an object with an integer
/// "version"): what decides which reader a file goes to.
int64_t documentVersion(const std::string &json);

/// One sub-network: for each label (by index), the chosen option indices (one entry; for
/// `inputs` the sorted chosen inputs).
using Assignment = std::vector<std::vector<int64_t>>;

/// The assignment of a decisions object (docs/decisions.md: label -> option value; an input
/// choice a sorted index list). Numbers match options numerically, strings exactly; labels
/// left out take option 0 (inputs: the first max). Errors name the label.
bool parseAssignment(const std::string &decisionsJson, const Supernet &s, Assignment &out,
                     std::string &error);

/// Every label at option 0 (inputs: 0..max-1).
Assignment defaultAssignment(const Supernet &s);

} // namespace layers
} // namespace nasir

#endif // NASIR_LAYERS_SUPERNET_H
