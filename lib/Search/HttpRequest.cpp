//===- HttpRequest.cpp - the request head that report --serve reads -------===//
#include "lib/Search/HttpRequest.h"
#include <cstring>
#include <vector>

using namespace nasir::search;

static bool isTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || (c && std::strchr("!#$%&'*+-.^_`|~", c));
}

static bool isToken(std::string_view s) {
  if (s.empty())
    return false;
  for (char c : s)
    if (!isTokenChar(c))
      return false;
  return true;
}

static std::string_view trimmed(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos)
    return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

static HttpRequestRead refused(int status, std::string why) {
  HttpRequestRead r;
  r.state = HttpRequestRead::Refused;
  r.status = status;
  r.why = std::move(why);
  return r;
}

/// The head's lines, parsed: the request line, then the headers.
static HttpRequestRead parseHead(const std::vector<std::string_view> &lines) {
  std::string_view line = lines[0];
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos ||
      line.find(' ', sp2 + 1) != std::string_view::npos)
    return refused(400, "a request line is METHOD TARGET HTTP/1.1");
  HttpRequestRead r;
  HttpRequest &q = r.request;
  q.method = line.substr(0, sp1);
  q.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  q.version = line.substr(sp2 + 1);
  if (!isToken(q.method) || (q.version != "HTTP/1.1" && q.version != "HTTP/1.0"))
    return refused(400, "a request line is METHOD TARGET HTTP/1.1");
  if (q.target.empty() || q.target[0] != '/')
    return refused(400, "the target is a path");
  for (char c : q.target)
    if ((unsigned char)c <= 0x20 || (unsigned char)c >= 0x7f)
      return refused(400, "the target is a path of printable characters");
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view h = lines[i];
    if (h[0] == ' ' || h[0] == '\t')
      return refused(400, "folded header lines are not accepted");
    size_t colon = h.find(':');
    if (colon == std::string_view::npos || !isToken(h.substr(0, colon)))
      return refused(400, "a header is NAME: VALUE");
    for (char c : h)
      if (((unsigned char)c < 0x20 && c != '\t') || c == 0x7f)
        return refused(400, "a header holds a control character");
    std::string name(h.substr(0, colon));
    for (char &c : name)
      c = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (name == "host") {
      ++q.hosts;
      q.host = trimmed(h.substr(colon + 1));
    }
  }
  if (q.hosts > 1 || (q.hosts == 0 && q.version == "HTTP/1.1"))
    return refused(400, "a request has one Host header");
  r.state = HttpRequestRead::Complete;
  return r;
}

HttpRequestRead nasir::search::readHttpRequest(std::string_view bytes,
                                               size_t maxBytes) {
  std::string tooLarge = "the request line and headers take at most " +
                         std::to_string(maxBytes) + " bytes";
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (true) {
    size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos || nl >= maxBytes) {
      if (bytes.size() > maxBytes)
        return refused(431, tooLarge);
      return {};
    }
    std::string_view line = bytes.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    pos = nl + 1;
    if (!line.empty()) {
      lines.push_back(line);
      continue;
    }
    if (!lines.empty())
      return parseHead(lines);
  }
}
