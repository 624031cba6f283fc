//===- Binding.h - parameter expressions of nas.from ------------*- C++ -*-===//
//
// An op in a `nas.cell` body takes cell parameters through `nas.from`, a
// dictionary from attribute names to expressions:
//
//   expr    = term { ("+" | "-") term } ;
//   term    = unary { ("*" | "/" | "//" | "%") unary } ;   (* / is floor division *)
//   unary   = "-" unary | INT | NAME | "(" expr ")" ;
//
// An expression that is one parameter name yields that parameter's value as
// it is (an integer, float or string); anything else is i64 arithmetic.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_DIALECT_NAS_BINDING_H
#define NASIR_DIALECT_NAS_BINDING_H

#include "mlir/IR/BuiltinAttributes.h"
#include <string>

namespace nasir::nas {

/// The name of the discardable attribute that binds cell parameters.
inline constexpr llvm::StringLiteral kFromAttr = "nas.from";

/// The value of `expr` with `params`; null with a message on error.
mlir::Attribute evaluateBinding(llvm::StringRef expr,
                                mlir::DictionaryAttr params,
                                std::string &error);

} // namespace nasir::nas

#endif
