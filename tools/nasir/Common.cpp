//===- Common.cpp - what the nasir subcommands share ----------------------===//
#include "tools/nasir/Common.h"
#include "dialect/NAS/NASDialect.h"
#include "dialect/NN/NNDialect.h"
#include "lib/Transforms/Bounds.h"
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

bool Args::parse(int argc, char **argv, std::vector<std::string> flags,
                 std::vector<std::string> options, unsigned minPositional,
                 unsigned maxPositional, const char *usage) {
  auto isIn = [](const std::vector<std::string> &v, const std::string &s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      llvm::outs() << "usage: nasir " << usage << "\n";
      exit(0);
    }
    if (a.rfind("--", 0) != 0 || a == "--") {
      positional.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    size_t eq = name.find('=');
    bool inlineValue = eq != std::string::npos;
    if (inlineValue) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (isIn(flags, name) && !inlineValue) {
      values[name] = "1";
    } else if (isIn(options, name)) {
      if (!inlineValue) {
        if (i + 1 >= argc) {
          llvm::errs() << "error: option --" << name << " needs a value\n"
                       << "usage: nasir " << usage << "\n";
          return false;
        }
        value = argv[++i];
      }
      values[name] = value;
    } else {
      llvm::errs() << "error: unknown option '" << a << "'\nusage: nasir "
                   << usage << "\n";
      return false;
    }
  }
  if (positional.size() < minPositional || positional.size() > maxPositional) {
    llvm::errs() << "error: wrong number of arguments\nusage: nasir " << usage
                 << "\n";
    return false;
  }
  return true;
}

std::string Args::get(const std::string &name, const std::string &dflt) const {
  auto it = values.find(name);
  return it == values.end() ? dflt : it->second;
}

std::optional<int64_t> Args::getInt(const std::string &name,
                                    int64_t dflt) const {
  auto it = values.find(name);
  if (it == values.end())
    return dflt;
  int64_t v;
  if (StringRef(it->second).getAsInteger(10, v)) {
    llvm::errs() << "error: --" << name << " expects an integer, got '"
                 << it->second << "'\n";
    return std::nullopt;
  }
  return v;
}

Session::Session() {
  context.getOrLoadDialect<nn::NNDialect>();
  context.getOrLoadDialect<nas::NASDialect>();
  handler = std::make_unique<SourceMgrDiagnosticHandler>(sourceMgr, &context);
}

CanonOptions nasir::cli::canonOptions(const Args &args) {
  CanonOptions canon;
  canon.zeroAbsorbing =
      args.has(kZeroAbsorbing) || args.has(kZeroAbsorbingAlias);
  return canon;
}

nas::SpaceOp nasir::cli::firstSpace(ModuleOp module) {
  for (auto s : module.getOps<nas::SpaceOp>())
    return s;
  return {};
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

LogicalResult Session::load(const Args &args) {
  auto classes = args.getInt("classes", 0);
  if (!classes)
    return failure();
  return load(args.positional.at(0), args.get("space"), args.get("input"),
              *classes);
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

/// The edges of a complete candidate: the inputs its picks chose.
static int64_t edgesOf(nas::SpaceOp space, DictionaryAttr decisions) {
  auto model = SpaceModel::build(space);
  Assignment a;
  std::string error;
  return model->fromDecisions(decisions, a, error) ? model->edgesOf(a) : 0;
}

OwningOpRef<ModuleOp> nasir::cli::specializeCandidate(nas::SpaceOp space,
                                                      DictionaryAttr decisions,
                                                      bool ignoreConstraints) {
  auto m = specializeCopy(space, decisions);
  if (!m || ignoreConstraints)
    return m;
  nas::SpaceOp c = firstSpace(*m);
  if (!isConcrete(c))
    return m;
  std::optional<Cost> cost;
  for (auto constraint : c.getBlock().getOps<nas::ConstraintOp>()) {
    StringRef metric = nas::stringifyConstraintMetric(constraint.getMetric());
    int64_t value;
    if (constraint.getMetric() == nas::ConstraintMetric::edges) {
      value = edgesOf(space, decisions);
    } else {
      if (!cost)
        cost = costOf(c);
      if (!cost)
        continue;
      value = constraint.getMetric() == nas::ConstraintMetric::params
                  ? cost->params
                  : cost->flops;
    }
    if (value <= int64_t(constraint.getBound()))
      continue;
    constraint.emitError("the candidate has ")
        << value << " " << metric << ", over the bound " << metric
        << " <= " << constraint.getBound() << " (--" << kIgnoreConstraints
        << " builds it anyway)";
    return {};
  }
  return m;
}

bool nasir::cli::meetsCostBounds(nas::SpaceOp concrete,
                                 const SpaceModel &model, std::string &why) {
  if (model.paramsBound < 0 && model.flopsBound < 0)
    return true;
  return withinBounds(costOf(concrete), model.paramsBound, model.flopsBound,
                      why);
}
