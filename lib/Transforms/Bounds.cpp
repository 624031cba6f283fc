//===- Bounds.cpp - whether a cost meets params/flops bounds --------------===//
#include "lib/Transforms/Bounds.h"

using namespace nasir;

bool nasir::withinBounds(const std::optional<Cost> &cost, int64_t paramsBound,
                         int64_t flopsBound, std::string &why) {
  if (paramsBound < 0 && flopsBound < 0)
    return true;
  if (!cost) {
    why = "cost unknown";
    return false;
  }
  auto over = [&](const char *metric, int64_t value, int64_t bound) {
    if (bound < 0 || value <= bound)
      return false;
    why = std::string(metric) + " " + std::to_string(value) + " > " +
          std::to_string(bound);
    return true;
  };
  return !over("params", cost->params, paramsBound) &&
         !over("flops", cost->flops, flopsBound);
}
