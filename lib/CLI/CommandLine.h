//===- CommandLine.h - the one argument parser of nasir's tools -*- C++ -*-===//
//
// Every nasir command line (`nasir` and its subcommands, compiled tools,
// `nasir-train`, a strategy's options) is declared and parsed here, so they
// all accept the same spellings and fail the same way:
//
//   CommandLine cl("count", "count the candidates of a space exactly");
//   cl.positional("FILE", "the space (.nas or .mlir)", Positional::Space);
//   cl.add({"limit", ValueKind::Positive, "2000000", "enumerate at most N"});
//   cl.flag("unique", "count distinct architectures");
//   ParseOutcome r = cl.parse(argc, argv);   // argv[0] is the command name
//   if (!r.proceed) { print r.text; return r.exitCode; }
//   int64_t limit = cl.getInt("limit");
//
// Accepted: `--name value`, `--name=value`, `--flag`, `-o value` (one-letter
// names), positionals (`-` too), `--` (with passThrough(): the rest goes to
// another program). `--help`/`-h` prints every option with its one-line help
// and default (exit 0); `--version` prints the project version (exit 0). An
// unknown option (with a did-you-mean), a missing or bad value (naming the
// option and the type it expects) or a wrong number of positionals is a
// usage error: exit 2.
//
// Plain C++17 (no LLVM, no exceptions), so nasir-train links it too.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_CLI_COMMANDLINE_H
#define NASIR_CLI_COMMANDLINE_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace nasir::cli {

/// What an option's value must be; checked while parsing.
enum class ValueKind {
  Flag,     ///< no value
  Integer,  ///< any integer
  Natural,  ///< an integer >= 0
  Positive, ///< an integer >= 1
  Number,   ///< a finite number
  Text,     ///< anything
  Choice,   ///< one of `choices`
  Shape,    ///< positive dimensions: 1x28x28 or 1,28,28 (kept as 1x28x28)
  Duration, ///< seconds: 90, 90s, 15m, 2h
};

struct Option {
  std::string name; ///< "population"; one letter: `-o`
  ValueKind kind = ValueKind::Text;
  std::string defaultValue;              ///< used when absent; "" none
  std::string help;                      ///< one line
  std::vector<std::string> choices = {}; ///< for Choice
  std::vector<std::string> aliases = {}; ///< older spellings, still accepted
  std::string defaultText = {}; ///< shown instead of defaultValue in --help
  std::string valueName = {};   ///< N, FILE, ... (from the kind when empty)
};

struct Positional {
  enum Role { Plain, Space };
  std::string name; ///< FILE, STORE
  std::string help;
  Role role = Plain; ///< Space: a compiled tool supplies it
  bool optional = false;
};

struct ParseOutcome {
  bool proceed = true; ///< false: print `text` and exit with `exitCode`
  int exitCode = 0;    ///< 0 after --help/--version, 2 on a usage error
  std::string text;    ///< for stdout when exitCode is 0, else stderr
  std::string message; ///< a usage error alone, without the usage line
};

/// The name the tool was called by ("nasir", a compiled tool's name) and
/// whether it embeds its space (then Space positionals are supplied and not
/// shown). Set once by main.
struct Program {
  static std::string name;
  static bool embedsSpace;
};

/// The project version (CMakeLists.txt `project(... VERSION ...)`).
const char *projectVersion();

class CommandLine {
public:
  /// `command` is "count" for `nasir count`; `tool` names a tool without
  /// subcommands ("nasir-train"; by default Program::name).
  CommandLine(std::string command, std::string summary, std::string tool = "");

  void add(Option option);
  void flag(std::string name, std::string help,
            std::vector<std::string> aliases = {});
  /// The options added from now on are listed under `title` in --help.
  void section(std::string title);
  void positional(std::string name, std::string help,
                  Positional::Role role = Positional::Plain,
                  bool optional = false);
  /// Arguments after `--` are kept in `rest` (described by `what`).
  void passThrough(std::string what);
  /// A paragraph printed at the end of --help.
  void note(std::string text);
  /// `--name`, not declared here, is declared elsewhere: its usage error
  /// says `why` ("an option of strategy evolution") instead of "unknown".
  void declaredElsewhere(std::string name, std::string why);

  /// Parses argv[1..argc). Can be called once.
  ParseOutcome parse(int argc, char **argv);

  std::string help() const;
  /// "usage: nasir count FILE [options]".
  std::string usage() const;
  /// A usage error in the command's words: "error: MESSAGE\nusage: ...".
  ParseOutcome usageError(const std::string &message) const;
  bool declares(const std::string &name) const;
  const Option *find(const std::string &name) const;

  bool has(const std::string &name) const;
  /// The value given, else the default ("" when none).
  std::string get(const std::string &name) const;
  int64_t getInt(const std::string &name) const;
  double getNumber(const std::string &name) const;
  std::vector<int64_t> getShape(const std::string &name) const;
  double getSeconds(const std::string &name) const;
  /// The options given, by canonical name (aliases resolved, shapes as
  /// 1x28x28); flags as "1".
  const std::map<std::string, std::string> &given() const { return values; }

  std::vector<std::string> positionals;
  std::vector<std::string> rest;

private:
  struct Entry {
    Option option;
    std::string section;
  };
  const Entry *lookup(const std::string &spelling) const;
  std::string programName() const;
  std::vector<std::string> spellings() const;

  std::string command, summary, tool, currentSection, passThroughWhat;
  std::vector<Entry> options;
  std::vector<Positional> positionalSpecs;
  std::vector<std::string> notes;
  std::map<std::string, std::string> values, elsewhere;
};

/// Checks `text` against `option`'s kind; on success `normalized` is the
/// value to keep (a shape as 1x28x28), else `error` names the option and the
/// type it expects ("--population expects an integer, got 'abc'").
bool checkValue(const Option &option, const std::string &text,
                std::string &normalized, std::string &error);

/// "uniform or per-decision", "a, b or c".
std::string listOf(const std::vector<std::string> &words);

/// The candidate closest to `word` by edit distance, when close enough to be
/// what was meant; "" otherwise.
std::string closest(const std::string &word,
                    const std::vector<std::string> &candidates);

/// 1x28x28 or 1,28,28 -> {1, 28, 28}; false on anything else.
bool parseShapeOption(const std::string &text, std::vector<int64_t> &shape);

/// 90, 90s, 15m, 2h -> seconds; false on anything else.
bool parseDuration(const std::string &text, double &seconds);

} // namespace nasir::cli

#endif
