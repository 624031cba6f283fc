//===- ReportServer.cpp - the HTTP server of nasir report --serve ---------===//
//
// The request head is read by HttpRequest.h. One poll loop over the listening socket, the connections and a pipe that
// the SIGINT/SIGTERM handler writes to (so a signal between two polls is not
// lost). Every socket is non-blocking: a connection is read until its
// headers end, answered, written as far as the client takes it, then shut
// down for writing and drained briefly before it is closed (closing with
// unread input would reset the connection and could lose the answer, e.g.
// the 405 to a POST with a body). Each phase has a deadline; a connection
// past it is answered 408 (still reading) or closed. send() uses
// MSG_NOSIGNAL: a client gone away is an error of that connection, never a
// SIGPIPE of the server.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/ReportServer.h"
#include "lib/Search/HttpRequest.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace nasir::search;

namespace {

using Clock = std::chrono::steady_clock;

int stopPipe[2] = {-1, -1};

extern "C" void onStopSignal(int) {
  int saved = errno;
  char c = 1;
  (void)!write(stopPipe[1], &c, 1);
  errno = saved;
}

bool nonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 &&
         fcntl(fd, F_SETFD, FD_CLOEXEC) == 0;
}

ssize_t sendSome(int fd, const char *data, size_t n) {
#ifdef MSG_NOSIGNAL
  return send(fd, data, n, MSG_NOSIGNAL);
#else
  return send(fd, data, n, 0); // SO_NOSIGPIPE is set on the socket
#endif
}

const char *reason(int status) {
  switch (status) {
  case 200: return "OK";
  case 400: return "Bad Request";
  case 403: return "Forbidden";
  case 404: return "Not Found";
  case 405: return "Method Not Allowed";
  case 408: return "Request Timeout";
  case 431: return "Request Header Fields Too Large";
  case 503: return "Service Unavailable";
  default: return "Internal Server Error";
  }
}

std::string render(const HttpAnswer &a) {
  std::string head = "HTTP/1.1 " + std::to_string(a.status) + " " +
                     reason(a.status) + "\r\nContent-Type: " + a.contentType +
                     "\r\nContent-Length: " + std::to_string(a.body.size()) +
                     "\r\nCache-Control: no-store\r\nX-Content-Type-Options: "
                     "nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: "
                     "close\r\n";
  if (a.status == 405)
    head += "Allow: GET\r\n";
  if (!a.policy.empty())
    head += "Content-Security-Policy: " + a.policy + "\r\n";
  return head + "\r\n" + a.body;
}

HttpAnswer plain(int status, const std::string &text = "") {
  HttpAnswer a;
  a.status = status;
  a.body = std::to_string(status) + " " + reason(status) +
           (text.empty() ? "" : ": " + text) + "\n";
  return a;
}

/// The answer to a complete request: a Host other than this server's
/// 403, a method other than GET 405, else the handler's.
HttpAnswer answerRequest(const HttpRequest &q, int port,
                         const HttpHandler &handler) {
  std::string self = ":" + std::to_string(port);
  if (q.hosts && q.host != "127.0.0.1" + self && q.host != "localhost" + self)
    return plain(403, "this server answers for 127.0.0.1" + self + " only");
  if (q.method != "GET")
    return plain(405, "only GET");
  HttpAnswer a = handler(q.path());
  if (a.status == 404 && a.body.empty())
    return plain(404);
  return a;
}

struct Connection {
  enum Phase { Reading, Writing, Draining } phase = Reading;
  int fd = -1;
  std::string in, out;
  size_t sent = 0, drained = 0;
  Clock::time_point deadline;
};

class Server {
public:
  Server(const HttpServerOptions &o, const HttpHandler &h, int listener,
         int port)
      : opt(o), handler(h), listener(listener), port(port) {}
  ~Server() {
    for (Connection &c : conns)
      close(c.fd);
  }
  void run();

private:
  void accept();
  void read(Connection &c);
  void write(Connection &c);
  void answer(Connection &c, const HttpAnswer &a);
  void timeout(Connection &c);
  /// The request in `c.in`, when its headers are complete.
  void parse(Connection &c);

  const HttpServerOptions &opt;
  const HttpHandler &handler;
  int listener, port;
  std::vector<Connection> conns;
  Clock::time_point acceptPausedUntil;
};

std::chrono::milliseconds ms(double seconds) {
  return std::chrono::milliseconds((int64_t)(seconds * 1000));
}

void Server::answer(Connection &c, const HttpAnswer &a) {
  c.out = render(a);
  c.sent = 0;
  c.phase = Connection::Writing;
  c.deadline = Clock::now() + ms(opt.writeTimeout);
  c.in.clear();
  c.in.shrink_to_fit();
}

void Server::timeout(Connection &c) {
  if (c.phase == Connection::Reading) {
    answer(c, plain(408, "the request took too long"));
    write(c);
  } else {
    close(c.fd);
    c.fd = -1;
  }
}

void Server::parse(Connection &c) {
  HttpRequestRead r = readHttpRequest(c.in, opt.maxRequestBytes);
  if (r.state == HttpRequestRead::Refused)
    answer(c, plain(r.status, r.why));
  else if (r.state == HttpRequestRead::Complete)
    answer(c, answerRequest(r.request, port, handler));
}

