//===- FrontendFuzzer.cpp - libFuzzer harness of the .nas frontend --------===//
//
// Feeds arbitrary bytes through the whole frontend: lexer, parser, name and
// arity checks, MLIRGen, verification, and the printing of diagnostics with
// their source lines. Any crash, sanitizer report, hang or runaway memory is a
// finding. Built and run by scripts/fuzz.sh.
//
//===----------------------------------------------------------------------===//
#include "dialect/NAS/NASDialect.h"
#include "dialect/NN/NNDialect.h"
#include "frontend/AST.h"
#include "frontend/Frontend.h"
#include "frontend/Parser.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 64 * 1024)
    return 0;
  // The lexer relies on a NUL-terminated buffer, as files read by the tool
  // are: copy the input into a std::string (TOOLCHAIN.md, pitfall 10).
  std::string text(reinterpret_cast<const char *>(data), size);

  mlir::MLIRContext ctx(mlir::MLIRContext::Threading::DISABLED);
  ctx.loadDialect<nasir::nn::NNDialect, nasir::nas::NASDialect>();
  llvm::SourceMgr sm;
  mlir::SourceMgrDiagnosticHandler handler(sm, &ctx, llvm::nulls());
  unsigned buf = sm.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(text, "fuzz.nas",
                                       /*RequiresNullTerminator=*/true),
      llvm::SMLoc());

  // The AST stage on its own, as `nasir emit --to=ast` runs it.
  {
    nasir::frontend::Parser parser(
        sm.getMemoryBuffer(buf)->getBuffer(), "fuzz.nas",
        [](llvm::SMLoc, const llvm::Twine &) {});
    std::unique_ptr<nasir::frontend::FileAST> ast = parser.parseFile();
    if (!parser.failed())
      nasir::frontend::dumpAST(*ast, sm, llvm::nulls());
  }

  // The whole frontend, then printing what it made.
  mlir::OwningOpRef<mlir::ModuleOp> module =
      nasir::frontend::compileNas(buf, sm, ctx);
  if (module)
    module->print(llvm::nulls());
  return 0;
}
