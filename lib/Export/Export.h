//===- Export.h - take a candidate out of nasir -----------------*- C++ -*-===//
//
// Everything here reads the candidate document (docs/candidate-format.md),
// the one format both halves of nasir share, through its one reader
// (lib/Layers/Candidate.h), and writes each layer as the layer table spells
// it (lib/Layers/Layers.h), so an export never depends on the MLIR side's
// internals and accepts exactly what the runtime accepts:
//
//   candidateToPyTorch  one standalone Python file: a torch.nn.Module whose
//                       layers carry the runtime's names (`n3_conv2d`), so
//                       the weights nasir-train saves load by name;
//   candidateToDot      the network as a Graphviz graph;
//   renderSvg           runs `dot -Tsvg` on it.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_EXPORT_EXPORT_H
#define NASIR_EXPORT_EXPORT_H

#include <string>

namespace nasir::exporter {

/// Comment lines written at the top of the Python file (provenance).
struct PyTorchOptions {
  std::string header;
  std::string className = "Net";
};

/// A Python module defining `class Net(torch.nn.Module)`, `load_weights` and
/// `build`. False with `error` (the reader's) when the document is not a
/// valid candidate.
bool candidateToPyTorch(const std::string &candidateJson,
                        const PyTorchOptions &options, std::string &out,
                        std::string &error);

/// A Graphviz digraph: one box per layer (op, main attributes, shape), edges
/// along tensors.
bool candidateToDot(const std::string &candidateJson, std::string &out,
                    std::string &error);

/// Runs Graphviz (`dot -Tsvg`, found on PATH) on `dot`.
bool renderSvg(const std::string &dot, std::string &svg, std::string &error);

} // namespace nasir::exporter

#endif
