//===- AST.cpp - printing the .nas syntax tree ----------------------------===//
#include "frontend/AST.h"
#include "llvm/Support/SourceMgr.h"

using namespace nasir::frontend;
using llvm::cast;

namespace {
class Dumper {
public:
  Dumper(const llvm::SourceMgr &sm, llvm::raw_ostream &os) : sm(sm), os(os) {}

  void file(const FileAST &f) {
    os << "File " << f.path << "\n";
    ++depth;
    for (const ImportDecl &i : f.imports)
      line(i.loc) << "Import \"" << i.path << "\"\n";
    for (const auto &d : f.defs) {
      line(d->loc) << "Def " << d->name;
      params(d->params);
      os << "\n";
      block(d->body);
    }
    for (const auto &s : f.spaces) {
      line(s->loc) << "Space " << s->name << "\n";
      ++depth;
      line(s->inputLoc) << "Input\n";
      ++depth;
      for (const ExprPtr &e : s->inputShape)
        expr(*e);
      --depth;
      if (s->classes) {
        line(s->classes->getLoc()) << "Classes\n";
        ++depth;
        expr(*s->classes);
        --depth;
      }
      --depth;
      block(s->body);
    }
    --depth;
  }

private:
  llvm::raw_ostream &line(llvm::SMLoc loc) {
    os.indent(2 * depth);
    if (loc.isValid()) {
      auto [l, c] = sm.getLineAndColumn(loc);
      os << "@" << l << ":" << c << " ";
    }
    return os;
  }

  void params(const std::vector<Param> &ps) {
    os << "(";
    for (size_t i = 0; i < ps.size(); ++i)
      os << (i ? ", " : "") << ps[i].name << (ps[i].defaultValue ? "=..." : "");
    os << ")";
  }

  void block(const Block &b) {
    ++depth;
    for (const StmtPtr &s : b)
      stmt(*s);
    --depth;
  }

  void child(const Expr &e) {
    ++depth;
    expr(e);
    --depth;
  }

  void stmt(const Stmt &s) {
    switch (s.getKind()) {
    case Stmt::Kind::Assign: {
      auto &a = cast<AssignStmt>(s);
      line(s.getLoc()) << (a.shared ? "SharedAssign " : "Assign ") << a.name
                       << "\n";
      child(*a.value);
      return;
    }
    case Stmt::Kind::OpDef: {
      auto &o = cast<OpDefStmt>(s);
      line(s.getLoc()) << (o.shared ? "SharedOp " : "Op ") << o.name;
      params(o.params);
      os << "\n";
      child(*o.body);
      return;
    }
    case Stmt::Kind::For: {
      auto &f = cast<ForStmt>(s);
      line(s.getLoc()) << "For " << f.var << "\n";
      child(*f.from);
      child(*f.to);
      block(f.body);
      return;
    }
    case Stmt::Kind::If: {
      auto &i = cast<IfStmt>(s);
      line(s.getLoc()) << "If\n";
      child(*i.cond);
      block(i.thenBody);
      if (!i.elseBody.empty()) {
        line(s.getLoc()) << "Else\n";
        block(i.elseBody);
      }
      return;
    }
    case Stmt::Kind::Repeat: {
      auto &r = cast<RepeatStmt>(s);
      line(s.getLoc()) << "Repeat " << r.var
                       << (r.sharedIterations ? " shared-iterations" : "")
                       << (r.sharedStmt ? " shared" : "") << "\n";
      child(*r.count);
      block(r.body);
      return;
    }
    case Stmt::Kind::Return:
      line(s.getLoc()) << "Return\n";
      child(*cast<ReturnStmt>(s).value);
      return;
    case Stmt::Kind::Constraint: {
      auto &c = cast<ConstraintStmt>(s);
      line(s.getLoc()) << "Constraint " << c.metric << (c.bound ? " <=" : "")
                       << "\n";
      if (c.bound)
        child(*c.bound);
      return;
    }
    case Stmt::Kind::Objective: {
      auto &o = cast<ObjectiveStmt>(s);
      line(s.getLoc()) << (o.maximize ? "Maximize " : "Minimize ") << o.metric
                       << "\n";
      return;
    }
    case Stmt::Kind::Require:
      line(s.getLoc()) << "Require\n";
      ++depth;
      pred(*cast<RequireStmt>(s).pred);
      --depth;
      return;
    }
  }

