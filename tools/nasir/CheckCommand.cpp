//===- CheckCommand.cpp - nasir check: parse and verify a space -----------===//
//
//   nasir check FILE [--input=C,H,W] [--classes=N]
//
// Loads FILE (.nas or .mlir), verifies every space and prints one summary
// line. Exit code 0 on success, 1 after reporting errors, 2 on bad usage.
//
//===----------------------------------------------------------------------===//
#include "dialect/NAS/NASOps.h"
#include "lib/Transforms/SpaceAnalysis.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Input.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace nasir;

static const char *const kUsage =
    "usage: nasir check FILE [--input=C,H,W] [--classes=N]\n"
    "  Parses FILE (.nas or .mlir) and verifies every search space in it.\n"
    "  --input, --classes  bind the dataset's input shape and classes\n";

/// Parses the options shared by the commands that read a .nas file; returns
/// false (after printing why) on bad usage.
static bool parseCommon(llvm::StringRef arg, cli::InputOptions &options,
                        bool &handled) {
  handled = true;
  if (arg.consume_front("--input=")) {
    std::vector<int64_t> shape;
    if (!cli::parseInputShape(arg, shape)) {
      llvm::errs() << "nasir: --input expects positive integers like 3,32,32\n";
      return false;
    }
    options.input = shape;
    return true;
  }
  if (arg.consume_front("--classes=")) {
    int64_t n;
    if (arg.getAsInteger(10, n) || n < 1) {
      llvm::errs() << "nasir: --classes expects a positive integer\n";
      return false;
    }
    options.classes = n;
    return true;
  }
  handled = false;
  return true;
}

static int runCheck(int argc, char **argv) {
  std::string path;
  cli::InputOptions options;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    bool handled;
    if (!parseCommon(arg, options, handled))
      return 2;
    if (handled)
      continue;
    if (arg == "--help" || arg == "-h") {
      llvm::outs() << kUsage;
      return 0;
    }
    if (arg.starts_with("-") && arg != "-") {
      llvm::errs() << "nasir check: unknown option '" << arg << "'\n" << kUsage;
      return 2;
    }
    if (!path.empty()) {
      llvm::errs() << "nasir check: one file at a time\n" << kUsage;
      return 2;
    }
    path = arg.str();
  }
  if (path.empty()) {
    llvm::errs() << kUsage;
    return 2;
  }

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

static nasir::cli::Command check{
    "check", "parse and verify a search space (.nas or .mlir)", runCheck};
