//===- Generator.h - the state and steps of MLIRGen ------------*- C++ -*-===//
//
// MLIRGen's one class, declared here and defined by job:
//   SemanticChecks.cpp  names, arities and recursion before evaluation;
//   Layers.cpp          layers: knob nests, typed creation, channels;
//   Expressions.cpp     expressions, value/op choices, picks, site labels;
//   Calls.cpp           calls of definitions, local ops and builtins;
//   Statements.cpp      statements and repeats;
//   Requires.cpp        `require` lowering;
//   MLIRGen.cpp         spaces and the entry point.
// Its values are in Values.h, the arithmetic of numbers over value choices
// in KnobArithmetic.h and the builtin table in Builtins.h. Internal to the
// frontend.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_FRONTEND_GENERATOR_H
#define NASIR_FRONTEND_GENERATOR_H

#include "frontend/Builtins.h"
#include "frontend/KnobArithmetic.h"
#include "frontend/MLIRGen.h"
#include "frontend/Values.h"
#include "dialect/NAS/NASOps.h"
#include "dialect/NAS/Predicate.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/SourceMgr.h"
#include <set>

namespace nasir::frontend::gen {

using mlir::failure;
using mlir::FailureOr;
using mlir::LogicalResult;
using mlir::success;

/// Parameter names and how many are required of a definition or local op.
Signature signatureOf(const std::vector<Param> &params);

/// Calls `fn` on `e` and each of its subexpressions, parents first.
void walkExpr(const Expr &e, llvm::function_ref<void(const Expr &)> fn);
/// Calls `fn` on every expression of `b`, nested blocks included.
void walkExprs(const Block &b, llvm::function_ref<void(const Expr &)> fn);

/// An op that MLIRGen creates: its registered name and its ODS builder.
struct OpKind {
  StringRef name;
  CreateOpFn create;
  template <typename OpTy> static OpKind of() {
    return {OpTy::getOperationName(),
            [](mlir::OpBuilder &b, mlir::Location l, mlir::TypeRange types,
               mlir::ValueRange operands,
               llvm::ArrayRef<mlir::NamedAttribute> attrs) {
              return b.create<OpTy>(l, types, operands, attrs).getOperation();
            }};
  }
};

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
                               const Builtin &builtin);
  FailureOr<Value> evalFunction(Frame &f, const CallExpr &e,
                                const Builtin &builtin,
                                std::vector<const Expr *> &bound,
                                std::vector<const Expr *> &rest);
  FailureOr<Value> evalLayer(Frame &f, const CallExpr &e,
                             const LayerBuiltin &layer,
                             std::vector<const Expr *> &bound);
  FailureOr<Value> evalValueChoice(Frame &f, const ValueChoiceExpr &e);
  FailureOr<Value> evalOpChoice(Frame &f, const OpChoiceExpr &e);
  FailureOr<Value> evalPick(Frame &f, const PickExpr &e);

  FailureOr<mlir::Value> toTensor(const Value &v, SMLoc l, StringRef what);
  /// toTensor of each of `values`, errors at the matching expression.
  FailureOr<llvm::SmallVector<mlir::Value>>
  toTensors(llvm::ArrayRef<const Expr *> exprs, llvm::ArrayRef<Value> values,
            StringRef what);
  FailureOr<mlir::Value> evalTensor(Frame &f, const Expr &e, StringRef what);
  FailureOr<Num> evalNum(Frame &f, const Expr &e, StringRef what);
  FailureOr<Scalar> evalConcrete(Frame &f, const Expr &e, StringRef what);
  FailureOr<int64_t> evalInt(Frame &f, const Expr &e, StringRef what);
  FailureOr<mlir::Value> select(const Picked &p, StringRef combine);

  // Numbers (KnobArithmetic.h, with errors reported at `l`).
  FailureOr<Num> combine(SMLoc l, const Num &a, const Num &b, StringRef op) {
    std::string err;
    FailureOr<Num> r = gen::combine(a, b, op, err);
    if (failed(r))
      error(l) << err;
    return r;
  }
  FailureOr<Num> mapNum(
      SMLoc l, const Num &a,
      llvm::function_ref<std::optional<Scalar>(Scalar, std::string &)> fn) {
    std::string err;
    FailureOr<Num> r = gen::mapNum(a, fn, err);
    if (failed(r))
      error(l) << err;
    return r;
  }

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
    std::string name;
    Num value;
    Scalar::Kind kind;
    int64_t min, max; // for integers
    SMLoc loc;
    std::optional<Scalar> omitIf = std::nullopt; // the op's default value
  };
  FailureOr<mlir::Value> emitLayer(SMLoc l, OpKind op,
                                   llvm::ArrayRef<mlir::Value> operands,
                                   std::vector<AttrArg> attrs,
                                   llvm::ArrayRef<mlir::NamedAttribute> fixed = {});
  FailureOr<mlir::Value> emitNest(SMLoc l, OpKind op,
                                  llvm::ArrayRef<mlir::Value> operands,
                                  const std::vector<AttrArg> &attrs,
                                  llvm::ArrayRef<mlir::NamedAttribute> fixed,
                                  const std::vector<Knob *> &deps,
                                  std::vector<size_t> &choice, size_t level);
  FailureOr<mlir::Value> createOp(SMLoc l, OpKind op,
                                  llvm::ArrayRef<mlir::Value> operands,
                                  llvm::ArrayRef<mlir::NamedAttribute> attrs);
  /// The result types that `opName` infers for operands of `types`.
  LogicalResult inferTypes(mlir::Location l, StringRef opName,
                           mlir::ValueRange operands,
                           mlir::DictionaryAttr attrs,
                           llvm::SmallVectorImpl<mlir::Type> &results);

  // Channels (Layers.cpp).
  /// The channel count of `v` (dimension 1) as a number over the value
  /// choices it depends on; nullopt where it depends on an op or subgraph
  /// choice or a pick.
  FailureOr<std::optional<Num>> channelsOf(SMLoc l, mlir::Value v);
  FailureOr<std::optional<Num>> computeChannels(SMLoc l, mlir::Value v);
  /// The values whose channels decide those of `v`.
  llvm::SmallVector<mlir::Value> channelInputs(mlir::Value v);
  /// After a repeat body: the channels that `channels()` assumed for its
  /// argument hold for its result too.
  LogicalResult checkRepeatChannels(const RepeatStmt &s,
                                    nasir::nas::RepeatOp repeat);
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
  BuiltinTable builtins;
  const Builtin *findBuiltin(StringRef name) const {
    return builtins.find(name);
  }

  /// The nas.choice ops that decide one knob around a layer.
  llvm::DenseMap<mlir::Operation *, Knob *> knobChoices;
  /// Channels computed so far (nullopt: not a number of knobs).
  llvm::DenseMap<mlir::Value, std::optional<Num>> channelMemo;

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

} // namespace nasir::frontend::gen

#endif
