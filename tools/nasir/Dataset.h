//===- Dataset.h - a --data spec's shape, asked of the runtime -*- C++ -*-===//
//
// nasir never links LibTorch, so the shape and class count of a dataset come
// from the runtime itself: `nasir-train --info --data SPEC` prints them as
// one JSON line. `nasir search --evaluator train` asks before the first
// trial, binds the space to the answer, and refuses a space that does not
// take it (instead of failing every trial).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TOOLS_NASIR_DATASET_H
#define NASIR_TOOLS_NASIR_DATASET_H

#include "dialect/NAS/NASOps.h"
#include <cstdint>
#include <string>
#include <vector>

namespace nasir::cli {

struct DatasetShape {
  std::string name;           ///< mnist, digits, csv, ...
  std::vector<int64_t> input; ///< one sample, without the batch
  int64_t classes = 0;
  /// The runtime's whole answer, one JSON line; its "normalization" is the
  /// input contract (lib/Runtime/Runtime.h, DatasetInfo) that a search keeps
  /// in its store's `dataset` phase for `nasir export --to pytorch`.
  std::string infoJson;
};

/// Runs `trainBinary --info --data spec [extraArgs]`; false with the
/// runtime's reason (a missing file, a bad spec) in `error`.
bool queryDataset(const std::string &trainBinary, const std::string &spec,
                  DatasetShape &out, std::string &error,
                  const std::vector<std::string> &extraArgs = {});

/// The nasir-train options among `trainArgs` that change what --info says
/// (--test-fraction: the split that digits and csv are normalized without).
std::vector<std::string>
datasetInfoArgs(const std::vector<std::string> &trainArgs);

/// The store phase that keeps a search's dataset answer.
inline constexpr const char *kDatasetPhase = "dataset";

/// "1x28x28".
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// The space's input shape without the batch ("1x28x28", "?" when dynamic).
std::string spaceInputShape(nas::SpaceOp space);

/// Whether a bound space takes the dataset: its input is the sample shape
/// or its flattened form, and its output (when static) has the dataset's
/// classes, as nasir-train will check for every candidate.
bool spaceFitsDataset(nas::SpaceOp space, const DatasetShape &data,
                      std::string &error);

} // namespace nasir::cli

#endif
