//===- Lexer.h - tokens of the .nas language --------------------*- C++ -*-===//
//
// The lexer turns one source buffer into tokens. Every token carries its
// location (an SMLoc into the buffer). Newlines are not tokens: statements
// need no terminator because the grammar never lets an expression continue
// with a token that can start a statement (`;` is accepted and ignored). A
// token remembers whether it starts a line, which the parser uses to resume
// after an error.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_FRONTEND_LEXER_H
#define NASIR_FRONTEND_LEXER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/SMLoc.h"
#include <cstdint>
#include <functional>
#include <string>

namespace nasir::frontend {

enum class Tok {
  Eof,
  Error, // an unexpected character; already reported
  Ident,
  Int,
  Float,
  String,
  // keywords
  KwDef, KwSpace, KwImport, KwOp, KwShared, KwFor, KwIn, KwIf, KwElse,
  KwRepeat, KwReturn, KwConstraint, KwMaximize, KwMinimize, KwOneOf, KwPick,
  KwOf, KwAs, KwTrue, KwFalse, KwRequire, KwNot, KwAnd, KwOr, KwImplies,
  // punctuation
  LParen, RParen, LBrace, RBrace, LBracket, RBracket, Comma, Colon, Semi,
  Assign, Plus, Minus, Star, Slash, SlashSlash, Percent, Pipe, DotDot,
  Less, LessEq, Greater, GreaterEq, EqEq, NotEq,
};

/// A printable name of a token kind, for "expected X" messages.
const char *spell(Tok kind);

struct Token {
  Tok kind = Tok::Eof;
  llvm::StringRef text;  // the source text
  llvm::SMLoc loc;
  bool startsLine = false;
  int64_t intValue = 0;  // Int
  double floatValue = 0; // Float
  std::string strValue;  // String (unescaped)
};

class Lexer {
public:
  /// `report(loc, message)` receives lexical errors.
  Lexer(llvm::StringRef buffer,
        std::function<void(llvm::SMLoc, const llvm::Twine &)> report)
      : cur(buffer.begin()), end(buffer.end()), report(std::move(report)) {}

  Token next();

private:
  Token lexNumber(const char *start);
  Token lexString(const char *start);
  Token make(Tok kind, const char *start) {
    Token t;
    t.kind = kind;
    t.text = llvm::StringRef(start, cur - start);
    t.loc = llvm::SMLoc::getFromPointer(start);
    t.startsLine = atLineStart;
    atLineStart = false;
    return t;
  }

  const char *cur, *end;
  bool atLineStart = true;
  std::function<void(llvm::SMLoc, const llvm::Twine &)> report;
};

} // namespace nasir::frontend

#endif
