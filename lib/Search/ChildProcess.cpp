//===- ChildProcess.cpp - a guarded child process -------------------------===//
#include "lib/Search/ChildProcess.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace nasir::search;

/// Set in the guardian once its program has ended: from then on, the
/// search's death must not lose the recorded status.
static volatile sig_atomic_t workerDone = 0;

/// The guardian's SIGTERM handler: the search died, end the whole group
/// (unless the program has already finished: its status is being recorded).
static void killOwnGroup(int) {
  if (!workerDone)
    kill(0, SIGKILL);
}

pid_t nasir::search::startGuarded(const ChildSpec &spec) {
  // Everything the children need is built before fork.
  std::vector<std::string> argv = spec.argv, env = spec.env;
  std::vector<char *> args, envp;
  for (std::string &a : argv)
    args.push_back(a.data());
  for (std::string &e : env)
    envp.push_back(e.data());
  args.push_back(nullptr);
  envp.push_back(nullptr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    signal(SIGTERM, killOwnGroup);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
      killOwnGroup(SIGTERM);
    pid_t worker = fork();
    if (worker == 0) {
      signal(SIGTERM, SIG_DFL);
      int o = open(spec.stdoutPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int e = spec.stderrPath.empty()
                  ? 2
                  : open(spec.stderrPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                         0644);
      int in = open("/dev/null", O_RDONLY);
      if (o < 0 || e < 0 || in < 0)
        _exit(126);
      dup2(in, 0), dup2(o, 1), dup2(e, 2);
      execvpe(args[0], args.data(), envp.data());
      dprintf(2, "cannot run %s\n", args[0]);
      _exit(127);
    }
    int status = 0;
    while (worker > 0 && waitpid(worker, &status, 0) < 0 && errno == EINTR) {
    }
    workerDone = 1;
    if (worker < 0)
      _exit(126);
    if (!spec.exitPath.empty()) {
      int fd = open(spec.exitPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        dprintf(fd, "%d\n", status);
        close(fd);
      }
    }
    if (WIFSIGNALED(status)) {
      signal(WTERMSIG(status), SIG_DFL);
      raise(WTERMSIG(status));
    }
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 126);
  }
  if (pid > 0)
    setpgid(pid, pid); // both sides, so the group exists before any kill
  return pid < 0 ? -1 : pid;
}

void nasir::search::killGroup(pid_t leader) {
  kill(-leader, SIGKILL);
  int status;
  waitpid(leader, &status, 0);
}

std::optional<int> nasir::search::readExitStatus(const std::string &path) {
  auto buf = llvm::MemoryBuffer::getFile(path);
  int status;
  if (!buf || (*buf)->getBuffer().trim().getAsInteger(10, status))
    return std::nullopt;
  return status;
}

std::vector<std::string>
nasir::search::environmentWith(const std::map<std::string, std::string> &vars) {
  std::vector<std::string> env;
  for (char **e = environ; *e; ++e) {
    llvm::StringRef entry(*e);
    if (!vars.count(entry.split('=').first.str()))
      env.push_back(entry.str());
  }
  for (auto &[name, value] : vars)
    env.push_back(name + "=" + value);
  return env;
}

ChildEnd nasir::search::runGuarded(const ChildSpec &spec, double limit,
                                   const std::atomic<bool> *stop,
                                   const std::function<void()> &tick) {
  using Clock = std::chrono::steady_clock;
  ChildEnd end;
  auto began = Clock::now();
  double lastTick = 0;
  pid_t pid = startGuarded(spec);
  if (pid < 0) {
    end.started = false;
    return end;
  }
  while (true) {
    pid_t w = waitpid(pid, &end.status, WNOHANG);
    end.seconds = std::chrono::duration<double>(Clock::now() - began).count();
    if (w == pid) {
      kill(-pid, SIGKILL); // leftovers of the group
      return end;
    }
    if (tick && end.seconds >= lastTick + 2) {
      tick();
      lastTick = end.seconds;
    }
    end.timedOut = limit > 0 && end.seconds > limit;
    end.stopped = stop && stop->load();
    if (end.timedOut || end.stopped) {
      killGroup(pid);
      return end;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}
