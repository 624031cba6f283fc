//===- ExportOnnx.cpp - nasir export --to onnx, through nasir-train -------===//
#include "tools/nasir/ExportOnnx.h"
#include "tools/nasir/Payload.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <vector>

using namespace nasir;

namespace {
/// A temporary file removed when this goes out of scope.
struct TempFile {
  llvm::SmallString<128> path;
  ~TempFile() {
    if (!path.empty())
      llvm::sys::fs::remove(path);
  }

  /// Creates the file (nasir-onnx-*.`suffix`) holding `bytes`; false, with
  /// the error on stderr, when it cannot.
  bool write(llvm::StringRef suffix, llvm::StringRef bytes) {
    int fd;
    if (llvm::sys::fs::createTemporaryFile("nasir-onnx", suffix, fd, path)) {
      llvm::errs() << "error: cannot create a temporary file\n";
      return false;
    }
    llvm::raw_fd_ostream f(fd, /*shouldClose=*/true);
    f << bytes;
    f.close();
    if (f.has_error()) {
      llvm::errs() << "error: cannot write '" << path << "'\n";
      return false;
    }
    return true;
  }
};
} // namespace

int cli::exportOnnxWithTrain(const std::string &doc, const std::string &weights, uint64_t seed,
                             const std::string &out) {
  if (out.empty() || out == "-") {
    llvm::errs() << "error: --to onnx needs -o FILE (the model is binary)\n";
    return 2;
  }
  std::string train = findNasirTrain();
  if (train.empty()) {
    llvm::errs() << "error: "
                 << nasirTrainMissing("--to onnx (it reads the weights with LibTorch)")
                 << "\n";
    return 1;
  }
  TempFile candidate, result;
  if (!candidate.write("json", doc + "\n"))
    return 1;
  if (llvm::sys::fs::createTemporaryFile("nasir-onnx", "out", result.path)) {
    llvm::errs() << "error: cannot create a temporary file\n";
    return 1;
  }
  std::vector<std::string> argv = {train, std::string(candidate.path), "--export-onnx", out,
                                   "--seed", std::to_string(seed)};
  if (!weights.empty())
    argv.insert(argv.end(), {"--load", weights});
  std::vector<llvm::StringRef> refs(argv.begin(), argv.end());
  // nasir-train's JSON line goes to a file; its error message (stderr) to ours.
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(result.path),
                                                std::nullopt};
  std::string msg;
  int rc = llvm::sys::ExecuteAndWait(train, refs, std::nullopt, redirects, 0, 0, &msg);
  if (rc < 0) {
    llvm::errs() << "error: cannot run " << train << ": " << msg << "\n";
    return 1;
  }
  if (rc != 0) {
    llvm::errs() << "error: " << train << " --export-onnx failed (exit " << rc << ")";
    if (auto buf = llvm::MemoryBuffer::getFile(result.path))
      llvm::errs() << ": " << llvm::StringRef((*buf)->getBuffer()).trim();
    llvm::errs() << "\n";
    return 1;
  }
  return 0;
}

int cli::exportOnnxWithWeights(const std::string &doc, const std::string &weightBytes,
                               const std::string &out) {
  TempFile weights;
  if (!weights.write("pt", weightBytes))
    return 1;
  return exportOnnxWithTrain(doc, std::string(weights.path), 0, out);
}
