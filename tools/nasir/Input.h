//===- Input.h - load a search space from .nas or .mlir ---------*- C++ -*-===//
//
// Every nasir command that reads a space calls loadSpaceFile (lib/Driver,
// shared with the Python module): `.nas` files go through the frontend,
// anything else through the MLIR parser. Errors are reported through the
// diagnostic handler the caller installed on `sm` (a
// SourceMgrDiagnosticHandler), so they print as `file:line:col: error: ...`
// with the source line and a caret.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TOOLS_NASIR_INPUT_H
#define NASIR_TOOLS_NASIR_INPUT_H

#include "lib/Driver/SpaceInput.h"

namespace nasir::cli {

class CommandLine;

/// Dataset bindings a command may pass on (`--input 3x32x32 --classes 10`);
/// they apply to `.nas` files (an .mlir space is rebound by a pass).
using InputOptions = SpaceInputOptions;

using nasir::loadSpaceFile;

/// The --input and --classes a command line gives (addLoadOptions).
InputOptions inputOptionsOf(const CommandLine &cl);

} // namespace nasir::cli

#endif
