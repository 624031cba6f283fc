//===- HttpRequest.h - the request head that report --serve reads -*- C++ -*-===//
//
// What a client sent, read strictly and within a limit: the request line
// (METHOD TARGET HTTP/1.x) and the header lines up to the empty one. A
// client's bytes are untrusted; this is the only code that looks at them
// (lib/Search/ReportServer.cpp answers what it returns; fuzz/HttpFuzzer.cpp
// feeds it arbitrary bytes). Plain C++17, no LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_HTTPREQUEST_H
#define NASIR_SEARCH_HTTPREQUEST_H

#include <cstddef>
#include <string>
#include <string_view>

namespace nasir::search {

struct HttpRequest {
  std::string method;  ///< a token: GET, POST, ...
  std::string target;  ///< starts with '/', printable ASCII, no space
  std::string version; ///< HTTP/1.0 or HTTP/1.1
  int hosts = 0;       ///< how many Host headers
  std::string host;    ///< the last one's value, without blanks around it

  /// The target without its query (`?...`) and fragment.
  std::string path() const { return target.substr(0, target.find_first_of("?#")); }
};

struct HttpRequestRead {
  enum State {
    Incomplete, ///< the head has not ended yet: read more
    Complete,   ///< `request` is the head; a body, if any, follows it
    Refused,    ///< `status` (400 malformed, 431 too large) and `why`
  } state = Incomplete;
  int status = 0;
  std::string why;
  HttpRequest request;
};

/// Reads the request head at the start of `bytes` (all a client sent so
/// far). Empty lines before the request line are skipped (RFC 9112 2.2);
/// lines end with CRLF or LF. Refused: a head longer than `maxBytes` (or
/// `bytes` beyond it without its end: 431); a request line that is not
/// METHOD TARGET HTTP/1.x with one space between, a target that is not a
/// path of printable ASCII, a header line without `NAME:` (a token), with a
/// control character or folded (400); HTTP/1.1 without exactly one Host, or
/// several Host headers (400).
HttpRequestRead readHttpRequest(std::string_view bytes, size_t maxBytes);

} // namespace nasir::search

#endif
