//===- MLIRGen.h - .nas syntax trees to the nn and nas dialects -*- C++ -*-===//
//
// MLIRGen instantiates definitions like templates and evaluates the integer
// and float arithmetic of a space, symbolically where a value depends on
// value choices (knobs). It emits one `nas.space` per `space`:
//
//   - an op or subgraph choice (`one_of {a: .. | b: ..}`) -> nas.choice with
//     string options, one region per alternative;
//   - a layer whose attributes depend on knobs K1..Kn -> a nest of nas.choice
//     over K1..Kn (in the order the knobs were declared), one alternative per
//     value, around that one layer with plain attributes;
//   - `repeat` over a knob -> nas.repeat; `pick` -> nas.select;
//   - `constraint` / `maximize` / `minimize` -> nas.constraint / nas.objective.
//   - `require` -> nas.require where it stands, its names translated into the
//     labels of the choices they are bound to (constants fold to values).
//
// Every op carries the FileLineColLoc of the .nas expression it comes from.
// Errors are emitted as MLIR diagnostics at those locations.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_FRONTEND_MLIRGEN_H
#define NASIR_FRONTEND_MLIRGEN_H

#include "frontend/AST.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include <optional>
#include <vector>

namespace llvm {
class SourceMgr;
}
namespace mlir {
class MLIRContext;
}

namespace nasir::frontend {

/// What the dataset binds: overrides of the defaults a space declares.
struct SpaceBindings {
  std::optional<std::vector<int64_t>> input; // [C, H, W] or [F]
  std::optional<int64_t> classes;
};

/// Limits that keep bad input from exhausting time or memory.
struct Limits {
  static constexpr unsigned kMaxCallDepth = 256;
  static constexpr uint64_t kMaxOps = 200000;
  // Statements, loop iterations and comparisons in requires evaluated.
  static constexpr uint64_t kMaxSteps = 2000000;
  static constexpr size_t kMaxCombinations = 4096; // of the knobs one value uses
  static constexpr int64_t kMaxElements = int64_t(1) << 28; // per sample
  static constexpr int64_t kMaxChannels = int64_t(1) << 16;
  static constexpr int64_t kMaxFeatures = int64_t(1) << 20;
  static constexpr int64_t kMaxWindow = 1024; // kernel, stride, padding, dilation
  static constexpr int64_t kMaxDepth = 1000;  // of a repeat
  // Choices named by the requires of a space x its ops (lookups to check them).
  static constexpr uint64_t kMaxRequireLookups = uint64_t(1) << 24;
};

/// Checks names, arities and recursion in `files`, then emits the module.
/// Returns null after reporting errors.
mlir::OwningOpRef<mlir::ModuleOp>
mlirGen(mlir::MLIRContext &ctx, llvm::SourceMgr &sm,
        const std::vector<std::unique_ptr<FileAST>> &files,
        const SpaceBindings &bindings);

} // namespace nasir::frontend

#endif
