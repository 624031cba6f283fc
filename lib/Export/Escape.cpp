//===- Escape.cpp - Python and Graphviz quoting ---------------------------===//
#include "lib/Export/Escape.h"
#include "lib/Support/ShortestJson.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"
#include <cmath>
#include <cstdio>

using namespace nasir::exporter;

static bool isControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

static std::string hexEscape(unsigned char c) {
  char buf[8];
  snprintf(buf, sizeof buf, "\\x%02x", c);
  return buf;
}

std::string nasir::exporter::pyComment(llvm::StringRef text) {
  std::string out;
  for (unsigned char c : text)
    out += isControl(c) ? hexEscape(c) : std::string(1, (char)c);
  return out;
}

std::string nasir::exporter::pyString(llvm::StringRef text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '\\' || c == '"')
      out += {'\\', (char)c};
    else if (c == '\n')
      out += "\\n";
    else if (isControl(c))
      out += hexEscape(c);
    else
      out += (char)c;
  }
  return out + "\"";
}

std::string nasir::exporter::pyLiteral(const llvm::json::Value &v) {
  if (auto s = v.getAsString())
    return pyString(*s);
  if (auto b = v.getAsBoolean())
    return *b ? "True" : "False";
  if (v.getAsNull())
    return "None";
  if (auto *a = v.getAsArray()) {
    std::string out = "[";
    for (size_t i = 0; i < a->size(); ++i)
      out += (i ? ", " : "") + pyLiteral((*a)[i]);
    return out + "]";
  }
  if (auto *o = v.getAsObject()) {
    // Sorted, as llvm::json prints objects.
    std::vector<const llvm::json::Object::value_type *> entries;
    for (auto &kv : *o)
      entries.push_back(&kv);
    llvm::sort(entries, [](auto *a, auto *b) { return a->first < b->first; });
    std::string out = "{";
    for (size_t i = 0; i < entries.size(); ++i)
      out += (i ? ", " : "") + pyString(entries[i]->first) + ": " +
             pyLiteral(entries[i]->second);
    return out + "}";
  }
  // Integers exactly, doubles shortest (0.3, not 0.29999999999999999).
  std::string number = jsonNumber(v);
  if (number != "null")
    return number;
  double d = *v.getAsNumber();
  return std::isnan(d) ? "float(\"nan\")"
         : d < 0       ? "float(\"-inf\")"
                       : "float(\"inf\")";
}

static std::string dotBody(llvm::StringRef text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '\\' || c == '"')
      out += {'\\', (char)c};
    else if (isControl(c))
      out += "\\" + hexEscape(c); // a visible backslash, then xNN
    else
      out += (char)c;
  }
  return out;
}

std::string nasir::exporter::dotString(llvm::StringRef text) {
  return "\"" + dotBody(text) + "\"";
}

std::string nasir::exporter::dotLabel(llvm::ArrayRef<std::string> lines) {
  std::string out = "\"";
  for (size_t i = 0; i < lines.size(); ++i)
    out += (i ? "\\n" : "") + dotBody(lines[i]);
  return out + "\"";
}
