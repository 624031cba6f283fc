//===- JsonLimits.cpp - nesting and size limits for every JSON reader -----===//
#include "lib/Support/JsonLimits.h"

using namespace nasir;

bool nasir::checkJsonLimits(std::string_view text, std::string &error,
                            const JsonLimits &limits, size_t firstLine) {
  if (text.size() > limits.maxBytes) {
    error = "JSON text of " + std::to_string(text.size()) +
            " bytes is longer than the limit of " +
            std::to_string(limits.maxBytes) + " bytes";
    return false;
  }
  // Brackets inside strings do not count; a string ends at an unescaped '"'.
  unsigned depth = 0;
  size_t line = firstLine, column = 0;
  bool inString = false, escaped = false;
  for (char ch : text) {
    ++column;
    if (ch == '\n') {
      ++line;
      column = 0;
    }
    if (inString) {
      if (escaped)
        escaped = false;
      else if (ch == '\\')
        escaped = true;
      else if (ch == '"')
        inString = false;
      continue;
    }
    if (ch == '"') {
      inString = true;
    } else if (ch == '[' || ch == '{') {
      if (++depth > limits.maxDepth) {
        error = "line " + std::to_string(line) + ", column " +
                std::to_string(column) + ": JSON nested deeper than " +
                std::to_string(limits.maxDepth) + " levels";
        return false;
      }
    } else if ((ch == ']' || ch == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}
