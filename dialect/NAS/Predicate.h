//===- Predicate.h - predicates on decisions (nas.require) ------*- C++ -*-===//
//
// The expression language of `nas.require`: comparisons of decision labels
// with literals or with each other, joined by `not`, `and`, `or` and
// `implies`:
//
//   predicate  = implication ;
//   implication = disjunction [ "implies" implication ] ;
//   disjunction = conjunction { "or" conjunction } ;
//   conjunction = negation { "and" negation } ;
//   negation   = "not" negation | "(" predicate ")" | "true" | "false"
//              | operand ( CMP operand | "in" "[" literal { "," literal } "]" ) ;
//   operand    = LABEL | literal ;      CMP = "==" | "!=" | "<" | "<=" | ">" | ">="
//   literal    = INT | FLOAT | "'" chars "'" ;
//   LABEL      = [A-Za-z_][A-Za-z0-9_.#/]*   (not a keyword)
//              | "`" any text but a backquote "`"
//
// A predicate is parsed once (by the op verifier, the space model and the
// specializer) and then evaluated, partially evaluated or printed back.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_DIALECT_NAS_PREDICATE_H
#define NASIR_DIALECT_NAS_PREDICATE_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>
#include <vector>

namespace nasir::nas {

class Predicate {
public:
  enum Kind { Const, Not, And, Or, Implies, Compare, In };
  enum CmpOp { Eq, Ne, Lt, Le, Gt, Ge };

  /// A label (non-empty `label`) or a literal (i64, f64 or string attribute).
  struct Operand {
    std::string label;
    mlir::Attribute literal;
  };

  /// Parses `text`; on failure returns nullopt with a message and the column
  /// (from 1) where the problem is.
  static std::optional<Predicate> parse(llvm::StringRef text,
                                        mlir::MLIRContext *ctx,
                                        std::string &error, unsigned &column);

  Kind kind = Const;
  bool value = true;                    // Const
  CmpOp cmp = Eq;                       // Compare
  Operand lhs, rhs;                     // Compare (In: lhs only)
  std::vector<mlir::Attribute> set;     // In
  std::vector<Predicate> operands;      // Not, And, Or, Implies

  /// The labels it names, each once, in order of appearance.
  std::vector<std::string> labels() const;

  /// Renames every label through `fn`.
  void renameLabels(llvm::function_ref<std::string(llvm::StringRef)> fn);

  /// Substitutes the labels whose value `lookup` knows (it returns null for
  /// undecided ones) and simplifies; a predicate with every label known
  /// becomes a constant.
  Predicate
  partiallyEvaluate(llvm::function_ref<mlir::Attribute(llvm::StringRef)> lookup) const;

  /// The value with every label known; nullopt when one is not.
  std::optional<bool>
  evaluate(llvm::function_ref<mlir::Attribute(llvm::StringRef)> lookup) const;

  void print(llvm::raw_ostream &os) const;
  std::string str() const;

  static Predicate constant(bool v) {
    Predicate p;
    p.value = v;
    return p;
  }
};

/// Whether two decision values are equal (3 == 3.0).
bool sameDecisionValue(mlir::Attribute a, mlir::Attribute b);

} // namespace nasir::nas

#endif
