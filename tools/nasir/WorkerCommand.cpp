//===- WorkerCommand.cpp - nasir worker -----------------------------------===//
//
// nasir worker --store URL [--jobs J] [--device cuda:N] [--threads T]
//              [--lease SECONDS] [--wait] [--work-dir DIR]
//
// Evaluates the trials that a `nasir search` offers through its store
// (--jobs 0; or --jobs J, beside the search's own J jobs: lib/Search/
// MixedEvaluator.h), on this machine or any other that reaches the store
// (lib/Search/Worker.h): the evaluator and its options come from the stored
// experiment, each trial's time limit from the search's saved --time
// deadline; --jobs, --threads and --device are this worker's own. Exits 0 once the
// experiment is finished (with --wait it keeps serving), or on SIGINT/SIGTERM
// after giving its running trials back; 1 when it cannot start.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Experiment.h"
#include "lib/Search/ProcessIdentity.h"
#include "lib/Search/Proxy.h"
#include "lib/Search/Worker.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Common.h"
#include "tools/nasir/Payload.h"
#include "tools/nasir/SearchOptions.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <csignal>
#include <thread>
#include <unistd.h>

using namespace mlir;
using namespace nasir;
using namespace nasir::cli;
using namespace nasir::search;

static const char *kSummary =
    "evaluate the trials a search offers through its store (--jobs 0)";

static void onSignal(int) { WorkerLoop::stopRequested = true; }

