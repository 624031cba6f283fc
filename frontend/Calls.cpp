//===- Calls.cpp - calls of definitions, local ops and builtins -----------===//
#include "frontend/Generator.h"
#include "dialect/NN/NNOps.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include <cmath>

using namespace nasir::frontend;
using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace nasir::frontend::gen {

FailureOr<Value> Generator::evalCall(Frame &f, const CallExpr &e, StringRef as,
                                     SMLoc asLoc) {
  if (auto it = f.vars.find(e.callee); it != f.vars.end()) {
    if (it->second.kind != Value::Fn) {
      error(e.getLoc()) << "'" << e.callee << "' is " << it->second.kindName()
                        << ", not an op; it cannot be called";
      return failure();
    }
    std::shared_ptr<ChoiceFn> fn = it->second.fn;
    return evalFnCall(f, e, *fn, as, asLoc);
  }
  if (const DefDecl *def = defs.lookup(e.callee))
    return evalDefCall(f, e, *def, as);
  if (const Builtin *builtin = findBuiltin(e.callee)) {
    if (as.empty())
      return evalBuiltin(f, e, *builtin);
    return withAs(f, as, asLoc, [&] { return evalBuiltin(f, e, *builtin); });
  }
  error(e.getLoc()) << "unknown layer or definition '" << e.callee << "'";
  return failure();
}

FailureOr<Value> Generator::evalDefCall(Frame &f, const CallExpr &e,
                                        const DefDecl &def, StringRef as) {
  std::vector<const Expr *> bound;
  if (!bindArgs(e, signatureOf(def.params), "definition", bound))
    return failure();
  if (callDepth >= Limits::kMaxCallDepth) {
    error(e.getLoc()) << "definitions nest deeper than "
                      << Limits::kMaxCallDepth << " levels";
    return failure();
  }
  Frame child;
  child.defName = def.name;
  // In a shared statement every instance takes the same name (the
  // definition's), hence the same labels.
  std::string inst = !as.empty()      ? as.str()
                     : f.sharedStmt ? def.name
                                    : def.name + std::to_string(f.counters[def.name]++);
  if (f.sharedStmt) {
    child.path = join(f.defName, inst);
    child.shared = true;
  } else {
    child.path = join(f.path, inst);
    child.shared = f.shared;
  }
  // Arguments are evaluated in the caller; defaults in the callee, in order,
  // so that a default may refer to earlier parameters.
  for (size_t i = 0; i < def.params.size(); ++i) {
    if (!bound[i])
      continue;
    FailureOr<Value> v = eval(f, *bound[i]);
    if (failed(v))
      return failure();
    child.vars[def.params[i].name] = std::move(*v);
  }
  ++callDepth;
  auto done = llvm::make_scope_exit([&] { --callDepth; });
  for (size_t i = 0; i < def.params.size(); ++i) {
    if (bound[i])
      continue;
    FailureOr<Value> v = eval(child, *def.params[i].defaultValue);
    if (failed(v))
      return failure();
    child.vars[def.params[i].name] = std::move(*v);
  }
  Flow flow = exec(child, def.body);
  if (flow == Flow::Fail)
    return failure();
  if (!child.returned) {
    error(e.getLoc()) << "'" << def.name << "' returns no value";
    mlir::emitRemark(loc(def.loc)) << "'" << def.name << "' is defined here";
    return failure();
  }
  return *child.returned;
}

FailureOr<Value> Generator::evalFnCall(Frame &f, const CallExpr &e,
                                       const ChoiceFn &fn, StringRef as,
                                       SMLoc asLoc) {
  Signature sig = signatureOf(fn.def->params);
  std::vector<const Expr *> bound;
  if (!bindArgs(e, sig, "op", bound))
    return failure();
  if (callDepth >= Limits::kMaxCallDepth) {
    error(e.getLoc()) << "definitions nest deeper than "
                      << Limits::kMaxCallDepth << " levels";
    return failure();
  }
  std::vector<Value> args(sig.params.size());
  for (size_t i = 0; i < sig.params.size(); ++i) {
    if (!bound[i])
      continue;
    FailureOr<Value> v = eval(f, *bound[i]);
    if (failed(v))
      return failure();
    args[i] = std::move(*v);
  }
  // The body runs in the frame that defined the op, with the parameters
  // bound on top of its variables.
  Frame &home = *fn.frame;
  std::string site =
      as.empty() ? fn.def->name + std::to_string(home.counters[fn.def->name]++)
                 : as.str();
  std::map<std::string, std::optional<Value>> saved;
  for (const Param &p : fn.def->params) {
    auto it = home.vars.find(p.name);
    saved[p.name] = it == home.vars.end() ? std::nullopt
                                          : std::optional<Value>(it->second);
  }
  std::string savedSite = home.siteName, savedAs = home.asName;
  SMLoc savedAsLoc = home.asLoc;
  bool savedShared = home.sharedStmt;
  ++callDepth;
  auto restore = llvm::make_scope_exit([&] {
    --callDepth;
    for (auto &[name, v] : saved) {
      if (v)
        home.vars[name] = *v;
      else
        home.vars.erase(name);
    }
    home.siteName = savedSite;
    home.asName = savedAs;
    home.asLoc = savedAsLoc;
    home.sharedStmt = savedShared;
  });
  for (size_t i = 0; i < sig.params.size(); ++i) {
    if (bound[i]) {
      home.vars[sig.params[i]] = args[i];
      continue;
    }
    FailureOr<Value> v = eval(home, *fn.def->params[i].defaultValue);
    if (failed(v))
      return failure();
    home.vars[sig.params[i]] = std::move(*v);
  }
  home.siteName = site;
  home.asName = as.str();
  home.asLoc = asLoc;
  home.sharedStmt = fn.shared || savedShared;
  return eval(home, *fn.def->body);
}

FailureOr<Value> Generator::evalBuiltin(Frame &f, const CallExpr &e,
                                        const Builtin &builtin) {
  std::vector<const Expr *> bound, rest;
  if (!bindArgs(e, builtin.signature, "layer", bound, &rest))
    return failure();
  if (builtin.layer)
    return evalLayer(f, e, *builtin.layer, bound);
  return evalFunction(f, e, builtin, bound, rest);
}

FailureOr<Value> Generator::evalFunction(Frame &f, const CallExpr &e,
                                         const Builtin &builtin,
                                         std::vector<const Expr *> &bound,
                                         std::vector<const Expr *> &rest) {
  SMLoc l = e.getLoc();
  auto result = [](FailureOr<mlir::Value> v) -> FailureOr<Value> {
    if (failed(v))
      return failure();
    return Value::ofTensor(*v);
  };
  auto numArg = [&](size_t i) -> FailureOr<Num> {
    return evalNum(f, *bound[i],
                   "argument '" + builtin.signature.params[i] + "' of " +
                       builtin.name);
  };

  switch (builtin.function) {
  case FunctionKind::Sum:
  case FunctionKind::Concat: {
    // Variadic combinators.
    bool concat = builtin.function == FunctionKind::Concat;
    std::vector<const Expr *> inputs;
    for (const Expr *b : bound)
      if (b)
        inputs.push_back(b);
    inputs.insert(inputs.end(), rest.begin(), rest.end());
    std::vector<Value> values;
    for (const Expr *in : inputs) {
      FailureOr<Value> v = eval(f, *in);
      if (failed(v))
        return failure();
      values.push_back(std::move(*v));
    }
    if (values.size() == 1 && values[0].kind == Value::Pick)
      return result(select(*values[0].pick, concat ? "concat" : "sum"));
    FailureOr<llvm::SmallVector<mlir::Value>> operands =
        toTensors(inputs, values, "an input");
    if (failed(operands))
      return failure();
    if (operands->size() == 1 && !concat)
      return Value::ofTensor(operands->front());
    return result(emitLayer(l,
                            concat ? OpKind::of<nasir::nn::ConcatOp>()
                                   : OpKind::of<nasir::nn::AddOp>(),
                            *operands, {}));
  }
  case FunctionKind::Channels: {
    FailureOr<mlir::Value> x =
        evalTensor(f, *bound[0], "argument 'x' of " + builtin.name);
    if (failed(x))
      return failure();
    auto t = cast<mlir::RankedTensorType>(x->getType());
    if (t.getRank() >= 2 && !t.isDynamicDim(1))
      return Value::ofScalar(Scalar::ofInt(t.getDimSize(1)));
    // A width choice before: the channels are a number over its options.
    FailureOr<std::optional<Num>> n =
        t.getRank() >= 2 ? channelsOf(l, *x) : std::optional<Num>();
    if (failed(n))
      return failure();
    if (!*n) {
      error(l) << "the channels of " << t
               << " are not known here (they depend on an open choice)";
      return failure();
    }
    return Value::ofNum(std::move(**n));
  }
  case FunctionKind::Round: {
    FailureOr<Num> a = numArg(0);
    if (failed(a))
      return failure();
    FailureOr<Num> r =
        mapNum(l, *a, [](Scalar s, std::string &err) -> std::optional<Scalar> {
          if (s.kind == Scalar::Bool) {
            err = "round() expects a number";
            return std::nullopt;
          }
          double d = std::round(s.asDouble());
          if (!(std::fabs(d) < 9.2e18)) {
            err = "round() overflows an integer";
            return std::nullopt;
          }
          return Scalar::ofInt(int64_t(d));
        });
    if (failed(r))
      return failure();
    return Value::ofNum(std::move(*r));
  }
  case FunctionKind::Min:
  case FunctionKind::Max: {
    FailureOr<Num> a = numArg(0);
    if (failed(a))
      return failure();
    FailureOr<Num> b = numArg(1);
    if (failed(b))
      return failure();
    FailureOr<Num> less = combine(l, *a, *b, "<");
    if (failed(less))
      return failure();
    // Pick per combination, through a lookup over the joint deps.
    Num r;
    r.deps = less->deps;
    std::vector<size_t> choice(r.deps.size(), 0);
    do {
      bool lt = lookup(*less, r.deps, choice).i;
      bool takeA = builtin.function == FunctionKind::Min ? lt : !lt;
      r.table.push_back(lookup(takeA ? *a : *b, r.deps, choice));
    } while (nextChoice(r.deps, choice));
    return Value::ofNum(std::move(r));
  }
  }
  error(l) << "internal error: no lowering for '" << builtin.name << "'";
  return failure();
}

} // namespace nasir::frontend::gen
