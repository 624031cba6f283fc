//===- CheckCommand.cpp - nasir check: parse and verify a space -----------===//
//
//   nasir check FILE [--input 3x32x32] [--classes N]   (see --help)
//
// Loads FILE (.nas or .mlir), verifies every space and prints one summary
// line. Exit code 0 on success, 1 after reporting errors, 2 on bad usage.
//
//===----------------------------------------------------------------------===//
#include "lib/Driver/SpaceCheck.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Common.h"
#include "tools/nasir/Input.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace nasir;

static const char *kSummary =
    "parse and verify a search space (.nas or .mlir)";

static int runCheck(int argc, char **argv) {
  cli::CommandLine args("check", kSummary);
  args.positional("FILE", "the file (.nas or .mlir; - reads stdin)",
                  cli::Positional::Space);
  cli::addLoadOptions(args, /*withSpace=*/false);
  if (int rc = cli::parseCommandLine(args, argc, argv); rc >= 0)
    return rc;
  std::string path = args.positionals[0];
  cli::InputOptions options = cli::inputOptionsOf(args);

  llvm::SourceMgr sm;
  mlir::MLIRContext ctx;
  mlir::SourceMgrDiagnosticHandler handler(sm, &ctx);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      cli::loadSpaceFile(path, ctx, sm, options);
  if (!module || failed(verifySpaces(*module)))
    return 1;
  SpaceSummary sum = summarizeSpaces(*module);
  if (sum.spaces.empty()) {
    mlir::emitError(module->getLoc()) << "'" << path << "' declares no space";
    return 1;
  }
  std::string names;
  for (const std::string &name : sum.spaces)
    names += (names.empty() ? "@" : ", @") + name;
  llvm::outs() << path << ": ok: " << sum.spaces.size()
               << (sum.spaces.size() == 1 ? " space (" : " spaces (") << names
               << "), " << sum.labels << " labels, " << sum.choices
               << " choices, " << sum.repeats << " repeats, " << sum.selects
               << " selects, " << sum.ops << " ops\n";
  return 0;
}

static nasir::cli::Command check{"check", kSummary, runCheck};
