//===- SemanticChecks.cpp - names, arities and recursion before MLIRGen ---===//
#include "frontend/Generator.h"
#include "llvm/ADT/STLExtras.h"

using namespace nasir::frontend;
using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace nasir::frontend::gen {

Signature signatureOf(const std::vector<Param> &params) {
  Signature sig;
  for (const Param &p : params) {
    sig.params.push_back(p.name);
    if (!p.defaultValue)
      ++sig.required;
  }
  return sig;
}

//===----------------------------------------------------------------------===//
// Checks before evaluation
//===----------------------------------------------------------------------===//

bool Generator::collectDefs() {
  bool good = true;
  llvm::StringMap<SMLoc> spaces;
  for (const auto &file : files) {
    for (const auto &def : file->defs) {
      if (findBuiltin(def->name)) {
        error(def->loc) << "'" << def->name
                        << "' is a built-in layer; choose another name";
        good = false;
        continue;
      }
      auto [it, inserted] = defs.try_emplace(def->name, def.get());
      if (!inserted) {
        error(def->loc) << "'" << def->name << "' is defined twice"
                        << "";
        mlir::emitRemark(loc(it->second->loc)) << "the first definition is here";
        good = false;
        continue;
      }
      defNames.push_back(def->name);
    }
    for (const auto &space : file->spaces) {
      auto [it, inserted] = spaces.try_emplace(space->name, space->loc);
      if (!inserted) {
        error(space->loc) << "space '" << space->name << "' is declared twice";
        good = false;
      }
    }
  }
  return good;
}

bool Generator::bindArgs(const CallExpr &call, const Signature &sig,
                         StringRef what, std::vector<const Expr *> &bound,
                         std::vector<const Expr *> *rest) {
  bound.assign(sig.params.size(), nullptr);
  auto signature = [&] {
    std::string s = call.callee + "(";
    for (size_t i = 0; i < sig.params.size(); ++i)
      s += (i ? ", " : "") + sig.params[i] + (i >= sig.required ? "=.." : "");
    if (sig.variadic)
      s += "...";
    return s + ")";
  };
  size_t positional = 0;
  bool sawNamed = false;
  for (const Arg &arg : call.args) {
    if (arg.name.empty()) {
      if (sawNamed) {
        error(arg.loc) << "positional argument after a named one in the call "
                          "of '"
                       << call.callee << "'";
        return false;
      }
      if (positional < sig.params.size()) {
        bound[positional++] = arg.value.get();
      } else if (sig.variadic && rest) {
        rest->push_back(arg.value.get());
        ++positional;
      } else if (!sig.variadic) {
        error(arg.loc) << what << " '" << call.callee << "' takes "
                       << sig.params.size() << " argument"
                       << (sig.params.size() == 1 ? "" : "s") << " ("
                       << signature() << "), got " << call.args.size();
        return false;
      } else {
        ++positional;
      }
      continue;
    }
    sawNamed = true;
    auto it = llvm::find(sig.params, arg.name);
    if (it == sig.params.end()) {
      auto d = error(arg.loc);
      d << what << " '" << call.callee << "' has no parameter '" << arg.name
        << "'";
      std::string s = suggest(arg.name, sig.params);
      if (!s.empty())
        d << "; did you mean '" << s << "'?";
      else
        d << " (" << signature() << ")";
      return false;
    }
    size_t i = it - sig.params.begin();
    if (bound[i]) {
      error(arg.loc) << "argument '" << arg.name << "' of '" << call.callee
                     << "' is given twice";
      return false;
    }
    bound[i] = arg.value.get();
  }
  if (sig.variadic && positional == 0) {
    error(call.getLoc()) << "'" << call.callee << "' needs at least one input";
    return false;
  }
  for (size_t i = 0; i < sig.required && i < sig.params.size(); ++i)
    if (!bound[i]) {
      error(call.getLoc()) << what << " '" << call.callee
                           << "' needs argument '" << sig.params[i] << "' ("
                           << signature() << ")";
      return false;
    }
  return true;
}

bool Generator::checkCall(const CallExpr &call, const Signature &sig,
                          StringRef what) {
  std::vector<const Expr *> bound, rest;
  return bindArgs(call, sig, what, bound, &rest);
}

void Generator::collectNames(const Block &b, std::set<std::string> &names,
                             std::set<std::string> &ops) {
  for (const StmtPtr &s : b) {
    if (auto *a = dyn_cast<AssignStmt>(s.get()))
      names.insert(a->name);
    else if (auto *o = dyn_cast<OpDefStmt>(s.get()))
      ops.insert(o->name);
    else if (auto *f = dyn_cast<ForStmt>(s.get())) {
      names.insert(f->var);
      collectNames(f->body, names, ops);
    } else if (auto *i = dyn_cast<IfStmt>(s.get())) {
      collectNames(i->thenBody, names, ops);
      collectNames(i->elseBody, names, ops);
    } else if (auto *r = dyn_cast<RepeatStmt>(s.get())) {
      names.insert(r->var);
      collectNames(r->body, names, ops);
    }
  }
}

void Generator::checkExpr(const Expr &e, std::set<std::string> &scope,
                          const std::set<std::string> &ops, StringRef owner) {
  auto unknown = [&](SMLoc l, StringRef name, StringRef kind,
                     const std::vector<std::string> &candidates) {
    auto d = error(l);
    d << "unknown " << kind << " '" << name << "'";
    std::string s = suggest(name, candidates);
    if (!s.empty())
      d << "; did you mean '" << s << "'?";
    ok = false;
  };
  switch (e.getKind()) {
  case Expr::Kind::Int:
  case Expr::Kind::Float:
  case Expr::Kind::Bool:
    return;
  case Expr::Kind::Name: {
    auto &n = cast<NameExpr>(e);
    if (scope.count(n.name) || ops.count(n.name))
      return;
    if (defs.count(n.name) || findBuiltin(n.name)) {
      error(e.getLoc()) << "'" << n.name << "' is a "
                        << (defs.count(n.name) ? "definition" : "built-in layer")
                        << "; call it with arguments: " << n.name << "(...)";
      ok = false;
      return;
    }
    std::vector<std::string> cands(scope.begin(), scope.end());
    cands.insert(cands.end(), ops.begin(), ops.end());
    unknown(e.getLoc(), n.name, "name", cands);
    return;
  }
  case Expr::Kind::List:
    for (const ExprPtr &x : cast<ListExpr>(e).elements)
      checkExpr(*x, scope, ops, owner);
    return;
  case Expr::Kind::Call: {
    auto &c = cast<CallExpr>(e);
    for (const Arg &a : c.args)
      checkExpr(*a.value, scope, ops, owner);
    if (ops.count(c.callee) || scope.count(c.callee))
      return; // a local op: checked when called
    if (auto it = defs.find(c.callee); it != defs.end()) {
      if (!checkCall(c, signatureOf(it->second->params), "definition"))
        ok = false;
      return;
    }
    if (const Builtin *b = findBuiltin(c.callee)) {
      if (!checkCall(c, b->signature, "layer"))
        ok = false;
      return;
    }
    std::vector<std::string> cands(ops.begin(), ops.end());
    cands.insert(cands.end(), defNames.begin(), defNames.end());
    for (const Builtin &b : builtins.all())
      cands.push_back(b.name);
    unknown(e.getLoc(), c.callee, "layer or definition", cands);
    return;
  }
  case Expr::Kind::Binary:
    checkExpr(*cast<BinaryExpr>(e).lhs, scope, ops, owner);
    checkExpr(*cast<BinaryExpr>(e).rhs, scope, ops, owner);
    return;
  case Expr::Kind::Unary:
    checkExpr(*cast<UnaryExpr>(e).operand, scope, ops, owner);
    return;
  case Expr::Kind::ValueChoice:
    for (const ExprPtr &x : cast<ValueChoiceExpr>(e).options)
      checkExpr(*x, scope, ops, owner);
    return;
  case Expr::Kind::OpChoice: {
    auto &c = cast<OpChoiceExpr>(e);
    if (c.body) {
      checkExpr(*c.values, scope, ops, owner);
      bool had = scope.count(c.var);
      scope.insert(c.var);
      checkExpr(*c.body, scope, ops, owner);
      if (!had)
        scope.erase(c.var);
      return;
    }
    for (const Alternative &a : c.alternatives)
      checkExpr(*a.value, scope, ops, owner);
    return;
  }
  case Expr::Kind::Pick: {
    auto &p = cast<PickExpr>(e);
    checkExpr(*p.min, scope, ops, owner);
    if (p.max)
      checkExpr(*p.max, scope, ops, owner);
    for (const ExprPtr &x : p.candidates)
      checkExpr(*x, scope, ops, owner);
    return;
  }
  case Expr::Kind::Labeled:
    checkExpr(*cast<LabeledExpr>(e).inner, scope, ops, owner);
    return;
  }
}

void Generator::checkBlock(const Block &b, std::set<std::string> &scope,
                           const std::set<std::string> &ops, StringRef owner) {
  for (const StmtPtr &s : b) {
    switch (s->getKind()) {
    case Stmt::Kind::Assign:
      checkExpr(*cast<AssignStmt>(*s).value, scope, ops, owner);
      break;
    case Stmt::Kind::OpDef: {
      auto &o = cast<OpDefStmt>(*s);
      std::set<std::string> inner = scope;
      for (const Param &p : o.params) {
        inner.insert(p.name);
        if (p.defaultValue)
          checkExpr(*p.defaultValue, scope, ops, owner);
      }
      checkExpr(*o.body, inner, ops, owner);
      break;
    }
    case Stmt::Kind::For: {
      auto &f = cast<ForStmt>(*s);
      checkExpr(*f.from, scope, ops, owner);
      checkExpr(*f.to, scope, ops, owner);
      checkBlock(f.body, scope, ops, owner);
      break;
    }
    case Stmt::Kind::If: {
      auto &i = cast<IfStmt>(*s);
      checkExpr(*i.cond, scope, ops, owner);
      checkBlock(i.thenBody, scope, ops, owner);
      checkBlock(i.elseBody, scope, ops, owner);
      break;
    }
    case Stmt::Kind::Repeat: {
      auto &r = cast<RepeatStmt>(*s);
      checkExpr(*r.count, scope, ops, owner);
      checkBlock(r.body, scope, ops, owner);
      break;
    }
    case Stmt::Kind::Return:
      checkExpr(*cast<ReturnStmt>(*s).value, scope, ops, owner);
      break;
    case Stmt::Kind::Constraint:
      if (const ExprPtr &bound = cast<ConstraintStmt>(*s).bound)
        checkExpr(*bound, scope, ops, owner);
      break;
    case Stmt::Kind::Objective:
      break;
    case Stmt::Kind::Require: {
      // A require may also name the sites named with `as` and the variables
      // of `one_of v in [..]`.
      std::set<std::string> names = scope;
      names.insert(siteNames.begin(), siteNames.end());
      checkRequire(*cast<RequireStmt>(*s).pred, names, ops, owner);
      break;
    }
    }
  }
}

void walkExpr(const Expr &e, llvm::function_ref<void(const Expr &)> fn) {
  fn(e);
  auto walk = [&](const ExprPtr &x) {
    if (x)
      walkExpr(*x, fn);
  };
  switch (e.getKind()) {
  case Expr::Kind::Call:
    for (const Arg &a : cast<CallExpr>(e).args)
      walk(a.value);
    return;
  case Expr::Kind::List:
    llvm::for_each(cast<ListExpr>(e).elements, walk);
    return;
  case Expr::Kind::Binary:
    walk(cast<BinaryExpr>(e).lhs);
    walk(cast<BinaryExpr>(e).rhs);
    return;
  case Expr::Kind::Unary:
    walk(cast<UnaryExpr>(e).operand);
    return;
  case Expr::Kind::ValueChoice:
    llvm::for_each(cast<ValueChoiceExpr>(e).options, walk);
    return;
  case Expr::Kind::OpChoice: {
    auto &c = cast<OpChoiceExpr>(e);
    walk(c.values);
    walk(c.body);
    for (const Alternative &a : c.alternatives)
      walk(a.value);
    return;
  }
  case Expr::Kind::Pick: {
    auto &p = cast<PickExpr>(e);
    walk(p.min);
    walk(p.max);
    llvm::for_each(p.candidates, walk);
    return;
  }
  case Expr::Kind::Labeled:
    walk(cast<LabeledExpr>(e).inner);
    return;
  default:
    return;
  }
}

void walkExprs(const Block &b,
                      llvm::function_ref<void(const Expr &)> fn) {
  for (const StmtPtr &s : b) {
    if (auto *a = dyn_cast<AssignStmt>(s.get()))
      walkExpr(*a->value, fn);
    else if (auto *o = dyn_cast<OpDefStmt>(s.get())) {
      walkExpr(*o->body, fn);
      for (const Param &p : o->params)
        if (p.defaultValue)
          walkExpr(*p.defaultValue, fn);
    } else if (auto *f = dyn_cast<ForStmt>(s.get())) {
      walkExpr(*f->from, fn);
      walkExpr(*f->to, fn);
      walkExprs(f->body, fn);
    } else if (auto *i = dyn_cast<IfStmt>(s.get())) {
      walkExpr(*i->cond, fn);
      walkExprs(i->thenBody, fn);
      walkExprs(i->elseBody, fn);
    } else if (auto *r = dyn_cast<RepeatStmt>(s.get())) {
      walkExpr(*r->count, fn);
      walkExprs(r->body, fn);
    } else if (auto *r = dyn_cast<ReturnStmt>(s.get()))
      walkExpr(*r->value, fn);
    else if (auto *c = dyn_cast<ConstraintStmt>(s.get()); c && c->bound)
      walkExpr(*c->bound, fn);
  }
}

void Generator::collectSiteNames(const Block &b) {
  siteNames.clear();
  walkExprs(b, [&](const Expr &e) {
    if (auto *l = dyn_cast<LabeledExpr>(&e)) {
      auto *call = dyn_cast<CallExpr>(l->inner.get());
      if (!call || !defs.count(call->callee)) // not an instance's name
        siteNames.insert(l->label);
    } else if (auto *c = dyn_cast<OpChoiceExpr>(&e); c && c->body) {
      siteNames.insert(c->var);
    }
  });
}

void Generator::checkRequire(const Pred &p, std::set<std::string> &names,
                             const std::set<std::string> &ops,
                             StringRef owner) {
  for (const PredPtr &q : p.operands)
    checkRequire(*q, names, ops, owner);
  std::vector<const PredOperand *> operands;
  if (p.kind == Pred::Kind::Compare)
    operands = {&p.lhs, &p.rhs};
  else if (p.kind == Pred::Kind::In)
    operands.push_back(&p.lhs);
  for (const PredOperand &o : p.set)
    operands.push_back(&o);
  for (const PredOperand *o : operands)
    if (o->kind == PredOperand::Kind::Name)
      checkExpr(NameExpr(o->loc, o->text), names, ops, owner);
}

bool Generator::checkRecursion() {
  // Edges between definitions; a name a definition binds locally (an `op`)
  // shadows a definition of the same name.
  std::map<std::string, std::vector<std::string>> edges;
  for (const std::string &name : defNames) {
    const DefDecl *def = defs.lookup(name);
    std::set<std::string> callees, locals, ops;
    auto collect = [&](const Expr &e) {
      if (auto *c = dyn_cast<CallExpr>(&e))
        callees.insert(c->callee);
    };
    walkExprs(def->body, collect);
    for (const Param &p : def->params)
      if (p.defaultValue)
        walkExpr(*p.defaultValue, collect);
    collectNames(def->body, locals, ops);
    for (const std::string &c : callees)
      if (defs.count(c) && !ops.count(c))
        edges[name].push_back(c);
  }
  // Iterative depth-first search: a chain of many definitions must not
  // overflow the stack.
  std::map<std::string, int> color; // 0 new, 1 on the stack, 2 done
  for (const std::string &root : defNames) {
    if (color[root] != 0)
      continue;
    std::vector<std::pair<std::string, size_t>> stack{{root, 0}};
    color[root] = 1;
    while (!stack.empty()) {
      auto &[n, next] = stack.back();
      const std::vector<std::string> &out = edges[n];
      if (next == out.size()) {
        color[n] = 2;
        stack.pop_back();
        continue;
      }
      std::string m = out[next++];
      if (color[m] == 1) {
        std::string cycle;
        size_t i = 0;
        while (stack[i].first != m)
          ++i;
        for (; i < stack.size(); ++i)
          cycle += stack[i].first + " -> ";
        cycle += m;
        error(defs.lookup(m)->loc)
            << "recursive definitions are not allowed: " << cycle;
        return false;
      }
      if (color[m] == 0) {
        color[m] = 1;
        stack.push_back({m, 0});
      }
    }
  }
  return true;
}

} // namespace nasir::frontend::gen
