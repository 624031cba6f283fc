//===- CheckCommand.cpp - nasir check: parse and verify a space -----------===//
//
//   nasir check FILE [--input 3x32x32] [--classes N]   (see --help)
//
// Loads FILE (.nas or .mlir), verifies every space and prints one summary
// line. Exit code 0 on success, 1 after reporting errors, 2 on bad usage.
//
//===----------------------------------------------------------------------===//
#include "dialect/NAS/NASOps.h"
#include "lib/Transforms/SpaceAnalysis.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Common.h"
#include "tools/nasir/Input.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Input.h"
#include "llvm/ADT/StringSet.h"
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
  if (!module || failed(mlir::verify(*module)))
    return 1;
  // What needs the decision structure: no valid candidate (error), options no
  // valid candidate takes (warnings).
  bool structural = true;
  for (auto space : module->getOps<nas::SpaceOp>())
    structural &= succeeded(verifyWholeSpace(space));
  if (!structural)
    return 1;

  unsigned spaces = 0, choices = 0, repeats = 0, selects = 0, ops = 0;
  llvm::StringSet<> labels;
  std::string names;
  module->walk([&](mlir::Operation *op) {
    if (auto s = llvm::dyn_cast<nas::SpaceOp>(op)) {
      ++spaces;
      names += (names.empty() ? "@" : ", @") + s.getSymName().str();
      return;
    }
    if (llvm::isa<mlir::ModuleOp, nas::YieldOp>(op))
      return;
    ++ops;
    if (auto c = llvm::dyn_cast<nas::ChoiceOp>(op)) {
      ++choices;
      labels.insert(c.getLabel());
    } else if (auto r = llvm::dyn_cast<nas::RepeatOp>(op)) {
      ++repeats;
      labels.insert(r.getLabel());
    } else if (auto s = llvm::dyn_cast<nas::SelectOp>(op)) {
      ++selects;
      labels.insert(s.getLabel());
    }
  });
  if (spaces == 0) {
    mlir::emitError(module->getLoc()) << "'" << path << "' declares no space";
    return 1;
  }
  llvm::outs() << path << ": ok: " << spaces
               << (spaces == 1 ? " space (" : " spaces (") << names << "), "
               << labels.size() << " labels, " << choices << " choices, "
               << repeats << " repeats, " << selects << " selects, " << ops
               << " ops\n";
  return 0;
}

static nasir::cli::Command check{"check", kSummary, runCheck};
