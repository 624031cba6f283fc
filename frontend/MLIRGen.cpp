//===- MLIRGen.cpp - .nas syntax trees to the nn and nas dialects ---------===//
#include "frontend/MLIRGen.h"
#include "frontend/Generator.h"
#include "dialect/NN/NNOps.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/STLExtras.h"

using namespace nasir::frontend;
using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace nasir::frontend::gen {

//===----------------------------------------------------------------------===//
// Spaces
//===----------------------------------------------------------------------===//

LogicalResult Generator::genSpace(const SpaceDecl &space) {
  usedLabels.clear();
  repeatStack.clear();
  pendingRequires.clear();
  emittedRequires.clear();
  requireNames = 0;
  spaceStartOps = numOps;
  Frame root;

  // The input shape and the number of classes: defaults from the file,
  // overridden by what the dataset binds.
  std::vector<int64_t> shape;
  for (const ExprPtr &d : space.inputShape) {
    FailureOr<int64_t> v = evalInt(root, *d, "an input dimension");
    if (failed(v))
      return failure();
    shape.push_back(*v);
  }
  if (bindings.input)
    shape = *bindings.input;
  if (shape.empty() || shape.size() > 3) {
    error(space.inputLoc) << "the input shape has " << shape.size()
                          << " dimensions; expected [C, H, W] or [features]";
    return failure();
  }
  int64_t elements = 1;
  for (int64_t d : shape)
    if (d < 1 || d > Limits::kMaxElements ||
        (elements *= d) > Limits::kMaxElements) {
      error(space.inputLoc) << "input dimension " << d
                            << " is out of range (each at least 1, at most "
                            << Limits::kMaxElements << " elements per sample)";
      return failure();
    }
  int64_t classes = 0;
  if (space.classes) {
    FailureOr<int64_t> c = evalInt(root, *space.classes, "the number of classes");
    if (failed(c))
      return failure();
    classes = *c;
  }
  if (bindings.classes)
    classes = *bindings.classes;
  if (space.classes || bindings.classes) {
    if (classes < 1 || classes > Limits::kMaxFeatures) {
      error(space.classes ? space.classes->getLoc() : space.loc)
          << "the number of classes must be in [1, " << Limits::kMaxFeatures
          << "], got " << classes;
      return failure();
    }
  }

  builder.setInsertionPointToEnd(module.getBody());
  auto spaceOp = builder.create<nasir::nas::SpaceOp>(loc(space.loc), space.name);
  builder.setInsertionPointToEnd(builder.createBlock(&spaceOp.getBody()));
  llvm::SmallVector<int64_t> dims{mlir::ShapedType::kDynamic};
  dims.append(shape.begin(), shape.end());
  auto inputOp = builder.create<nasir::nn::InputOp>(
      loc(space.inputLoc),
      mlir::RankedTensorType::get(dims, builder.getF32Type()));
  root.vars["input"] = Value::ofTensor(inputOp.getResult());
  if (space.classes || bindings.classes) {
    Num n;
    n.table.push_back(Scalar::ofInt(classes));
    n.isClasses = true;
    root.vars["classes"] = Value::ofNum(std::move(n));
  }

  std::vector<const Stmt *> decls;
  Block body;
  for (const StmtPtr &s : space.body)
    if (isa<ConstraintStmt, ObjectiveStmt>(s.get()))
      decls.push_back(s.get());
  for (const StmtPtr &s : space.body) {
    if (isa<ConstraintStmt, ObjectiveStmt>(s.get()))
      continue;
    Flow flow = exec(root, *s);
    if (flow == Flow::Fail)
      return failure();
    if (flow == Flow::Return)
      break;
  }
  if (!root.returned) {
    error(space.loc) << "space '" << space.name
                     << "' does not return its network's output (`return x`)";
    return failure();
  }
  SMLoc retLoc = space.loc;
  for (const StmtPtr &s : space.body)
    if (isa<ReturnStmt>(s.get()))
      retLoc = s->getLoc();
  FailureOr<mlir::Value> out = toTensor(*root.returned, retLoc, "the output");
  if (failed(out))
    return failure();
  auto outputOp = builder.create<nasir::nn::OutputOp>(loc(retLoc), *out);
  if (failed(mlir::verify(outputOp, false)) || failed(checkRequires()))
    return failure();

  for (const Stmt *s : decls) {
    if (auto *c = dyn_cast<ConstraintStmt>(s)) {
      std::optional<nasir::nas::ConstraintMetric> metric =
          nasir::nas::symbolizeConstraintMetric(c->metric);
      if (!metric) {
        auto d = error(c->metricLoc);
        d << "unknown constraint metric '" << c->metric
          << "'; expected params, flops, macs, edges or fits";
        std::string sug =
            suggest(c->metric, nasir::nas::constraintMetricNames());
        if (!sug.empty())
          d << " (did you mean '" << sug << "'?)";
        return failure();
      }
      if (*metric == nasir::nas::ConstraintMetric::fits || !c->bound) {
        if (c->bound) {
          error(c->bound->getLoc()) << "'constraint fits' takes no bound";
          return failure();
        }
        builder.create<nasir::nas::ConstraintOp>(loc(s->getLoc()), *metric,
                                                 uint64_t(0));
        continue;
      }
      FailureOr<int64_t> bound = evalInt(root, *c->bound, "the bound");
      if (failed(bound))
        return failure();
      if (*bound < 0) {
        error(c->bound->getLoc()) << "the bound must not be negative";
        return failure();
      }
      builder.create<nasir::nas::ConstraintOp>(loc(s->getLoc()), *metric,
                                               uint64_t(*bound));
      continue;
    }
    auto *o = cast<ObjectiveStmt>(s);
    std::optional<nasir::nas::ObjectiveMetric> metric =
        nasir::nas::symbolizeObjectiveMetric(o->metric);
    if (!metric) {
      auto d = error(o->metricLoc);
      d << "unknown objective '" << o->metric
        << "'; expected accuracy, params, flops, macs or latency";
      std::string sug = suggest(o->metric, nasir::nas::objectiveMetricNames());
      if (!sug.empty())
        d << " (did you mean '" << sug << "'?)";
      return failure();
    }
    builder.create<nasir::nas::ObjectiveOp>(
        loc(s->getLoc()),
        o->maximize ? nasir::nas::Direction::maximize
                    : nasir::nas::Direction::minimize,
        *metric);
  }
  return success();
}

mlir::OwningOpRef<mlir::ModuleOp> Generator::run() {
  std::string tableError;
  FailureOr<BuiltinTable> table = BuiltinTable::build(ctx, tableError);
  if (failed(table)) {
    mlir::emitError(mlir::UnknownLoc::get(&ctx)) << tableError;
    return nullptr;
  }
  builtins = std::move(*table);
  if (!collectDefs())
    return nullptr;
  // Names and arities, in every definition and space (several errors).
  for (const auto &file : files) {
    for (const auto &def : file->defs) {
      std::set<std::string> scope, ops;
      for (const Param &p : def->params) {
        if (p.defaultValue)
          checkExpr(*p.defaultValue, scope, ops, def->name);
        scope.insert(p.name);
      }
      collectNames(def->body, scope, ops);
      collectSiteNames(def->body);
      checkBlock(def->body, scope, ops, def->name);
    }
    for (const auto &space : file->spaces) {
      std::set<std::string> scope{"input"}, ops;
      if (space->classes)
        scope.insert("classes");
      collectNames(space->body, scope, ops);
      collectSiteNames(space->body);
      checkBlock(space->body, scope, ops, space->name);
    }
  }
  if (!ok || !checkRecursion())
    return nullptr;
  if (files.front()->spaces.empty()) {
    unsigned buf = sm.getMainFileID();
    for (unsigned i = 1; i <= sm.getNumBuffers(); ++i)
      if (sm.getMemoryBuffer(i)->getBufferIdentifier() == files.front()->path)
        buf = i;
    error(SMLoc::getFromPointer(sm.getMemoryBuffer(buf)->getBufferStart()))
        << "this file declares no space (`space name(input [C, H, W], "
           "classes N) { ... }`)";
    return nullptr;
  }

  mlir::OwningOpRef<mlir::ModuleOp> owned =
      mlir::ModuleOp::create(loc(files.front()->spaces.empty()
                                     ? SMLoc()
                                     : files.front()->spaces.front()->loc));
  module = *owned;
  bool good = true;
  // Spaces of the main file only (the first); imported files lend their
  // definitions.
  for (const auto &space : files.front()->spaces)
    good &= succeeded(genSpace(*space));
  if (!good)
    return nullptr;
  if (failed(mlir::verify(*owned)))
    return nullptr;
  return owned;
}

} // namespace nasir::frontend::gen

mlir::OwningOpRef<mlir::ModuleOp>
nasir::frontend::mlirGen(mlir::MLIRContext &ctx, llvm::SourceMgr &sm,
                         const std::vector<std::unique_ptr<FileAST>> &files,
                         const SpaceBindings &bindings) {
  if (files.empty())
    return nullptr;
  return gen::Generator(ctx, sm, files, bindings).run();
}
