//===- SpaceInput.cpp - load a search space from .nas or .mlir ------------===//
#include "lib/Driver/SpaceInput.h"
#include "dialect/NAS/NASDialect.h"
#include "dialect/NN/NNDialect.h"
#include "frontend/Frontend.h"
#include "lib/Transforms/Cells.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace nasir;

void nasir::prepareSpaceContext(mlir::MLIRContext &ctx) {
  mlir::DialectRegistry registry;
  registry.insert<nn::NNDialect, nas::NASDialect>();
  ctx.appendDialectRegistry(registry);
  ctx.loadDialect<nn::NNDialect, nas::NASDialect>();
  // Errors point at the source line; the op's IR dump is noise for users.
  ctx.printOpOnDiagnostic(false);
}

mlir::OwningOpRef<mlir::ModuleOp>
nasir::loadSpaceBuffer(unsigned buf, bool isMlir, mlir::MLIRContext &ctx,
                       llvm::SourceMgr &sm, const SpaceInputOptions &options) {
  prepareSpaceContext(ctx);
  if (isMlir) {
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

mlir::OwningOpRef<mlir::ModuleOp>
nasir::loadSpaceFile(llvm::StringRef path, mlir::MLIRContext &ctx,
                     llvm::SourceMgr &sm, const SpaceInputOptions &options) {
  prepareSpaceContext(ctx);
  auto file = llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
  if (!file) {
    mlir::emitError(mlir::UnknownLoc::get(&ctx))
        << "cannot read '" << path << "': " << file.getError().message();
    return nullptr;
  }
  unsigned buf = sm.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
  return loadSpaceBuffer(buf, path.ends_with(".mlir"), ctx, sm, options);
}
