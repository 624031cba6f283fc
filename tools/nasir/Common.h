//===- Common.h - what the nasir subcommands share --------------*- C++ -*-===//
#ifndef NASIR_TOOLS_NASIR_COMMON_H
#define NASIR_TOOLS_NASIR_COMMON_H

#include "dialect/NAS/NASOps.h"
#include "lib/Driver/CandidateSelection.h"
#include "lib/CLI/CommandLine.h"
#include "lib/Search/Store.h"
#include "lib/Transforms/Canonicalize.h"
#include "lib/Transforms/SpaceModel.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/Support/SourceMgr.h"
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace nasir::cli {

/// Parses a command's arguments with `cl` (lib/CLI): --help and --version
/// print to stdout, a usage error to stderr. Returns -1 to go on, else the
/// exit code (0 after --help, 2 on a usage error).
int parseCommandLine(CommandLine &cl, int argc, char **argv);

/// Declares --space, --input and --classes, the options that pick a space
/// of a file and bind it to a dataset (Session::load); `withSpace` false
/// leaves --space out.
void addLoadOptions(CommandLine &cl, bool withSpace = true);

/// A loaded space file with the diagnostics machinery that reports against it.
struct Session {
  mlir::MLIRContext context;
  llvm::SourceMgr sourceMgr;
  std::unique_ptr<mlir::SourceMgrDiagnosticHandler> handler;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  nas::SpaceOp space;

  Session();
  /// Loads `path` (.nas or .mlir), picks `spaceName` (or the only/first
  /// space) and binds the dataset shape/classes when given. Errors are
  /// reported; returns failure.
  mlir::LogicalResult load(const std::string &path,
                           const std::string &spaceName = "",
                           const std::string &inputShape = "",
                           int64_t classes = 0);
  /// Loads the first positional with --space, --input, --classes.
  mlir::LogicalResult load(const CommandLine &cl);
};

/// Decisions from JSON text or `@file`; reports errors on stderr.
mlir::DictionaryAttr readDecisions(mlir::MLIRContext *ctx,
                                   const std::string &text);

/// A specialized copy of the space (the original stays untouched).
mlir::OwningOpRef<mlir::ModuleOp> specializeCopy(nas::SpaceOp space,
                                                 mlir::DictionaryAttr decisions);

/// The candidate that `decisions` select (as specializeCopy). When it is
/// complete it must also meet every constraint `space` declares (edges,
/// params and FLOPs bounds; nas.require is checked while specializing): a
/// violated one is an error at the constraint, naming the bound, unless
/// `ignoreConstraints` (the --ignore-constraints flag). Reports errors.
mlir::OwningOpRef<mlir::ModuleOp>
specializeCandidate(nas::SpaceOp space, mlir::DictionaryAttr decisions,
                    bool ignoreConstraints);

/// The flag of the zero-absorbing rule (CanonOptions::zeroAbsorbing), and
/// its old spelling, kept as an alias.
inline constexpr const char *kZeroAbsorbing = "zero-absorbing";
inline constexpr const char *kZeroAbsorbingAlias = "nb201-zero";

/// Declares the zero-absorbing rule's flag (and its old spelling).
void addZeroAbsorbing(CommandLine &cl);

/// The canonicalization rules that the flags in `args` select.
CanonOptions canonOptions(const CommandLine &args);

/// The flag that lets a command build a candidate that breaks a constraint.
inline constexpr const char *kIgnoreConstraints = "ignore-constraints";

/// Whether a concrete candidate meets the space's cost bounds; the first
/// space of a module (lib/Driver).
using nasir::firstSpace;
using nasir::meetsCostBounds;

} // namespace nasir::cli

#endif
