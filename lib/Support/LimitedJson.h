//===- LimitedJson.h - llvm::json::parse under nasir's limits ---*- C++ -*-===//
//
// The compiler side's only way to parse JSON it did not write itself (see
// JsonLimits.h for why). Header-only, so that lib/Support needs no LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SUPPORT_LIMITEDJSON_H
#define NASIR_SUPPORT_LIMITEDJSON_H

#include "lib/Support/JsonLimits.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

namespace nasir {

/// llvm::json::parse, failing first (with the error of checkJsonLimits) on a
/// document nested deeper or longer than `limits`.
inline llvm::Expected<llvm::json::Value>
parseJsonLimited(llvm::StringRef text, const JsonLimits &limits = {}) {
  std::string error;
  if (!checkJsonLimits(std::string_view(text.data(), text.size()), error,
                       limits))
    return llvm::createStringError(llvm::inconvertibleErrorCode(), error);
  return llvm::json::parse(text);
}

} // namespace nasir

#endif
