//===- Frontend.cpp - from .nas files to a module of search spaces --------===//
#include "frontend/Frontend.h"
#include "frontend/Parser.h"
#include "dialect/NAS/NASDialect.h"
#include "dialect/NN/NNDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include <deque>

using namespace nasir::frontend;

#ifndef NASIR_FRONTEND_SOURCE_DIR
#define NASIR_FRONTEND_SOURCE_DIR ""
#endif

static constexpr unsigned kMaxFiles = 256;

std::vector<std::string> nasir::frontend::importPath() {
  std::vector<std::string> dirs;
  if (std::optional<std::string> env = llvm::sys::Process::GetEnv("NASIR_PATH")) {
    llvm::SmallVector<llvm::StringRef> parts;
    llvm::StringRef(*env).split(parts, ':', -1, false);
    for (llvm::StringRef p : parts)
      dirs.push_back(p.str());
  }
  // An install: <prefix>/bin/nasir and <prefix>/share/nasir/std.
  static int anchor;
  std::string exe = llvm::sys::fs::getMainExecutable(nullptr, &anchor);
  if (!exe.empty()) {
    llvm::SmallString<256> share(llvm::sys::path::parent_path(
        llvm::sys::path::parent_path(exe)));
    llvm::sys::path::append(share, "share", "nasir");
    dirs.push_back(std::string(share));
  }
  // A build tree: the sources' frontend/ holds std/.
  if (*NASIR_FRONTEND_SOURCE_DIR)
    dirs.push_back(NASIR_FRONTEND_SOURCE_DIR);
  return dirs;
}

mlir::Location nasir::frontend::locationOf(llvm::SMLoc loc, llvm::SourceMgr &sm,
                                           mlir::MLIRContext &ctx) {
  unsigned buf = loc.isValid() ? sm.FindBufferContainingLoc(loc) : 0;
  if (!buf)
    return mlir::UnknownLoc::get(&ctx);
  auto [line, col] = sm.getLineAndColumn(loc, buf);
  return mlir::FileLineColLoc::get(
      &ctx, sm.getMemoryBuffer(buf)->getBufferIdentifier(), line, col);
}

bool nasir::frontend::parseProgram(
    unsigned mainBuffer, llvm::SourceMgr &sm, mlir::MLIRContext &ctx,
    std::vector<std::unique_ptr<FileAST>> &files) {
  std::vector<std::string> path = importPath();
  llvm::StringSet<> loaded;
  std::deque<unsigned> queue{mainBuffer};
  auto canonical = [](llvm::StringRef p) {
    llvm::SmallString<256> real;
    if (llvm::sys::fs::real_path(p, real))
      return p.str();
    return std::string(real);
  };
  loaded.insert(canonical(sm.getMemoryBuffer(mainBuffer)->getBufferIdentifier()));
  bool ok = true;
  while (!queue.empty()) {
    unsigned buf = queue.front();
    queue.pop_front();
    const llvm::MemoryBuffer *mb = sm.getMemoryBuffer(buf);
    Parser parser(mb->getBuffer(), mb->getBufferIdentifier().str(),
                  [&](llvm::SMLoc loc, const llvm::Twine &msg) {
                    mlir::emitError(locationOf(loc, sm, ctx)) << msg.str();
                  });
    std::unique_ptr<FileAST> file = parser.parseFile();
    ok &= !parser.failed();
    llvm::StringRef dir = llvm::sys::path::parent_path(mb->getBufferIdentifier());
    for (const ImportDecl &imp : file->imports) {
      std::vector<std::string> tried;
      std::string found;
      auto tryDir = [&](llvm::StringRef d) {
        llvm::SmallString<256> p(d);
        llvm::sys::path::append(p, imp.path);
        tried.push_back(std::string(p));
        if (found.empty() && llvm::sys::fs::is_regular_file(p))
          found = std::string(p);
      };
      if (llvm::sys::path::is_absolute(imp.path))
        tryDir("");
      else {
        tryDir(dir);
        for (const std::string &d : path)
          tryDir(d);
      }
      if (found.empty()) {
        auto d = mlir::emitError(locationOf(imp.loc, sm, ctx))
                 << "cannot find imported file '" << imp.path << "' (looked in";
        for (const std::string &t : tried)
          d << " " << t;
        d << ")";
        ok = false;
        continue;
      }
      if (!loaded.insert(canonical(found)).second)
        continue; // imported already (or an import cycle): once is enough
      if (loaded.size() > kMaxFiles) {
        mlir::emitError(locationOf(imp.loc, sm, ctx))
            << "more than " << kMaxFiles << " files are imported";
        return false;
      }
      auto content = llvm::MemoryBuffer::getFile(found, /*IsText=*/true);
      if (!content) {
        mlir::emitError(locationOf(imp.loc, sm, ctx))
            << "cannot read '" << found << "': " << content.getError().message();
        ok = false;
        continue;
      }
      queue.push_back(sm.AddNewSourceBuffer(std::move(*content), imp.loc));
    }
    files.push_back(std::move(file));
  }
  return ok;
}

mlir::OwningOpRef<mlir::ModuleOp>
nasir::frontend::compileNas(unsigned mainBuffer, llvm::SourceMgr &sm,
                            mlir::MLIRContext &ctx,
                            const SpaceBindings &bindings) {
  ctx.loadDialect<nasir::nn::NNDialect, nasir::nas::NASDialect>();
  // A .nas user reads their source, not the generic IR of a half-built op:
  // diagnostics show the source line only.
  bool printOp = ctx.shouldPrintOpOnDiagnostic();
  ctx.printOpOnDiagnostic(false);
  auto restore = llvm::make_scope_exit([&] { ctx.printOpOnDiagnostic(printOp); });
  std::vector<std::unique_ptr<FileAST>> files;
  if (!parseProgram(mainBuffer, sm, ctx, files))
    return nullptr;
  return mlirGen(ctx, sm, files, bindings);
}
