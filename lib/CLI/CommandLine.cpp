//===- CommandLine.cpp - the one argument parser of nasir's tools ---------===//
#include "lib/CLI/CommandLine.h"
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

using namespace nasir::cli;

std::string Program::name = "nasir";
bool Program::embedsSpace = false;

const char *nasir::cli::projectVersion() { return NASIR_VERSION; }

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

static bool parseInteger(const std::string &text, int64_t &value) {
  if (text.empty() || text.find_first_of(" \t\n") != std::string::npos)
    return false;
  errno = 0;
  char *end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno == ERANGE || *end != '\0')
    return false;
  value = v;
  return true;
}

static bool parseNumber(const std::string &text, double &value) {
  if (text.empty() || text.find_first_of(" \t\n") != std::string::npos)
    return false;
  char *end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (*end != '\0' || !std::isfinite(v))
    return false;
  value = v;
  return true;
}

bool nasir::cli::parseShapeOption(const std::string &text,
                                  std::vector<int64_t> &shape) {
  shape.clear();
  char separator = text.find(',') != std::string::npos ? ',' : 'x';
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    std::string part = text.substr(start, end - start);
    int64_t d;
    if (part.empty() || part[0] == '+' || part[0] == '-' ||
        !parseInteger(part, d) || d < 1 || d > (1 << 20))
      return false;
    shape.push_back(d);
    if (end == std::string::npos)
      return true;
    start = end + 1;
  }
}

bool nasir::cli::parseDuration(const std::string &text, double &seconds) {
  std::string number = text;
  double unit = 1;
  if (!number.empty() &&
      (number.back() == 's' || number.back() == 'm' || number.back() == 'h')) {
    unit = number.back() == 'm' ? 60 : number.back() == 'h' ? 3600 : 1;
    number.pop_back();
  }
  double v;
  if (!parseNumber(number, v) || v < 0)
    return false;
  seconds = v * unit;
  return true;
}

std::string nasir::cli::listOf(const std::vector<std::string> &words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i)
    out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
  return out;
}

static std::string expected(const Option &o) {
  switch (o.kind) {
  case ValueKind::Flag:
    return "no value";
  case ValueKind::Integer:
    return "an integer";
  case ValueKind::Natural:
    return "an integer >= 0";
  case ValueKind::Positive:
    return "an integer >= 1";
  case ValueKind::Number:
    return "a number";
  case ValueKind::Text:
    return "a value";
  case ValueKind::Choice:
    return listOf(o.choices);
  case ValueKind::Shape:
    return "a shape like 1x28x28 or 1,28,28";
  case ValueKind::Duration:
    return "a duration like 600, 90s, 10m, 1h";
  }
  return "a value";
}

bool nasir::cli::checkValue(const Option &o, const std::string &text,
                            std::string &normalized, std::string &error) {
  normalized = text;
  bool ok = true;
  int64_t i;
  double d;
  std::vector<int64_t> shape;
  switch (o.kind) {
  case ValueKind::Flag:
  case ValueKind::Text:
    break;
  case ValueKind::Integer:
    ok = parseInteger(text, i);
    break;
  case ValueKind::Natural:
    ok = parseInteger(text, i) && i >= 0;
    break;
  case ValueKind::Positive:
    ok = parseInteger(text, i) && i >= 1;
    break;
  case ValueKind::Number:
    ok = parseNumber(text, d);
    break;
  case ValueKind::Choice:
    ok = std::find(o.choices.begin(), o.choices.end(), text) != o.choices.end();
    break;
  case ValueKind::Shape:
    if ((ok = parseShapeOption(text, shape))) {
      normalized.clear();
      for (size_t k = 0; k < shape.size(); ++k)
        normalized += (k ? "x" : "") + std::to_string(shape[k]);
    }
    break;
  case ValueKind::Duration:
    ok = parseDuration(text, d);
    break;
  }
  if (!ok)
    error = (o.name.size() == 1 ? "-" : "--") + o.name + " expects " +
            expected(o) + ", got '" + text + "'";
  return ok;
}

