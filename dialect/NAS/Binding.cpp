//===- Binding.cpp - evaluate nas.from expressions ------------------------===//
#include "dialect/NAS/Binding.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringExtras.h"
#include <optional>

using namespace mlir;
using namespace nasir::nas;

namespace {
/// Parses and evaluates in one pass (expressions are a few tokens long).
class Evaluator {
public:
  Evaluator(StringRef text, DictionaryAttr params)
      : text(text), params(params) {}

  Attribute run() {
    skip();
    // A lone parameter name: its value as it is, of any type.
    size_t start = pos;
    StringRef name = identifier();
    skip();
    if (!name.empty() && pos == text.size()) {
      Attribute v = params.get(name);
      if (!v)
        fail("no parameter '" + name.str() + "'");
      return v;
    }
    pos = start;
    std::optional<int64_t> v = expr();
    skip();
    if (v && pos != text.size())
      fail("unexpected '" + text.substr(pos, 1).str() + "'");
    if (!v || !error.empty())
      return {};
    return Builder(params.getContext()).getI64IntegerAttr(*v);
  }

  std::string error;

private:
  StringRef text;
  DictionaryAttr params;
  size_t pos = 0;

  std::nullopt_t fail(const std::string &msg) {
    if (error.empty())
      error = msg + " at column " + std::to_string(pos + 1);
    return std::nullopt;
  }
  std::nullopt_t failAt(size_t at, const std::string &msg) {
    pos = at;
    return fail(msg);
  }
  void skip() {
    while (pos < text.size() && llvm::isSpace(text[pos]))
      ++pos;
  }
  bool accept(StringRef t) {
    skip();
    if (!text.substr(pos).starts_with(t))
      return false;
    pos += t.size();
    return true;
  }
  StringRef identifier() {
    size_t start = pos;
    if (pos < text.size() && (llvm::isAlpha(text[pos]) || text[pos] == '_'))
      while (pos < text.size() && (llvm::isAlnum(text[pos]) || text[pos] == '_'))
        ++pos;
    return text.slice(start, pos);
  }

  std::optional<int64_t> expr() {
    auto v = term();
    while (v) {
      bool plus = accept("+");
      if (!plus && !accept("-"))
        break;
      size_t at = pos - 1; // errors of the operation point at its operator
      auto r = term();
      if (!r)
        return std::nullopt;
      int64_t out;
      bool ov = plus ? __builtin_add_overflow(*v, *r, &out)
                     : __builtin_sub_overflow(*v, *r, &out);
      if (ov)
        return failAt(at, "integer overflow");
      v = out;
    }
    return v;
  }

  std::optional<int64_t> term() {
    auto v = unary();
    while (v) {
      char op;
      if (accept("//") || accept("/"))
        op = '/';
      else if (accept("*"))
        op = '*';
      else if (accept("%"))
        op = '%';
      else
        break;
      size_t at = pos - 1;
      auto r = unary();
      if (!r)
        return std::nullopt;
      if (op == '*') {
        int64_t out;
        if (__builtin_mul_overflow(*v, *r, &out))
          return failAt(at, "integer overflow");
        v = out;
        continue;
      }
      if (*r == 0)
        return failAt(at, "division by zero");
      if (*v == INT64_MIN && *r == -1)
        return failAt(at, "integer overflow");
      // Floor division and a modulo with the divisor's sign (as Python).
      int64_t q = *v / *r, m = *v % *r;
      if (m != 0 && ((m < 0) != (*r < 0))) {
        --q;
        m += *r;
      }
      v = op == '/' ? q : m;
    }
    return v;
  }

  std::optional<int64_t> unary() {
    if (accept("-")) {
      auto v = unary();
      if (!v)
        return std::nullopt;
      if (*v == INT64_MIN)
        return fail("integer overflow");
      return -*v;
    }
    if (accept("(")) {
      auto v = expr();
      if (v && !accept(")"))
        return fail("expected ')'");
      return v;
    }
    skip();
    if (pos < text.size() && llvm::isDigit(text[pos])) {
      size_t start = pos;
      while (pos < text.size() && llvm::isDigit(text[pos]))
        ++pos;
      int64_t v;
      if (text.slice(start, pos).getAsInteger(10, v))
        return failAt(start, "integer does not fit in 64 bits");
      return v;
    }
    size_t start = pos;
    StringRef name = identifier();
    if (name.empty())
      return fail(pos < text.size() ? "unexpected '" + text.substr(pos, 1).str() + "'"
                                    : std::string("expected a value at the end"));
    Attribute a = params.get(name);
    if (!a) {
      pos = start;
      return fail("no parameter '" + name.str() + "'");
    }
    auto i = dyn_cast<IntegerAttr>(a);
    if (!i) {
      pos = start;
      return fail("parameter '" + name.str() + "' is not an integer");
    }
    return i.getInt();
  }
};
} // namespace

Attribute nasir::nas::evaluateBinding(StringRef expr, DictionaryAttr params,
                                      std::string &error) {
  Evaluator e(expr, params);
  Attribute v = e.run();
  error = e.error;
  return error.empty() ? v : Attribute();
}
