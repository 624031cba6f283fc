//===- Builtins.h - the built-in layers and functions of .nas ---*- C++ -*-===//
//
// The built-in layers come from the nn dialect: each is one hand-written
// alias line (a surface name, the registered op, its parameters in
// positional order with their short names, how many are required), and the
// rest -- the attribute names, whether each is an integer, a float or a
// truth value, and its ODS default (`DefaultValuedAttr`) -- is read from the
// registered op. The ops are created through their ODS-generated builders.
// The built-in functions on numbers and the variadic combinators are not ops
// of their own and are listed here by hand.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_FRONTEND_BUILTINS_H
#define NASIR_FRONTEND_BUILTINS_H

#include "frontend/Values.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class MLIRContext;
}

namespace nasir::frontend::gen {

/// A parameter of a built-in layer as the language spells it: a tensor
/// operand (`attr` null) or the op attribute that it sets.
struct LayerParam {
  const char *name;
  const char *attr = nullptr;
};

/// Surface rules that no ODS field says.
enum class LayerRule {
  None,
  SamePadding, // an absent `padding` is kernel // 2 * dilation
  BindClasses, // an `out_features` that is the space's `classes` binds it
  Probability, // the float attribute is a probability in [0, 1)
};

/// One hand-written line of the builtin table.
struct LayerAlias {
  const char *name; // in .nas
  const char *op;   // the registered op, e.g. "nn.conv2d"
  llvm::ArrayRef<LayerParam> params;
  unsigned required; // the first `required` parameters have no default
  LayerRule rule = LayerRule::None;
};

/// The hand-written lines (also the ones whose op the dialect does not
/// register yet; the table skips those).
llvm::ArrayRef<LayerAlias> layerAliases();

/// Creates an op through its ODS-generated builder.
using CreateOpFn = mlir::Operation *(*)(mlir::OpBuilder &, mlir::Location,
                                        mlir::TypeRange, mlir::ValueRange,
                                        llvm::ArrayRef<mlir::NamedAttribute>);

/// The typed creator of a registered nn op (from the dialect's op list), or
/// null.
CreateOpFn typedCreator(StringRef opName);

/// What the dialect says about the attribute a parameter sets.
struct LayerAttr {
  std::string name;  // the ODS name
  Scalar::Kind kind; // of the ODS default; Int when it has none
  std::optional<Scalar> defaultValue; // DefaultValuedAttr
  int64_t min = 0, max = 0;           // for integers (frontend limits)
};

/// A built-in layer resolved against the dialect.
struct LayerBuiltin {
  const LayerAlias *alias;
  CreateOpFn create;
  /// Per parameter: its attribute, or nullopt for a tensor operand.
  std::vector<std::optional<LayerAttr>> attrs;
};

/// The built-ins that are not ops of their own.
enum class FunctionKind { Sum, Concat, Channels, Min, Max, Round };

/// Parameter names and how many are required, for arity checks.
struct Signature {
  std::vector<std::string> params;
  unsigned required = 0;
  bool variadic = false;
};

/// A built-in: a layer or a function.
struct Builtin {
  std::string name;
  Signature signature;
  std::optional<LayerBuiltin> layer;
  FunctionKind function = FunctionKind::Sum; // when not a layer
};

/// The builtins of the registered dialects.
class BuiltinTable {
public:
  /// Reads the nn ops registered in `ctx`. An alias whose op is not
  /// registered is left out; one that names an attribute its op does not
  /// have is an internal error (failure with `error` set).
  static mlir::FailureOr<BuiltinTable> build(mlir::MLIRContext &ctx,
                                             std::string &error) {
    return build(ctx, layerAliases(), error);
  }
  /// The same from other alias lines (for tests).
  static mlir::FailureOr<BuiltinTable>
  build(mlir::MLIRContext &ctx, llvm::ArrayRef<LayerAlias> aliases,
        std::string &error);

  const Builtin *find(StringRef name) const;
  llvm::ArrayRef<Builtin> all() const { return builtins; }

private:
  std::vector<Builtin> builtins;
  llvm::StringMap<size_t> index;
};

/// The closest of `candidates` to `name`, if close enough to be a typo.
std::string suggest(StringRef name, const std::vector<std::string> &candidates);

} // namespace nasir::frontend::gen

#endif
