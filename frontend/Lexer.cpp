//===- Lexer.cpp - tokens of the .nas language ----------------------------===//
#include "frontend/Lexer.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Format.h"
#include <cmath>
#include <limits>

using namespace nasir::frontend;
using llvm::SMLoc;

const char *nasir::frontend::spell(Tok kind) {
  switch (kind) {
  case Tok::Eof: return "end of file";
  case Tok::Error: return "invalid character";
  case Tok::Ident: return "a name";
  case Tok::Int: return "an integer";
  case Tok::Float: return "a number";
  case Tok::String: return "a string";
  case Tok::KwDef: return "'def'";
  case Tok::KwSpace: return "'space'";
  case Tok::KwImport: return "'import'";
  case Tok::KwOp: return "'op'";
  case Tok::KwShared: return "'shared'";
  case Tok::KwFor: return "'for'";
  case Tok::KwIn: return "'in'";
  case Tok::KwIf: return "'if'";
  case Tok::KwElse: return "'else'";
  case Tok::KwRepeat: return "'repeat'";
  case Tok::KwReturn: return "'return'";
  case Tok::KwConstraint: return "'constraint'";
  case Tok::KwMaximize: return "'maximize'";
  case Tok::KwMinimize: return "'minimize'";
  case Tok::KwOneOf: return "'one_of'";
  case Tok::KwPick: return "'pick'";
  case Tok::KwOf: return "'of'";
  case Tok::KwAs: return "'as'";
  case Tok::KwTrue: return "'true'";
  case Tok::KwFalse: return "'false'";
  case Tok::KwRequire: return "'require'";
  case Tok::KwNot: return "'not'";
  case Tok::KwAnd: return "'and'";
  case Tok::KwOr: return "'or'";
  case Tok::KwImplies: return "'implies'";
  case Tok::LParen: return "'('";
  case Tok::RParen: return "')'";
  case Tok::LBrace: return "'{'";
  case Tok::RBrace: return "'}'";
  case Tok::LBracket: return "'['";
  case Tok::RBracket: return "']'";
  case Tok::Comma: return "','";
  case Tok::Colon: return "':'";
  case Tok::Semi: return "';'";
  case Tok::Assign: return "'='";
  case Tok::Plus: return "'+'";
  case Tok::Minus: return "'-'";
  case Tok::Star: return "'*'";
  case Tok::Slash: return "'/'";
  case Tok::SlashSlash: return "'//'";
  case Tok::Percent: return "'%'";
  case Tok::Pipe: return "'|'";
  case Tok::DotDot: return "'..'";
  case Tok::Less: return "'<'";
  case Tok::LessEq: return "'<='";
  case Tok::Greater: return "'>'";
  case Tok::GreaterEq: return "'>='";
  case Tok::EqEq: return "'=='";
  case Tok::NotEq: return "'!='";
  }
  return "token";
}

static bool isIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool isDigit(char c) { return c >= '0' && c <= '9'; }
static bool isIdentChar(char c) { return isIdentStart(c) || isDigit(c); }