  void pred(const Pred &p) {
    static const char *const names[] = {"Not",     "And",     "Or",
                                        "Implies", "Compare", "In"};
    line(p.loc) << names[int(p.kind)] << (p.op.empty() ? "" : " ") << p.op
                << "\n";
    ++depth;
    for (const auto &q : p.operands)
      pred(*q);
    if (p.kind == Pred::Kind::Compare || p.kind == Pred::Kind::In)
      operand(p.lhs);
    if (p.kind == Pred::Kind::Compare)
      operand(p.rhs);
    for (const PredOperand &o : p.set)
      operand(o);
    --depth;
  }

  void operand(const PredOperand &o) {
    switch (o.kind) {
    case PredOperand::Kind::Name:
      line(o.loc) << "Name " << o.text << "\n";
      return;
    case PredOperand::Kind::Int:
      line(o.loc) << "Int " << o.intValue << "\n";
      return;
    case PredOperand::Kind::Float:
      line(o.loc) << "Float " << o.floatValue << "\n";
      return;
    case PredOperand::Kind::String:
      line(o.loc) << "String \"" << o.text << "\"\n";
      return;
    }
  }

  void expr(const Expr &e) {
    switch (e.getKind()) {
    case Expr::Kind::Int:
      line(e.getLoc()) << "Int " << cast<IntExpr>(e).value << "\n";
      return;
    case Expr::Kind::Float:
      line(e.getLoc()) << "Float " << cast<FloatExpr>(e).value << "\n";
      return;
    case Expr::Kind::Bool:
      line(e.getLoc()) << "Bool " << (cast<BoolExpr>(e).value ? "true" : "false")
                       << "\n";
      return;
    case Expr::Kind::Name:
      line(e.getLoc()) << "Name " << cast<NameExpr>(e).name << "\n";
      return;
    case Expr::Kind::List:
      line(e.getLoc()) << "List\n";
      for (const ExprPtr &x : cast<ListExpr>(e).elements)
        child(*x);
      return;
    case Expr::Kind::Call: {
      auto &c = cast<CallExpr>(e);
      line(e.getLoc()) << "Call " << c.callee << "\n";
      ++depth;
      for (const Arg &a : c.args) {
        if (!a.name.empty()) {
          line(a.loc) << "Arg " << a.name << "\n";
          child(*a.value);
        } else {
          expr(*a.value);
        }
      }
      --depth;
      return;
    }
    case Expr::Kind::Binary: {
      auto &b = cast<BinaryExpr>(e);
      line(e.getLoc()) << "Binary " << b.op << "\n";
      child(*b.lhs);
      child(*b.rhs);
      return;
    }
    case Expr::Kind::Unary:
      line(e.getLoc()) << "Negate\n";
      child(*cast<UnaryExpr>(e).operand);
      return;
    case Expr::Kind::ValueChoice:
      line(e.getLoc()) << "ValueChoice\n";
      for (const ExprPtr &x : cast<ValueChoiceExpr>(e).options)
        child(*x);
      return;
    case Expr::Kind::OpChoice: {
      auto &c = cast<OpChoiceExpr>(e);
      if (c.body) {
        line(e.getLoc()) << "ChoiceOver " << c.var << "\n";
        child(*c.values);
        child(*c.body);
        return;
      }
      line(e.getLoc()) << "OpChoice\n";
      ++depth;
      for (const Alternative &a : c.alternatives) {
        line(a.loc) << "Alternative " << (a.name.empty() ? "<callee>" : a.name)
                    << "\n";
        child(*a.value);
      }
      --depth;
      return;
    }
    case Expr::Kind::Pick: {
      auto &p = cast<PickExpr>(e);
      line(e.getLoc()) << "Pick\n";
      child(*p.min);
      if (p.max)
        child(*p.max);
      for (const ExprPtr &x : p.candidates)
        child(*x);
      return;
    }
    case Expr::Kind::Labeled: {
      auto &l = cast<LabeledExpr>(e);
      line(e.getLoc()) << "As " << l.label << "\n";
      child(*l.inner);
      return;
    }
    }
  }

  const llvm::SourceMgr &sm;
  llvm::raw_ostream &os;
  unsigned depth = 0;
};
} // namespace

void nasir::frontend::dumpAST(const FileAST &file, const llvm::SourceMgr &sm,
                              llvm::raw_ostream &os) {
  Dumper(sm, os).file(file);
}
