//===- EmitCommand.cpp - nasir emit: print a stage of the frontend --------===//
//
//   nasir emit FILE --to ast|mlir [-o OUT] [--loc] [--input 3x32x32]  (--help)
//
// `--to=ast` prints the syntax tree of FILE; `--to=mlir` the nn/nas module
// (with `--loc`, the .nas locations of every op).
//
//===----------------------------------------------------------------------===//
#include "frontend/AST.h"
#include "frontend/Frontend.h"
#include "frontend/Parser.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Common.h"
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

static const char *kSummary = "print the AST or the MLIR of a .nas file";

static int runEmit(int argc, char **argv) {
  cli::CommandLine args("emit", kSummary);
  args.positional("FILE", "the .nas file (- reads stdin)");
  args.add({"to", cli::ValueKind::Choice, "mlir",
            "ast: the syntax tree; mlir: the nn/nas module",
            {"ast", "mlir"}});
  args.add({"o", cli::ValueKind::Text, "-", "write to FILE (- is stdout)", {},
            {}, "", "FILE"});
  args.flag("loc", "print the .nas location of every op (--to mlir)");
  cli::addLoadOptions(args, /*withSpace=*/false);
  if (int rc = cli::parseCommandLine(args, argc, argv); rc >= 0)
    return rc;
  std::string path = args.positionals[0], out = args.get("o"),
              to = args.get("to");
  bool withLoc = args.has("loc");
  cli::InputOptions options = cli::inputOptionsOf(args);

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

static nasir::cli::Command emit{"emit", kSummary, runEmit};
