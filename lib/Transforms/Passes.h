//===- Passes.h - nasir's passes --------------------------------*- C++ -*-===//
#ifndef NASIR_TRANSFORMS_PASSES_H
#define NASIR_TRANSFORMS_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace nasir {

#define GEN_PASS_DECL
#include "lib/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "lib/Transforms/Passes.h.inc"

} // namespace nasir

#endif
