//===- Parser.cpp - recursive-descent parser of .nas files ----------------===//
#include "frontend/Parser.h"

using namespace nasir::frontend;
using llvm::SMLoc;

Parser::Nest::Nest(Parser &p) : p(p), ok(true) {
  if (++p.depth > kMaxDepth) {
    ok = false;
    if (!p.fatal)
      p.error(p.tok.loc, "nesting is deeper than " + llvm::Twine(kMaxDepth) +
                             " levels");
    p.fatal = true;
  }
}

Parser::Parser(llvm::StringRef buffer, std::string path, ReportFn report)
    : lexer(buffer,
            [this](SMLoc loc, const llvm::Twine &msg) { error(loc, msg); }),
      path(std::move(path)), report(std::move(report)) {
  advance();
}

void Parser::error(SMLoc loc, const llvm::Twine &msg) {
  if (fatal)
    return;
  if (++numErrors > kMaxErrors) {
    report(loc, "too many errors; giving up");
    fatal = true;
    return;
  }
  report(loc, msg);
}

void Parser::errorAtToken(const llvm::Twine &msg) {
  // The lexer already reported an invalid token.
  if (tok.kind == Tok::Error)
    return;
  error(tok.loc, msg);
}

std::string Parser::found() const {
  return tok.kind == Tok::Eof ? std::string("end of file")
                              : "'" + tok.text.str() + "'";
}

bool Parser::expect(Tok kind, const char *context) {
  if (consumeIf(kind))
    return true;
  errorAtToken(llvm::Twine("expected ") + spell(kind) + " " + context +
               ", found " + found());
  return false;
}

bool Parser::expectIdent(std::string &name, SMLoc &loc, const char *what) {
  if (tok.kind != Tok::Ident) {
    errorAtToken(llvm::Twine("expected ") + what + ", found " + found());
    return false;
  }
  name = tok.text.str();
  loc = tok.loc;
  advance();
  return true;
}

void Parser::recoverStatement() {
  int braces = 0;
  while (tok.kind != Tok::Eof && !fatal) {
    if (tok.startsLine && braces == 0 &&
        (tok.kind == Tok::RBrace || tok.kind == Tok::Ident ||
         tok.kind == Tok::KwShared || tok.kind == Tok::KwOp ||
         tok.kind == Tok::KwFor || tok.kind == Tok::KwIf ||
         tok.kind == Tok::KwRepeat || tok.kind == Tok::KwReturn ||
         tok.kind == Tok::KwConstraint || tok.kind == Tok::KwMaximize ||
         tok.kind == Tok::KwMinimize || tok.kind == Tok::KwRequire ||
         tok.kind == Tok::KwDef || tok.kind == Tok::KwSpace ||
         tok.kind == Tok::KwImport))
      return;
    if (tok.kind == Tok::LBrace)
      ++braces;
    else if (tok.kind == Tok::RBrace && braces > 0)
      --braces;
    advance();
  }
}

void Parser::recoverDecl() {
  while (tok.kind != Tok::Eof && !fatal) {
    if (tok.startsLine && (tok.kind == Tok::KwDef || tok.kind == Tok::KwSpace ||
                           tok.kind == Tok::KwImport))
      return;
    advance();
  }
}

ExprPtr Parser::checkHeight(ExprPtr e) {
  if (e && e->height > kMaxHeight) {
    if (!fatal)
      error(e->getLoc(), "expression is too large (more than " +
                             llvm::Twine(kMaxHeight) + " nested operations)");
    fatal = true;
    return nullptr;
  }
  return e;
}

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

/// file ::= { import | def | space }
std::unique_ptr<FileAST> Parser::parseFile() {
  auto file = std::make_unique<FileAST>();
  file->path = path;
  while (tok.kind != Tok::Eof && !fatal) {
    switch (tok.kind) {
    case Tok::KwImport:
      if (!parseImport(*file))
        recoverDecl();
      break;
    case Tok::KwDef:
      if (auto d = parseDef())
        file->defs.push_back(std::move(d));
      else
        recoverDecl();
      break;
    case Tok::KwSpace:
      if (auto s = parseSpace())
        file->spaces.push_back(std::move(s));
      else
        recoverDecl();
      break;
    default:
      errorAtToken("expected 'import', 'def' or 'space' at the top level, "
                   "found '" + tok.text + "'");
      advance();
      recoverDecl();
      break;
    }
  }
  return file;
}

