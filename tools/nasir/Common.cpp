//===- Common.cpp - what the nasir subcommands share ----------------------===//
#include "tools/nasir/Common.h"
#include "dialect/NAS/NASDialect.h"
#include "dialect/NN/NNDialect.h"
#include "lib/Transforms/DatasetBinding.h"
#include "lib/Transforms/Decisions.h"
#include "lib/Transforms/Specialize.h"
#include "mlir/IR/Builders.h"
#include "tools/nasir/Input.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace nasir;
using namespace nasir::cli;

int nasir::cli::parseCommandLine(CommandLine &cl, int argc, char **argv) {
  ParseOutcome r = cl.parse(argc, argv);
  if (r.proceed)
    return -1;
  (r.exitCode == 0 ? llvm::outs() : llvm::errs()) << r.text;
  return r.exitCode;
}

void nasir::cli::addLoadOptions(CommandLine &cl, bool withSpace) {
  if (withSpace)
    cl.add({"space", ValueKind::Text, "",
            "the space to use when the file declares several", {}, {},
            "the first", "NAME"});
  cl.add({"input", ValueKind::Shape, "",
          "bind the input shape of one sample (1x28x28 or 1,28,28)", {}, {},
          "the space's"});
  cl.add({"classes", ValueKind::Positive, "", "bind the number of classes",
          {}, {}, "the space's"});
}

Session::Session() {
  context.getOrLoadDialect<nn::NNDialect>();
  context.getOrLoadDialect<nas::NASDialect>();
  handler = std::make_unique<SourceMgrDiagnosticHandler>(sourceMgr, &context);
}

void nasir::cli::addZeroAbsorbing(CommandLine &cl) {
  cl.flag(kZeroAbsorbing,
          "canonical form: an op on zero inputs is zero, identical ops on "
          "identical inputs are one (NAS-Bench-201's rule)",
          {kZeroAbsorbingAlias});
}

CanonOptions nasir::cli::canonOptions(const CommandLine &args) {
  CanonOptions canon;
  canon.zeroAbsorbing = args.has(kZeroAbsorbing);
  return canon;
}

LogicalResult Session::load(const std::string &path,
                            const std::string &spaceName,
                            const std::string &inputShape, int64_t classes) {
  std::vector<int64_t> shape;
  if (!inputShape.empty()) {
    shape = parseShape(inputShape);
    if (shape.empty()) {
      llvm::errs() << "error: --input '" << inputShape
                   << "' is not a shape like 1x28x28\n";
      return failure();
    }
  }
  // A .nas space is generated for the dataset (its input shape may change
  // rank, e.g. an MLP that flattens); an .mlir space is rebound by a pass.
  bool isNas = StringRef(path).ends_with(".nas");
  InputOptions options;
  if (isNas && !shape.empty())
    options.input = shape;
  if (isNas && classes > 0)
    options.classes = classes;
  module = loadSpaceFile(path, context, sourceMgr, options);
  if (!module)
    return failure();
  for (auto s : module->getOps<nas::SpaceOp>())
    if (spaceName.empty() || s.getSymName() == spaceName) {
      space = s;
      break;
    }
  if (!space) {
    if (spaceName.empty())
      llvm::errs() << path << ": error: the file declares no space\n";
    else
      llvm::errs() << path << ": error: no space named '" << spaceName << "'\n";
    return failure();
  }
  if (!isNas && (!shape.empty() || classes > 0) &&
      failed(bindDataset(space, shape, classes)))
    return failure();
  return success();
}

LogicalResult Session::load(const CommandLine &cl) {
  return load(cl.positionals.at(0), cl.get("space"), cl.get("input"),
              cl.getInt("classes"));
}

DictionaryAttr nasir::cli::readDecisions(MLIRContext *ctx,
                                         const std::string &text) {
  std::string json = text;
  if (!text.empty() && text[0] == '@') {
    auto buf = llvm::MemoryBuffer::getFile(text.substr(1));
    if (!buf) {
      llvm::errs() << "error: cannot read decisions file '" << text.substr(1)
                   << "': " << buf.getError().message() << "\n";
      return {};
    }
    json = (*buf)->getBuffer().str();
  }
  std::string error;
  DictionaryAttr d = parseDecisions(ctx, json, error);
  if (!d)
    llvm::errs() << "error: " << error << "\n";
  return d;
}

OwningOpRef<ModuleOp> nasir::cli::specializeCopy(nas::SpaceOp space,
                                                 DictionaryAttr decisions) {
  return specializeInNewModule(space, decisions);
}

OwningOpRef<ModuleOp> nasir::cli::specializeCandidate(nas::SpaceOp space,
                                                      DictionaryAttr decisions,
                                                      bool ignoreConstraints) {
  return nasir::specializeCandidate(
      space, decisions, ignoreConstraints,
      (llvm::Twine("--") + kIgnoreConstraints + " builds it anyway").str());
}
