//===- NetworkDot.h - Graphviz of a concrete network ------------*- C++ -*-===//
#ifndef NASIR_DRIVER_NETWORKDOT_H
#define NASIR_DRIVER_NETWORKDOT_H

#include "dialect/NAS/NASOps.h"
#include "llvm/Support/raw_ostream.h"

namespace nasir {

/// Graphviz of a specialized network (`nasir specialize --to dot`): one node
/// per layer, labelled with its op, the attributes that tell layers apart and
/// its shape; edges along tensors. Names reach the text only escaped.
void printNetworkDot(nas::SpaceOp space, llvm::raw_ostream &os);

} // namespace nasir

#endif
