//===- ProcessIdentity.h - a process, not just its PID ----------*- C++ -*-===//
//
// A PID names a process only while it runs: the kernel gives it to another
// process later, and after a reboot any PID may name anything. The store
// records, next to each PID (the lock's holder, each trial's worker), the
// process's identity: this boot's id and the process's start time. A PID
// whose identity differs is another process: never signalled, and a lock it
// seems to hold is stale.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_PROCESSIDENTITY_H
#define NASIR_SEARCH_PROCESSIDENTITY_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>

namespace nasir::search {

/// "BOOT_ID/START" for a process of this machine: the kernel's boot id and
/// the process's start time in clock ticks since boot (/proc/PID/stat field
/// 22). Empty when no such process exists or /proc cannot tell.
std::string processIdentity(int64_t pid);

/// Whether `pid` is running and is the process once recorded as `identity`.
/// False for an empty identity: an unknown process is never taken as ours.
bool isSameProcess(int64_t pid, llvm::StringRef identity);

/// Kills the process group led by `leader` when the leader is still the
/// process recorded as `identity` (and not this process); otherwise does
/// nothing. Returns whether it signalled.
bool killGroupIfSame(int64_t leader, llvm::StringRef identity);

} // namespace nasir::search

#endif
