//===- Input.h - load a search space from .nas or .mlir ---------*- C++ -*-===//
//
// Every nasir command that reads a space calls loadSpaceFile: `.nas` files go
// through the frontend, anything else through the MLIR parser. Both dialects
// are registered on `ctx`. Errors are reported through the diagnostic handler
// the caller installed on `sm` (a SourceMgrDiagnosticHandler), so they print
// as `file:line:col: error: ...` with the source line and a caret.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TOOLS_NASIR_INPUT_H
#define NASIR_TOOLS_NASIR_INPUT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class SourceMgr;
}

namespace nasir::cli {

class CommandLine;

/// Dataset bindings a command may pass on (`--input 3x32x32 --classes 10`);
/// they apply to `.nas` files (an .mlir space is rebound by a pass).
struct InputOptions {
  std::optional<std::vector<int64_t>> input;
  std::optional<int64_t> classes;
};

/// Loads a module of `nas.space`s from `path` (`-` is stdin, read as .nas
/// unless it parses as MLIR); null after an error has been reported.
mlir::OwningOpRef<mlir::ModuleOp> loadSpaceFile(llvm::StringRef path,
                                                mlir::MLIRContext &ctx,
                                                llvm::SourceMgr &sm,
                                                const InputOptions &options = {});

/// The --input and --classes a command line gives (addLoadOptions).
InputOptions inputOptionsOf(const CommandLine &cl);

} // namespace nasir::cli

#endif
