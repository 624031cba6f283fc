//===- HttpFuzzer.cpp - libFuzzer harness of report --serve's requests ----===//
//
// Arbitrary bytes as what a client sent to `nasir report --serve`: reading
// the request head (lib/Search/HttpRequest.h) under the server's 8 KiB
// limit. Beyond no crash: a complete request has a GET-like method token
// and a path; a refusal is 400 or 431; only a short input is incomplete.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/HttpRequest.h"
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using nasir::search::HttpRequestRead;
  const size_t limit = 8192;
  std::string_view bytes(reinterpret_cast<const char *>(data), size);
  HttpRequestRead r = nasir::search::readHttpRequest(bytes, limit);
  switch (r.state) {
  case HttpRequestRead::Incomplete:
    if (size > limit)
      abort();
    break;
  case HttpRequestRead::Complete:
    if (r.request.method.empty() || r.request.target.empty() ||
        r.request.target[0] != '/' || r.request.path().empty() ||
        r.request.hosts > 1)
      abort();
    break;
  case HttpRequestRead::Refused:
    if ((r.status != 400 && r.status != 431) || r.why.empty())
      abort();
    break;
  }
  return 0;
}
