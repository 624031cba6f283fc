//===- Dataset.cpp - what a --data spec binds, asked of the runtime -------===//
#include "tools/nasir/Dataset.h"
#include "dialect/NN/NNOps.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

using namespace mlir;
using namespace nasir;
using namespace nasir::cli;

/// The last line of `text` that starts with '{'.
static llvm::StringRef lastJsonLine(llvm::StringRef text) {
  llvm::SmallVector<llvm::StringRef> lines;
  text.split(lines, '\n', -1, false);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (it->trim().starts_with("{"))
      return it->trim();
  return "";
}

std::vector<std::string>
nasir::cli::datasetInfoArgs(const std::vector<std::string> &trainArgs) {
  std::vector<std::string> out;
  for (size_t i = 0; i < trainArgs.size(); ++i) {
    llvm::StringRef a = trainArgs[i];
    if (a.starts_with("--test-fraction="))
      out.push_back(a.str());
    else if (a == "--test-fraction" && i + 1 < trainArgs.size())
      out.insert(out.end(), {a.str(), trainArgs[++i]});
  }
  return out;
}

bool nasir::cli::queryDataset(const std::string &trainBinary,
                              const std::string &spec, DatasetShape &out,
                              std::string &error,
                              const std::vector<std::string> &extraArgs) {
  llvm::SmallString<128> outPath, errPath;
  if (llvm::sys::fs::createTemporaryFile("nasir-info", "out", outPath) ||
      llvm::sys::fs::createTemporaryFile("nasir-info", "err", errPath)) {
    error = "cannot create a temporary file";
    return false;
  }
  auto cleanup = llvm::make_scope_exit([&] {
    llvm::sys::fs::remove(outPath);
    llvm::sys::fs::remove(errPath);
  });
  std::vector<llvm::StringRef> argv = {trainBinary, "--info", "--data", spec};
  for (const std::string &a : extraArgs)
    argv.push_back(a);
  std::optional<llvm::StringRef> redirects[] = {
      llvm::StringRef(""), llvm::StringRef(outPath), llvm::StringRef(errPath)};
  std::string execError;
  int rc = llvm::sys::ExecuteAndWait(trainBinary, argv, std::nullopt, redirects,
                                     /*SecondsToWait=*/300, 0, &execError);
  auto stdoutText = llvm::MemoryBuffer::getFile(outPath);
  llvm::StringRef line =
      stdoutText ? lastJsonLine((*stdoutText)->getBuffer()) : "";
  auto parsed = llvm::json::parse(line);
  const llvm::json::Object *o = parsed ? parsed->getAsObject() : nullptr;
  if (!parsed)
    llvm::consumeError(parsed.takeError());
  if (!o) {
    error = "cannot ask " + trainBinary + " --info about it" +
            (execError.empty() ? " (exit status " + std::to_string(rc) + ")"
                               : ": " + execError);
    return false;
  }
  if (o->getString("status").value_or("") != "ok") {
    error = o->getString("reason").value_or("the runtime refused it").str();
    return false;
  }
  out.infoJson = line.str();
  out.name = o->getString("dataset").value_or(spec).str();
  out.classes = o->getInteger("num_classes").value_or(0);
  out.input.clear();
  if (const llvm::json::Array *shape = o->getArray("input"))
    for (const llvm::json::Value &d : *shape)
      out.input.push_back(d.getAsInteger().value_or(0));
  if (out.input.empty() || out.classes <= 0 ||
      llvm::any_of(out.input, [](int64_t d) { return d <= 0; })) {
    error = trainBinary + " --info gave no input shape and class count";
    return false;
  }
  return true;
}

std::string nasir::cli::formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string s;
  for (int64_t d : shape)
    s += (s.empty() ? "" : "x") +
         (ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d));
  return s;
}

std::string nasir::cli::spaceInputShape(nas::SpaceOp space) {
  for (auto in : space.getBlock().getOps<nn::InputOp>())
    return formatShape(in.getType().getShape().drop_front());
  return "none";
}

bool nasir::cli::spaceFitsDataset(nas::SpaceOp space, const DatasetShape &data,
                                  std::string &error) {
  // A sample feeds any input of as many elements (the runtime reshapes it).
  int64_t flat = 1;
  for (int64_t d : data.input)
    flat *= d;
  std::optional<int64_t> elements;
  for (auto in : space.getBlock().getOps<nn::InputOp>())
    elements = nn::elementCount(in.getType());
  std::string input = spaceInputShape(space);
  if (input != formatShape(data.input) && elements != flat) {
    error = "the dataset " + data.name + " gives samples of shape " +
            formatShape(data.input) + " (" + std::to_string(data.classes) +
            " classes), but space @" + space.getSymName().str() +
            " takes inputs of shape " + input;
    return false;
  }
  space.walk([&](nn::OutputOp out) {
    auto type = cast<RankedTensorType>(out.getInput().getType());
    int64_t classes = type.getShape().back();
    if (!error.empty() || ShapedType::isDynamic(classes) ||
        classes == data.classes)
      return;
    error = "the dataset " + data.name + " has " +
            std::to_string(data.classes) + " classes, but space @" +
            space.getSymName().str() + " outputs " + std::to_string(classes) +
            " (mark its classifier nas.bind = \"classes\")";
  });
  return error.empty();
}