void Server::read(Connection &c) {
  char buf[4096];
  while (c.fd >= 0) {
    ssize_t n = recv(c.fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return;
    if (n <= 0) { // closed by the client, or an error: nothing to answer
      close(c.fd);
      c.fd = -1;
      return;
    }
    if (c.phase == Connection::Draining) {
      c.drained += n;
      if (c.drained > (1 << 20)) {
        close(c.fd);
        c.fd = -1;
      }
      continue;
    }
    c.in.append(buf, n);
    parse(c);
    if (c.phase != Connection::Reading) {
      write(c);
      return;
    }
  }
}

void Server::write(Connection &c) {
  while (c.fd >= 0 && c.sent < c.out.size()) {
    ssize_t n = sendSome(c.fd, c.out.data() + c.sent, c.out.size() - c.sent);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return;
    if (n < 0) { // EPIPE, ECONNRESET: the client went away
      close(c.fd);
      c.fd = -1;
      return;
    }
    c.sent += n;
  }
  if (c.fd < 0)
    return;
  c.out.clear();
  c.out.shrink_to_fit();
  shutdown(c.fd, SHUT_WR);
  c.phase = Connection::Draining;
  c.deadline = Clock::now() + std::chrono::seconds(1);
}

void Server::accept() {
  while (conns.size() < opt.maxConnections) {
    int fd = ::accept(listener, nullptr, nullptr);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
          errno == ENOMEM) // out of descriptors: try again a little later
        acceptPausedUntil = Clock::now() + std::chrono::milliseconds(100);
      return;
    }
    if (!nonBlocking(fd)) {
      close(fd);
      continue;
    }
#ifndef MSG_NOSIGNAL
#ifdef SO_NOSIGPIPE
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
#endif
    Connection c;
    c.fd = fd;
    c.deadline = Clock::now() + ms(opt.readTimeout);
    conns.push_back(std::move(c));
  }
}

void Server::run() {
  std::vector<pollfd> fds;
  while (true) {
    Clock::time_point now = Clock::now();
    for (Connection &c : conns)
      if (c.fd >= 0 && now >= c.deadline)
        timeout(c);
    conns.erase(std::remove_if(conns.begin(), conns.end(),
                               [](const Connection &c) { return c.fd < 0; }),
                conns.end());
    bool accepting =
        conns.size() < opt.maxConnections && now >= acceptPausedUntil;
    fds.clear();
    fds.push_back({stopPipe[0], POLLIN, 0});
    fds.push_back({accepting ? listener : -1, POLLIN, 0});
    Clock::time_point next = Clock::time_point::max();
    if (!accepting && now < acceptPausedUntil)
      next = acceptPausedUntil;
    for (Connection &c : conns) {
      fds.push_back({c.fd,
                     (short)(c.phase == Connection::Writing ? POLLOUT : POLLIN),
                     0});
      next = std::min(next, c.deadline);
    }
    int wait = -1;
    if (next != Clock::time_point::max())
      wait = (int)std::max<int64_t>(
          0, std::chrono::duration_cast<std::chrono::milliseconds>(next - now)
                     .count() +
                 1);
    if (poll(fds.data(), fds.size(), wait) < 0) {
      if (errno == EINTR)
        continue;
      return; // poll itself failed: nothing sensible to wait on
    }
    if (fds[0].revents)
      return;
    // The connections first (their pollfds follow the two fixed ones),
    // then new ones, so that the indices still match.
    for (size_t i = 0; i < conns.size(); ++i) {
      short ev = fds[i + 2].revents;
      Connection &c = conns[i];
      if (!ev || c.fd < 0)
        continue;
      if (c.phase == Connection::Writing)
        write(c);
      else if (ev & (POLLIN | POLLHUP | POLLERR))
        read(c);
    }
    if (fds[1].revents & POLLIN)
      accept();
  }
}

} // namespace

int nasir::search::serveHttp(const HttpServerOptions &opt,
                             const HttpHandler &handler, std::string &error) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0) {
    error = std::string("cannot open a socket: ") + std::strerror(errno);
    return 1;
  }
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)opt.port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (opt.port < 0 || opt.port > 65535 ||
      bind(listener, (sockaddr *)&addr, sizeof addr) != 0 ||
      listen(listener, 64) != 0 || !nonBlocking(listener) ||
      getsockname(listener, (sockaddr *)&addr, &len) != 0) {
    error = "cannot listen on 127.0.0.1:" + std::to_string(opt.port) + ": " +
            (opt.port < 0 || opt.port > 65535 ? "not a port"
                                              : std::strerror(errno));
    close(listener);
    return 1;
  }
  int port = ntohs(addr.sin_port);
  if (pipe(stopPipe) != 0 || !nonBlocking(stopPipe[0]) ||
      !nonBlocking(stopPipe[1])) {
    error = std::string("cannot make a pipe: ") + std::strerror(errno);
    close(listener);
    return 1;
  }
  struct sigaction stop {}, oldInt{}, oldTerm{};
  stop.sa_handler = onStopSignal;
  sigemptyset(&stop.sa_mask);
  sigaction(SIGINT, &stop, &oldInt);
  sigaction(SIGTERM, &stop, &oldTerm);
  llvm::errs() << "serving http://127.0.0.1:" << port << "/ (Ctrl-C stops)\n";
  llvm::errs().flush();
  {
    Server server(opt, handler, listener, port);
    server.run();
  }
  sigaction(SIGINT, &oldInt, nullptr);
  sigaction(SIGTERM, &oldTerm, nullptr);
  close(listener);
  close(stopPipe[0]);
  close(stopPipe[1]);
  stopPipe[0] = stopPipe[1] = -1;
  return 0;
}
