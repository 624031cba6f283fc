//===- LiveNetwork.h - keep only what a concrete network computes -*- C++ -*-===//
//
// After specialization a network can hold ops that do not contribute to its
// output: the inputs a nas.select did not pick, terms of a sum that are
// identically zero (a `zero` edge, or a zero-preserving op applied to one),
// and ops whose result only gives a `zero` its shape. Cost and training must
// see only the live ops, so that what a candidate reports (params, FLOPs) is
// what it computes, and two candidates with one fingerprint report the same.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_LIVENETWORK_H
#define NASIR_TRANSFORMS_LIVENETWORK_H

#include "dialect/NAS/NASOps.h"

namespace nasir {

/// Removes, in place, what does not contribute to the output of a concrete
/// network: zero terms of sums, ops whose results are unused, and ops that
/// only shape a `zero` (its operand is replaced by a live value of the same
/// type defined before it, when there is one). The function it computes is
/// unchanged.
void removeDeadOps(nas::SpaceOp concrete);

} // namespace nasir

#endif
