//===- Expressions.cpp - MLIRGen of expressions, choices and picks --------===//
#include "frontend/Generator.h"
#include "dialect/NN/NNOps.h"
#include "dialect/Utils/TypeJoin.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/STLExtras.h"

using namespace nasir::frontend;
using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace nasir::frontend::gen {

FailureOr<std::string> Generator::siteLabel(Frame &f, StringRef local) {
  // In a shared statement, sites are named after the definition, not the
  // instance, so every instance takes the same labels.
  std::string base = join(f.sharedStmt ? f.defName : f.path, local);
  if (f.shared || f.sharedStmt) {
    usedLabels.insert(base);
    return base;
  }
  // A name written with `as` names one site: a second one is an error, not
  // a rename.
  if (usedLabels.count(base) && !f.asName.empty() && local == f.asName) {
    error(f.asLoc) << "label '" << base
                   << "' is already the label of another site: `as " << local
                   << "` names one site (give another name, or make them one "
                      "decision with `shared`)";
    return failure();
  }
  std::string label = base;
  for (unsigned n = 1; usedLabels.count(label); ++n)
    label = base + "_" + std::to_string(n);
  usedLabels.insert(label);
  return label;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//


FailureOr<mlir::Value> Generator::toTensor(const Value &v, SMLoc l,
                                           StringRef what) {
  if (v.kind == Value::Tensor)
    return v.tensor;
  if (v.kind == Value::Pick) {
    if (v.pick->max == 1)
      return select(*v.pick, "sum");
    error(l) << "this pick chooses up to " << v.pick->max
             << " inputs; combine them with sum(...) or concat(...)";
    return failure();
  }
  error(l) << what << " must be a tensor, got " << v.kindName();
  return failure();
}

FailureOr<llvm::SmallVector<mlir::Value>>
Generator::toTensors(llvm::ArrayRef<const Expr *> exprs,
                     llvm::ArrayRef<Value> values, StringRef what) {
  llvm::SmallVector<mlir::Value> tensors;
  for (auto [e, v] : llvm::zip(exprs, values)) {
    FailureOr<mlir::Value> t = toTensor(v, e->getLoc(), what);
    if (failed(t))
      return failure();
    tensors.push_back(*t);
  }
  return tensors;
}

FailureOr<mlir::Value> Generator::evalTensor(Frame &f, const Expr &e,
                                             StringRef what) {
  FailureOr<Value> v = eval(f, e);
  if (failed(v))
    return failure();
  return toTensor(*v, e.getLoc(), what);
}

FailureOr<Num> Generator::evalNum(Frame &f, const Expr &e, StringRef what) {
  FailureOr<Value> v = eval(f, e);
  if (failed(v))
    return failure();
  if (v->kind != Value::Number) {
    error(e.getLoc()) << what << " must be a number, got " << v->kindName();
    return failure();
  }
  return v->num;
}

FailureOr<Scalar> Generator::evalConcrete(Frame &f, const Expr &e,
                                          StringRef what) {
  FailureOr<Num> n = evalNum(f, e, what);
  if (failed(n))
    return failure();
  if (!n->concrete()) {
    error(e.getLoc()) << what << " must be a constant, but it depends on "
                      << "value choice '" << n->deps.front()->label << "'";
    return failure();
  }
  return n->value();
}

FailureOr<int64_t> Generator::evalInt(Frame &f, const Expr &e, StringRef what) {
  FailureOr<Scalar> s = evalConcrete(f, e, what);
  if (failed(s))
    return failure();
  if (s->kind != Scalar::Int) {
    error(e.getLoc()) << what << " must be an integer, got " << s->str();
    return failure();
  }
  return s->i;
}

FailureOr<Value> Generator::eval(Frame &f, const Expr &e) {
  if (!step(e.getLoc()))
    return failure();
  switch (e.getKind()) {
  case Expr::Kind::Int:
    return Value::ofScalar(Scalar::ofInt(cast<IntExpr>(e).value));
  case Expr::Kind::Float:
    return Value::ofScalar(Scalar::ofFloat(cast<FloatExpr>(e).value));
  case Expr::Kind::Bool:
    return Value::ofScalar(Scalar::ofBool(cast<BoolExpr>(e).value));
  case Expr::Kind::Name:
    return evalName(f, cast<NameExpr>(e));
  case Expr::Kind::List: {
    Value list;
    list.kind = Value::List;
    for (const ExprPtr &x : cast<ListExpr>(e).elements) {
      FailureOr<Value> v = eval(f, *x);
      if (failed(v))
        return failure();
      list.list.push_back(std::move(*v));
    }
    return list;
  }
  case Expr::Kind::Call:
    return evalCall(f, cast<CallExpr>(e));
  case Expr::Kind::Binary:
    return evalBinary(f, cast<BinaryExpr>(e));
  case Expr::Kind::Unary: {
    auto &u = cast<UnaryExpr>(e);
    FailureOr<Num> n = evalNum(f, *u.operand, "the operand of '-'");
    if (failed(n))
      return failure();
    FailureOr<Num> r =
        mapNum(e.getLoc(), *n, [](Scalar s, std::string &err) -> std::optional<Scalar> {
          if (s.kind == Scalar::Bool) {
            err = "'-' expects a number, not true/false";
            return std::nullopt;
          }
          if (s.kind == Scalar::Float)
            return Scalar::ofFloat(-s.f);
          if (s.i == INT64_MIN) {
            err = "integer overflow in negation";
            return std::nullopt;
          }
          return Scalar::ofInt(-s.i);
        });
    if (failed(r))
      return failure();
    return Value::ofNum(std::move(*r));
  }
  case Expr::Kind::ValueChoice:
    return evalValueChoice(f, cast<ValueChoiceExpr>(e));
  case Expr::Kind::OpChoice:
    return evalOpChoice(f, cast<OpChoiceExpr>(e));
  case Expr::Kind::Pick:
    return evalPick(f, cast<PickExpr>(e));
  case Expr::Kind::Labeled: {
    auto &l = cast<LabeledExpr>(e);
    // A call of a definition or an op takes the name itself; any other
    // expression names the sites it creates.
    auto *call = dyn_cast<CallExpr>(l.inner.get());
    bool instance =
        call && !f.vars.count(call->callee) && defs.count(call->callee);
    FailureOr<Value> v = failure();
    if (call) {
      v = evalCall(f, *call, l.label, l.labelLoc);
    } else {
      v = withAs(f, l.label, l.labelLoc, [&] { return eval(f, *l.inner); });
    }
    // In a require, the name stands for the choice made here.
    if (succeeded(v) && !instance)
      f.named[l.label] = *v;
    return v;
  }
  }
  return failure();
}

FailureOr<const Value *> Generator::lookupName(Frame &f, StringRef name,
                                               SMLoc l, bool withNamed) {
  std::vector<const std::map<std::string, Value> *> maps{&f.vars};
  if (withNamed)
    maps.push_back(&f.named);
  std::vector<std::string> names;
  for (const auto *m : maps) {
    auto it = m->find(name.str());
    if (it != m->end())
      return &it->second;
    for (auto &[k, v] : *m)
      names.push_back(k);
  }
  auto d = error(l);
  d << "'" << name << "' has no value here";
  std::string s = suggest(name, names);
  if (!s.empty())
    d << "; did you mean '" << s << "'?";
  return failure();
}

FailureOr<Value> Generator::evalName(Frame &f, const NameExpr &e) {
  FailureOr<const Value *> v = lookupName(f, e.name, e.getLoc(), false);
  if (failed(v))
    return failure();
  return **v;
}

/// Collects the operands of a chain `a + b + c`.
static void flattenSum(const Expr &e, std::vector<const Expr *> &terms) {
  if (auto *b = dyn_cast<BinaryExpr>(&e); b && b->op == "+") {
    flattenSum(*b->lhs, terms);
    flattenSum(*b->rhs, terms);
    return;
  }
  terms.push_back(&e);
}

FailureOr<Value> Generator::evalBinary(Frame &f, const BinaryExpr &e) {
  if (e.op == "+") {
    std::vector<const Expr *> terms;
    flattenSum(e, terms);
    std::vector<Value> values;
    bool anyTensor = false;
    for (const Expr *t : terms) {
      FailureOr<Value> v = eval(f, *t);
      if (failed(v))
        return failure();
      anyTensor |= v->kind == Value::Tensor || v->kind == Value::Pick;
      values.push_back(std::move(*v));
    }
    if (anyTensor) {
      FailureOr<llvm::SmallVector<mlir::Value>> operands =
          toTensors(terms, values, "each operand of '+'");
      if (failed(operands))
        return failure();
      FailureOr<mlir::Value> r = emitLayer(
          e.getLoc(), OpKind::of<nasir::nn::AddOp>(), *operands, {});
      if (failed(r))
        return failure();
      return Value::ofTensor(*r);
    }
    Num acc;
    for (auto [i, v] : llvm::enumerate(values)) {
      if (v.kind != Value::Number) {
        error(terms[i]->getLoc()) << "'+' expects tensors or numbers, got "
                                  << v.kindName();
        return failure();
      }
      if (i == 0) {
        acc = v.num;
        acc.isClasses = false;
        continue;
      }
      FailureOr<Num> r = combine(e.getLoc(), acc, v.num, "+");
      if (failed(r))
        return failure();
      acc = std::move(*r);
    }
    return Value::ofNum(std::move(acc));
  }
  FailureOr<Value> l = eval(f, *e.lhs);
  if (failed(l))
    return failure();
  FailureOr<Value> r = eval(f, *e.rhs);
  if (failed(r))
    return failure();
  if (e.op == "*" && l->kind == Value::Tensor && r->kind == Value::Tensor) {
    FailureOr<mlir::Value> m =
        emitLayer(e.getLoc(), OpKind::of<nasir::nn::MulOp>(),
                  {l->tensor, r->tensor}, {});
    if (failed(m))
      return failure();
    return Value::ofTensor(*m);
  }
  for (auto [x, side] : {std::pair{&*l, e.lhs.get()}, {&*r, e.rhs.get()}})
    if (x->kind != Value::Number) {
      error(side->getLoc()) << "'" << e.op << "' expects numbers, got "
                            << x->kindName();
      return failure();
    }
  FailureOr<Num> n = combine(e.getLoc(), l->num, r->num, e.op);
  if (failed(n))
    return failure();
  return Value::ofNum(std::move(*n));
}

FailureOr<Value> Generator::evalValueChoice(Frame &f, const ValueChoiceExpr &e) {
  if (e.options.empty()) {
    error(e.getLoc()) << "a value choice needs at least one option";
    return failure();
  }
  auto knob = std::make_unique<Knob>();
  bool anyFloat = false;
  for (const ExprPtr &o : e.options) {
    FailureOr<Scalar> s = evalConcrete(f, *o, "an option of a value choice");
    if (failed(s))
      return failure();
    if (s->kind == Scalar::Bool) {
      error(o->getLoc()) << "options of a value choice are numbers; for a "
                            "choice between true and false write one_of [0, 1]";
      return failure();
    }
    anyFloat |= s->kind == Scalar::Float;
    for (const Scalar &prev : knob->options)
      if (prev == *s) {
        error(o->getLoc()) << "option " << s->str() << " appears twice";
        return failure();
      }
    knob->options.push_back(*s);
  }
  if (anyFloat)
    for (Scalar &s : knob->options)
      s = Scalar::ofFloat(s.asDouble());
  knob->id = knobs.size();
  knob->loc = e.getLoc();
  FailureOr<std::string> label = siteLabel(f, siteName(f, "choice"));
  if (failed(label))
    return failure();
  knob->label = *label;
  knob->repeats = repeatStack;
  Num n;
  n.deps.push_back(knob.get());
  n.table = knob->options;
  knobs.push_back(std::move(knob));
  return Value::ofNum(std::move(n));
}

FailureOr<Value> Generator::evalOpChoice(Frame &f, const OpChoiceExpr &e) {
  // `one_of width in [..] {..}` is named after its variable unless named.
  std::string local = siteName(f, e.body ? StringRef(e.var) : "choice");
  FailureOr<std::string> labelOr = siteLabel(f, local);
  if (failed(labelOr))
    return failure();
  std::string label = *labelOr;
  llvm::SmallVector<mlir::Attribute> options;
  std::vector<Scalar> values;
  if (e.body) {
    FailureOr<Value> list = eval(f, *e.values);
    if (failed(list))
      return failure();
    if (list->kind != Value::List || list->list.empty()) {
      error(e.values->getLoc()) << "expected a non-empty list of values after '"
                                << e.var << " in'";
      return failure();
    }
    for (const Value &v : list->list) {
      if (v.kind != Value::Number || !v.num.concrete() ||
          v.num.value().kind == Scalar::Bool) {
        error(e.values->getLoc()) << "the values of '" << e.var
                                  << "' must be constant numbers";
        return failure();
      }
      for (const Scalar &prev : values)
        if (prev == v.num.value()) {
          error(e.values->getLoc()) << "value " << v.num.value().str()
                                    << " appears twice";
          return failure();
        }
      values.push_back(v.num.value());
    }
    bool anyFloat = llvm::any_of(values, [](const Scalar &s) {
      return s.kind == Scalar::Float;
    });
    for (Scalar &s : values) {
      if (anyFloat)
        s = Scalar::ofFloat(s.asDouble());
      options.push_back(attrOf(s));
    }
  } else {
    for (const Alternative &a : e.alternatives) {
      std::string name = a.name;
      if (name.empty()) {
        const Expr *inner = a.value.get();
        if (auto *c = dyn_cast<CallExpr>(inner))
          name = c->callee;
        else if (auto *n = dyn_cast<NameExpr>(inner))
          name = n->name;
        else {
          error(a.loc) << "name this alternative: `name: expr`";
          return failure();
        }
      }
      for (mlir::Attribute o : options)
        if (cast<mlir::StringAttr>(o).getValue() == name) {
          error(a.loc) << "alternative '" << name
                       << "' appears twice in this choice; name them apart "
                          "with `name: expr`";
          return failure();
        }
      options.push_back(builder.getStringAttr(name));
    }
  }
  if (failed(countOp(e.getLoc())))
    return failure();
  auto choiceOp = builder.create<nasir::nas::ChoiceOp>(
      loc(e.getLoc()), mlir::TypeRange{builder.getNoneType()}, label,
      builder.getArrayAttr(options), /*outer=*/nullptr,
      unsigned(options.size()));
  mlir::Type joined;
  std::string savedSite = f.siteName;
  LogicalResult r = forEachAlternative(f, options.size(), [&](size_t i) {
    mlir::OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToEnd(
        builder.createBlock(&choiceOp.getAlternatives()[i]));
    FailureOr<mlir::Value> v;
    SMLoc altLoc;
    if (e.body) {
      altLoc = e.body->getLoc();
      auto saved = f.vars.find(e.var) != f.vars.end()
                       ? std::optional<Value>(f.vars[e.var])
                       : std::nullopt;
      f.vars[e.var] = Value::ofScalar(values[i]);
      f.siteName = savedSite;
      v = evalTensor(f, *e.body, "a subgraph");
      if (saved)
        f.vars[e.var] = *saved;
      else
        f.vars.erase(e.var);
    } else {
      const Alternative &a = e.alternatives[i];
      altLoc = a.loc;
      f.siteName = join(local, cast<mlir::StringAttr>(options[i]).getValue());
      v = evalTensor(f, *a.value, "an alternative");
    }
    f.siteName = savedSite;
    if (failed(v))
      return failure();
    builder.create<nasir::nas::YieldOp>(loc(altLoc), mlir::ValueRange{*v});
    mlir::Type prev = joined;
    joined = joined ? nasir::joinTypes(joined, v->getType()) : v->getType();
    if (!joined) {
      error(altLoc) << "alternative '"
                    << (e.body ? values[i].str()
                               : cast<mlir::StringAttr>(options[i]).getValue().str())
                    << "' of '" << label << "' gives " << v->getType()
                    << ", which cannot be joined with " << prev
                    << " from the other alternatives";
      return failure();
    }
    return success();
  });
  if (failed(r))
    return failure();
  choiceOp->getResult(0).setType(joined);
  Value result = Value::ofTensor(choiceOp->getResult(0));
  result.site = std::make_shared<Site>(
      Site{label, {options.begin(), options.end()}, choiceOp, nullptr});
  if (e.body)
    f.named[e.var] = result;
  return result;
}

FailureOr<Value> Generator::evalPick(Frame &f, const PickExpr &e) {
  FailureOr<int64_t> lo = evalInt(f, *e.min, "the pick count");
  if (failed(lo))
    return failure();
  int64_t hi = *lo;
  if (e.max) {
    FailureOr<int64_t> m = evalInt(f, *e.max, "the pick count");
    if (failed(m))
      return failure();
    hi = *m;
  }
  auto p = std::make_shared<Picked>();
  p->loc = e.getLoc();
  for (const ExprPtr &c : e.candidates) {
    FailureOr<mlir::Value> t = evalTensor(f, *c, "a pick candidate");
    if (failed(t))
      return failure();
    p->candidates.push_back(*t);
  }
  int64_t n = p->candidates.size();
  if (*lo < 1 || *lo > hi || hi > n) {
    error(e.getLoc()) << "cannot pick " << *lo << ".." << hi << " of " << n
                      << " candidates; expected 1 <= min <= max <= " << n;
    return failure();
  }
  p->min = *lo;
  p->max = hi;
  FailureOr<std::string> label = siteLabel(f, siteName(f, "pick"));
  if (failed(label))
    return failure();
  p->label = *label;
  Value v;
  v.kind = Value::Pick;
  v.pick = std::move(p);
  return v;
}

FailureOr<mlir::Value> Generator::select(const Picked &p, StringRef combine) {
  if (failed(countOp(p.loc)))
    return failure();
  // The caller checked the spelling (sum or concat).
  nasir::nas::Combine mode = *nasir::nas::symbolizeCombine(combine);
  // The types first: SelectOp's inferring builder aborts on a failure.
  mlir::OperationState state(loc(p.loc),
                             nasir::nas::SelectOp::getOperationName());
  nasir::nas::SelectOp::build(builder, state, mlir::Type(), p.label, mode,
                              p.min, p.max, p.candidates);
  llvm::SmallVector<mlir::Type> types;
  if (failed(nasir::nas::SelectOp::inferReturnTypes(
          &ctx, state.location, state.operands,
          state.attributes.getDictionary(&ctx), state.getRawProperties(),
          state.regions, types)))
    return failure();
  auto op = builder.create<nasir::nas::SelectOp>(
      state.location, types.front(), p.label, mode, p.min, p.max,
      p.candidates);
  if (failed(mlir::verify(op, false)))
    return failure();
  return op.getResult();
}

} // namespace nasir::frontend::gen
