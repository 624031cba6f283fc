//===- MLIRGen.cpp - .nas syntax trees to the nn and nas dialects ---------===//
#include "frontend/MLIRGen.h"
#include "dialect/NAS/NASOps.h"
#include "dialect/NAS/Predicate.h"
#include "dialect/NN/NNOps.h"
#include "dialect/Utils/ReinferTypes.h"
#include "dialect/Utils/TypeJoin.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/SourceMgr.h"
#include <cmath>
#include <map>
#include <set>

using namespace nasir::frontend;
using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;
using llvm::SMLoc;
using llvm::StringRef;
using mlir::failure;
using mlir::FailureOr;
using mlir::LogicalResult;
using mlir::success;

namespace {

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

/// A concrete number or truth value.
struct Scalar {
  enum Kind { Int, Float, Bool } kind = Int;
  int64_t i = 0;
  double f = 0;
  static Scalar ofInt(int64_t v) { return {Int, v, 0}; }
  static Scalar ofFloat(double v) { return {Float, 0, v}; }
  static Scalar ofBool(bool v) { return {Bool, v, 0}; }
  double asDouble() const { return kind == Float ? f : double(i); }
  bool operator==(const Scalar &o) const {
    if (kind == Float || o.kind == Float)
      return asDouble() == o.asDouble();
    return kind == o.kind && i == o.i;
  }
  std::string str() const {
    if (kind == Bool)
      return i ? "true" : "false";
    if (kind == Int)
      return std::to_string(i);
    std::string s;
    llvm::raw_string_ostream(s) << llvm::format("%g", f);
    if (s.find_first_of(".en") == std::string::npos)
      s += ".0";
    return s;
  }
};

/// A value choice: a decision among numbers.
struct Knob {
  unsigned id;
  std::string label;
  std::vector<Scalar> options;
  SMLoc loc;
  std::vector<unsigned> repeats; // the non-shared repeats around the site
  bool usedAsValue = false, usedAsDepth = false;
  /// The blocks where a layer or a repeat that it sets is emitted, each with
  /// the `outer` of its sites there: the knob is decided in each (its
  /// nas.choice may be nested in another knob's).
  llvm::SmallDenseMap<mlir::Block *, unsigned, 4> homes;
  mlir::Block *firstHome = nullptr;
  void addHome(mlir::Block *b, unsigned outer) {
    if (homes.try_emplace(b, outer).second && !firstHome)
      firstHome = b;
  }
};

/// A number that may depend on knobs: one entry per combination of their
/// options (mixed radix, first knob most significant).
struct Num {
  std::vector<Knob *> deps; // sorted by id
  std::vector<Scalar> table;
  bool isClasses = false;   // exactly the space's `classes`
  bool concrete() const { return deps.empty(); }
  const Scalar &value() const { return table.front(); }
};

struct Frame;
struct Value;

/// A decision that a `require` can name: an op or subgraph choice
/// (`one_of {..}`, `one_of v in [..] {..}`), a value choice or a repeat count.
struct Site {
  std::string label;
  std::vector<mlir::Attribute> options;
  mlir::Operation *op = nullptr; // an op or subgraph choice: its nas.choice
  Knob *knob = nullptr;          // a value choice
};

/// `op name(params) = expr`: calling it creates a site.
struct ChoiceFn {
  const OpDefStmt *def;
  Frame *frame; // where it was defined; outlives every call
  bool shared;
};

/// `pick a..b of [..]` before it is combined.
struct Picked {
  std::string label;
  int64_t min, max;
  std::vector<mlir::Value> candidates;
  SMLoc loc;
};

struct Value {
  enum Kind { Tensor, Number, List, Fn, Pick } kind = Number;
  mlir::Value tensor;
  Num num;
  std::vector<Value> list;
  std::shared_ptr<ChoiceFn> fn;
  std::shared_ptr<Picked> pick;
  std::shared_ptr<const Site> site; // a Tensor that a choice gives directly

  static Value ofTensor(mlir::Value v) {
    Value r;
    r.kind = Tensor;
    r.tensor = v;
    return r;
  }
  static Value ofNum(Num n) {
    Value r;
    r.kind = Number;
    r.num = std::move(n);
    return r;
  }
  static Value ofScalar(Scalar s) {
    Num n;
    n.table.push_back(s);
    return ofNum(std::move(n));
  }
  const char *kindName() const {
    switch (kind) {
    case Tensor: return "a tensor";
    case Number: return "a number";
    case List: return "a list";
    case Fn: return "an op";
    case Pick: return "a pick of inputs";
    }
    return "a value";
  }
};

/// One instance of a definition (or the space body).
struct Frame {
  std::string path;    // label prefix of the sites in this instance
  std::string defName; // empty in a space body
  bool shared = false; // sites take labels without deduplication
  bool sharedStmt = false; // inside a `shared` statement
  std::string siteName;    // local name of sites created now
  /// The name an `as` gives the sites created now (empty: none) and where.
  std::string asName;
  SMLoc asLoc;
  std::map<std::string, Value> vars;
  /// What `as` names and `one_of v in` variables name, for `require`.
  std::map<std::string, Value> named;
  std::map<std::string, unsigned> counters; // calls per callee
  std::optional<Value> returned;
};

std::string join(StringRef a, StringRef b) {
  if (a.empty())
    return b.str();
  return (a + "." + b).str();
}

//===----------------------------------------------------------------------===//
// Builtin layers and functions
//===----------------------------------------------------------------------===//

struct BuiltinSpec {
  const char *name;
  std::vector<const char *> params;
  unsigned required;
  bool variadic = false;
};

const std::vector<BuiltinSpec> &builtins() {
  static const std::vector<BuiltinSpec> specs = {
      {"conv", {"x", "out", "k", "stride", "pad", "dilation", "groups", "bias"}, 2},
      {"conv1d", {"x", "out", "k", "stride", "pad", "dilation", "groups", "bias"}, 2},
      {"linear", {"x", "out", "bias"}, 2},
      {"bn", {"x", "affine"}, 1},
      {"batch_norm", {"x", "affine"}, 1},
      {"layer_norm", {"x", "affine"}, 1},
      {"relu", {"x"}, 1},
      {"relu6", {"x"}, 1},
      {"gelu", {"x"}, 1},
      {"sigmoid", {"x"}, 1},
      {"silu", {"x"}, 1},
      {"hardswish", {"x"}, 1},
      {"tanh", {"x"}, 1},
      {"max_pool", {"x", "k", "stride", "pad"}, 2},
      {"avg_pool", {"x", "k", "stride", "pad", "count_pad"}, 2},
      {"max_pool1d", {"x", "k", "stride", "pad"}, 2},
      {"avg_pool1d", {"x", "k", "stride", "pad", "count_pad"}, 2},
      {"global_avg_pool", {"x"}, 1},
      {"identity", {"x"}, 1},
      {"zero", {"x", "stride"}, 1},
      {"flatten", {"x"}, 1},
      {"dropout", {"x", "p"}, 1},
      {"mul", {"a", "b"}, 2},
      {"add", {}, 1, true},
      {"sum", {}, 1, true},
      {"concat", {}, 1, true},
      {"channels", {"x"}, 1},
      {"min", {"a", "b"}, 2},
      {"max", {"a", "b"}, 2},
      {"round", {"v"}, 1},
  };
  return specs;
}

const BuiltinSpec *findBuiltin(StringRef name) {
  for (const BuiltinSpec &s : builtins())
    if (name == s.name)
      return &s;
  return nullptr;
}

/// The closest of `candidates` to `name`, if close enough to be a typo.
std::string suggest(StringRef name, const std::vector<std::string> &candidates) {
  std::string best;
  unsigned bestDist = std::max<unsigned>(2, name.size() / 3) + 1;
  for (const std::string &c : candidates) {
    unsigned d = name.edit_distance(c, true, bestDist);
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  return best;
}

/// Parameter names and how many are required, for arity checks.
struct Signature {
  std::vector<std::string> params;
  unsigned required = 0;
  bool variadic = false;
};

Signature signatureOf(const std::vector<Param> &params) {
  Signature sig;
  for (const Param &p : params) {
    sig.params.push_back(p.name);
    if (!p.defaultValue)
      ++sig.required;
  }
  return sig;
}

Signature signatureOf(const BuiltinSpec &spec) {
  Signature sig;
  for (const char *p : spec.params)
    sig.params.push_back(p);
  sig.required = spec.required;
  sig.variadic = spec.variadic;
  return sig;
}

} // namespace

namespace {

enum class Flow { Next, Return, Fail };

class Generator {
public:
  Generator(mlir::MLIRContext &ctx, llvm::SourceMgr &sm,
            const std::vector<std::unique_ptr<FileAST>> &files,
            const SpaceBindings &bindings)
      : ctx(ctx), sm(sm), files(files), bindings(bindings), builder(&ctx) {}

