//===- Parser.h - recursive-descent parser of .nas files --------*- C++ -*-===//
//
// The grammar (the full EBNF is in docs/language.md; each parse method quotes
// its rule):
//
//   file      ::= { import | def | space }
//   import    ::= 'import' STRING
//   def       ::= 'def' IDENT '(' [ params ] ')' block
//   space     ::= 'space' IDENT '(' 'input' list [ ',' 'classes' expr ] ')' block
//   block     ::= '{' { stmt [ ';' ] } '}'
//
// Errors are reported through the callback and the parser resumes at the next
// statement (a token that starts a line) or declaration, so one run reports
// several errors. Nesting deeper than `kMaxDepth` is an error, not a stack
// overflow.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_FRONTEND_PARSER_H
#define NASIR_FRONTEND_PARSER_H

#include "frontend/AST.h"
#include "frontend/Lexer.h"
#include "llvm/ADT/Twine.h"
#include <functional>

namespace nasir::frontend {

class Parser {
public:
  static constexpr unsigned kMaxDepth = 256;
  static constexpr unsigned kMaxHeight = 1024;
  static constexpr unsigned kMaxErrors = 20;

  using ReportFn = std::function<void(llvm::SMLoc, const llvm::Twine &)>;

  Parser(llvm::StringRef buffer, std::string path, ReportFn report);

  /// Parses the whole buffer; returns the (possibly partial) AST. `failed()`
  /// says whether an error was reported.
  std::unique_ptr<FileAST> parseFile();
  bool failed() const { return numErrors > 0; }

private:
  // Declarations and statements.
  bool parseImport(FileAST &file);
  std::unique_ptr<DefDecl> parseDef();
  std::unique_ptr<SpaceDecl> parseSpace();
  bool parseParams(std::vector<Param> &params);
  bool parseBlock(Block &block);
  StmtPtr parseStmt();
  StmtPtr parseFor();
  StmtPtr parseIf();
  StmtPtr parseRepeat(bool shared);
  StmtPtr parseRequire();

  // Predicates of `require`, loosest first.
  PredPtr parseImplication();
  PredPtr parseJunction(Pred::Kind kind, Tok word, PredPtr (Parser::*sub)());
  PredPtr parseDisjunction();
  PredPtr parseConjunction();
  PredPtr parseNegation();
  PredPtr parseCondition();
  bool parsePredOperand(PredOperand &out);

  // Expressions, loosest first.
  ExprPtr parseExpr();
  ExprPtr parseComparison();
  ExprPtr parseAdditive();
  ExprPtr parseTerm();
  ExprPtr parseUnary();
  ExprPtr parsePostfix();
  ExprPtr parsePrimary();
  ExprPtr parseOneOf();
  ExprPtr parsePick();
  bool parseExprList(Tok close, std::vector<ExprPtr> &out);
  bool parseArgs(CallExpr &call);

  // Tokens.
  void advance() { tok = lexer.next(); }
  bool consumeIf(Tok kind) {
    if (tok.kind != kind)
      return false;
    advance();
    return true;
  }
  /// The current token for "found X" messages.
  std::string found() const;
  bool expect(Tok kind, const char *context);
  bool expectIdent(std::string &name, llvm::SMLoc &loc, const char *what);
  void error(llvm::SMLoc loc, const llvm::Twine &msg);
  void errorAtToken(const llvm::Twine &msg);
  /// Skips to the next token that starts a line at this brace depth, or to
  /// the `}` that closes it.
  void recoverStatement();
  /// Skips to the next top-level declaration keyword.
  void recoverDecl();
  ExprPtr checkHeight(ExprPtr e);

  /// Guards the recursion depth: `Nest n(*this); if (!n) return nullptr;`.
  struct Nest {
    Parser &p;
    bool ok;
    explicit Nest(Parser &p);
    ~Nest() { --p.depth; }
    explicit operator bool() const { return ok; }
  };

  Lexer lexer;
  Token tok;
  std::string path;
  ReportFn report;
  unsigned numErrors = 0;
  unsigned depth = 0;
  bool fatal = false; // stop parsing: too deep or too many errors
};

} // namespace nasir::frontend

#endif
