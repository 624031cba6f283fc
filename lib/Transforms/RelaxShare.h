//===- RelaxShare.h - weight sharing of value choices (nas-relax) -*- C++ -*-===//
//
// A value choice whose alternatives are one graph that differs only in
// channel counts (out_channels, out_features, depthwise groups) and in
// convolution kernels (with centred padding) becomes that graph once, at the
// widest options, with `nas.share` entries saying what each option keeps
// (OFA / FBNetV2 style). The channel masks then follow the data downstream
// until an op that consumes channels (a convolution, a linear layer).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_RELAXSHARE_H
#define NASIR_TRANSFORMS_RELAXSHARE_H

#include "dialect/NAS/NASOps.h"
#include <string>

namespace nasir {

/// When the alternatives of `choice` (already relaxed: flat blocks) are one
/// graph up to channel counts and kernels, rewrites its first alternative to
/// the shared graph (widest attributes, `nas.share` entries) and returns
/// true. Otherwise returns false and sets `why` to what the alternatives
/// `differingOption` (an index) and 0 differ in ("differ in stride").
bool shareAlternatives(nas::ChoiceOp choice, std::string &why,
                       unsigned &differingOption);

/// Gives every op of the relaxed `space` whose result channels follow a
/// shared channel count (through batch norms, activations, pools, sums, ...)
/// the `nas.share` entry of that count. Fails with an error at the op when a
/// count depends on two labels at an op that needs a mask, or reaches an op
/// that no mask keeps exact (layer_norm, a concatenation before its last
/// input, the output).
mlir::LogicalResult propagateChannelMasks(nas::SpaceOp space);

} // namespace nasir

#endif