static int runWorker(int argc, char **argv) {
  CommandLine args("worker", kSummary);
  args.add({"store", ValueKind::Text, "",
            "the experiment's store: an SQLite file or a postgresql:// URL",
            {}, {}, "required", "URL"});
  args.add({"jobs", ValueKind::Positive, "1", "trials evaluated at once"});
  args.add({"device", ValueKind::Text, "cpu",
            "where train jobs run (nasir-train --device: cpu, cuda:N)", {}, {},
            "", "DEVICE"});
  args.add({"threads", ValueKind::Natural, "",
            "threads per evaluation (0 = the cores / --jobs)", {}, {},
            "the search's --threads"});
  args.add({"lease", ValueKind::Duration, "30",
            "a claimed trial whose worker has not renewed its lease for this "
            "long goes back to the queue (renewed every third of it, at most "
            "every 5 s)"});
  args.flag("wait", "keep serving once the experiment is finished (a resumed "
                    "search finds this worker still there)");
  args.add({"work-dir", ValueKind::Text, "",
            "where candidates, job output and weights go", {}, {},
            "STORE.trials/, or ./EXPERIMENT.trials for a PostgreSQL "
            "store",
            "DIR"});
  args.add({"nasir-train", ValueKind::Text, "", "the nasir-train to run", {},
            {}, "next to nasir, else on PATH", "PATH"});
  if (int rc = parseCommandLine(args, argc, argv); rc >= 0)
    return rc;
  if (!args.has("store")) {
    llvm::errs() << "error: --store is required (the experiment's SQLite file "
                    "or postgresql:// URL)\n";
    return 2;
  }
  std::string location = args.get("store");
  double lease = args.getSeconds("lease");
  if (lease < 1) {
    llvm::errs() << "error: --lease must be at least 1 second\n";
    return 2;
  }
  std::string error;
  auto store = openStore(location, error);
  if (!store) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  signal(SIGINT, onSignal);
  signal(SIGTERM, onSignal);
  // A worker may start before its search: it waits for the experiment.
  for (bool said = false; !store->hasExperiment();) {
    if (WorkerLoop::stopRequested)
      return 0;
    if (!said)
      llvm::errs() << "worker: waiting for an experiment in " << location
                   << "\n";
    said = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ExperimentInfo info;
  if (!store->loadExperiment(info)) {
    llvm::errs() << "error: store '" << location
                 << "': " << store->lastError() << "\n";
    return 1;
  }
  Session s;
  Experiment e;
  if (!e.describe(location, info, s.context, error)) {
    llvm::errs() << "error: store '" << location << "': " << error << "\n";
    return 1;
  }
  // Its own folder, not the search's (that may be another machine's path).
  e.layout = ExperimentLayout::at(location, args.get("work-dir"));
  if (std::error_code ec =
          llvm::sys::fs::create_directories(e.layout.trialsDir())) {
    llvm::errs() << "error: cannot create the work folder '"
                 << e.layout.trialsDir() << "': " << ec.message() << "\n";
    return 1;
  }

  // The stored options, with the search's defaults for those not given.
  char searchName[] = "search";
  char *searchArgv[] = {searchName, nullptr};
  CommandLine searchArgs = searchCommandLine(1, searchArgv);
  auto stored = [&](const std::string &k) {
    const Option *o = searchArgs.find(k);
    return e.option(k, o ? o->defaultValue : "");
  };
  auto storedInt = [&](const std::string &k, int64_t &v) {
    if (!llvm::StringRef(stored(k)).getAsInteger(10, v))
      return true;
    llvm::errs() << "error: store '" << location << "': --" << k
                 << " is not an integer: '" << stored(k) << "'\n";
    return false;
  };
  EvaluatorConfig ec = experimentEvaluator(e.options, e.layout);
  if (ec.kind == "external") {
    llvm::errs() << "error: store '" << location
                 << "': the experiment's results are told by another program "
                    "(--evaluator external: nasir.Study's ask and tell), not "
                    "by nasir workers\n";
    return 1;
  }
  int64_t epochs = 0, seed = 0, threads = 0;
  if (!storedInt("epochs", epochs) || !storedInt("seed", seed) ||
      !storedInt("threads", threads))
    return 1;
  ec.epochs = epochs;
  ec.seed = (uint64_t)seed;
  ec.threads = args.has("threads") ? args.getInt("threads") : threads;
  ec.jobs = args.getInt("jobs");
  ec.experimentKey = experimentKey(info.created);
  ec.device = args.get("device");
  if (!stored("timeout").empty() && !parseDuration(stored("timeout"), ec.timeout)) {
    llvm::errs() << "error: store '" << location << "': --timeout is not a "
                 << "duration: '" << stored("timeout") << "'\n";
    return 1;
  }
  if (ec.kind == "train" || !proxyOfEvaluator(ec.kind).empty()) {
    ec.trainBinary =
        args.has("nasir-train") ? args.get("nasir-train") : findNasirTrain();
    if (ec.trainBinary.empty()) {
      llvm::errs() << "error: "
                   << nasirTrainMissing("the experiment's " + ec.kind +
                                            " evaluator",
                                        true)
                   << "\n";
      return 1;
    }
    std::string trainArgs = stored("train-args");
    llvm::SmallVector<llvm::StringRef> extra;
    llvm::StringRef(trainArgs).split(extra, ' ', -1, false);
    for (llvm::StringRef x : extra)
      ec.trainArgs.push_back(x.str());
  }
  auto model = SpaceModel::build(e.space);
  auto evaluator = makeEvaluator(ec, *model, error);
  if (!evaluator) {
    llvm::errs() << "error: " << error << "\n";
    return 1;
  }
  CanonOptions canon;
  canon.zeroAbsorbing = stored(kZeroAbsorbing) == "1";

  WorkerSettings settings;
  settings.me.host = hostName();
  settings.me.pid = getpid();
  settings.me.identity = processIdentity(getpid());
  settings.me.device = ec.device;
  settings.me.jobs = ec.jobs;
  settings.leaseSeconds = lease;
  settings.keepServing = args.has("wait");
  settings.workDir = e.layout.trialsDir();
  llvm::errs() << "worker " << settings.me.host << " pid " << settings.me.pid
               << " (" << settings.me.device << ", " << settings.me.jobs
               << (settings.me.jobs == 1 ? " job" : " jobs") << "): "
               << ec.kind << " evaluations of @" << info.spaceName
               << " from " << location << "\n";
  WorkerLoop loop(*store, *evaluator, e.space, canon, settings, llvm::errs());
  int64_t n = loop.run();
  llvm::errs() << "worker: " << n << (n == 1 ? " trial" : " trials")
               << " evaluated; "
               << (WorkerLoop::stopRequested ? "stopped" : "the experiment is "
                                                           "finished")
               << "\n";
  return 0;
}

static Command worker{"worker", kSummary, runWorker};
