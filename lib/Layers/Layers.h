//===- Layers.h - the one table of the candidate format's layers -*- C++ -*-===//
//
// Every layer kind a candidate document (docs/candidate-format.md) may name has
// one entry here: its schema (inputs, attributes with types, defaults and
// whether they are required), how its output shape follows from its inputs,
// its cost (parameters, FLOPs, MACs) and its PyTorch-source spelling. The candidate
// reader (Candidate.h), the LibTorch runtime (lib/Runtime), which adds one
// module builder per entry, and the exporter (lib/Export) all read this
// table; none of them lists layers of its own.
//
// Plain C++17: no MLIR, no LibTorch, no JSON types, no exceptions cross it, so
// both halves of nasir (and the fuzz build) use it.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_LAYERS_LAYERS_H
#define NASIR_LAYERS_LAYERS_H

#include <cstdint>
#include <string>
#include <vector>

namespace nasir {
namespace layers {

/// A shape without the batch dimension (`[C, H, W]`, `[C, L]`, `[F]`).
using Shape = std::vector<int64_t>;

struct CandidateNode;

enum class AttrType { Int, Bool, Float };

/// The default of a pool's `stride`: its `kernel` (filled in by the reader).
inline constexpr double kDefaultIsKernel = -1;

struct AttrSchema {
  const char *name;
  AttrType type;
  bool required;
  double defaultValue; ///< bools as 0/1; unused when required
};

/// What a layer's PyTorch spelling reads: the node, its inputs' shapes and the
/// Python expressions of its inputs.
struct PyTorchContext {
  const CandidateNode &node;
  const std::vector<Shape> &inShapes;
  const std::vector<std::string> &args;
};

/// A layer in PyTorch source: `module` constructs the submodule (empty when the
/// layer has none), `call` computes the output; `$m` in it stands for the
/// submodule (`self.n3_conv2d`).
struct PyTorchSpelling {
  std::string module;
  std::string call;
};

struct LayerSchema {
  /// Output shape from the inputs' shapes (their count and the attributes are
  /// checked already); false with a message (without the node's name).
  using InferFn = bool (*)(const CandidateNode &, const std::vector<Shape> &in, Shape &out,
                           std::string &error);
  /// Trainable parameters or forward FLOPs per sample, from the inputs' and
  /// the node's shapes.
  using CostFn = int64_t (*)(const CandidateNode &, const std::vector<Shape> &in);
  using PyTorchFn = PyTorchSpelling (*)(const PyTorchContext &);

  const char *kind; ///< the candidate's `op`
  int minInputs, maxInputs; ///< maxInputs < 0: unbounded
  std::vector<AttrSchema> attrs;
  InferFn infer;
  CostFn params; ///< null: none
  CostFn flops;  ///< null: free
  PyTorchFn pytorch;
  /// Multiply-accumulates per sample (the papers' "FLOPs"); null: none. Only
  /// convolutions and linear layers have them.
  CostFn macs = nullptr;
};

/// Every layer kind of the candidate format, `input` and `output` included.
const std::vector<LayerSchema> &layerTable();

/// The entry of `kind`, or null.
const LayerSchema *findLayer(const std::string &kind);

/// Python helper functions that some spellings call (`_mul`, `_zeros`), written
/// once at the top of an exported module.
const char *pytorchHelpers();

/// Python literals: a tuple (`(3,)`, `(16, 8, 8)`), a float that stays a
/// float (`1.0`, `1e-05`), a bool.
std::string pyTuple(const Shape &s);
std::string pyFloat(double v);
std::string pyBool(bool b);

/// `[16, 8, 8]`.
std::string shapeString(const Shape &s);

int64_t elementCount(const Shape &s);

} // namespace layers
} // namespace nasir

#endif // NASIR_LAYERS_LAYERS_H