/// import ::= 'import' STRING
bool Parser::parseImport(FileAST &file) {
  SMLoc loc = tok.loc;
  advance();
  if (tok.kind != Tok::String) {
    errorAtToken("expected a file name in quotes after 'import'");
    return false;
  }
  file.imports.push_back({tok.strValue, loc});
  advance();
  return true;
}

/// params ::= param { ',' param } ;  param ::= IDENT [ '=' expr ]
bool Parser::parseParams(std::vector<Param> &params) {
  if (tok.kind == Tok::RParen)
    return true;
  do {
    Param p;
    if (!expectIdent(p.name, p.loc, "a parameter name"))
      return false;
    if (consumeIf(Tok::Assign)) {
      p.defaultValue = parseExpr();
      if (!p.defaultValue)
        return false;
    }
    params.push_back(std::move(p));
  } while (consumeIf(Tok::Comma));
  return true;
}

/// def ::= 'def' IDENT '(' [ params ] ')' block
std::unique_ptr<DefDecl> Parser::parseDef() {
  auto def = std::make_unique<DefDecl>();
  advance();
  if (!expectIdent(def->name, def->loc, "a definition name after 'def'") ||
      !expect(Tok::LParen, "after the definition name") ||
      !parseParams(def->params) ||
      !expect(Tok::RParen, "after the parameters") || !parseBlock(def->body))
    return nullptr;
  return def;
}

/// space ::= 'space' IDENT '(' 'input' list [ ',' 'classes' expr ] ')' block
std::unique_ptr<SpaceDecl> Parser::parseSpace() {
  auto space = std::make_unique<SpaceDecl>();
  advance();
  if (!expectIdent(space->name, space->loc, "a space name after 'space'") ||
      !expect(Tok::LParen, "after the space name"))
    return nullptr;
  if (tok.kind != Tok::Ident || tok.text != "input") {
    errorAtToken("expected 'input [C, H, W]' (the default input shape) as the "
                 "first space parameter");
    return nullptr;
  }
  space->inputLoc = tok.loc;
  advance();
  if (!expect(Tok::LBracket, "before the input shape") ||
      !parseExprList(Tok::RBracket, space->inputShape))
    return nullptr;
  if (consumeIf(Tok::Comma)) {
    if (tok.kind != Tok::Ident || tok.text != "classes") {
      errorAtToken("expected 'classes N' after the input shape");
      return nullptr;
    }
    advance();
    space->classes = parseExpr();
    if (!space->classes)
      return nullptr;
  }
  if (!expect(Tok::RParen, "after the space parameters") ||
      !parseBlock(space->body))
    return nullptr;
  return space;
}

/// block ::= '{' { stmt [ ';' ] } '}'
bool Parser::parseBlock(Block &block) {
  Nest nest(*this);
  if (!nest)
    return false;
  if (!expect(Tok::LBrace, "to open a block"))
    return false;
  while (tok.kind != Tok::RBrace && tok.kind != Tok::Eof && !fatal) {
    if (consumeIf(Tok::Semi))
      continue;
    if (StmtPtr s = parseStmt()) {
      block.push_back(std::move(s));
      continue;
    }
    if (fatal)
      return false;
    recoverStatement();
    if (tok.kind == Tok::KwDef || tok.kind == Tok::KwSpace ||
        tok.kind == Tok::KwImport)
      return false;
  }
  return expect(Tok::RBrace, "to close the block");
}

