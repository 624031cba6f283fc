//===- Quote.cpp - bash words, YAML scalars, Kubernetes literals ----------===//
#include "lib/Launch/Quote.h"
#include <cstdint>
#include <cstdio>

using namespace nasir::launch;

static bool isControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

static std::string hex2(unsigned c) {
  char buf[8];
  snprintf(buf, sizeof buf, "%02x", c);
  return buf;
}

std::string nasir::launch::shellWord(const std::string &text) {
  if (text.empty())
    return "''";
  std::string out;
  bool open = false; // inside a '...' piece
  for (unsigned char c : text) {
    if (isControl(c)) {
      if (open)
        out += '\'';
      open = false;
      out += "$'\\x" + hex2(c) + "'";
      continue;
    }
    if (c == '\'') {
      // Close the piece, write an escaped quote, reopen when more follows.
      if (open)
        out += '\'';
      open = false;
      out += "\\'";
      continue;
    }
    if (!open)
      out += '\'';
    open = true;
    out += (char)c;
  }
  if (open)
    out += '\'';
  return out;
}

/// Decodes the UTF-8 sequence at `i`; on success sets `cp` and `len`.
static bool decodeUtf8(const std::string &s, size_t i, uint32_t &cp,
                       size_t &len) {
  unsigned char c = s[i];
  if (c < 0x80) {
    cp = c;
    len = 1;
    return true;
  }
  uint32_t min;
  if ((c & 0xe0) == 0xc0) {
    len = 2, cp = c & 0x1f, min = 0x80;
  } else if ((c & 0xf0) == 0xe0) {
    len = 3, cp = c & 0x0f, min = 0x800;
  } else if ((c & 0xf8) == 0xf0) {
    len = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return false;
  }
  if (i + len > s.size())
    return false;
  for (size_t k = 1; k < len; ++k) {
    unsigned char d = s[i + k];
    if ((d & 0xc0) != 0x80)
      return false;
    cp = (cp << 6) | (d & 0x3f);
  }
  return cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
}

bool nasir::launch::isUtf8(const std::string &text) {
  uint32_t cp;
  size_t len;
  for (size_t i = 0; i < text.size(); i += len)
    if (!decodeUtf8(text, i, cp, len))
      return false;
  return true;
}

/// YAML 1.1/1.2's printable set, less the characters a double-quoted
/// scalar would fold as line breaks (NEL, LS, PS) and the BOM.
static bool printsRaw(uint32_t cp) {
  if (cp < 0x80)
    return cp >= 0x20 && cp != 0x7f;
  if (cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff)
    return false;
  return (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
         (cp >= 0x10000 && cp <= 0x10ffff);
}

std::string nasir::launch::yamlString(const std::string &text) {
  std::string out = "\"";
  uint32_t cp;
  size_t len;
  for (size_t i = 0; i < text.size(); i += len) {
    if (!decodeUtf8(text, i, cp, len)) {
      out += "\\uFFFD";
      len = 1;
      continue;
    }
    if (cp == '"' || cp == '\\') {
      out += '\\';
      out += (char)cp;
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (printsRaw(cp)) {
      out.append(text, i, len);
    } else {
      char buf[16];
      snprintf(buf, sizeof buf, cp <= 0xff ? "\\x%02X" : "\\u%04X", cp);
      out += buf;
    }
  }
  return out + "\"";
}

std::string nasir::launch::kubernetesLiteral(const std::string &text) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '$')
      out += '$';
  }
  return out;
}

std::string nasir::launch::visible(const std::string &text) {
  std::string out;
  for (unsigned char c : text)
    out += isControl(c) ? "\\x" + hex2(c) : std::string(1, (char)c);
  return out;
}
