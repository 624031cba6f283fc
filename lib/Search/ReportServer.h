//===- ReportServer.h - the HTTP server of nasir report --serve -*- C++ -*-===//
//
// A small HTTP/1.1 server on 127.0.0.1 (plain POSIX sockets, one thread, one
// poll loop): it answers GET of the paths its handler knows and closes each
// connection after one answer. It reads untrusted requests: a request line
// and headers of more than 8 KiB are refused (431), a client that has not
// sent its request within the read timeout gets 408, anything but GET 405,
// a malformed request 400, a Host that is not this server's 403 (a page of
// another site, through DNS rebinding, cannot read the store). A slow or
// vanished client holds only its own connection; the server stays up after
// every bad request. SIGINT and SIGTERM end it.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_REPORTSERVER_H
#define NASIR_SEARCH_REPORTSERVER_H

#include <functional>
#include <string>

namespace nasir::search {

struct HttpAnswer {
  int status = 200;
  std::string contentType = "text/plain; charset=utf-8";
  std::string body;
  std::string policy; ///< Content-Security-Policy, when not empty
};

/// What to answer to GET of `path` (the request target without its query);
/// a path it does not know: status 404.
using HttpHandler = std::function<HttpAnswer(const std::string &path)>;

struct HttpServerOptions {
  int port = 0;                ///< 0: a free port picked by the system
  double readTimeout = 5;      ///< seconds to send the request (then 408)
  double writeTimeout = 30;    ///< seconds to take the answer
  size_t maxRequestBytes = 8192; ///< request line + headers (then 431)
  size_t maxConnections = 64;    ///< more wait in the listen queue
};

/// Listens on 127.0.0.1:`port`, prints `serving http://127.0.0.1:PORT/
/// (Ctrl-C stops)` on stderr and answers until SIGINT or SIGTERM: then 0.
/// 1 with `error` when it cannot listen.
int serveHttp(const HttpServerOptions &options, const HttpHandler &handler,
              std::string &error);

} // namespace nasir::search

#endif
