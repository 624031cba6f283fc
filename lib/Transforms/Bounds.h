//===- Bounds.h - whether a cost meets params/flops bounds ------*- C++ -*-===//
#ifndef NASIR_TRANSFORMS_BOUNDS_H
#define NASIR_TRANSFORMS_BOUNDS_H

#include "lib/Transforms/Cost.h"
#include <string>

namespace nasir {

/// Whether a cost meets params/flops bounds (-1: no bound); sets `why` when
/// not ("params 1200 > 1000", or "cost unknown" when a bound cannot be
/// checked).
bool withinBounds(const std::optional<Cost> &cost, int64_t paramsBound,
                  int64_t flopsBound, std::string &why);

} // namespace nasir

#endif
