//===- AST.h - abstract syntax of the .nas language -------------*- C++ -*-===//
//
// The parser builds this tree; MLIRGen walks it. Every node carries the
// location of its first token. `dumpAST` prints it for `nasir emit --to=ast`.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_FRONTEND_AST_H
#define NASIR_FRONTEND_AST_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Casting.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class SourceMgr;
}

namespace nasir::frontend {

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

class Expr {
public:
  enum class Kind {
    Int, Float, Bool, Name, List, Call, Binary, Unary, ValueChoice, OpChoice,
    Pick, Labeled
  };
  Expr(Kind kind, llvm::SMLoc loc) : kind(kind), loc(loc) {}
  virtual ~Expr() = default;
  Kind getKind() const { return kind; }
  llvm::SMLoc getLoc() const { return loc; }
  /// Height of the subtree (a leaf is 1); the parser bounds it so that every
  /// recursive walk of the tree has a bounded depth.
  unsigned height = 1;

private:
  Kind kind;
  llvm::SMLoc loc;
};
using ExprPtr = std::unique_ptr<Expr>;

template <Expr::Kind K>
class ExprBase : public Expr {
public:
  explicit ExprBase(llvm::SMLoc loc) : Expr(K, loc) {}
  static bool classof(const Expr *e) { return e->getKind() == K; }
};

struct IntExpr : ExprBase<Expr::Kind::Int> {
  IntExpr(llvm::SMLoc loc, int64_t v) : ExprBase(loc), value(v) {}
  int64_t value;
};
struct FloatExpr : ExprBase<Expr::Kind::Float> {
  FloatExpr(llvm::SMLoc loc, double v) : ExprBase(loc), value(v) {}
  double value;
};
struct BoolExpr : ExprBase<Expr::Kind::Bool> {
  BoolExpr(llvm::SMLoc loc, bool v) : ExprBase(loc), value(v) {}
  bool value;
};
struct NameExpr : ExprBase<Expr::Kind::Name> {
  NameExpr(llvm::SMLoc loc, std::string n) : ExprBase(loc), name(std::move(n)) {}
  std::string name;
};
/// `[a, b, c]`
struct ListExpr : ExprBase<Expr::Kind::List> {
  using ExprBase::ExprBase;
  std::vector<ExprPtr> elements;
};

/// One argument of a call: positional (`name` empty) or `name=value`.
struct Arg {
  std::string name;
  llvm::SMLoc loc;
  ExprPtr value;
};
/// `callee(args)`
struct CallExpr : ExprBase<Expr::Kind::Call> {
  CallExpr(llvm::SMLoc loc, std::string callee)
      : ExprBase(loc), callee(std::move(callee)) {}
  std::string callee;
  std::vector<Arg> args;
};
struct BinaryExpr : ExprBase<Expr::Kind::Binary> {
  BinaryExpr(llvm::SMLoc loc, std::string op, ExprPtr l, ExprPtr r)
      : ExprBase(loc), op(std::move(op)), lhs(std::move(l)), rhs(std::move(r)) {}
  std::string op; // + - * / // % == != < <= > >=
  ExprPtr lhs, rhs;
};
struct UnaryExpr : ExprBase<Expr::Kind::Unary> {
  UnaryExpr(llvm::SMLoc loc, ExprPtr operand)
      : ExprBase(loc), operand(std::move(operand)) {}
  ExprPtr operand; // negation, the only unary operator
};
/// `one_of [3, 5, 7]`: a value choice (a knob).
struct ValueChoiceExpr : ExprBase<Expr::Kind::ValueChoice> {
  using ExprBase::ExprBase;
  std::vector<ExprPtr> options;
};
/// One alternative of an op choice: `name: expr`.
struct Alternative {
  std::string name; // empty: named after the callee of `value`
  llvm::SMLoc loc;
  ExprPtr value;
};
/// `one_of { a: e1 | b: e2 }` (op/subgraph choice), or
/// `one_of v in [x, y] { e }` (one subgraph per value, options are the values).
struct OpChoiceExpr : ExprBase<Expr::Kind::OpChoice> {
  using ExprBase::ExprBase;
  std::vector<Alternative> alternatives;
  std::string var;        // the comprehension form's variable
  ExprPtr values;         // the comprehension form's list
  ExprPtr body;           // the comprehension form's subgraph
};
/// `pick 1..2 of [a, b, c]`: an input choice.
struct PickExpr : ExprBase<Expr::Kind::Pick> {
  using ExprBase::ExprBase;
  ExprPtr min, max; // max null: exactly `min`
  std::vector<ExprPtr> candidates;
};
/// `expr as name`: names the decision (or the instance) `expr` creates.
struct LabeledExpr : ExprBase<Expr::Kind::Labeled> {
  LabeledExpr(llvm::SMLoc loc, ExprPtr inner, std::string label,
              llvm::SMLoc labelLoc)
      : ExprBase(loc), inner(std::move(inner)), label(std::move(label)),
        labelLoc(labelLoc) {}
  ExprPtr inner;
  std::string label;
  llvm::SMLoc labelLoc;
};

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

struct Param {
  std::string name;
  llvm::SMLoc loc;
  ExprPtr defaultValue; // null: required
};

class Stmt {
public:
  enum class Kind {
    Assign, OpDef, For, If, Repeat, Return, Constraint, Objective, Require
  };
  Stmt(Kind kind, llvm::SMLoc loc) : kind(kind), loc(loc) {}
  virtual ~Stmt() = default;
  Kind getKind() const { return kind; }
  llvm::SMLoc getLoc() const { return loc; }

private:
  Kind kind;
  llvm::SMLoc loc;
};
using StmtPtr = std::unique_ptr<Stmt>;
using Block = std::vector<StmtPtr>;

template <Stmt::Kind K>
class StmtBase : public Stmt {
public:
  explicit StmtBase(llvm::SMLoc loc) : Stmt(K, loc) {}
  static bool classof(const Stmt *s) { return s->getKind() == K; }
};

/// `[shared] name = expr`
struct AssignStmt : StmtBase<Stmt::Kind::Assign> {
  using StmtBase::StmtBase;
  bool shared = false;
  std::string name;
  ExprPtr value;
};
/// `[shared] op name(params) = expr`: a choice function; every call is a site.
struct OpDefStmt : StmtBase<Stmt::Kind::OpDef> {
  using StmtBase::StmtBase;
  bool shared = false;
  std::string name;
  std::vector<Param> params;
  ExprPtr body;
};
/// `for var in from..to { ... }`
struct ForStmt : StmtBase<Stmt::Kind::For> {
  using StmtBase::StmtBase;
  std::string var;
  ExprPtr from, to;
  Block body;
};
/// `if cond { ... } else { ... }`
struct IfStmt : StmtBase<Stmt::Kind::If> {
  using StmtBase::StmtBase;
  ExprPtr cond;
  Block thenBody, elseBody;
};
/// `[shared] repeat count (var) [shared] { ... }`
struct RepeatStmt : StmtBase<Stmt::Kind::Repeat> {
  using StmtBase::StmtBase;
  bool sharedStmt = false;       // labels rooted at the definition
  bool sharedIterations = false; // one decision for all iterations
  ExprPtr count;
  std::string var;
  llvm::SMLoc varLoc;
  Block body;
};
struct ReturnStmt : StmtBase<Stmt::Kind::Return> {
  using StmtBase::StmtBase;
  ExprPtr value;
};
/// `constraint params <= 5M`
struct ConstraintStmt : StmtBase<Stmt::Kind::Constraint> {
  using StmtBase::StmtBase;
  std::string metric;
  llvm::SMLoc metricLoc;
  ExprPtr bound; // null for `constraint fits`
};
/// `maximize accuracy`
struct ObjectiveStmt : StmtBase<Stmt::Kind::Objective> {
  using StmtBase::StmtBase;
  bool maximize = true;
  std::string metric;
  llvm::SMLoc metricLoc;
};

/// One side of a comparison in a `require`: a name or a literal.
struct PredOperand {
  enum class Kind { Name, Int, Float, String } kind = Kind::Name;
  std::string text; // Name, String
  int64_t intValue = 0;
  double floatValue = 0;
  llvm::SMLoc loc;
};

/// The predicate of a `require`: comparisons joined by `not`, `and`, `or`
/// and `implies`.
struct Pred {
  enum class Kind { Not, And, Or, Implies, Compare, In };
  Pred(Kind kind, llvm::SMLoc loc) : kind(kind), loc(loc) {}
  Kind kind;
  llvm::SMLoc loc;      // Compare, In: the operator; else the first token
  std::string op;       // Compare: == != < <= > >=
  PredOperand lhs, rhs; // Compare; In: lhs only
  std::vector<PredOperand> set;                // In
  std::vector<std::unique_ptr<Pred>> operands; // Not, And, Or, Implies
};
using PredPtr = std::unique_ptr<Pred>;

/// `require k == 7 implies e <= 4`
struct RequireStmt : StmtBase<Stmt::Kind::Require> {
  using StmtBase::StmtBase;
  PredPtr pred;
};

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

/// `def name(params) { ... }`
struct DefDecl {
  std::string name;
  llvm::SMLoc loc;
  std::vector<Param> params;
  Block body;
};

/// `space name(input [3, 32, 32], classes 10) { ... }`
struct SpaceDecl {
  std::string name;
  llvm::SMLoc loc;
  std::vector<ExprPtr> inputShape;
  llvm::SMLoc inputLoc;
  ExprPtr classes;
  Block body;
};

struct ImportDecl {
  std::string path;
  llvm::SMLoc loc;
};

/// One parsed file.
struct FileAST {
  std::string path;
  std::vector<ImportDecl> imports;
  std::vector<std::unique_ptr<DefDecl>> defs;
  std::vector<std::unique_ptr<SpaceDecl>> spaces;
};

/// Prints `file` as an indented tree with `line:col` locations.
void dumpAST(const FileAST &file, const llvm::SourceMgr &sm,
             llvm::raw_ostream &os);

} // namespace nasir::frontend

#endif
