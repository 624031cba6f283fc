//===- SpaceInput.h - load a search space from .nas or .mlir ----*- C++ -*-===//
//
// What every front end of the compiler (the nasir CLI, the Python module)
// calls to read a space: `.nas` text goes through the frontend, MLIR text
// through the MLIR parser. Both dialects are registered on `ctx`. Errors are
// reported through the diagnostic handler the caller installed on `sm` (a
// SourceMgrDiagnosticHandler), so they read `file:line:col: error: ...`.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_DRIVER_SPACEINPUT_H
#define NASIR_DRIVER_SPACEINPUT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <vector>

namespace llvm {
class SourceMgr;
}

namespace nasir {

/// Dataset bindings for a `.nas` space (`--input 3x32x32 --classes 10`); an
/// .mlir space is rebound by a pass (bindDataset).
struct SpaceInputOptions {
  std::optional<std::vector<int64_t>> input;
  std::optional<int64_t> classes;
};

/// Loads the NN and NAS dialects into `ctx` and turns off the IR dump of
/// diagnostics (errors point at the source line).
void prepareSpaceContext(mlir::MLIRContext &ctx);

/// Compiles buffer `buf` of `sm` into a module of `nas.space`s: MLIR text when
/// `isMlir` (its cells instantiated), else `.nas` source. Null after an error
/// has been reported.
mlir::OwningOpRef<mlir::ModuleOp>
loadSpaceBuffer(unsigned buf, bool isMlir, mlir::MLIRContext &ctx,
                llvm::SourceMgr &sm, const SpaceInputOptions &options = {});

/// Reads `path` (`-` is stdin, read as .nas; a name ending in `.mlir` is MLIR)
/// and compiles it (loadSpaceBuffer). Null after an error has been reported.
mlir::OwningOpRef<mlir::ModuleOp>
loadSpaceFile(llvm::StringRef path, mlir::MLIRContext &ctx, llvm::SourceMgr &sm,
              const SpaceInputOptions &options = {});

} // namespace nasir

#endif
