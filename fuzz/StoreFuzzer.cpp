//===- StoreFuzzer.cpp - libFuzzer harness of the experiment store --------===//
//
// Arbitrary bytes as an SQLite store file, opened as `nasir report` and
// `nasir search --resume` open one: the experiment row, its options JSON,
// every trial (metrics JSON, decisions parsed), the event log, and the
// report's CSV and JSON writers. SQLite itself is not instrumented; the
// findings are in what nasir does with what it reads.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Report.h"
#include "lib/Search/Store.h"
#include "lib/Support/LimitedJson.h"
#include "lib/Transforms/Decisions.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

using namespace nasir;
using namespace nasir::search;

namespace {
/// A file of this process's own, and its WAL and shared-memory files.
const std::string &storePath() {
  static const std::string path = [] {
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    return std::string(dir) + "/nasir-store-fuzz-" + std::to_string(getpid()) + ".db";
  }();
  return path;
}

void removeStore() {
  for (const char *suffix : {"", "-wal", "-shm", "-journal"})
    unlink((storePath() + suffix).c_str());
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::MLIRContext ctx(mlir::MLIRContext::Threading::DISABLED);
  removeStore();
  FILE *f = fopen(storePath().c_str(), "wb");
  if (!f)
    abort();
  fwrite(data, 1, size, f);
  fclose(f);
  {
    ExperimentInfo info;
    std::string error;
    std::unique_ptr<Store> store = openExperimentStore(storePath(), info, error);
    if (store) {
      if (auto options = parseJsonLimited(info.options); !options)
        llvm::consumeError(options.takeError());
      // A store that cannot be read to its last row is an error, not a
      // shorter experiment: only a complete one reaches the writers.
      std::map<int64_t, Trial> trials;
      std::vector<Event> events;
      if (trialsById(*store, trials) && store->loadEvents(events)) {
        for (auto &[id, t] : trials)
          (void)parseDecisions(&ctx, t.decisions, error);
        std::vector<const Trial *> rows;
        for (auto &[id, t] : trials)
          rows.push_back(&t);
        writeCsv(llvm::nulls(), rows, nullptr);
        writeJson(llvm::nulls(), rows, nullptr);
      }
    }
  }
  removeStore();
  return 0;
}
