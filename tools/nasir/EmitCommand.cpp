//===- EmitCommand.cpp - nasir emit: print a stage of the frontend --------===//
//
//   nasir emit FILE --to=ast|mlir [-o OUT] [--loc] [--input=C,H,W] [--classes=N]
//
// `--to=ast` prints the syntax tree of FILE; `--to=mlir` the nn/nas module
// (with `--loc`, the .nas locations of every op).
//
//===----------------------------------------------------------------------===//
#include "frontend/AST.h"
#include "frontend/Frontend.h"
#include "frontend/Parser.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Input.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace nasir;

static const char *const kUsage =
    "usage: nasir emit FILE --to=ast|mlir [-o OUT] [--loc] [--input=C,H,W] "
    "[--classes=N]\n"
    "  --to=ast   the syntax tree of FILE\n"
    "  --to=mlir  the nn/nas module (default); --loc prints .nas locations\n";

static int runEmit(int argc, char **argv) {
  std::string path, out = "-", to = "mlir";
  bool withLoc = false;
  cli::InputOptions options;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      llvm::outs() << kUsage;
      return 0;
    }
    if (arg.consume_front("--to=")) {
      to = arg.str();
      if (to != "ast" && to != "mlir") {
        llvm::errs() << "nasir emit: --to is 'ast' or 'mlir', not '" << to
                     << "'\n";
        return 2;
      }
    } else if (arg == "-o" && i + 1 < argc) {
      out = argv[++i];
    } else if (arg == "--loc") {
      withLoc = true;
    } else if (arg.consume_front("--input=")) {
      std::vector<int64_t> shape;
      if (!cli::parseInputShape(arg, shape)) {
        llvm::errs() << "nasir: --input expects positive integers like 3,32,32\n";
        return 2;
      }
      options.input = shape;
    } else if (arg.consume_front("--classes=")) {
      int64_t n;
      if (arg.getAsInteger(10, n) || n < 1) {
        llvm::errs() << "nasir: --classes expects a positive integer\n";
        return 2;
      }
      options.classes = n;
    } else if (arg.starts_with("-") && arg != "-") {
      llvm::errs() << "nasir emit: unknown option '" << arg << "'\n" << kUsage;
      return 2;
    } else if (path.empty()) {
      path = arg.str();
    } else {
      llvm::errs() << "nasir emit: one file at a time\n" << kUsage;
      return 2;
    }
  }
  if (path.empty()) {
    llvm::errs() << kUsage;
    return 2;
  }

  llvm::SourceMgr sm;
  mlir::MLIRContext ctx;
  mlir::SourceMgrDiagnosticHandler handler(sm, &ctx);
  std::string error;
  auto output = mlir::openOutputFile(out, &error);
  if (!output) {
    llvm::errs() << "nasir emit: " << error << "\n";
    return 1;
  }

  if (to == "ast") {
    auto file = llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
    if (!file) {
      llvm::errs() << "nasir emit: cannot read '" << path
                   << "': " << file.getError().message() << "\n";
      return 1;
    }
    unsigned buf = sm.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
    const llvm::MemoryBuffer *mb = sm.getMemoryBuffer(buf);
    frontend::Parser parser(
        mb->getBuffer(), path, [&](llvm::SMLoc loc, const llvm::Twine &msg) {
          mlir::emitError(frontend::locationOf(loc, sm, ctx)) << msg.str();
        });
    std::unique_ptr<frontend::FileAST> ast = parser.parseFile();
    if (parser.failed())
      return 1;
    frontend::dumpAST(*ast, sm, output->os());
    output->keep();
    return 0;
  }

  mlir::OwningOpRef<mlir::ModuleOp> module =
      cli::loadSpaceFile(path, ctx, sm, options);
  if (!module)
    return 1;
  mlir::OpPrintingFlags flags;
  if (withLoc)
    flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false).useLocalScope();
  module->print(output->os(), flags);
  output->keep();
  return 0;
}

static nasir::cli::Command emit{
    "emit", "print the AST or the MLIR of a .nas file", runEmit};
