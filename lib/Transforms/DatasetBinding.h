//===- DatasetBinding.h - bind a space to a dataset's shapes ----*- C++ -*-===//
#ifndef NASIR_TRANSFORMS_DATASETBINDING_H
#define NASIR_TRANSFORMS_DATASETBINDING_H

#include "dialect/NAS/NASOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace nasir {

/// Binds the dataset: the input shape (without the batch) and the class
/// count (the ops marked `nas.bind = "classes"`), then re-infers every type.
mlir::LogicalResult bindDataset(nas::SpaceOp space,
                                llvm::ArrayRef<int64_t> inputShape,
                                int64_t classes);

/// Parses "1x28x28" into {1, 28, 28}; empty on error.
std::vector<int64_t> parseShape(llvm::StringRef text);

} // namespace nasir

#endif
