//===- Network.h - concrete networks: cost, binding, lowering ---*- C++ -*-===//
#ifndef NASIR_TRANSFORMS_NETWORK_H
#define NASIR_TRANSFORMS_NETWORK_H

#include "dialect/NAS/NASOps.h"
#include <optional>
#include <string>

namespace nasir {

struct Cost {
  int64_t params = 0, flops = 0;
};

/// Parameters and FLOPs of the layers of `space`, summed over the
/// LayerOpInterface; nullopt when a shape they need is not static.
std::optional<Cost> costOf(nas::SpaceOp space);

/// The cheapest and dearest candidates of an open space, without
/// enumerating: per-metric minimum and maximum over alternatives and depths.
/// `exact` is false when sites sharing a label disagree on their cheapest
/// option (the figures are then bounds). nullopt when a cost depends on a
/// shape that an open choice decides.
struct CostRange {
  Cost minimum, maximum;
  bool exact = true;
};
std::optional<CostRange> costRange(nas::SpaceOp space);

/// Whole-space checks that need the decision structure: no valid candidate
/// (error); an alternative no valid candidate takes (warning).
mlir::LogicalResult verifyWholeSpace(nas::SpaceOp space);

/// Whether a cost meets params/flops bounds (-1: no bound); sets `why` when
/// not ("params 1200 > 1000", or "cost unknown" when a bound cannot be checked).
bool withinBounds(const std::optional<Cost> &cost, int64_t paramsBound,
                  int64_t flopsBound, std::string &why);

/// Binds the dataset: the input shape (without the batch) and the class
/// count (the ops marked `nas.bind = "classes"`), then re-infers every type.
mlir::LogicalResult bindDataset(nas::SpaceOp space,
                                llvm::ArrayRef<int64_t> inputShape,
                                int64_t classes);

/// Parses "1x28x28" into {1, 28, 28}; empty on error.
std::vector<int64_t> parseShape(llvm::StringRef text);

/// The candidate document (docs/candidate-format.md) of a concrete network.
/// Fails with a diagnostic when a nas construct is left or a shape is open.
mlir::FailureOr<std::string> lowerToCandidate(nas::SpaceOp space);

} // namespace nasir

#endif
