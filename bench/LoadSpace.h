//===- LoadSpace.h - the command line and space of a benchmark --*- C++ -*-===//
#ifndef NASIR_BENCH_LOADSPACE_H
#define NASIR_BENCH_LOADSPACE_H

#include "dialect/NAS/NASDialect.h"
#include "dialect/NAS/NASOps.h"
#include "dialect/NN/NNDialect.h"
#include "lib/CLI/CommandLine.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

namespace nasir::bench {

/// Parses argv with `cl` (lib/CLI, as every nasir tool does): -1 to go on,
/// else the exit code (help printed, or a usage error reported).
inline int parseArgs(cli::CommandLine &cl, int argc, char **argv) {
  cli::ParseOutcome r = cl.parse(argc, argv);
  if (r.proceed)
    return -1;
  (r.exitCode == 0 ? llvm::outs() : llvm::errs()) << r.text;
  return r.exitCode;
}

/// Parses `path` (IR of the nn and nas dialects, single-threaded context) into
/// `module` and returns its first space; null, reported, when there is none.
inline nas::SpaceOp loadFirstSpace(const char *path, mlir::MLIRContext &ctx,
                                   mlir::OwningOpRef<mlir::ModuleOp> &module) {
  ctx.disableMultithreading();
  ctx.getOrLoadDialect<nn::NNDialect>();
  ctx.getOrLoadDialect<nas::NASDialect>();
  module = mlir::parseSourceFile<mlir::ModuleOp>(path, &ctx);
  if (!module)
    return {};
  for (auto s : module->getOps<nas::SpaceOp>())
    return s;
  llvm::errs() << "error: " << path << ": no nas.space\n";
  return {};
}

} // namespace nasir::bench

#endif
