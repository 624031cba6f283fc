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

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>
#include <vector>

namespace nasir::exporter {

/// What the network was fed in training: nasir-train's normalization of
/// its --data (lib/Runtime/Runtime.h, DatasetInfo), so that the exported
/// file's preprocess() maps raw samples to the input it was trained on.
struct InputContract {
  bool known = false;
  std::string data;            ///< the --data spec
  std::string raw;             ///< how the dataset stores a sample
  std::vector<int64_t> sample; ///< one sample's shape
  double scale = 1;
  std::vector<double> mean, std;
  std::string unknown; ///< when not known: why, and how to give it
};

/// The contract in nasir-train's `--info` line (its "normalization") for
/// `--data data`; false with `error` when the line does not hold one.
bool inputContractFromInfo(llvm::StringRef infoJson, const std::string &data,
                           InputContract &out, std::string &error);

/// Comment lines written at the top of the Python file (provenance).
struct PyTorchOptions {
  std::string header;
  std::string className = "Net";
  InputContract input;
};

/// A Python module defining `class Net(torch.nn.Module)`, `load_weights`,
/// `build`, the input contract (`DATA`, `SCALE`, `MEAN`, `STD`) and
/// `preprocess`. False with `error` (the reader's) when the document is not
/// a valid candidate, or when the contract's samples have another element
/// count than the network's input.
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
