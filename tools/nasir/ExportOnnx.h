//===- ExportOnnx.h - nasir export --to onnx --------------------*- C++ -*-===//
//
// The ONNX writer needs LibTorch (it builds the runtime's network and reads
// the weights nasir-train saved), so nasir, which has none, runs
// `nasir-train CANDIDATE --export-onnx OUT [--load WEIGHTS]` as a child
// process from an argument vector.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TOOLS_EXPORTONNX_H
#define NASIR_TOOLS_EXPORTONNX_H

#include <cstdint>
#include <string>

namespace nasir::cli {

/// Writes the candidate document `doc` as an ONNX model at `out`, with the
/// weights file `weights` (nasir-train --save) or, when empty, fresh weights
/// of seed `seed`. Errors go to stderr; returns the exit code (0, or 1).
int exportOnnxWithTrain(const std::string &doc, const std::string &weights, uint64_t seed,
                        const std::string &out);

/// The same with the weights file's bytes (a trial's, from its store).
int exportOnnxWithWeights(const std::string &doc, const std::string &weightBytes,
                          const std::string &out);

} // namespace nasir::cli

#endif