/// stmt ::= [ 'shared' ] IDENT '=' expr
///        | [ 'shared' ] 'op' IDENT '(' [ params ] ')' '=' expr
///        | [ 'shared' ] 'repeat' count '(' IDENT ')' [ 'shared' ] block
///        | 'for' IDENT 'in' expr '..' expr block
///        | 'if' expr block [ 'else' ( block | if ) ]
///        | 'return' expr
///        | 'constraint' IDENT '<=' expr
///        | ( 'maximize' | 'minimize' ) IDENT
///        | 'require' implication
StmtPtr Parser::parseStmt() {
  SMLoc loc = tok.loc;
  bool shared = consumeIf(Tok::KwShared);
  switch (tok.kind) {
  case Tok::Ident: {
    auto s = std::make_unique<AssignStmt>(loc);
    s->shared = shared;
    s->name = tok.text.str();
    advance();
    if (!expect(Tok::Assign, "after the name (statements are `name = expr`)"))
      return nullptr;
    s->value = parseExpr();
    return s->value ? std::move(s) : nullptr;
  }
  case Tok::KwOp: {
    advance();
    auto s = std::make_unique<OpDefStmt>(loc);
    s->shared = shared;
    SMLoc nameLoc;
    if (!expectIdent(s->name, nameLoc, "a name after 'op'") ||
        !expect(Tok::LParen, "after the op name") || !parseParams(s->params) ||
        !expect(Tok::RParen, "after the parameters") ||
        !expect(Tok::Assign, "before the op's choice"))
      return nullptr;
    s->body = parseExpr();
    return s->body ? std::move(s) : nullptr;
  }
  case Tok::KwRepeat:
    return parseRepeat(shared);
  default:
    break;
  }
  if (shared) {
    errorAtToken("'shared' applies to an assignment, an 'op' or a 'repeat'");
    return nullptr;
  }
  switch (tok.kind) {
  case Tok::KwFor:
    return parseFor();
  case Tok::KwIf:
    return parseIf();
  case Tok::KwReturn: {
    advance();
    auto s = std::make_unique<ReturnStmt>(loc);
    s->value = parseExpr();
    return s->value ? std::move(s) : nullptr;
  }
  case Tok::KwConstraint: {
    advance();
    auto s = std::make_unique<ConstraintStmt>(loc);
    if (!expectIdent(
            s->metric, s->metricLoc,
            "a metric (params, flops, macs, edges or fits) after 'constraint'"))
      return nullptr;
    if (s->metric == "fits" && tok.kind != Tok::LessEq)
      return s; // no bound: skip the candidates whose shapes do not fit
    if (!expect(Tok::LessEq, "after the constrained metric"))
      return nullptr;
    s->bound = parseExpr();
    return s->bound ? std::move(s) : nullptr;
  }
  case Tok::KwMaximize:
  case Tok::KwMinimize: {
    auto s = std::make_unique<ObjectiveStmt>(loc);
    s->maximize = tok.kind == Tok::KwMaximize;
    advance();
    if (!expectIdent(s->metric, s->metricLoc, "a metric to optimize"))
      return nullptr;
    return s;
  }
  case Tok::KwRequire:
    return parseRequire();
  default:
    errorAtToken("expected a statement, found '" + tok.text + "'");
    return nullptr;
  }
}

/// for ::= 'for' IDENT 'in' expr '..' expr block
StmtPtr Parser::parseFor() {
  auto s = std::make_unique<ForStmt>(tok.loc);
  advance();
  SMLoc varLoc;
  if (!expectIdent(s->var, varLoc, "a loop variable after 'for'") ||
      !expect(Tok::KwIn, "after the loop variable"))
    return nullptr;
  s->from = parseAdditive();
  if (!s->from || !expect(Tok::DotDot, "in the loop range (`from..to`)"))
    return nullptr;
  s->to = parseAdditive();
  if (!s->to || !parseBlock(s->body))
    return nullptr;
  return s;
}

/// if ::= 'if' expr block [ 'else' ( block | if ) ]
StmtPtr Parser::parseIf() {
  Nest nest(*this);
  if (!nest)
    return nullptr;
  auto s = std::make_unique<IfStmt>(tok.loc);
  advance();
  s->cond = parseExpr();
  if (!s->cond || !parseBlock(s->thenBody))
    return nullptr;
  if (consumeIf(Tok::KwElse)) {
    if (tok.kind == Tok::KwIf) {
      StmtPtr elif = parseIf();
      if (!elif)
        return nullptr;
      s->elseBody.push_back(std::move(elif));
    } else if (!parseBlock(s->elseBody)) {
      return nullptr;
    }
  }
  return s;
}