  mlir::OwningOpRef<mlir::ModuleOp> run();

private:
  //===--------------------------------------------------------------------===//
  // Diagnostics
  //===--------------------------------------------------------------------===//

  mlir::Location loc(SMLoc l) {
    unsigned buf = l.isValid() ? sm.FindBufferContainingLoc(l) : 0;
    if (!buf)
      return mlir::UnknownLoc::get(&ctx);
    auto [line, col] = sm.getLineAndColumn(l, buf);
    return mlir::FileLineColLoc::get(
        &ctx, sm.getMemoryBuffer(buf)->getBufferIdentifier(), line, col);
  }
  mlir::InFlightDiagnostic error(SMLoc l) { return mlir::emitError(loc(l)); }

  //===--------------------------------------------------------------------===//
  // Checks before evaluation
  //===--------------------------------------------------------------------===//

  bool collectDefs();
  bool checkCall(const CallExpr &call, const Signature &sig, StringRef what);
  void checkExpr(const Expr &e, std::set<std::string> &scope,
                 const std::set<std::string> &ops, StringRef owner);
  void checkBlock(const Block &b, std::set<std::string> &scope,
                  const std::set<std::string> &ops, StringRef owner);
  void collectNames(const Block &b, std::set<std::string> &names,
                    std::set<std::string> &ops);
  void collectSiteNames(const Block &b);
  void checkRequire(const Pred &p, std::set<std::string> &names,
                    const std::set<std::string> &ops, StringRef owner);
  bool checkRecursion();
  bool bindArgs(const CallExpr &call, const Signature &sig, StringRef what,
                std::vector<const Expr *> &bound,
                std::vector<const Expr *> *rest = nullptr);

  //===--------------------------------------------------------------------===//
  // Evaluation
  //===--------------------------------------------------------------------===//

  bool step(SMLoc l) {
    if (++steps <= Limits::kMaxSteps)
      return true;
    error(l) << "the space takes more than " << Limits::kMaxSteps
             << " evaluation steps to expand; is a loop too long?";
    return false;
  }

  LogicalResult genSpace(const SpaceDecl &space);
  Flow exec(Frame &f, const Block &b);
  Flow exec(Frame &f, const Stmt &s);
  Flow execRepeat(Frame &f, const RepeatStmt &s);

  FailureOr<Value> eval(Frame &f, const Expr &e);
  FailureOr<const Value *> lookupName(Frame &f, StringRef name, SMLoc l,
                                      bool withNamed);
  FailureOr<Value> evalName(Frame &f, const NameExpr &e);
  FailureOr<Value> evalBinary(Frame &f, const BinaryExpr &e);
  FailureOr<Value> evalCall(Frame &f, const CallExpr &e, StringRef as = {},
                            SMLoc asLoc = {});
  FailureOr<Value> evalDefCall(Frame &f, const CallExpr &e, const DefDecl &def,
                               StringRef as);
  FailureOr<Value> evalFnCall(Frame &f, const CallExpr &e, const ChoiceFn &fn,
                              StringRef as, SMLoc asLoc);
  FailureOr<Value> evalBuiltin(Frame &f, const CallExpr &e,
                               const BuiltinSpec &spec);
  FailureOr<Value> evalValueChoice(Frame &f, const ValueChoiceExpr &e);
  FailureOr<Value> evalOpChoice(Frame &f, const OpChoiceExpr &e);
  FailureOr<Value> evalPick(Frame &f, const PickExpr &e);

  FailureOr<mlir::Value> toTensor(const Value &v, SMLoc l, StringRef what);
  FailureOr<mlir::Value> evalTensor(Frame &f, const Expr &e, StringRef what);
  FailureOr<Num> evalNum(Frame &f, const Expr &e, StringRef what);
  FailureOr<Scalar> evalConcrete(Frame &f, const Expr &e, StringRef what);
  FailureOr<int64_t> evalInt(Frame &f, const Expr &e, StringRef what);
  FailureOr<mlir::Value> select(const Picked &p, StringRef combine);

  // Numbers.
  FailureOr<Num> combine(SMLoc l, const Num &a, const Num &b, StringRef op);
  FailureOr<Num> mapNum(SMLoc l, const Num &a,
                        llvm::function_ref<std::optional<Scalar>(Scalar, std::string &)> fn);
  static std::optional<Scalar> arith(StringRef op, Scalar a, Scalar b,
                                     std::string &err);
  static Scalar lookup(const Num &n, const std::vector<Knob *> &deps,
                       const std::vector<size_t> &choice);

  // Requires.
  /// One side of a comparison: a choice or a constant.
  struct PredSide {
    std::shared_ptr<const Site> site; // null: `literal`
    mlir::Attribute literal;
    std::string name; // as written
    SMLoc loc;
  };
  struct PendingRequire {
    nasir::nas::RequireOp op;
    std::vector<PredSide> named; // the choices it names, each once
  };
  LogicalResult genRequire(Frame &f, const RequireStmt &s);
  FailureOr<nasir::nas::Predicate> lowerPred(Frame &f, const Pred &p,
                                             std::vector<PredSide> &named);
  FailureOr<PredSide> predSide(Frame &f, const PredOperand &o);
  LogicalResult checkLiteral(const PredSide &choice, const PredSide &lit,
                             bool membership);
  LogicalResult boundRequireLookups(mlir::Location l);
  LogicalResult checkRequires();
  bool anchorKnob(nasir::nas::RequireOp req, const Site &site);
  void reportOutOfScope(nasir::nas::RequireOp req, const PredSide &side);
  mlir::Attribute attrOf(const Scalar &s) {
    return s.kind == Scalar::Float
               ? mlir::Attribute(builder.getF64FloatAttr(s.f))
               : mlir::Attribute(builder.getI64IntegerAttr(s.i));
  }