Token Lexer::next() {
  while (true) {
    // Skip blanks and comments.
    while (cur < end) {
      char c = *cur;
      if (c == '\n') {
        atLineStart = true;
        ++cur;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++cur;
      } else if (c == '#') {
        while (cur < end && *cur != '\n')
          ++cur;
      } else {
        break;
      }
    }
    if (cur >= end)
      return make(Tok::Eof, cur);

    const char *start = cur;
    char c = *cur++;
    if (isIdentStart(c)) {
      while (cur < end && isIdentChar(*cur))
        ++cur;
      llvm::StringRef word(start, cur - start);
      Tok kind = llvm::StringSwitch<Tok>(word)
                     .Case("def", Tok::KwDef)
                     .Case("space", Tok::KwSpace)
                     .Case("import", Tok::KwImport)
                     .Case("op", Tok::KwOp)
                     .Case("shared", Tok::KwShared)
                     .Case("for", Tok::KwFor)
                     .Case("in", Tok::KwIn)
                     .Case("if", Tok::KwIf)
                     .Case("else", Tok::KwElse)
                     .Case("repeat", Tok::KwRepeat)
                     .Case("return", Tok::KwReturn)
                     .Case("constraint", Tok::KwConstraint)
                     .Case("maximize", Tok::KwMaximize)
                     .Case("minimize", Tok::KwMinimize)
                     .Case("one_of", Tok::KwOneOf)
                     .Case("pick", Tok::KwPick)
                     .Case("of", Tok::KwOf)
                     .Case("as", Tok::KwAs)
                     .Case("true", Tok::KwTrue)
                     .Case("false", Tok::KwFalse)
                     .Case("require", Tok::KwRequire)
                     .Case("not", Tok::KwNot)
                     .Case("and", Tok::KwAnd)
                     .Case("or", Tok::KwOr)
                     .Case("implies", Tok::KwImplies)
                     .Default(Tok::Ident);
      return make(kind, start);
    }
    if (isDigit(c))
      return lexNumber(start);
    if (c == '"')
      return lexString(start);

    auto two = [&](char second) {
      if (cur < end && *cur == second) {
        ++cur;
        return true;
      }
      return false;
    };
    switch (c) {
    case '(': return make(Tok::LParen, start);
    case ')': return make(Tok::RParen, start);
    case '{': return make(Tok::LBrace, start);
    case '}': return make(Tok::RBrace, start);
    case '[': return make(Tok::LBracket, start);
    case ']': return make(Tok::RBracket, start);
    case ',': return make(Tok::Comma, start);
    case ':': return make(Tok::Colon, start);
    case ';': return make(Tok::Semi, start);
    case '+': return make(Tok::Plus, start);
    case '-': return make(Tok::Minus, start);
    case '*': return make(Tok::Star, start);
    case '%': return make(Tok::Percent, start);
    case '|': return make(Tok::Pipe, start);
    case '/': return make(two('/') ? Tok::SlashSlash : Tok::Slash, start);
    case '=': return make(two('=') ? Tok::EqEq : Tok::Assign, start);
    case '<': return make(two('=') ? Tok::LessEq : Tok::Less, start);
    case '>': return make(two('=') ? Tok::GreaterEq : Tok::Greater, start);
    case '.':
      if (two('.'))
        return make(Tok::DotDot, start);
      break;
    case '!':
      if (two('='))
        return make(Tok::NotEq, start);
      break;
    default:
      break;
    }
    // An unexpected character: report it once for a whole run of them
    // (binary garbage gives one error, not thousands).
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f)
      report(SMLoc::getFromPointer(start),
             llvm::Twine("unexpected character '") + llvm::Twine(c) + "'");
    else
      report(SMLoc::getFromPointer(start),
             "unexpected byte 0x" + llvm::Twine::utohexstr(u) +
                 " (the file is not .nas text)");
    while (cur < end) {
      char d = *cur;
      if (isIdentChar(d) || d == ' ' || d == '\n' || d == '\t' || d == '(' ||
          d == ')' || d == '{' || d == '}' || d == '[' || d == ']' ||
          d == ',' || d == '=' || d == '#')
        break;
      ++cur;
    }
    return make(Tok::Error, start);
  }
}

Token Lexer::lexNumber(const char *start) {
  while (cur < end && isDigit(*cur))
    ++cur;
  bool isFloat = false;
  // `0..4` is a range, not `0.` followed by `.4`.
  if (cur + 1 < end && *cur == '.' && isDigit(cur[1])) {
    isFloat = true;
    ++cur;
    while (cur < end && isDigit(*cur))
      ++cur;
  }
  llvm::StringRef digits(start, cur - start);
  // Magnitude suffixes for constraints: 5M, 600M, 1.5G, 10K.
  int64_t scale = 1;
  if (cur < end && (*cur == 'K' || *cur == 'M' || *cur == 'G') &&
      !(cur + 1 < end && isIdentChar(cur[1]))) {
    scale = *cur == 'K' ? 1000 : *cur == 'M' ? 1000000 : 1000000000;
    ++cur;
  }
  if (cur < end && isIdentChar(*cur)) {
    while (cur < end && isIdentChar(*cur))
      ++cur;
    report(SMLoc::getFromPointer(start),
           "malformed number '" + llvm::StringRef(start, cur - start) + "'");
    return make(Tok::Error, start);
  }
  Token t;
  if (!isFloat) {
    uint64_t v = 0;
    bool overflow = false;
    for (char d : digits) {
      if (v > (uint64_t(std::numeric_limits<int64_t>::max()) - (d - '0')) / 10) {
        overflow = true;
        break;
      }
      v = v * 10 + (d - '0');
    }
    if (!overflow && v > uint64_t(std::numeric_limits<int64_t>::max()) / scale)
      overflow = true;
    if (overflow) {
      report(SMLoc::getFromPointer(start),
             "integer " + llvm::StringRef(start, cur - start) +
                 " is too large (the limit is 2^63-1)");
      return make(Tok::Error, start);
    }
    t = make(Tok::Int, start);
    t.intValue = int64_t(v) * scale;
    return t;
  }
  double d = std::strtod(std::string(digits).c_str(), nullptr) * scale;
  if (!std::isfinite(d)) {
    report(SMLoc::getFromPointer(start), "number is too large");
    return make(Tok::Error, start);
  }
  if (scale != 1 && d == std::floor(d) && d < 9.2e18) {
    t = make(Tok::Int, start);
    t.intValue = int64_t(d);
    return t;
  }
  t = make(Tok::Float, start);
  t.floatValue = d;
  return t;
}

Token Lexer::lexString(const char *start) {
  std::string value;
  while (cur < end && *cur != '"' && *cur != '\n') {
    if (*cur == '\\' && cur + 1 < end && cur[1] != '\n') {
      ++cur;
    }
    value.push_back(*cur++);
  }
  if (cur >= end || *cur != '"') {
    report(SMLoc::getFromPointer(start), "unterminated string");
    return make(Tok::Error, start);
  }
  ++cur;
  Token t = make(Tok::String, start);
  t.strValue = std::move(value);
  return t;
}