/// Edits (insert, delete, replace, swap two neighbours) from a to b.
static size_t editDistance(const std::string &a, const std::string &b) {
  std::vector<std::vector<size_t>> d(a.size() + 1,
                                     std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::string nasir::cli::closest(const std::string &word,
                                const std::vector<std::string> &candidates) {
  size_t limit = std::max<size_t>(1, std::min<size_t>(3, word.size() / 3));
  std::string best;
  size_t bestDistance = limit + 1;
  for (const std::string &c : candidates) {
    size_t d = editDistance(word, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

//===----------------------------------------------------------------------===//
// CommandLine
//===----------------------------------------------------------------------===//

CommandLine::CommandLine(std::string command, std::string summary,
                         std::string tool)
    : command(std::move(command)), summary(std::move(summary)),
      tool(std::move(tool)) {}

void CommandLine::add(Option option) {
  options.push_back({std::move(option), currentSection});
}

void CommandLine::flag(std::string name, std::string help,
                       std::vector<std::string> aliases) {
  Option o{std::move(name), ValueKind::Flag, "", std::move(help)};
  o.aliases = std::move(aliases);
  add(std::move(o));
}

void CommandLine::section(std::string title) {
  currentSection = std::move(title);
}

void CommandLine::positional(std::string name, std::string help,
                             Positional::Role role, bool optional) {
  positionalSpecs.push_back({std::move(name), std::move(help), role, optional});
}

void CommandLine::passThrough(std::string what) {
  passThroughWhat = std::move(what);
}

void CommandLine::note(std::string text) { notes.push_back(std::move(text)); }

void CommandLine::declaredElsewhere(std::string name, std::string why) {
  elsewhere[std::move(name)] = std::move(why);
}

const CommandLine::Entry *
CommandLine::lookup(const std::string &spelling) const {
  for (const Entry &e : options) {
    if (e.option.name == spelling)
      return &e;
    for (const std::string &a : e.option.aliases)
      if (a == spelling)
        return &e;
  }
  return nullptr;
}

const Option *CommandLine::find(const std::string &name) const {
  const Entry *e = lookup(name);
  return e ? &e->option : nullptr;
}

bool CommandLine::declares(const std::string &name) const {
  return lookup(name) != nullptr;
}

std::vector<std::string> CommandLine::spellings() const {
  std::vector<std::string> out = {"help", "version"};
  for (const Entry &e : options) {
    out.push_back(e.option.name);
    out.insert(out.end(), e.option.aliases.begin(), e.option.aliases.end());
  }
  for (auto &[name, why] : elsewhere)
    out.push_back(name);
  return out;
}

std::string CommandLine::programName() const {
  std::string name = tool.empty() ? Program::name : tool;
  return command.empty() ? name : name + " " + command;
}

std::string CommandLine::usage() const {
  std::string out = "usage: " + programName();
  for (const Positional &p : positionalSpecs) {
    if (p.role == Positional::Space && Program::embedsSpace)
      continue;
    out += p.optional ? " [" + p.name + "]" : " " + p.name;
  }
  if (!options.empty())
    out += " [options]";
  if (!passThroughWhat.empty())
    out += " [-- ARGS...]";
  return out;
}

static std::string valueNameOf(const Option &o) {
  if (!o.valueName.empty())
    return o.valueName;
  switch (o.kind) {
  case ValueKind::Flag:
    return "";
  case ValueKind::Integer:
  case ValueKind::Natural:
  case ValueKind::Positive:
    return "N";
  case ValueKind::Number:
    return "X";
  case ValueKind::Text:
    return "VALUE";
  case ValueKind::Choice: {
    std::string s;
    for (const std::string &c : o.choices)
      s += (s.empty() ? "" : "|") + c;
    return s;
  }
  case ValueKind::Shape:
    return "SHAPE";
  case ValueKind::Duration:
    return "T";
  }
  return "VALUE";
}

static void helpLine(std::string &out, const std::string &left,
                     const std::string &text) {
  const size_t column = 30;
  std::string line = "  " + left;
  line += line.size() + 2 <= column ? std::string(column - line.size(), ' ')
                                    : "\n" + std::string(column, ' ');
  out += line + text + "\n";
}

std::string CommandLine::help() const {
  std::string out = usage() + "\n\n" + summary + "\n";
  bool anyPositional = false;
  for (const Positional &p : positionalSpecs) {
    if (p.role == Positional::Space && Program::embedsSpace)
      continue;
    if (!anyPositional)
      out += "\narguments:\n";
    anyPositional = true;
    helpLine(out, p.name, p.help);
  }
  if (!passThroughWhat.empty()) {
    if (!anyPositional)
      out += "\narguments:\n";
    helpLine(out, "-- ARGS...", "the rest goes to " + passThroughWhat);
  }
  // The command's own options (with --help, --version) first, then each
  // section in the order it was declared.
  std::vector<std::string> sections = {""};
  for (const Entry &e : options)
    if (std::find(sections.begin(), sections.end(), e.section) ==
        sections.end())
      sections.push_back(e.section);
  for (const std::string &title : sections) {
    out += "\n" + (title.empty() ? std::string("options") : title) + ":\n";
    for (const Entry &e : options) {
      if (e.section != title)
        continue;
      const Option &o = e.option;
      std::string left =
          (o.name.size() == 1 ? "-" + o.name + ", --" : "--") + o.name;
      for (const std::string &a : o.aliases)
        left += ", --" + a;
      if (o.kind != ValueKind::Flag)
        left += " " + valueNameOf(o);
      std::string text = o.help;
      std::string dflt = o.defaultText.empty() ? o.defaultValue : o.defaultText;
      if (!dflt.empty())
        text += " (default: " + dflt + ")";
      helpLine(out, left, text);
    }
    if (title.empty()) {
      helpLine(out, "-h, --help", "print this help");
      helpLine(out, "--version", "print the version");
    }
  }
  for (const std::string &n : notes)
    out += "\n" + n + "\n";
  return out;
}

ParseOutcome CommandLine::usageError(const std::string &message) const {
  return {false, 2,
          "error: " + message + "\n" + usage() + "\n(`" + programName() +
              " --help` lists every option)\n",
          message};
}

ParseOutcome CommandLine::parse(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--" && !passThroughWhat.empty()) {
      rest.assign(argv + i + 1, argv + argc);
      break;
    }
    if (arg == "--help" || arg == "-h")
      return {false, 0, help()};
    if (arg == "--version")
      return {false, 0, programName() + " " + projectVersion() + "\n"};
    bool isLong = arg.size() > 2 && arg.compare(0, 2, "--") == 0;
    bool isShort = !isLong && arg.size() > 1 && arg[0] == '-';
    if (!isLong && !isShort) {
      positionals.push_back(arg);
      continue;
    }
    std::string name = arg.substr(isLong ? 2 : 1), value;
    bool inlineValue = false;
    if (size_t eq = name.find('='); isLong && eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inlineValue = true;
    }
    const Entry *e = lookup(name);
    // A one-letter option is `-o` or `--o`; a longer one only `--name`.
    if (!e || (isShort && e->option.name.size() != 1)) {
      std::string message = "unknown option '" + arg + "'";
      std::string guess = closest(name, spellings());
      if (auto it = elsewhere.find(name); isLong && it != elsewhere.end()) {
        message = arg + " is " + it->second;
        guess.clear();
      }
      if (!guess.empty())
        message += "; did you mean '" +
                   std::string(guess.size() == 1 ? "-" : "--") + guess + "'?";
      return usageError(message);
    }
    const Option &o = e->option;
    std::string spelled = (isLong ? "--" : "-") + name;
    if (o.kind == ValueKind::Flag) {
      if (inlineValue)
        return usageError(spelled + " takes no value");
      values[o.name] = "1";
      continue;
    }
    if (!inlineValue) {
      if (i + 1 >= argc)
        return usageError(spelled + " needs a value (" + expected(o) + ")");
      value = argv[++i];
    }
    std::string normalized, error;
    if (!checkValue(o, value, normalized, error))
      return usageError(error);
    values[o.name] = normalized;
  }
  size_t required = 0, allowed = 0;
  for (const Positional &p : positionalSpecs) {
    ++allowed;
    if (!p.optional)
      ++required;
  }
  if (positionals.size() > allowed)
    return usageError("unexpected argument '" + positionals[allowed] + "'");
  if (positionals.size() < required)
    return usageError("missing " + positionalSpecs[positionals.size()].name);
  return {};
}

bool CommandLine::has(const std::string &name) const {
  return values.count(name) != 0;
}

std::string CommandLine::get(const std::string &name) const {
  if (auto it = values.find(name); it != values.end())
    return it->second;
  const Entry *e = lookup(name);
  return e ? e->option.defaultValue : "";
}

int64_t CommandLine::getInt(const std::string &name) const {
  int64_t v = 0;
  parseInteger(get(name), v);
  return v;
}

double CommandLine::getNumber(const std::string &name) const {
  double v = 0;
  parseNumber(get(name), v);
  return v;
}

std::vector<int64_t> CommandLine::getShape(const std::string &name) const {
  std::vector<int64_t> shape;
  parseShapeOption(get(name), shape);
  return shape;
}

double CommandLine::getSeconds(const std::string &name) const {
  double v = 0;
  parseDuration(get(name), v);
  return v;
}