/// repeat ::= 'repeat' count '(' IDENT ')' [ 'shared' ] block
/// count  ::= ( IDENT | INT | 'one_of' '[' exprs ']' | '(' expr ')' ) [ 'as' IDENT ]
StmtPtr Parser::parseRepeat(bool shared) {
  auto s = std::make_unique<RepeatStmt>(tok.loc);
  s->sharedStmt = shared;
  advance();
  // A name is not a call here: `repeat depth (x)` repeats over x.
  if (tok.kind == Tok::Ident) {
    s->count = std::make_unique<NameExpr>(tok.loc, tok.text.str());
    advance();
  } else if (tok.kind == Tok::Int || tok.kind == Tok::KwOneOf ||
             tok.kind == Tok::LParen) {
    s->count = parsePrimary();
  } else {
    errorAtToken("expected a repeat count (a number or a value choice) after "
                 "'repeat'");
    return nullptr;
  }
  if (!s->count)
    return nullptr;
  if (consumeIf(Tok::KwAs)) {
    std::string label;
    SMLoc labelLoc;
    if (!expectIdent(label, labelLoc, "a label after 'as'"))
      return nullptr;
    SMLoc l = s->count->getLoc();
    s->count = std::make_unique<LabeledExpr>(l, std::move(s->count), label,
                                             labelLoc);
  }
  if (!expect(Tok::LParen, "before the repeated variable (`repeat n (x) {`)") ||
      !expectIdent(s->var, s->varLoc, "the variable the body updates") ||
      !expect(Tok::RParen, "after the repeated variable"))
    return nullptr;
  s->sharedIterations = consumeIf(Tok::KwShared);
  if (!parseBlock(s->body))
    return nullptr;
  return s;
}

/// The spelling of a comparison token; null for other tokens.
static const char *comparison(Tok kind) {
  switch (kind) {
  case Tok::EqEq: return "==";
  case Tok::NotEq: return "!=";
  case Tok::Less: return "<";
  case Tok::LessEq: return "<=";
  case Tok::Greater: return ">";
  case Tok::GreaterEq: return ">=";
  default: return nullptr;
  }
}

//===----------------------------------------------------------------------===//
// Predicates of `require`
//===----------------------------------------------------------------------===//

/// require ::= 'require' implication
StmtPtr Parser::parseRequire() {
  auto s = std::make_unique<RequireStmt>(tok.loc);
  advance();
  s->pred = parseImplication();
  return s->pred ? std::move(s) : nullptr;
}

/// implication ::= disjunction [ 'implies' implication ]
PredPtr Parser::parseImplication() {
  Nest nest(*this);
  if (!nest)
    return nullptr;
  SMLoc loc = tok.loc;
  PredPtr lhs = parseDisjunction();
  if (!lhs || !consumeIf(Tok::KwImplies))
    return lhs;
  PredPtr rhs = parseImplication();
  if (!rhs)
    return nullptr;
  auto p = std::make_unique<Pred>(Pred::Kind::Implies, loc);
  p->operands.push_back(std::move(lhs));
  p->operands.push_back(std::move(rhs));
  return p;
}

/// A chain `sub { word sub }`, one node for the whole chain.
PredPtr Parser::parseJunction(Pred::Kind kind, Tok word,
                              PredPtr (Parser::*sub)()) {
  SMLoc loc = tok.loc;
  PredPtr first = (this->*sub)();
  if (!first || tok.kind != word)
    return first;
  auto p = std::make_unique<Pred>(kind, loc);
  p->operands.push_back(std::move(first));
  while (consumeIf(word)) {
    PredPtr next = (this->*sub)();
    if (!next)
      return nullptr;
    p->operands.push_back(std::move(next));
  }
  return p;
}

/// disjunction ::= conjunction { 'or' conjunction }
PredPtr Parser::parseDisjunction() {
  return parseJunction(Pred::Kind::Or, Tok::KwOr, &Parser::parseConjunction);
}

/// conjunction ::= negation { 'and' negation }
PredPtr Parser::parseConjunction() {
  return parseJunction(Pred::Kind::And, Tok::KwAnd, &Parser::parseNegation);
}

/// negation ::= 'not' negation | '(' implication ')' | condition
PredPtr Parser::parseNegation() {
  Nest nest(*this);
  if (!nest)
    return nullptr;
  SMLoc loc = tok.loc;
  if (consumeIf(Tok::KwNot)) {
    PredPtr inner = parseNegation();
    if (!inner)
      return nullptr;
    auto p = std::make_unique<Pred>(Pred::Kind::Not, loc);
    p->operands.push_back(std::move(inner));
    return p;
  }
  if (consumeIf(Tok::LParen)) {
    PredPtr inner = parseImplication();
    if (!inner || !expect(Tok::RParen, "to close the parenthesis"))
      return nullptr;
    return inner;
  }
  return parseCondition();
}

