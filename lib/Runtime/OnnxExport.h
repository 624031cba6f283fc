//===- OnnxExport.h - a candidate as an ONNX model --------------*- C++ -*-===//
//
// Writes the LibTorch runtime's network for a candidate (docs/candidate-format.md)
// as an ONNX model (docs/onnx.md): the runtime's modules are built for the
// candidate, given the weights of a nasir-train --save file or a fresh
// initialization, and each node is spelled in ONNX ops, the modules'
// parameters and buffers becoming initializers named as in the state dict
// (`n3_conv2d.weight`). The batch dimension is symbolic (`N`).
//
// Plain C++17 like Runtime.h (no torch or protobuf types, no exceptions cross
// it), so nasir-train, a Python binding or a test can call it.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_RUNTIME_ONNXEXPORT_H
#define NASIR_RUNTIME_ONNXEXPORT_H

#include "lib/Runtime/Runtime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nasir {
namespace runtime {

/// The opset of the default ONNX domain every exported model imports. 10 is
/// the last one whose Clip (relu6) takes its bounds as attributes, the form
/// OpenCV's DNN module (4.6) reads; docs/onnx.md has the reasons.
inline constexpr int64_t kOnnxOpset = 10;

struct OnnxExportOptions {
  /// Weights written by nasir-train --save (torch::save of the network);
  /// empty: a fresh initialization seeded with `seed`.
  std::string weightsPath;
  uint64_t seed = 0;
  /// When set, the weights exported are also saved there (torch::save), so
  /// the runtime can load exactly what the model holds.
  std::string saveWeightsPath;
};

/// What an export wrote: the opset, the number of ONNX nodes and of
/// initializer values (floats).
struct OnnxExportSummary {
  int64_t opset = kOnnxOpset;
  int64_t nodes = 0;
  int64_t initializerValues = 0;
};

/// The serialized ModelProto of `c` in `bytes`; false with a message naming
/// the node (`node 3 (conv2d): ...`) or the weights file.
bool candidateToOnnx(const Candidate &c, const OnnxExportOptions &opts, std::string &bytes,
                     std::string &error, OnnxExportSummary *summary = nullptr);

/// candidateToOnnx written to `path`; the message names the file on a failed write.
bool exportOnnxFile(const Candidate &c, const OnnxExportOptions &opts, const std::string &path,
                    std::string &error, OnnxExportSummary *summary = nullptr);

/// The kinds of lib/Layers' table that have no ONNX spelling (empty when the
/// writer covers the table: a unit test checks it).
std::vector<std::string> layerKindsWithoutOnnx();

} // namespace runtime
} // namespace nasir

#endif // NASIR_RUNTIME_ONNXEXPORT_H
