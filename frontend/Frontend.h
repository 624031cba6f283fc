//===- Frontend.h - from .nas files to a module of search spaces -*- C++ -*-===//
//
// The entry points of the frontend: parse a .nas buffer and the files it
// imports, then emit the spaces of the main file as MLIR. Errors go through
// the MLIR diagnostic engine (install a SourceMgrDiagnosticHandler on `sm`).
//
// Imports resolve relative to the importing file, then in the import path:
// $NASIR_PATH (':'-separated), `<bin>/../share/nasir` (an install), and the
// source tree's `frontend/` (a build tree). Each holds `std/*.nas`, so
// `import "std/blocks.nas"` finds the standard library.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_FRONTEND_FRONTEND_H
#define NASIR_FRONTEND_FRONTEND_H

#include "frontend/AST.h"
#include "frontend/MLIRGen.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include <memory>
#include <string>
#include <vector>

namespace nasir::frontend {

/// The FileLineColLoc of a position in one of `sm`'s buffers.
mlir::Location locationOf(llvm::SMLoc loc, llvm::SourceMgr &sm,
                          mlir::MLIRContext &ctx);

/// The directories searched for imports after the importing file's own.
std::vector<std::string> importPath();

/// Parses buffer `mainBuffer` of `sm` and, transitively, its imports (each
/// file once). `files.front()` is the main file. Returns false after
/// reporting errors (the files parsed so far stay in `files`).
bool parseProgram(unsigned mainBuffer, llvm::SourceMgr &sm,
                  mlir::MLIRContext &ctx,
                  std::vector<std::unique_ptr<FileAST>> &files);

/// parseProgram + mlirGen.
mlir::OwningOpRef<mlir::ModuleOp> compileNas(unsigned mainBuffer,
                                             llvm::SourceMgr &sm,
                                             mlir::MLIRContext &ctx,
                                             const SpaceBindings &bindings = {});

} // namespace nasir::frontend

#endif
