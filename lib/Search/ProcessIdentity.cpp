//===- ProcessIdentity.cpp - boot id and start time from /proc ------------===//
#include "lib/Search/ProcessIdentity.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MemoryBuffer.h"
#include <csignal>
#include <unistd.h>

using namespace nasir::search;

/// The whole of a /proc file ("" when it cannot be read). /proc files have
/// no size, so they are read as streams.
static std::string readProcFile(const std::string &path) {
  auto buf = llvm::MemoryBuffer::getFileAsStream(path);
  return buf ? (*buf)->getBuffer().str() : "";
}

std::string nasir::search::processIdentity(int64_t pid) {
  if (pid <= 0)
    return "";
  // "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses, so
  // the fields are counted after its last ')'; field 3 is STATE.
  std::string stat = readProcFile("/proc/" + std::to_string(pid) + "/stat");
  size_t close = stat.rfind(')');
  if (close == std::string::npos)
    return "";
  llvm::SmallVector<llvm::StringRef> fields;
  llvm::StringRef(stat).drop_front(close + 1).split(fields, ' ', -1, false);
  constexpr size_t kStartTime = 22 - 3;
  if (fields.size() <= kStartTime)
    return "";
  std::string boot =
      llvm::StringRef(readProcFile("/proc/sys/kernel/random/boot_id"))
          .trim()
          .str();
  return boot + "/" + fields[kStartTime].str();
}

bool nasir::search::isSameProcess(int64_t pid, llvm::StringRef identity) {
  return !identity.empty() && processIdentity(pid) == identity;
}

bool nasir::search::killGroupIfSame(int64_t leader, llvm::StringRef identity) {
  if (leader <= 0 || leader == getpid() || !isSameProcess(leader, identity))
    return false;
  return kill(-(pid_t)leader, SIGKILL) == 0;
}