/// condition ::= operand ( CMP operand | 'in' '[' operands ']' )
/// operands  ::= operand { ',' operand } [ ',' ]
PredPtr Parser::parseCondition() {
  PredOperand lhs;
  if (!parsePredOperand(lhs))
    return nullptr;
  SMLoc loc = tok.loc;
  if (consumeIf(Tok::KwIn)) {
    auto p = std::make_unique<Pred>(Pred::Kind::In, loc);
    p->lhs = std::move(lhs);
    if (!expect(Tok::LBracket, "after 'in' (`k in [3, 5]`)"))
      return nullptr;
    do {
      if (tok.kind == Tok::RBracket && !p->set.empty())
        break;
      PredOperand v;
      if (!parsePredOperand(v))
        return nullptr;
      p->set.push_back(std::move(v));
    } while (consumeIf(Tok::Comma));
    if (!expect(Tok::RBracket, "to close the list"))
      return nullptr;
    return p;
  }
  const char *op = comparison(tok.kind);
  if (!op) {
    errorAtToken("expected a comparison (==, !=, <, <=, >, >=, in), found " +
                 found() +
                 (tok.kind == Tok::Assign ? "; compare with '=='" : ""));
    return nullptr;
  }
  advance();
  auto p = std::make_unique<Pred>(Pred::Kind::Compare, loc);
  p->op = op;
  p->lhs = std::move(lhs);
  if (!parsePredOperand(p->rhs))
    return nullptr;
  return p;
}