  /// The per-iteration repeats between the declaration of `k` and the
  /// insertion point: a value choice declared outside a repeat body is
  /// decided that many repeats out when used inside it.
  unsigned outerLevels(const Knob &k) const {
    assert(
        k.repeats.size() <= repeatStack.size() &&
        std::equal(k.repeats.begin(), k.repeats.end(), repeatStack.begin()) &&
        "a value choice is used only where it is declared");
    return repeatStack.size() - k.repeats.size();
  }
  /// The `outer` attribute of a nas.choice: none when decided in place.
  mlir::IntegerAttr outerAttr(unsigned levels) {
    return levels ? builder.getI64IntegerAttr(levels) : mlir::IntegerAttr();
  }

  // Labels.
  FailureOr<std::string> siteLabel(Frame &f, StringRef local);
  /// Names the sites created while `fn` runs after an `as` (restored after).
  template <typename Fn>
  auto withAs(Frame &f, StringRef name, SMLoc l, Fn fn) {
    std::string savedSite = f.siteName, savedAs = f.asName;
    SMLoc savedLoc = f.asLoc;
    f.siteName = f.asName = name.str();
    f.asLoc = l;
    auto result = fn();
    f.siteName = savedSite;
    f.asName = savedAs;
    f.asLoc = savedLoc;
    return result;
  }
  std::string siteName(Frame &f, StringRef fallback) {
    return f.siteName.empty() ? fallback.str() : f.siteName;
  }

  // Layers.
  struct AttrArg {
    const char *name;
    Num value;
    Scalar::Kind kind;
    int64_t min, max; // for integers
    SMLoc loc;
    std::optional<Scalar> omitIf = std::nullopt; // the op's default value
  };
  FailureOr<mlir::Value> emitLayer(SMLoc l, StringRef opName,
                                   llvm::ArrayRef<mlir::Value> operands,
                                   std::vector<AttrArg> attrs,
                                   llvm::ArrayRef<mlir::NamedAttribute> fixed = {});
  FailureOr<mlir::Value> emitNest(SMLoc l, StringRef opName,
                                  llvm::ArrayRef<mlir::Value> operands,
                                  const std::vector<AttrArg> &attrs,
                                  llvm::ArrayRef<mlir::NamedAttribute> fixed,
                                  const std::vector<Knob *> &deps,
                                  std::vector<size_t> &choice, size_t level);
  FailureOr<mlir::Value> createOp(SMLoc l, StringRef opName,
                                  llvm::ArrayRef<mlir::Value> operands,
                                  llvm::ArrayRef<mlir::NamedAttribute> attrs);
  LogicalResult countOp(SMLoc l) {
    if (++numOps <= Limits::kMaxOps)
      return success();
    error(l) << "the space expands to more than " << Limits::kMaxOps
             << " operations; reduce its size";
    return failure();
  }
  LogicalResult checkSize(SMLoc l, mlir::Type t);
  /// Runs `body` for each alternative of a choice with the label state and
  /// call counters of `f` reset, so that alternatives name their sites alike.
  template <typename Fn>
  LogicalResult forEachAlternative(Frame &f, size_t n, Fn body);

  mlir::MLIRContext &ctx;
  llvm::SourceMgr &sm;
  const std::vector<std::unique_ptr<FileAST>> &files;
  const SpaceBindings &bindings;
  mlir::OpBuilder builder;
  mlir::ModuleOp module;

