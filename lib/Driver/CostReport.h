//===- CostReport.h - the cost of a candidate or a space as JSON -*- C++ -*-===//
#ifndef NASIR_DRIVER_COSTREPORT_H
#define NASIR_DRIVER_COSTREPORT_H

#include "dialect/NAS/NASOps.h"
#include <string>

namespace nasir {

/// The cost of a concrete network as one line of JSON,
/// `{"params": P, "flops": F, "macs": M}`, or the min/max range over the
/// decisions still open in `space` (`params_min`, ..., `macs_max`, `exact`;
/// never a sum over alternatives), docs/language.md "Cost". False with
/// `error` set when the cost is not known, naming the open decisions that
/// decide a shape. `flopsAsMacs` (`--flops macs`, lib/Search/FlopsConvention.h):
/// `flops` (`flops_min`/`_max`) holds the MACs and the object ends with
/// `"flops_convention": "macs"`; without it `flops` is nasir's count and the
/// object has no such field.
bool costJson(nas::SpaceOp space, std::string &json, std::string &error,
              bool flopsAsMacs = false);

} // namespace nasir

#endif
