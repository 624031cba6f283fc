//===- Statements.cpp - MLIRGen of statements and repeats -----------------===//
#include "frontend/Generator.h"
#include "dialect/NN/NNOps.h"
#include "dialect/Utils/TypeJoin.h"
#include "dialect/Utils/ReinferTypes.h"
#include "llvm/ADT/ScopeExit.h"

using namespace nasir::frontend;
using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace nasir::frontend::gen {

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//


Flow Generator::exec(Frame &f, const Block &b) {
  for (const StmtPtr &s : b) {
    Flow flow = exec(f, *s);
    if (flow != Flow::Next)
      return flow;
  }
  return Flow::Next;
}

Flow Generator::exec(Frame &f, const Stmt &s) {
  if (!step(s.getLoc()))
    return Flow::Fail;
  switch (s.getKind()) {
  case Stmt::Kind::Assign: {
    auto &a = cast<AssignStmt>(s);
    std::string savedSite = f.siteName;
    bool savedShared = f.sharedStmt;
    f.siteName = a.name;
    f.sharedStmt = savedShared || a.shared;
    FailureOr<Value> v = eval(f, *a.value);
    f.siteName = savedSite;
    f.sharedStmt = savedShared;
    if (failed(v))
      return Flow::Fail;
    f.vars[a.name] = std::move(*v);
    return Flow::Next;
  }
  case Stmt::Kind::OpDef: {
    auto &o = cast<OpDefStmt>(s);
    Value v;
    v.kind = Value::Fn;
    v.fn = std::make_shared<ChoiceFn>(ChoiceFn{&o, &f, o.shared});
    f.vars[o.name] = std::move(v);
    return Flow::Next;
  }
  case Stmt::Kind::For: {
    auto &fs = cast<ForStmt>(s);
    FailureOr<int64_t> from = evalInt(f, *fs.from, "the start of the range");
    if (failed(from))
      return Flow::Fail;
    FailureOr<int64_t> to = evalInt(f, *fs.to, "the end of the range");
    if (failed(to))
      return Flow::Fail;
    for (int64_t i = *from; i < *to; ++i) {
      if (!step(s.getLoc()))
        return Flow::Fail;
      f.vars[fs.var] = Value::ofScalar(Scalar::ofInt(i));
      Flow flow = exec(f, fs.body);
      if (flow != Flow::Next)
        return flow;
    }
    return Flow::Next;
  }
  case Stmt::Kind::If: {
    auto &is = cast<IfStmt>(s);
    FailureOr<Scalar> c = evalConcrete(f, *is.cond, "the condition");
    if (failed(c))
      return Flow::Fail;
    if (c->kind != Scalar::Bool) {
      error(is.cond->getLoc()) << "the condition must be true or false, got "
                               << c->str();
      return Flow::Fail;
    }
    return exec(f, c->i ? is.thenBody : is.elseBody);
  }
  case Stmt::Kind::Repeat:
    return execRepeat(f, cast<RepeatStmt>(s));
  case Stmt::Kind::Return: {
    auto &r = cast<ReturnStmt>(s);
    FailureOr<Value> v = eval(f, *r.value);
    if (failed(v))
      return Flow::Fail;
    if (v->kind == Value::Fn || v->kind == Value::Pick) {
      FailureOr<mlir::Value> t = toTensor(*v, r.value->getLoc(), "the result");
      if (failed(t))
        return Flow::Fail;
      *v = Value::ofTensor(*t);
    }
    f.returned = std::move(*v);
    return Flow::Return;
  }
  case Stmt::Kind::Constraint:
  case Stmt::Kind::Objective:
    // Handled by genSpace, which allows them only at the top of a space.
    error(s.getLoc()) << (isa<ConstraintStmt>(s) ? "a constraint"
                                                 : "an objective")
                      << " belongs at the top level of a space body";
    return Flow::Fail;
  case Stmt::Kind::Require:
    return succeeded(genRequire(f, cast<RequireStmt>(s))) ? Flow::Next
                                                          : Flow::Fail;
  }
  return Flow::Fail;
}

Flow Generator::execRepeat(Frame &f, const RepeatStmt &s) {
  auto it = f.vars.find(s.var);
  if (it == f.vars.end()) {
    error(s.varLoc) << "'" << s.var << "' has no value before the repeat";
    return Flow::Fail;
  }
  FailureOr<mlir::Value> input = toTensor(it->second, s.varLoc, "the repeated variable");
  if (failed(input))
    return Flow::Fail;

  std::string savedSite = f.siteName;
  bool savedShared = f.sharedStmt;
  f.siteName = "depth";
  f.sharedStmt = savedShared || s.sharedStmt;
  auto restore = llvm::make_scope_exit([&] {
    f.siteName = savedSite;
    f.sharedStmt = savedShared;
  });
  FailureOr<Num> count = evalNum(f, *s.count, "the repeat count");
  if (failed(count))
    return Flow::Fail;
  f.siteName = savedSite;

  // The body runs with a copy of the variables; only `var` flows out.
  auto runBody = [&](mlir::Value in) -> FailureOr<mlir::Value> {
    std::map<std::string, Value> outer = f.vars, outerNamed = f.named;
    f.vars[s.var] = Value::ofTensor(in);
    Flow flow = exec(f, s.body);
    FailureOr<mlir::Value> out = failure();
    if (flow == Flow::Return)
      error(s.getLoc()) << "'return' is not allowed in a repeat body";
    else if (flow == Flow::Next)
      out = toTensor(f.vars[s.var], s.varLoc, "the repeated variable");
    f.vars = std::move(outer);
    f.named = std::move(outerNamed);
    return out;
  };

  if (count->concrete()) {
    Scalar n = count->value();
    if (n.kind != Scalar::Int || n.i < 0 || n.i > Limits::kMaxDepth) {
      error(s.count->getLoc()) << "the repeat count must be an integer in [0, "
                               << Limits::kMaxDepth << "], got " << n.str();
      return Flow::Fail;
    }
    mlir::Value x = *input;
    for (int64_t i = 0; i < n.i; ++i) {
      FailureOr<mlir::Value> y = runBody(x);
      if (failed(y))
        return Flow::Fail;
      x = *y;
    }
    f.vars[s.var] = Value::ofTensor(x);
    return Flow::Next;
  }

  // A depth choice: the count must be one knob itself.
  Knob *k = count->deps.front();
  if (count->deps.size() != 1 || count->table != k->options) {
    error(s.count->getLoc())
        << "a repeat count must be a value choice itself (like `one_of [2, 3, "
           "4]`), not an expression of one";
    return Flow::Fail;
  }
  if (k->usedAsValue) {
    error(s.count->getLoc()) << "value choice '" << k->label
                             << "' sets a layer attribute; it cannot also be a "
                                "repeat count";
    return Flow::Fail;
  }
  if (k->repeats != repeatStack) {
    error(s.count->getLoc())
        << "value choice '" << k->label
        << "' is declared outside a repeat but counts a repeat inside it, "
           "which every iteration decides on its own; declare it inside the "
           "repeat body or make the outer repeat `shared`";
    return Flow::Fail;
  }
  k->usedAsDepth = true;
  k->addHome(builder.getInsertionBlock(), /*outer=*/0);
  llvm::SmallVector<int64_t> depths;
  for (const Scalar &o : k->options) {
    if (o.kind != Scalar::Int || o.i < 0 || o.i > Limits::kMaxDepth) {
      error(s.count->getLoc()) << "repeat counts must be integers in [0, "
                               << Limits::kMaxDepth << "], got " << o.str();
      return Flow::Fail;
    }
    depths.push_back(o.i);
  }
  if (failed(countOp(s.getLoc())))
    return Flow::Fail;
  mlir::Type type = input->getType();
  auto repeat = builder.create<nasir::nas::RepeatOp>(
      loc(s.getLoc()), type, k->label, depths, *input, s.sharedIterations);
  mlir::OpBuilder::InsertionGuard guard(builder);
  mlir::Block *body = builder.createBlock(&repeat.getBody(), {}, {type},
                                          {loc(s.varLoc)});
  unsigned id = nextRepeat++;
  if (!s.sharedIterations)
    repeatStack.push_back(id);
  FailureOr<mlir::Value> out = runBody(body->getArgument(0));
  if (!s.sharedIterations)
    repeatStack.pop_back();
  if (failed(out))
    return Flow::Fail;
  builder.create<nasir::nas::YieldOp>(loc(s.varLoc), mlir::ValueRange{*out});
  if (out->getType() != type) {
    // The body may only make dimensions unknown (a choice inside it); the
    // repeat then carries the join of both.
    mlir::Type joined = nasir::joinTypes(type, out->getType());
    if (!joined) {
      error(s.getLoc()) << "the repeat body must keep the type of '" << s.var
                        << "': it gets " << type << " but gives "
                        << out->getType()
                        << "; move layers that change the shape out of the "
                           "repeat";
      return Flow::Fail;
    }
    body->getArgument(0).setType(joined);
    repeat.getResult().setType(joined);
    if (failed(nasir::reinferTypes(repeat.getBody())))
      return Flow::Fail;
    mlir::Type again = body->getTerminator()->getOperand(0).getType();
    if (!nasir::areCompatible(again, joined)) {
      error(s.getLoc()) << "the repeat body must keep the type of '" << s.var
                        << "': it gets " << joined << " but gives " << again;
      return Flow::Fail;
    }
  }
  if (failed(checkRepeatChannels(s, repeat)))
    return Flow::Fail;
  f.vars[s.var] = Value::ofTensor(repeat.getResult());
  return Flow::Next;
}

} // namespace nasir::frontend::gen