  llvm::StringMap<const DefDecl *> defs;
  std::vector<std::string> defNames;
  /// The `as` names and `one_of v in` variables of the body being checked.
  std::set<std::string> siteNames;
  std::vector<std::unique_ptr<Knob>> knobs;
  llvm::StringSet<> usedLabels;
  std::vector<unsigned> repeatStack; // non-shared repeats being emitted
  std::vector<PendingRequire> pendingRequires; // of the space being emitted
  /// The requires emitted in each block (an identical one adds nothing).
  llvm::DenseSet<std::pair<mlir::Block *, mlir::Attribute>> emittedRequires;
  uint64_t requireNames = 0;  // choices named by the space's requires
  uint64_t spaceStartOps = 0; // numOps when the space began
  unsigned nextRepeat = 0;
  unsigned callDepth = 0;
  uint64_t numOps = 0, steps = 0;
  bool ok = true;
};

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
    if (const BuiltinSpec *b = findBuiltin(c.callee)) {
      if (!checkCall(c, signatureOf(*b), "layer"))
        ok = false;
      return;
    }
    std::vector<std::string> cands(ops.begin(), ops.end());
    cands.insert(cands.end(), defNames.begin(), defNames.end());
    for (const BuiltinSpec &b : builtins())
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

/// Calls `fn` on `e` and each of its subexpressions, parents first.
static void walkExpr(const Expr &e, llvm::function_ref<void(const Expr &)> fn) {
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

/// Calls `fn` on every expression of `b`, nested blocks included.
static void walkExprs(const Block &b,
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
} // namespace

//===----------------------------------------------------------------------===//
// Numbers
//===----------------------------------------------------------------------===//

namespace {

std::optional<Scalar> Generator::arith(StringRef op, Scalar a, Scalar b,
                                       std::string &err) {
  bool cmp = op == "==" || op == "!=" || op == "<" || op == "<=" ||
             op == ">" || op == ">=";
  if (op == "==" || op == "!=") {
    bool eq = (a.kind == Scalar::Bool) == (b.kind == Scalar::Bool) && a == b;
    return Scalar::ofBool(op == "==" ? eq : !eq);
  }
  if (a.kind == Scalar::Bool || b.kind == Scalar::Bool) {
    err = "'" + op.str() + "' expects numbers, not true/false";
    return std::nullopt;
  }
  if (cmp) {
    double x = a.asDouble(), y = b.asDouble();
    if (a.kind == Scalar::Int && b.kind == Scalar::Int) {
      int64_t p = a.i, q = b.i;
      return Scalar::ofBool(op == "<" ? p < q : op == "<=" ? p <= q
                                              : op == ">"  ? p > q
                                                           : p >= q);
    }
    return Scalar::ofBool(op == "<" ? x < y : op == "<=" ? x <= y
                                            : op == ">"  ? x > y
                                                         : x >= y);
  }
  if (a.kind == Scalar::Int && b.kind == Scalar::Int && op != "/") {
    int64_t x = a.i, y = b.i, r = 0;
    bool overflow = false;
    if (op == "+")
      overflow = __builtin_add_overflow(x, y, &r);
    else if (op == "-")
      overflow = __builtin_sub_overflow(x, y, &r);
    else if (op == "*")
      overflow = __builtin_mul_overflow(x, y, &r);
    else {
      if (y == 0) {
        err = "division by zero";
        return std::nullopt;
      }
      if (x == INT64_MIN && y == -1) {
        overflow = op == "//";
        r = 0;
      } else if (op == "//") {
        r = x / y;
        if (x % y != 0 && ((x < 0) != (y < 0)))
          --r;
      } else { // %
        r = x % y;
        if (r != 0 && ((r < 0) != (y < 0)))
          r += y;
      }
    }
    if (overflow) {
      err = "integer overflow in " + std::to_string(x) + " " + op.str() + " " +
            std::to_string(y);
      return std::nullopt;
    }
    return Scalar::ofInt(r);
  }
  double x = a.asDouble(), y = b.asDouble(), r = 0;
  if (op == "+")
    r = x + y;
  else if (op == "-")
    r = x - y;
  else if (op == "*")
    r = x * y;
  else {
    if (y == 0) {
      err = "division by zero";
      return std::nullopt;
    }
    if (op == "/")
      r = x / y;
    else if (op == "//")
      r = std::floor(x / y);
    else
      r = x - std::floor(x / y) * y;
  }
  if (!std::isfinite(r)) {
    err = "number overflow in '" + op.str() + "'";
    return std::nullopt;
  }
  return Scalar::ofFloat(r);
}

Scalar Generator::lookup(const Num &n, const std::vector<Knob *> &deps,
                         const std::vector<size_t> &choice) {
  size_t index = 0;
  for (Knob *k : n.deps) {
    size_t pos = llvm::find(deps, k) - deps.begin();
    index = index * k->options.size() + choice[pos];
  }
  return n.table[index];
}

/// Iterates the combinations of `deps` (last knob fastest).
static bool nextChoice(const std::vector<Knob *> &deps,
                       std::vector<size_t> &choice) {
  for (size_t i = deps.size(); i-- > 0;) {
    if (++choice[i] < deps[i]->options.size())
      return true;
    choice[i] = 0;
  }
  return false;
}

FailureOr<Num> Generator::combine(SMLoc l, const Num &a, const Num &b,
                                  StringRef op) {
  Num r;
  std::set_union(a.deps.begin(), a.deps.end(), b.deps.begin(), b.deps.end(),
                 std::back_inserter(r.deps),
                 [](Knob *x, Knob *y) { return x->id < y->id; });
  size_t total = 1;
  for (Knob *k : r.deps) {
    total *= k->options.size();
    if (total > Limits::kMaxCombinations) {
      error(l) << "this value depends on too many value choices (more than "
               << Limits::kMaxCombinations << " combinations)";
      return failure();
    }
  }
  std::vector<size_t> choice(r.deps.size(), 0);
  do {
    std::string err;
    auto v = arith(op, lookup(a, r.deps, choice), lookup(b, r.deps, choice), err);
    if (!v) {
      error(l) << err;
      return failure();
    }
    r.table.push_back(*v);
  } while (nextChoice(r.deps, choice));
  return r;
}

FailureOr<Num> Generator::mapNum(
    SMLoc l, const Num &a,
    llvm::function_ref<std::optional<Scalar>(Scalar, std::string &)> fn) {
  Num r;
  r.deps = a.deps;
  for (const Scalar &s : a.table) {
    std::string err;
    auto v = fn(s, err);
    if (!v) {
      error(l) << err;
      return failure();
    }
    r.table.push_back(*v);
  }
  return r;
}

//===----------------------------------------------------------------------===//
// Labels
//===----------------------------------------------------------------------===//

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

template <typename Fn>
LogicalResult Generator::forEachAlternative(Frame &f, size_t n, Fn body) {
  llvm::StringSet<> before = usedLabels, after = usedLabels;
  auto counters = f.counters, maxCounters = f.counters;
  for (size_t i = 0; i < n; ++i) {
    usedLabels = before;
    f.counters = counters;
    if (failed(body(i)))
      return failure();
    for (const auto &l : usedLabels)
      after.insert(l.getKey());
    for (auto &[k, v] : f.counters)
      maxCounters[k] = std::max(maxCounters[k], v);
  }
  usedLabels = std::move(after);
  f.counters = std::move(maxCounters);
  return success();
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

LogicalResult Generator::checkSize(SMLoc l, mlir::Type t) {
  auto tensor = dyn_cast<mlir::RankedTensorType>(t);
  if (!tensor)
    return success();
  int64_t n = 1;
  for (int64_t d : tensor.getShape().drop_front()) {
    if (mlir::ShapedType::isDynamic(d))
      continue;
    if (d > Limits::kMaxElements || (n *= d) > Limits::kMaxElements) {
      error(l) << "tensor " << t << " is too large (more than "
               << Limits::kMaxElements << " elements per sample)";
      return failure();
    }
  }
  return success();
}

FailureOr<mlir::Value>
Generator::createOp(SMLoc l, StringRef opName,
                    llvm::ArrayRef<mlir::Value> operands,
                    llvm::ArrayRef<mlir::NamedAttribute> attrs) {
  if (failed(countOp(l)))
    return failure();
  mlir::Location location = loc(l);
  mlir::OperationState state(location, opName);
  state.addOperands(operands);
  state.addAttributes(attrs);
  std::optional<mlir::RegisteredOperationName> info =
      state.name.getRegisteredInfo();
  if (!info) {
    error(l) << "internal error: '" << opName << "' is not registered";
    return failure();
  }
  llvm::SmallVector<mlir::Type> types;
  if (auto *infer = info->getInterface<mlir::InferTypeOpInterface>()) {
    if (failed(infer->inferReturnTypes(
            &ctx, location, state.operands,
            state.attributes.getDictionary(&ctx), state.getRawProperties(),
            state.regions, types)))
      return failure();
  } else {
    types.push_back(operands.front().getType());
  }
  for (mlir::Type t : types)
    if (failed(checkSize(l, t)))
      return failure();
  state.addTypes(types);
  mlir::Operation *op = builder.create(state);
  if (failed(mlir::verify(op, /*verifyRecursively=*/false)))
    return failure();
  return op->getResult(0);
}

FailureOr<mlir::Value> Generator::emitLayer(
    SMLoc l, StringRef opName, llvm::ArrayRef<mlir::Value> operands,
    std::vector<AttrArg> attrs, llvm::ArrayRef<mlir::NamedAttribute> fixed) {
  std::vector<Knob *> deps;
  for (const AttrArg &a : attrs)
    for (Knob *k : a.value.deps)
      if (!llvm::is_contained(deps, k))
        deps.push_back(k);
  llvm::sort(deps, [](Knob *x, Knob *y) { return x->id < y->id; });
  size_t total = 1;
  for (Knob *k : deps) {
    k->addHome(builder.getInsertionBlock(), outerLevels(*k));
    total *= k->options.size();
    if (total > Limits::kMaxCombinations) {
      error(l) << "this layer depends on too many value choices (more than "
               << Limits::kMaxCombinations << " combinations)";
      return failure();
    }
    if (k->usedAsDepth) {
      error(l) << "value choice '" << k->label
               << "' is a repeat count; it cannot also set a layer attribute";
      mlir::emitRemark(loc(k->loc)) << "the value choice is declared here";
      return failure();
    }
    k->usedAsValue = true;
  }
  std::vector<size_t> choice(deps.size(), 0);
  return emitNest(l, opName, operands, attrs, fixed, deps, choice, 0);
}

FailureOr<mlir::Value> Generator::emitNest(
    SMLoc l, StringRef opName, llvm::ArrayRef<mlir::Value> operands,
    const std::vector<AttrArg> &attrs,
    llvm::ArrayRef<mlir::NamedAttribute> fixed, const std::vector<Knob *> &deps,
    std::vector<size_t> &choice, size_t level) {
  if (level == deps.size()) {
    // The leaf: every knob is fixed, so every attribute is plain.
    llvm::SmallVector<mlir::NamedAttribute> named(fixed.begin(), fixed.end());
    for (const AttrArg &a : attrs) {
      Scalar v = lookup(a.value, deps, choice);
      if (a.omitIf && v.kind == a.omitIf->kind && v == *a.omitIf)
        continue; // the op's default: keep the IR short
      mlir::Attribute attr;
      if (a.kind == Scalar::Bool) {
        if (v.kind != Scalar::Bool) {
          error(a.loc) << "'" << a.name << "' expects true or false, got "
                       << v.str();
          return failure();
        }
        attr = builder.getBoolAttr(v.i);
      } else if (a.kind == Scalar::Float) {
        if (v.kind == Scalar::Bool) {
          error(a.loc) << "'" << a.name << "' expects a number, got " << v.str();
          return failure();
        }
        attr = builder.getF64FloatAttr(v.asDouble());
      } else {
        if (v.kind != Scalar::Int) {
          error(a.loc) << "'" << a.name << "' expects an integer, got "
                       << v.str() << (v.kind == Scalar::Float
                                          ? " (use // or round() for integers)"
                                          : "");
          return failure();
        }
        if (v.i < a.min || v.i > a.max) {
          auto d = error(a.loc);
          d << "'" << a.name << "' = " << v.i << " is out of range ["
            << a.min << ", " << a.max << "]";
          if (!deps.empty()) {
            d << " for ";
            for (size_t i = 0; i < deps.size(); ++i)
              d << (i ? ", " : "") << deps[i]->label << " = "
                << deps[i]->options[choice[i]].str();
          }
          return failure();
        }
        attr = builder.getI64IntegerAttr(v.i);
      }
      named.push_back(builder.getNamedAttr(a.name, attr));
    }
    return createOp(l, opName, operands, named);
  }
  // One nas.choice over knob `level`, one alternative per option.
  Knob *k = deps[level];
  if (failed(countOp(l)))
    return failure();
  llvm::SmallVector<mlir::Attribute> options;
  for (const Scalar &o : k->options)
    options.push_back(attrOf(o));
  auto choiceOp = builder.create<nasir::nas::ChoiceOp>(
      loc(l), mlir::TypeRange{builder.getNoneType()}, k->label,
      builder.getArrayAttr(options), outerAttr(outerLevels(*k)),
      unsigned(options.size()));
  mlir::OpBuilder::InsertionGuard guard(builder);
  mlir::Type joined;
  for (size_t i = 0; i < options.size(); ++i) {
    mlir::Block *block = builder.createBlock(&choiceOp.getAlternatives()[i]);
    builder.setInsertionPointToEnd(block);
    choice[level] = i;
    FailureOr<mlir::Value> v =
        emitNest(l, opName, operands, attrs, fixed, deps, choice, level + 1);
    if (failed(v))
      return failure();
    builder.create<nasir::nas::YieldOp>(loc(l), mlir::ValueRange{*v});
    joined = joined ? nasir::joinTypes(joined, v->getType()) : v->getType();
    if (!joined) {
      error(l) << "the alternatives of value choice '" << k->label
               << "' give tensors of different ranks";
      return failure();
    }
  }
  choice[level] = 0;
  choiceOp.getResult(0).setType(joined);
  return choiceOp.getResult(0);
}

} // namespace

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

namespace {

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
      llvm::SmallVector<mlir::Value> operands;
      for (auto [t, v] : llvm::zip(terms, values)) {
        FailureOr<mlir::Value> x = toTensor(v, t->getLoc(), "each operand of '+'");
        if (failed(x))
          return failure();
        operands.push_back(*x);
      }
      FailureOr<mlir::Value> r = emitLayer(e.getLoc(), "nn.add", operands, {});
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
        emitLayer(e.getLoc(), "nn.mul", {l->tensor, r->tensor}, {});
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
  mlir::OperationState state(loc(p.loc),
                             nasir::nas::SelectOp::getOperationName());
  nasir::nas::SelectOp::build(builder, state, mlir::Type(), p.label,
                              *nasir::nas::symbolizeCombine(combine), p.min,
                              p.max, p.candidates);
  state.types.clear();
  llvm::SmallVector<mlir::Type> types;
  if (failed(nasir::nas::SelectOp::inferReturnTypes(
          &ctx, state.location, state.operands,
          state.attributes.getDictionary(&ctx), state.getRawProperties(),
          state.regions, types)))
    return failure();
  state.addTypes(types);
  mlir::Operation *op = builder.create(state);
  if (failed(mlir::verify(op, false)))
    return failure();
  return op->getResult(0);
}

} // namespace

//===----------------------------------------------------------------------===//
// Calls
//===----------------------------------------------------------------------===//

namespace {

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
  if (const BuiltinSpec *spec = findBuiltin(e.callee)) {
    if (as.empty())
      return evalBuiltin(f, e, *spec);
    return withAs(f, as, asLoc, [&] { return evalBuiltin(f, e, *spec); });
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
                                        const BuiltinSpec &spec) {
  std::vector<const Expr *> bound, rest;
  if (!bindArgs(e, signatureOf(spec), "layer", bound, &rest))
    return failure();
  StringRef name = spec.name;
  SMLoc l = e.getLoc();
  auto tensorArg = [&](size_t i) -> FailureOr<mlir::Value> {
    return evalTensor(f, *bound[i],
                      "argument '" + std::string(spec.params[i]) + "' of " +
                          spec.name);
  };
  auto numArg = [&](size_t i, Scalar dflt) -> FailureOr<Num> {
    if (!bound[i]) {
      Num n;
      n.table.push_back(dflt);
      return n;
    }
    return evalNum(f, *bound[i],
                   "argument '" + std::string(spec.params[i]) + "' of " +
                       spec.name);
  };
  auto argLoc = [&](size_t i) { return bound[i] ? bound[i]->getLoc() : l; };
  auto result = [](FailureOr<mlir::Value> v) -> FailureOr<Value> {
    if (failed(v))
      return failure();
    return Value::ofTensor(*v);
  };
  using K = Scalar::Kind;

  // Variadic combinators.
  if (name == "add" || name == "sum" || name == "concat") {
    bool concat = name == "concat";
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
    llvm::SmallVector<mlir::Value> operands;
    for (auto [in, v] : llvm::zip(inputs, values)) {
      FailureOr<mlir::Value> t = toTensor(v, in->getLoc(), "an input");
      if (failed(t))
        return failure();
      operands.push_back(*t);
    }
    if (operands.size() == 1 && !concat)
      return Value::ofTensor(operands[0]);
    return result(emitLayer(l, concat ? "nn.concat" : "nn.add", operands, {}));
  }

  // Functions on numbers.
  if (name == "channels") {
    FailureOr<mlir::Value> x = tensorArg(0);
    if (failed(x))
      return failure();
    auto t = cast<mlir::RankedTensorType>(x->getType());
    if (t.getRank() < 2 || t.isDynamicDim(1)) {
      error(l) << "the channels of " << t
               << " are not known here (they depend on an open choice)";
      return failure();
    }
    return Value::ofScalar(Scalar::ofInt(t.getDimSize(1)));
  }
  if (name == "min" || name == "max" || name == "round") {
    FailureOr<Num> a = numArg(0, {});
    if (failed(a))
      return failure();
    if (name == "round") {
      FailureOr<Num> r = mapNum(l, *a, [](Scalar s, std::string &err)
                                           -> std::optional<Scalar> {
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
    FailureOr<Num> b = numArg(1, {});
    if (failed(b))
      return failure();
    FailureOr<Num> less = combine(l, *a, *b, "<");
    if (failed(less))
      return failure();
    // min/max: pick per combination, through a lookup over the joint deps.
    Num r;
    r.deps = less->deps;
    std::vector<size_t> choice(r.deps.size(), 0);
    do {
      bool lt = lookup(*less, r.deps, choice).i;
      bool takeA = name == "min" ? lt : !lt;
      r.table.push_back(lookup(takeA ? *a : *b, r.deps, choice));
    } while (nextChoice(r.deps, choice));
    return Value::ofNum(std::move(r));
  }

  // Layers.
  FailureOr<mlir::Value> x = tensorArg(0);
  if (failed(x))
    return failure();
  const int64_t W = Limits::kMaxWindow;
  auto attr = [&](size_t i, const char *attrName, Scalar dflt, K kind,
                  int64_t min, int64_t max) -> FailureOr<AttrArg> {
    FailureOr<Num> n = numArg(i, dflt);
    if (failed(n))
      return failure();
    return AttrArg{attrName, std::move(*n), kind, min, max, argLoc(i)};
  };
  std::vector<AttrArg> attrs;
  auto add = [&](FailureOr<AttrArg> a, std::optional<Scalar> dflt = std::nullopt) {
    if (failed(a))
      return false;
    a->omitIf = dflt;
    attrs.push_back(std::move(*a));
    return true;
  };
  if (name == "conv" || name == "conv1d") {
    if (!add(attr(1, "out_channels", {}, K::Int, 1, Limits::kMaxChannels)) ||
        !add(attr(2, "kernel", Scalar::ofInt(3), K::Int, 1, W)) ||
        !add(attr(3, "stride", Scalar::ofInt(1), K::Int, 1, W),
             Scalar::ofInt(1)) ||
        !add(attr(5, "dilation", Scalar::ofInt(1), K::Int, 1, W),
             Scalar::ofInt(1)) ||
        !add(attr(6, "groups", Scalar::ofInt(1), K::Int, 1,
                  Limits::kMaxChannels),
             Scalar::ofInt(1)) ||
        !add(attr(7, "bias", Scalar::ofBool(false), K::Bool, 0, 1),
             Scalar::ofBool(false)))
      return failure();
    if (bound[4]) {
      if (!add(attr(4, "padding", {}, K::Int, 0, W)))
        return failure();
    } else {
      // "same" padding: k // 2 * dilation.
      FailureOr<Num> half = combine(l, attrs[1].value, Num{{}, {Scalar::ofInt(2)}}, "//");
      if (failed(half))
        return failure();
      FailureOr<Num> pad = combine(l, *half, attrs[3].value, "*");
      if (failed(pad))
        return failure();
      attrs.push_back({"padding", std::move(*pad), K::Int, 0, W, l});
    }
    return result(emitLayer(l, name == "conv" ? "nn.conv2d" : "nn.conv1d", {*x},
                            std::move(attrs)));
  }
  if (name == "linear") {
    FailureOr<Num> out = numArg(1, {});
    if (failed(out))
      return failure();
    llvm::SmallVector<mlir::NamedAttribute> fixed;
    if (out->isClasses)
      fixed.push_back(builder.getNamedAttr("nas.bind",
                                           builder.getStringAttr("classes")));
    attrs.push_back({"out_features", std::move(*out), K::Int, 1,
                     Limits::kMaxFeatures, argLoc(1)});
    if (bound[2] && !add(attr(2, "bias", Scalar::ofBool(true), K::Bool, 0, 1),
                         Scalar::ofBool(true)))
      return failure();
    return result(emitLayer(l, "nn.linear", {*x}, std::move(attrs), fixed));
  }
  if (name == "bn" || name == "batch_norm" || name == "layer_norm") {
    if (bound[1] && !add(attr(1, "affine", Scalar::ofBool(true), K::Bool, 0, 1),
                         Scalar::ofBool(true)))
      return failure();
    return result(emitLayer(l, name == "layer_norm" ? "nn.layer_norm"
                                                    : "nn.batch_norm",
                            {*x}, std::move(attrs)));
  }
  if (name == "max_pool" || name == "avg_pool" || name == "max_pool1d" ||
      name == "avg_pool1d") {
    bool avg = name == "avg_pool" || name == "avg_pool1d";
    if (!add(attr(1, "kernel", {}, K::Int, 1, W)) ||
        (bound[2] && !add(attr(2, "stride", {}, K::Int, 1, W))) ||
        (bound[3] && !add(attr(3, "padding", {}, K::Int, 0, W))) ||
        (avg && bound[4] &&
         !add(attr(4, "count_include_pad", {}, K::Bool, 0, 1))))
      return failure();
    static const std::pair<const char *, const char *> pools[] = {
        {"max_pool", "nn.max_pool2d"},
        {"avg_pool", "nn.avg_pool2d"},
        {"max_pool1d", "nn.max_pool1d"},
        {"avg_pool1d", "nn.avg_pool1d"}};
    for (auto [src, op] : pools)
      if (name == src)
        return result(emitLayer(l, op, {*x}, std::move(attrs)));
  }
  if (name == "zero") {
    if (bound[1] && !add(attr(1, "stride", {}, K::Int, 1, W)))
      return failure();
    return result(emitLayer(l, "nn.zero", {*x}, std::move(attrs)));
  }
  if (name == "dropout") {
    FailureOr<AttrArg> p = attr(1, "p", Scalar::ofFloat(0.5), K::Float, 0, 0);
    if (failed(p))
      return failure();
    for (const Scalar &s : p->value.table)
      if (s.kind != Scalar::Bool && (s.asDouble() < 0 || s.asDouble() >= 1)) {
        error(argLoc(1)) << "dropout probability " << s.str()
                         << " is not in [0, 1)";
        return failure();
      }
    attrs.push_back(std::move(*p));
    return result(emitLayer(l, "nn.dropout", {*x}, std::move(attrs)));
  }
  if (name == "mul") {
    FailureOr<mlir::Value> y = tensorArg(1);
    if (failed(y))
      return failure();
    return result(emitLayer(l, "nn.mul", {*x, *y}, {}));
  }
  static const std::pair<const char *, const char *> unary[] = {
      {"relu", "nn.relu"},         {"relu6", "nn.relu6"},
      {"gelu", "nn.gelu"},         {"sigmoid", "nn.sigmoid"},
      {"silu", "nn.silu"},         {"hardswish", "nn.hardswish"},
      {"tanh", "nn.tanh"},         {"global_avg_pool", "nn.global_avg_pool"},
      {"identity", "nn.identity"}, {"flatten", "nn.flatten"},
  };
  for (auto [src, op] : unary)
    if (name == src)
      return result(emitLayer(l, op, {*x}, {}));
  error(l) << "internal error: no lowering for '" << name << "'";
  return failure();
}

} // namespace

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

namespace {

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
  f.vars[s.var] = Value::ofTensor(repeat.getResult());
  return Flow::Next;
}

//===----------------------------------------------------------------------===//
// Requires
//===----------------------------------------------------------------------===//

/// A decision value as the language writes it: 3, 0.5, "relu".
static std::string valueText(mlir::Attribute a) {
  if (auto str = dyn_cast<mlir::StringAttr>(a))
    return ("\"" + str.getValue() + "\"").str();
  if (auto f = dyn_cast<mlir::FloatAttr>(a))
    return Scalar::ofFloat(f.getValueAsDouble()).str();
  return std::to_string(cast<mlir::IntegerAttr>(a).getInt());
}

/// `'k' (options 3, 5, 7)`
static std::string describe(const std::string &name, const Site &site) {
  std::string s = "'" + name + "' (options ";
  for (auto [i, o] : llvm::enumerate(site.options))
    s += (i ? ", " : "") + valueText(o);
  return s + ")";
}

static bool isString(mlir::Attribute a) { return isa<mlir::StringAttr>(a); }

LogicalResult Generator::genRequire(Frame &f, const RequireStmt &s) {
  PendingRequire pending;
  FailureOr<nasir::nas::Predicate> pred = lowerPred(f, *s.pred, pending.named);
  if (failed(pred))
    return failure();
  mlir::StringAttr text = builder.getStringAttr(pred->str());
  if (!emittedRequires.insert({builder.getInsertionBlock(), text}).second)
    return success();
  if (failed(countOp(s.getLoc())))
    return failure();
  llvm::StringSet<> labels; // each choice once
  llvm::erase_if(pending.named, [&](const PredSide &side) {
    return !labels.insert(side.site->label).second;
  });
  requireNames += pending.named.size();
  if (failed(boundRequireLookups(loc(s.getLoc()))))
    return failure();
  pending.op = builder.create<nasir::nas::RequireOp>(loc(s.getLoc()), text);
  pendingRequires.push_back(std::move(pending));
  return success();
}

FailureOr<nasir::nas::Predicate>
Generator::lowerPred(Frame &f, const Pred &p, std::vector<PredSide> &named) {
  using P = nasir::nas::Predicate;
  P out;
  switch (p.kind) {
  case Pred::Kind::Not:
  case Pred::Kind::And:
  case Pred::Kind::Or:
  case Pred::Kind::Implies:
    out.kind = p.kind == Pred::Kind::Not   ? P::Not
               : p.kind == Pred::Kind::And ? P::And
               : p.kind == Pred::Kind::Or  ? P::Or
                                           : P::Implies;
    for (const PredPtr &q : p.operands) {
      FailureOr<P> r = lowerPred(f, *q, named);
      if (failed(r))
        return failure();
      out.operands.push_back(std::move(*r));
    }
    return out;
  case Pred::Kind::In: {
    if (!step(p.loc))
      return failure();
    FailureOr<PredSide> lhs = predSide(f, p.lhs);
    if (failed(lhs))
      return failure();
    if (!lhs->site) {
      error(p.lhs.loc) << "the left side of 'in' must be a choice, not a "
                          "constant";
      return failure();
    }
    out.kind = P::In;
    out.lhs.label = lhs->site->label;
    for (const PredOperand &o : p.set) {
      FailureOr<PredSide> v = predSide(f, o);
      if (failed(v))
        return failure();
      if (v->site) {
        error(o.loc) << "'" << o.text
                     << "' is a choice; the values after 'in' must be "
                        "constants";
        return failure();
      }
      if (failed(checkLiteral(*lhs, *v, /*membership=*/true)))
        return failure();
      out.set.push_back(v->literal);
    }
    named.push_back(std::move(*lhs));
    return out;
  }
  case Pred::Kind::Compare:
    break;
  }
  if (!step(p.loc))
    return failure();
  FailureOr<PredSide> lhs = predSide(f, p.lhs);
  if (failed(lhs))
    return failure();
  FailureOr<PredSide> rhs = predSide(f, p.rhs);
  if (failed(rhs))
    return failure();
  if (!lhs->site && !rhs->site) {
    error(p.loc) << "'" << p.op
                 << "' compares two constants; a require compares choices";
    return failure();
  }
  static const std::pair<StringRef, P::CmpOp> ops[] = {
      {"==", P::Eq}, {"!=", P::Ne}, {"<", P::Lt},
      {"<=", P::Le}, {">", P::Gt},  {">=", P::Ge}};
  out.kind = P::Compare;
  out.cmp =
      llvm::find_if(ops, [&](auto &o) { return o.first == p.op; })->second;
  bool membership = out.cmp == P::Eq || out.cmp == P::Ne;
  const PredSide &choice = lhs->site ? *lhs : *rhs;
  const PredSide &other = lhs->site ? *rhs : *lhs;
  bool strings = isString(choice.site->options.front());
  if (other.site) {
    if (strings != isString(other.site->options.front())) {
      error(p.loc) << describe(lhs->name, *lhs->site)
                   << " cannot be compared with "
                   << describe(rhs->name, *rhs->site);
      return failure();
    }
  } else if (failed(checkLiteral(choice, other, membership))) {
    return failure();
  }
  if (strings && !membership) {
    error(p.loc) << "'" << choice.name
                 << "' chooses between named alternatives, which '" << p.op
                 << "' does not order (compare them with ==, != or in)";
    return failure();
  }
  for (auto [side, operand] : {std::pair{&*lhs, &out.lhs}, {&*rhs, &out.rhs}}) {
    if (side->site) {
      operand->label = side->site->label;
      named.push_back(*side);
    } else {
      operand->literal = side->literal;
    }
  }
  return out;
}

FailureOr<Generator::PredSide> Generator::predSide(Frame &f,
                                                   const PredOperand &o) {
  PredSide side;
  side.loc = o.loc;
  switch (o.kind) {
  case PredOperand::Kind::Int:
    side.literal = builder.getI64IntegerAttr(o.intValue);
    return side;
  case PredOperand::Kind::Float:
    side.literal = builder.getF64FloatAttr(o.floatValue);
    return side;
  case PredOperand::Kind::String:
    side.literal = builder.getStringAttr(o.text);
    return side;
  case PredOperand::Kind::Name:
    break;
  }
  side.name = o.text;
  FailureOr<const Value *> found = lookupName(f, o.text, o.loc, true);
  if (failed(found))
    return failure();
  const Value &v = **found;
  if (v.kind == Value::Tensor && v.site) {
    side.site = v.site;
    return side;
  }
  if (v.kind == Value::Number && v.num.concrete() &&
      v.num.value().kind != Scalar::Bool) {
    side.literal = attrOf(v.num.value()); // a constant folds
    return side;
  }
  if (v.kind == Value::Number && !v.num.concrete()) {
    Knob *k = v.num.deps.front();
    if (v.num.deps.size() == 1 && v.num.table == k->options) {
      auto site = std::make_shared<Site>();
      site->label = k->label;
      for (const Scalar &o : k->options)
        site->options.push_back(attrOf(o));
      site->knob = k;
      side.site = std::move(site);
      return side;
    }
    error(o.loc) << "'" << o.text << "' is computed from value choice '"
                 << k->label
                 << "' but is not one itself; a require names the choice";
    return failure();
  }
  auto d = error(o.loc);
  d << "'" << o.text << "' is ";
  if (v.kind == Value::Number)
    d << "true or false";
  else
    d << v.kindName();
  d << ", not a choice or a number";
  if (v.kind == Value::Fn)
    d << "; name a call of it with `as` (`" << o.text << "(x) as " << o.text
      << "0`) and compare that";
  if (v.kind == Value::Pick)
    d << "; the inputs a pick chooses are bounded by `constraint edges <= N`";
  return failure();
}

LogicalResult Generator::checkLiteral(const PredSide &choice,
                                      const PredSide &lit, bool membership) {
  const std::vector<mlir::Attribute> &options = choice.site->options;
  if (isString(options.front()) != isString(lit.literal)) {
    error(lit.loc) << describe(choice.name, *choice.site)
                   << " cannot be compared with " << valueText(lit.literal);
    return failure();
  }
  if (membership && llvm::none_of(options, [&](mlir::Attribute o) {
        return nasir::nas::sameDecisionValue(o, lit.literal);
      })) {
    error(lit.loc) << valueText(lit.literal) << " is not an option of "
                   << describe(choice.name, *choice.site);
    return failure();
  }
  return success();
}

bool Generator::anchorKnob(nasir::nas::RequireOp req, const Site &site) {
  // A value choice used by a layer whose other knobs were declared before
  // it is decided in a nas.choice nested in theirs, out of the require's
  // scope. Where the layer stands in a block around the require, a choice
  // without results (which specializes to nothing) names the decision there,
  // decided as far out as the layer's.
  mlir::Operation *at = req;
  while (at && !isa<nasir::nas::SpaceOp>(at) &&
         !site.knob->homes.count(at->getBlock()))
    at = at->getParentOp();
  if (!at || isa<nasir::nas::SpaceOp>(at))
    return false;
  mlir::OpBuilder b(&ctx);
  b.setInsertionPoint(at);
  mlir::Location l = loc(site.knob->loc);
  auto anchor = b.create<nasir::nas::ChoiceOp>(
      l, mlir::TypeRange{}, site.label, b.getArrayAttr(site.options),
      outerAttr(site.knob->homes.lookup(at->getBlock())),
      unsigned(site.options.size()));
  for (mlir::Region &r : anchor.getAlternatives()) {
    b.createBlock(&r);
    b.create<nasir::nas::YieldOp>(l);
  }
  return true;
}

LogicalResult Generator::boundRequireLookups(mlir::Location l) {
  // Each choice a require names is looked up in the blocks around it (here
  // and by the verifier). The ops so far bound the ops of the space from
  // below, so the check may come early.
  uint64_t ops = numOps - spaceStartOps;
  if (requireNames * ops <= Limits::kMaxRequireLookups)
    return success();
  mlir::emitError(l) << "the requires of this space name choices "
                     << requireNames << " times among " << ops
                     << " operations, more than the "
                     << Limits::kMaxRequireLookups
                     << " lookups allowed; name fewer choices or make the "
                        "space smaller";
  return failure();
}

LogicalResult Generator::checkRequires() {
  if (!pendingRequires.empty() &&
      failed(boundRequireLookups(pendingRequires.back().op.getLoc())))
    return failure();
  for (PendingRequire &p : pendingRequires) {
    for (const PredSide &side : p.named) {
      const Site &site = *side.site;
      if (!p.op.resolveLabel(site.label) &&
          !(site.knob && anchorKnob(p.op, site))) {
        reportOutOfScope(p.op, side);
        return failure();
      }
    }
  }
  return success();
}

void Generator::reportOutOfScope(nasir::nas::RequireOp req,
                                 const PredSide &side) {
  const Site &site = *side.site;
  auto d = error(side.loc);
  d << "'" << side.name << "'";
  if (side.name != site.label)
    d << " (decision '" << site.label << "')";
  mlir::Block *home = site.op ? site.op->getBlock() : site.knob->firstHome;
  if (!home) {
    d << " sets no layer or repeat count, so it decides nothing and a "
         "require cannot name it";
    return;
  }
  d << " is not decided where this require stands";
  // The outermost choice or repeat around the site that does not enclose
  // the require.
  mlir::Operation *outer = nullptr;
  unsigned alt = 0;
  for (mlir::Region *r = home->getParent();
       r && !isa<nasir::nas::SpaceOp>(r->getParentOp());
       r = r->getParentOp()->getParentRegion())
    if (!r->getParentOp()->isAncestor(req)) {
      outer = r->getParentOp();
      alt = r->getRegionNumber();
    }
  if (auto c = llvm::dyn_cast_or_null<nasir::nas::ChoiceOp>(outer)) {
    mlir::Attribute o = c.getOptions()[alt];
    d << ", only in alternative "
      << (isString(o) ? "'" + cast<mlir::StringAttr>(o).getValue().str() + "'"
                      : valueText(o))
      << " of '" << c.getLabel() << "'";
  } else if (auto r = llvm::dyn_cast_or_null<nasir::nas::RepeatOp>(outer)) {
    d << ", only in the body of repeat '" << r.getLabel() << "'";
  }
  if (site.op)
    d.attachNote(site.op->getLoc()) << "the choice is here";
  else
    d.attachNote(loc(site.knob->loc)) << "the value choice is declared here";
}

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
          << "'; expected params, flops, edges or fits";
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
        << "'; expected accuracy, params, flops or latency";
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

} // namespace

namespace {

mlir::OwningOpRef<mlir::ModuleOp> Generator::run() {
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

} // namespace

mlir::OwningOpRef<mlir::ModuleOp>
nasir::frontend::mlirGen(mlir::MLIRContext &ctx, llvm::SourceMgr &sm,
                         const std::vector<std::unique_ptr<FileAST>> &files,
                         const SpaceBindings &bindings) {
  if (files.empty())
    return nullptr;
  return Generator(ctx, sm, files, bindings).run();
}
