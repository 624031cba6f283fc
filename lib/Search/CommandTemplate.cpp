//===- CommandTemplate.cpp - placeholders as variable references ----------===//
//
// A small scanner of POSIX shell quoting: outside quotes, inside '...', or
// inside "..." (a backslash escapes the next character outside single
// quotes). A placeholder it misplaces, e.g. inside a nested $(...), still
// becomes only a variable reference: the value itself never enters the
// command line.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/CommandTemplate.h"

using namespace nasir::search;

std::string
nasir::search::expandPlaceholders(llvm::StringRef command,
                                  llvm::ArrayRef<Placeholder> placeholders) {
  enum class Quote { None, Single, Double } quote = Quote::None;
  std::string out;
  for (size_t i = 0; i < command.size();) {
    llvm::StringRef rest = command.drop_front(i);
    const Placeholder *hit = nullptr;
    for (const Placeholder &p : placeholders)
      if (rest.starts_with(p.text))
        hit = &p;
    if (hit) {
      std::string ref = "${" + hit->variable.str() + "}";
      out += quote == Quote::None     ? "\"" + ref + "\""
             : quote == Quote::Double ? ref
                                      : "'\"" + ref + "\"'";
      i += hit->text.size();
      continue;
    }
    char c = command[i++];
    out += c;
    if (c == '\\' && quote != Quote::Single && i < command.size())
      out += command[i++];
    else if (c == '\'' && quote != Quote::Double)
      quote = quote == Quote::Single ? Quote::None : Quote::Single;
    else if (c == '"' && quote != Quote::Single)
      quote = quote == Quote::Double ? Quote::None : Quote::Double;
  }
  return out;
}
