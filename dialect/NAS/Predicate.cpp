//===- Predicate.cpp - parse, evaluate and print nas.require predicates ---===//
#include "dialect/NAS/Predicate.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>

using namespace mlir;
using namespace nasir::nas;

bool nasir::nas::sameDecisionValue(Attribute a, Attribute b) {
  if (a == b)
    return true;
  auto fa = dyn_cast<FloatAttr>(a), fb = dyn_cast<FloatAttr>(b);
  auto ia = dyn_cast<IntegerAttr>(a), ib = dyn_cast<IntegerAttr>(b);
  if ((fa || ia) && (fb || ib)) {
    if (ia && ib)
      return ia.getInt() == ib.getInt();
    double x = fa ? fa.getValueAsDouble() : double(ia.getInt());
    double y = fb ? fb.getValueAsDouble() : double(ib.getInt());
    return x == y;
  }
  auto aa = dyn_cast<ArrayAttr>(a), ab = dyn_cast<ArrayAttr>(b);
  if (aa && ab && aa.size() == ab.size())
    return llvm::all_of(llvm::zip(aa, ab), [](auto p) {
      return sameDecisionValue(std::get<0>(p), std::get<1>(p));
    });
  return false;
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

namespace {
struct Token {
  enum Kind { End, Label, Int, Float, String, Keyword, Punct, Bad } kind;
  StringRef text;
  size_t pos;
};

class PredicateParser {
public:
  PredicateParser(StringRef text, MLIRContext *ctx) : text(text), b(ctx) {
    next();
  }

  std::optional<Predicate> parseAll() {
    auto p = implication();
    if (p && tok.kind != Token::End)
      return fail("expected 'and', 'or', 'implies' or the end, found '" +
                  tok.text.str() + "'");
    return p;
  }

  std::string error;
  unsigned column = 0;

private:
  StringRef text;
  Builder b;
  size_t pos = 0;
  Token tok{Token::End, "", 0};

  std::nullopt_t fail(const std::string &msg) {
    if (error.empty()) {
      error = msg;
      column = tok.pos + 1;
    }
    return std::nullopt;
  }

  static bool isLabelChar(char c) {
    return llvm::isAlnum(c) || c == '_' || c == '.' || c == '#' || c == '/';
  }

  void next() {
    while (pos < text.size() && llvm::isSpace(text[pos]))
      ++pos;
    size_t start = pos;
    auto make = [&](Token::Kind k) {
      tok = {k, text.slice(start, pos), start};
    };
    if (pos >= text.size())
      return make(Token::End);
    char c = text[pos];
    if (llvm::isAlpha(c) || c == '_') {
      while (pos < text.size() && isLabelChar(text[pos]))
        ++pos;
      StringRef word = text.slice(start, pos);
      bool kw = llvm::is_contained(
          {"and", "or", "not", "implies", "in", "true", "false"}, word);
      return make(kw ? Token::Keyword : Token::Label);
    }
    if (llvm::isDigit(c) || (c == '-' && pos + 1 < text.size() &&
                             (llvm::isDigit(text[pos + 1]) || text[pos + 1] == '.'))) {
      ++pos;
      bool isFloat = false;
      while (pos < text.size() &&
             (llvm::isDigit(text[pos]) || text[pos] == '.' || text[pos] == 'e' ||
              text[pos] == 'E' ||
              ((text[pos] == '-' || text[pos] == '+') &&
               (text[pos - 1] == 'e' || text[pos - 1] == 'E')))) {
        isFloat |= !llvm::isDigit(text[pos]);
        ++pos;
      }
      return make(isFloat ? Token::Float : Token::Int);
    }
    if (c == '`') { // a quoted label: any text but a backquote
      ++pos;
      while (pos < text.size() && text[pos] != '`')
        ++pos;
      if (pos >= text.size())
        return make(Token::Bad);
      ++pos;
      tok = {Token::Label, text.slice(start + 1, pos - 1), start};
      return;
    }
    if (c == '\'') {
      ++pos;
      while (pos < text.size() && text[pos] != '\'')
        ++pos;
      if (pos >= text.size())
        return make(Token::Bad);
      ++pos;
      return make(Token::String);
    }
    for (StringRef p : {"==", "!=", "<=", ">=", "<", ">", "(", ")", "[", "]", ","})
      if (text.substr(pos).starts_with(p)) {
        pos += p.size();
        return make(Token::Punct);
      }
    ++pos;
    make(Token::Bad);
  }

  bool accept(Token::Kind k, StringRef t) {
    if (tok.kind != k || tok.text != t)
      return false;
    next();
    return true;
  }

  std::optional<Predicate> implication() {
    auto lhs = disjunction();
    if (!lhs || !accept(Token::Keyword, "implies"))
      return lhs;
    auto rhs = implication();
    if (!rhs)
      return std::nullopt;
    Predicate p;
    p.kind = Predicate::Implies;
    p.operands = {std::move(*lhs), std::move(*rhs)};
    return p;
  }

  std::optional<Predicate> chain(Predicate::Kind kind, StringRef word,
                                 std::optional<Predicate> (PredicateParser::*sub)()) {
    auto first = (this->*sub)();
    if (!first || !(tok.kind == Token::Keyword && tok.text == word))
      return first;
    Predicate p;
    p.kind = kind;
    p.operands.push_back(std::move(*first));
    while (accept(Token::Keyword, word)) {
      auto more = (this->*sub)();
      if (!more)
        return std::nullopt;
      p.operands.push_back(std::move(*more));
    }
    return p;
  }

  std::optional<Predicate> disjunction() {
    return chain(Predicate::Or, "or", &PredicateParser::conjunction);
  }
  std::optional<Predicate> conjunction() {
    return chain(Predicate::And, "and", &PredicateParser::negation);
  }

  std::optional<Predicate> negation() {
    if (accept(Token::Keyword, "not")) {
      auto inner = negation();
      if (!inner)
        return std::nullopt;
      Predicate p;
      p.kind = Predicate::Not;
      p.operands.push_back(std::move(*inner));
      return p;
    }
    if (accept(Token::Punct, "(")) {
      auto inner = implication();
      if (!inner)
        return std::nullopt;
      if (!accept(Token::Punct, ")"))
        return fail("expected ')'");
      return inner;
    }
    if (accept(Token::Keyword, "true"))
      return Predicate::constant(true);
    if (accept(Token::Keyword, "false"))
      return Predicate::constant(false);
    return comparison();
  }

  std::optional<Attribute> literal() {
    Token t = tok;
    if (t.kind == Token::Int) {
      int64_t v;
      if (t.text.getAsInteger(10, v))
        return fail("integer '" + t.text.str() + "' does not fit in 64 bits");
      next();
      return b.getI64IntegerAttr(v);
    }
    if (t.kind == Token::Float) {
      double v;
      if (t.text.getAsDouble(v) || !std::isfinite(v))
        return fail("'" + t.text.str() + "' is not a number");
      next();
      return b.getF64FloatAttr(v);
    }
    if (t.kind == Token::String) {
      next();
      return b.getStringAttr(t.text.drop_front().drop_back());
    }
    if (t.kind == Token::Bad && t.text.starts_with("'"))
      return fail("unterminated string");
    if (t.kind == Token::Bad && t.text.starts_with("`"))
      return fail("unterminated quoted label");
    return fail(t.kind == Token::End
                    ? std::string("expected a label or a value at the end")
                    : "expected a label or a value, found '" + t.text.str() + "'");
  }

  std::optional<Predicate::Operand> operand() {
    if (tok.kind == Token::Label) {
      Predicate::Operand o{tok.text.str(), {}};
      next();
      return o;
    }
    auto lit = literal();
    if (!lit)
      return std::nullopt;
    return Predicate::Operand{"", *lit};
  }

  std::optional<Predicate> comparison() {
    Token start = tok;
    auto lhs = operand();
    if (!lhs)
      return std::nullopt;
    Predicate p;
    if (accept(Token::Keyword, "in")) {
      if (lhs->label.empty()) {
        tok = start; // point at the operand
        return fail("'in' needs a label on its left");
      }
      p.kind = Predicate::In;
      p.lhs = std::move(*lhs);
      if (!accept(Token::Punct, "["))
        return fail("expected '[' after 'in'");
      do {
        auto lit = literal();
        if (!lit)
          return std::nullopt;
        p.set.push_back(*lit);
      } while (accept(Token::Punct, ","));
      if (!accept(Token::Punct, "]"))
        return fail("expected ',' or ']'");
      return p;
    }
    static const std::pair<StringRef, Predicate::CmpOp> ops[] = {
        {"==", Predicate::Eq}, {"!=", Predicate::Ne}, {"<", Predicate::Lt},
        {"<=", Predicate::Le}, {">", Predicate::Gt},  {">=", Predicate::Ge}};
    auto op = llvm::find_if(ops, [&](auto &o) {
      return tok.kind == Token::Punct && tok.text == o.first;
    });
    if (op == std::end(ops))
      return fail(tok.kind == Token::End
                      ? std::string("expected a comparison at the end")
                      : "expected a comparison (==, !=, <, <=, >, >=, in), found '" +
                            tok.text.str() + "'");
    next();
    auto rhs = operand();
    if (!rhs)
      return std::nullopt;
    if (lhs->label.empty() && rhs->label.empty()) {
      tok = start;
      return fail("a comparison needs a label on one side");
    }
    p.kind = Predicate::Compare;
    p.cmp = op->second;
    p.lhs = std::move(*lhs);
    p.rhs = std::move(*rhs);
    return p;
  }
};
} // namespace

std::optional<Predicate> Predicate::parse(StringRef text, MLIRContext *ctx,
                                          std::string &error, unsigned &column) {
  PredicateParser parser(text, ctx);
  auto p = parser.parseAll();
  error = parser.error;
  column = parser.column;
  return p;
}

//===----------------------------------------------------------------------===//
// Labels, evaluation
//===----------------------------------------------------------------------===//

std::vector<std::string> Predicate::labels() const {
  std::vector<std::string> out;
  llvm::StringSet<> seen;
  std::function<void(const Predicate &)> walk = [&](const Predicate &p) {
    for (const Operand *o : {&p.lhs, &p.rhs})
      if ((p.kind == Compare || (p.kind == In && o == &p.lhs)) &&
          !o->label.empty() && seen.insert(o->label).second)
        out.push_back(o->label);
    for (const Predicate &q : p.operands)
      walk(q);
  };
  walk(*this);
  return out;
}

void Predicate::renameLabels(llvm::function_ref<std::string(StringRef)> fn) {
  for (Operand *o : {&lhs, &rhs})
    if (!o->label.empty())
      o->label = fn(o->label);
  for (Predicate &q : operands)
    q.renameLabels(fn);
}

/// a <op> b for two known values; nullopt when they do not compare (a string
/// ordered against a number).
static std::optional<bool> compare(Attribute a, Predicate::CmpOp op,
                                   Attribute b) {
  if (op == Predicate::Eq || op == Predicate::Ne)
    return sameDecisionValue(a, b) == (op == Predicate::Eq);
  auto num = [](Attribute x) -> std::optional<double> {
    if (auto i = dyn_cast<IntegerAttr>(x))
      return double(i.getInt());
    if (auto f = dyn_cast<FloatAttr>(x))
      return f.getValueAsDouble();
    return std::nullopt;
  };
  auto x = num(a), y = num(b);
  if (!x || !y)
    return std::nullopt;
  switch (op) {
  case Predicate::Lt: return *x < *y;
  case Predicate::Le: return *x <= *y;
  case Predicate::Gt: return *x > *y;
  default: return *x >= *y;
  }
}

Predicate Predicate::partiallyEvaluate(
    llvm::function_ref<Attribute(StringRef)> lookup) const {
  auto valueOf = [&](const Operand &o) {
    return o.label.empty() ? o.literal : lookup(o.label);
  };
  switch (kind) {
  case Const:
    return *this;
  case Compare: {
    Attribute a = valueOf(lhs), b = valueOf(rhs);
    if (a && b)
      return constant(compare(a, cmp, b).value_or(false));
    Predicate p = *this; // substitute the side that is known
    for (auto [o, v] : {std::pair{&p.lhs, a}, std::pair{&p.rhs, b}})
      if (v)
        *o = Operand{"", v};
    return p;
  }
  case In: {
    Attribute a = valueOf(lhs);
    if (!a)
      return *this;
    return constant(llvm::any_of(
        set, [&](Attribute v) { return sameDecisionValue(a, v); }));
  }
  case Not: {
    Predicate inner = operands[0].partiallyEvaluate(lookup);
    if (inner.kind == Const)
      return constant(!inner.value);
    Predicate p;
    p.kind = Not;
    p.operands.push_back(std::move(inner));
    return p;
  }
  case And:
  case Or: {
    // `and` drops true operands and is false with one false; `or` dually.
    bool absorbing = kind == Or;
    Predicate p;
    p.kind = kind;
    for (const Predicate &q : operands) {
      Predicate r = q.partiallyEvaluate(lookup);
      if (r.kind == Const) {
        if (r.value == absorbing)
          return constant(absorbing);
        continue;
      }
      p.operands.push_back(std::move(r));
    }
    if (p.operands.empty())
      return constant(!absorbing);
    if (p.operands.size() == 1)
      return std::move(p.operands[0]);
    return p;
  }
  case Implies: {
    Predicate a = operands[0].partiallyEvaluate(lookup);
    Predicate c = operands[1].partiallyEvaluate(lookup);
    if ((a.kind == Const && !a.value) || (c.kind == Const && c.value))
      return constant(true);
    if (a.kind == Const)
      return c;
    if (c.kind == Const) { // a implies false == not a
      Predicate p;
      p.kind = Not;
      p.operands.push_back(std::move(a));
      return p;
    }
    Predicate p;
    p.kind = Implies;
    p.operands = {std::move(a), std::move(c)};
    return p;
  }
  }
  return *this;
}

std::optional<bool>
Predicate::evaluate(llvm::function_ref<Attribute(StringRef)> lookup) const {
  Predicate p = partiallyEvaluate(lookup);
  if (p.kind != Const)
    return std::nullopt;
  return p.value;
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

static void printLiteral(llvm::raw_ostream &os, Attribute a) {
  if (auto s = dyn_cast<StringAttr>(a))
    os << '\'' << s.getValue() << '\'';
  else if (auto i = dyn_cast<IntegerAttr>(a))
    os << i.getInt();
  else if (auto list = dyn_cast<ArrayAttr>(a)) { // an input choice's subset
    os << '[';
    llvm::interleaveComma(list, os, [&](Attribute e) { printLiteral(os, e); });
    os << ']';
  } else if (auto f = dyn_cast<FloatAttr>(a)) {
    // Shortest text that reads back as the same double, always with a '.'
    // or an exponent so that it stays a float.
    std::string s;
    for (int prec = 1; prec <= 17; ++prec) {
      char buf[40];
      snprintf(buf, sizeof buf, "%.*g", prec, f.getValueAsDouble());
      if (std::strtod(buf, nullptr) == f.getValueAsDouble()) {
        s = buf;
        break;
      }
    }
    if (s.find_first_of(".eEn") == std::string::npos)
      s += ".0";
    os << s;
  }
}

static bool isPlainLabel(StringRef l) {
  return !l.empty() && (llvm::isAlpha(l[0]) || l[0] == '_') &&
         llvm::all_of(l, [](char c) {
           return llvm::isAlnum(c) || c == '_' || c == '.' || c == '#' ||
                  c == '/';
         }) &&
         !llvm::is_contained(
             {"and", "or", "not", "implies", "in", "true", "false"}, l);
}

static void printOperand(llvm::raw_ostream &os, const Predicate::Operand &o) {
  if (!o.label.empty() && isPlainLabel(o.label))
    os << o.label;
  else if (!o.label.empty())
    os << '`' << o.label << '`';
  else
    printLiteral(os, o.literal);
}

/// Binding strength: implies < or < and < not < comparison.
static int strength(const Predicate &p) {
  switch (p.kind) {
  case Predicate::Implies: return 0;
  case Predicate::Or: return 1;
  case Predicate::And: return 2;
  case Predicate::Not: return 3;
  default: return 4;
  }
}

void Predicate::print(llvm::raw_ostream &os) const {
  auto sub = [&](const Predicate &q, int atLeast) {
    bool parens = strength(q) < atLeast;
    if (parens)
      os << '(';
    q.print(os);
    if (parens)
      os << ')';
  };
  switch (kind) {
  case Const:
    os << (value ? "true" : "false");
    return;
  case Compare: {
    static const char *names[] = {"==", "!=", "<", "<=", ">", ">="};
    printOperand(os, lhs);
    os << ' ' << names[cmp] << ' ';
    printOperand(os, rhs);
    return;
  }
  case In:
    printOperand(os, lhs);
    os << " in [";
    llvm::interleaveComma(set, os, [&](Attribute a) { printLiteral(os, a); });
    os << ']';
    return;
  case Not:
    os << "not ";
    sub(operands[0], 3);
    return;
  case And:
  case Or:
    llvm::interleave(
        operands, os, [&](const Predicate &q) { sub(q, strength(*this) + 1); },
        kind == And ? " and " : " or ");
    return;
  case Implies:
    // `a implies (b or c)`: parenthesized although `implies` binds last.
    sub(operands[0], 2);
    os << " implies ";
    sub(operands[1], 2);
    return;
  }
}

std::string Predicate::str() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  print(os);
  return s;
}