/// operand ::= IDENT | [ '-' ] ( INT | FLOAT ) | STRING
bool Parser::parsePredOperand(PredOperand &out) {
  out.loc = tok.loc;
  bool negative = consumeIf(Tok::Minus);
  using K = PredOperand::Kind;
  if (tok.kind == Tok::Int) {
    out.kind = K::Int;
    out.intValue = negative ? -tok.intValue : tok.intValue;
  } else if (tok.kind == Tok::Float) {
    out.kind = K::Float;
    out.floatValue = negative ? -tok.floatValue : tok.floatValue;
  } else if (!negative && tok.kind == Tok::String) {
    out.kind = K::String;
    out.text = tok.strValue;
  } else if (!negative && tok.kind == Tok::Ident) {
    out.kind = K::Name;
    out.text = tok.text.str();
  } else {
    errorAtToken(llvm::Twine(negative ? "expected a number after '-'"
                                      : "expected a choice or a value") +
                 ", found " + found());
    return false;
  }
  advance();
  return true;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

static ExprPtr makeBinary(SMLoc loc, std::string op, ExprPtr l, ExprPtr r) {
  unsigned h = std::max(l->height, r->height) + 1;
  auto e = std::make_unique<BinaryExpr>(loc, std::move(op), std::move(l),
                                        std::move(r));
  e->height = h;
  return e;
}

/// expr ::= comparison
ExprPtr Parser::parseExpr() {
  Nest nest(*this);
  if (!nest)
    return nullptr;
  return parseComparison();
}

/// comparison ::= additive [ ( '==' | '!=' | '<' | '<=' | '>' | '>=' ) additive ]
ExprPtr Parser::parseComparison() {
  ExprPtr lhs = parseAdditive();
  if (!lhs)
    return nullptr;
  const char *op = comparison(tok.kind);
  if (!op)
    return lhs;
  SMLoc loc = tok.loc;
  advance();
  ExprPtr rhs = parseAdditive();
  if (!rhs)
    return nullptr;
  return checkHeight(makeBinary(loc, op, std::move(lhs), std::move(rhs)));
}

/// additive ::= term { ( '+' | '-' ) term }
ExprPtr Parser::parseAdditive() {
  ExprPtr lhs = parseTerm();
  while (lhs && (tok.kind == Tok::Plus || tok.kind == Tok::Minus)) {
    std::string op = tok.kind == Tok::Plus ? "+" : "-";
    SMLoc loc = tok.loc;
    advance();
    ExprPtr rhs = parseTerm();
    if (!rhs)
      return nullptr;
    lhs = checkHeight(makeBinary(loc, op, std::move(lhs), std::move(rhs)));
  }
  return lhs;
}

/// term ::= unary { ( '*' | '/' | '//' | '%' ) unary }
ExprPtr Parser::parseTerm() {
  ExprPtr lhs = parseUnary();
  while (lhs && (tok.kind == Tok::Star || tok.kind == Tok::Slash ||
                 tok.kind == Tok::SlashSlash || tok.kind == Tok::Percent)) {
    std::string op = tok.text.str();
    SMLoc loc = tok.loc;
    advance();
    ExprPtr rhs = parseUnary();
    if (!rhs)
      return nullptr;
    lhs = checkHeight(makeBinary(loc, op, std::move(lhs), std::move(rhs)));
  }
  return lhs;
}

/// unary ::= '-' unary | postfix
ExprPtr Parser::parseUnary() {
  if (tok.kind != Tok::Minus)
    return parsePostfix();
  Nest nest(*this);
  if (!nest)
    return nullptr;
  SMLoc loc = tok.loc;
  advance();
  ExprPtr operand = parseUnary();
  if (!operand)
    return nullptr;
  unsigned h = operand->height + 1;
  auto e = std::make_unique<UnaryExpr>(loc, std::move(operand));
  e->height = h;
  return checkHeight(std::move(e));
}

/// postfix ::= primary { 'as' IDENT }
ExprPtr Parser::parsePostfix() {
  ExprPtr e = parsePrimary();
  while (e && tok.kind == Tok::KwAs) {
    advance();
    std::string label;
    SMLoc labelLoc;
    if (!expectIdent(label, labelLoc, "a label after 'as'"))
      return nullptr;
    SMLoc loc = e->getLoc();
    unsigned h = e->height + 1;
    e = std::make_unique<LabeledExpr>(loc, std::move(e), label, labelLoc);
    e->height = h;
    e = checkHeight(std::move(e));
  }
  return e;
}

/// exprs ::= [ expr { ',' expr } [ ',' ] ]   (up to `close`)
bool Parser::parseExprList(Tok close, std::vector<ExprPtr> &out) {
  while (tok.kind != close) {
    ExprPtr e = parseExpr();
    if (!e)
      return false;
    out.push_back(std::move(e));
    if (!consumeIf(Tok::Comma))
      break;
  }
  return expect(close, "to close the list");
}

/// args ::= [ arg { ',' arg } ] ;  arg ::= [ IDENT '=' ] expr
bool Parser::parseArgs(CallExpr &call) {
  while (tok.kind != Tok::RParen) {
    Arg arg;
    arg.loc = tok.loc;
    arg.value = parseExpr();
    if (!arg.value)
      return false;
    // `name = value`: the name parsed as a bare name expression.
    if (tok.kind == Tok::Assign) {
      auto *name = llvm::dyn_cast<NameExpr>(arg.value.get());
      if (!name) {
        errorAtToken("expected a parameter name before '='");
        return false;
      }
      arg.name = name->name;
      advance();
      arg.value = parseExpr();
      if (!arg.value)
        return false;
    }
    call.args.push_back(std::move(arg));
    if (!consumeIf(Tok::Comma))
      break;
  }
  return expect(Tok::RParen, "to close the argument list");
}

/// primary ::= INT | FLOAT | 'true' | 'false' | IDENT [ '(' args ')' ]
///           | '(' expr ')' | '[' exprs ']' | one_of | pick
ExprPtr Parser::parsePrimary() {
  Nest nest(*this);
  if (!nest)
    return nullptr;
  SMLoc loc = tok.loc;
  auto withHeight = [](ExprPtr e, unsigned h) {
    e->height = h;
    return e;
  };
  switch (tok.kind) {
  case Tok::Int: {
    auto e = std::make_unique<IntExpr>(loc, tok.intValue);
    advance();
    return e;
  }
  case Tok::Float: {
    auto e = std::make_unique<FloatExpr>(loc, tok.floatValue);
    advance();
    return e;
  }
  case Tok::KwTrue:
  case Tok::KwFalse: {
    auto e = std::make_unique<BoolExpr>(loc, tok.kind == Tok::KwTrue);
    advance();
    return e;
  }
  case Tok::Ident: {
    std::string name = tok.text.str();
    advance();
    if (tok.kind != Tok::LParen)
      return std::make_unique<NameExpr>(loc, name);
    advance();
    auto call = std::make_unique<CallExpr>(loc, name);
    if (!parseArgs(*call))
      return nullptr;
    unsigned h = 1;
    for (const Arg &a : call->args)
      h = std::max(h, a.value->height + 1);
    return checkHeight(withHeight(std::move(call), h));
  }
  case Tok::LParen: {
    advance();
    ExprPtr e = parseExpr();
    if (!e || !expect(Tok::RParen, "to close the parenthesis"))
      return nullptr;
    return e;
  }
  case Tok::LBracket: {
    advance();
    auto list = std::make_unique<ListExpr>(loc);
    if (!parseExprList(Tok::RBracket, list->elements))
      return nullptr;
    unsigned h = 1;
    for (const ExprPtr &x : list->elements)
      h = std::max(h, x->height + 1);
    return checkHeight(withHeight(std::move(list), h));
  }
  case Tok::KwOneOf:
    return parseOneOf();
  case Tok::KwPick:
    return parsePick();
  case Tok::Eof:
    errorAtToken("expected an expression, found end of file");
    return nullptr;
  default:
    errorAtToken("expected an expression, found '" + tok.text + "'");
    return nullptr;
  }
}

/// one_of ::= 'one_of' '[' exprs ']'                 (value choice)
///          | 'one_of' '{' alt { '|' alt } '}'       (op / subgraph choice)
///          | 'one_of' IDENT 'in' expr '{' expr '}'  (a subgraph per value)
/// alt    ::= [ IDENT ':' ] expr
ExprPtr Parser::parseOneOf() {
  SMLoc loc = tok.loc;
  advance();
  if (consumeIf(Tok::LBracket)) {
    auto e = std::make_unique<ValueChoiceExpr>(loc);
    if (!parseExprList(Tok::RBracket, e->options))
      return nullptr;
    unsigned h = 1;
    for (const ExprPtr &x : e->options)
      h = std::max(h, x->height + 1);
    e->height = h;
    return checkHeight(std::move(e));
  }
  auto e = std::make_unique<OpChoiceExpr>(loc);
  if (tok.kind == Tok::Ident) {
    SMLoc varLoc;
    expectIdent(e->var, varLoc, "a variable");
    if (!expect(Tok::KwIn, "after the choice variable (`one_of w in [..] {..}`)"))
      return nullptr;
    e->values = parseAdditive();
    if (!e->values || !expect(Tok::LBrace, "before the subgraph"))
      return nullptr;
    e->body = parseExpr();
    if (!e->body || !expect(Tok::RBrace, "after the subgraph"))
      return nullptr;
    e->height = std::max(e->values->height, e->body->height) + 1;
    return checkHeight(std::move(e));
  }
  if (!expect(Tok::LBrace, "or '[' after 'one_of'"))
    return nullptr;
  unsigned h = 1;
  do {
    Alternative alt;
    alt.loc = tok.loc;
    alt.value = parseExpr();
    if (!alt.value)
      return nullptr;
    if (tok.kind == Tok::Colon) {
      auto *name = llvm::dyn_cast<NameExpr>(alt.value.get());
      if (!name) {
        errorAtToken("expected an alternative name before ':'");
        return nullptr;
      }
      alt.name = name->name;
      advance();
      alt.loc = tok.loc;
      alt.value = parseExpr();
      if (!alt.value)
        return nullptr;
    }
    h = std::max(h, alt.value->height + 1);
    e->alternatives.push_back(std::move(alt));
  } while (consumeIf(Tok::Pipe));
  if (!expect(Tok::RBrace, "to close the choice (alternatives are separated "
                           "by '|')"))
    return nullptr;
  e->height = h;
  return checkHeight(std::move(e));
}

/// pick ::= 'pick' additive [ '..' additive ] 'of' '[' exprs ']'
ExprPtr Parser::parsePick() {
  auto e = std::make_unique<PickExpr>(tok.loc);
  advance();
  e->min = parseAdditive();
  if (!e->min)
    return nullptr;
  if (consumeIf(Tok::DotDot)) {
    e->max = parseAdditive();
    if (!e->max)
      return nullptr;
  }
  if (!expect(Tok::KwOf, "after the pick count (`pick 1..2 of [a, b]`)") ||
      !expect(Tok::LBracket, "before the candidates") ||
      !parseExprList(Tok::RBracket, e->candidates))
    return nullptr;
  unsigned h = std::max(e->min->height, e->max ? e->max->height : 0) + 1;
  for (const ExprPtr &x : e->candidates)
    h = std::max(h, x->height + 1);
  e->height = h;
  return checkHeight(std::move(e));
}
