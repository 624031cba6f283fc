//===- Input.cpp - load a search space from .nas or .mlir -----------------===//
#include "tools/nasir/Input.h"
#include "dialect/NAS/NASDialect.h"
#include "dialect/NN/NNDialect.h"
#include "frontend/Frontend.h"
#include "lib/CLI/CommandLine.h"
#include "lib/Transforms/Cells.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace nasir;

mlir::OwningOpRef<mlir::ModuleOp>
cli::loadSpaceFile(llvm::StringRef path, mlir::MLIRContext &ctx,
                   llvm::SourceMgr &sm, const InputOptions &options) {
  mlir::DialectRegistry registry;
  registry.insert<nn::NNDialect, nas::NASDialect>();
  ctx.appendDialectRegistry(registry);
  ctx.loadDialect<nn::NNDialect, nas::NASDialect>();
  // Errors point at the source line; the op's IR dump is noise for users.
  ctx.printOpOnDiagnostic(false);

  std::string error;
  auto file = llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
  if (!file) {
    mlir::emitError(mlir::UnknownLoc::get(&ctx))
        << "cannot read '" << path << "': " << file.getError().message();
    return nullptr;
  }
  unsigned buf = sm.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
  if (path.ends_with(".mlir")) {
    mlir::ParserConfig config(&ctx);
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::parseSourceFile<mlir::ModuleOp>(sm, config);
    // The commands work on spaces: instantiate the cells they apply.
    if (!module || failed(inlineCells(*module)))
      return nullptr;
    return module;
  }
  frontend::SpaceBindings bindings;
  bindings.input = options.input;
  bindings.classes = options.classes;
  return frontend::compileNas(buf, sm, ctx, bindings);
}

cli::InputOptions cli::inputOptionsOf(const CommandLine &cl) {
  InputOptions options;
  if (cl.has("input"))
    options.input = cl.getShape("input");
  if (cl.has("classes"))
    options.classes = cl.getInt("classes");
  return options;
}
