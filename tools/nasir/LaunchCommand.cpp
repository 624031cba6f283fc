//===- LaunchCommand.cpp - nasir launch slurm|k8s -------------------------===//
//
// nasir launch slurm --store URL --workers N [--gpus-per-worker G] [--time T]
//                    [--cpus-per-worker C] [--partition P] [--job-name NAME]
//                    [--threads T] [--wait] [--nasir PATH] [--output FILE]
//                    [-- WORKER-ARGS...]
// nasir launch k8s (--store URL | --store-secret NAME) --workers N
//                  --image IMG [--gpus G] [--cpu C] [--memory M] [--name NAME]
//                  [--namespace NS] [--threads T] [--wait] [--nasir PATH]
//                  [--output FILE] [-- WORKER-ARGS...]
//
// Writes what starts N `nasir worker`s on a cluster: an sbatch job array
// (lib/Launch/SlurmScript.h) or a Kubernetes Job (lib/Launch/KubernetesJob.h).
// It submits nothing: `sbatch FILE`, `kubectl apply -f FILE` do.
//
//===----------------------------------------------------------------------===//
#include "lib/CLI/CommandLine.h"
#include "lib/Launch/KubernetesJob.h"
#include "lib/Launch/SlurmScript.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Payload.h"
#include "llvm/Support/raw_ostream.h"

using namespace nasir::cli;
using namespace nasir::launch;

static const char *kSummary =
    "write a Slurm job array or Kubernetes Job of nasir workers";

/// --help/--version to stdout, a usage error to stderr; -1 to go on.
static int parse(CommandLine &cl, int argc, char **argv) {
  ParseOutcome r = cl.parse(argc, argv);
  if (r.proceed)
    return -1;
  (r.exitCode == 0 ? llvm::outs() : llvm::errs()) << r.text;
  return r.exitCode;
}

/// Writes `text` to `path` (stdout for "" or "-"); 0 or 1.
static int emit(const std::string &path, const std::string &text) {
  if (path.empty() || path == "-") {
    llvm::outs() << text;
    return 0;
  }
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (!ec) {
    os << text;
    os.close();
    ec = os.error();
  }
  if (ec) {
    llvm::errs() << "error: cannot write '" << path << "': " << ec.message()
                 << "\n";
    os.clear_error();
    return 1;
  }
  return 0;
}

/// The options both launchers take.
static void addWorkerOptions(CommandLine &cl, const std::string &nasirDefault,
                             const std::string &nasirDefaultText,
                             const std::string &nasirHelp) {
  cl.add({"store",
          ValueKind::Text,
          "",
          "the experiment's store, as `nasir search --store` names it",
          {},
          {},
          "",
          "URL"});
  cl.add({"workers", ValueKind::Positive, "", "how many workers to start"});
  cl.add({"threads",
          ValueKind::Positive,
          "",
          "--threads of each worker",
          {},
          {},
          "from the CPUs, when given"});
  cl.flag("wait", "pass --wait to each worker (it keeps serving after the "
                  "experiment is finished, so the job ends only when killed)");
  cl.add({"nasir", ValueKind::Text, nasirDefault, nasirHelp, {}, {},
          nasirDefaultText, "PATH"});
  cl.add({"output",
          ValueKind::Text,
          "",
          "write to FILE",
          {},
          {},
          "stdout",
          "FILE"});
  cl.passThrough("each worker (nasir worker's own options)");
}

/// The worker options common to both, from `cl`.
static WorkerArgs workerOptions(const CommandLine &cl) {
  WorkerArgs w;
  w.store = cl.get("store");
  w.threads = cl.has("threads") ? cl.getInt("threads") : 0;
  w.wait = cl.has("wait");
  w.extra = cl.rest;
  return w;
}

static void warnPassword(const std::string &store) {
  if (storeHoldsPassword(store))
    llvm::errs() << "warning: the --store URL holds a password: it is "
                    "readable in the written file and in each worker's "
                    "command line; prefer a password file (PGPASSFILE, "
                    "~/.pgpass) or, on Kubernetes, --store-secret\n";
}

static int runSlurm(int argc, char **argv) {
  CommandLine cl("launch slurm", "an sbatch job array of nasir workers");
  addWorkerOptions(cl, "", "this nasir's absolute path",
                   "the nasir executable on the compute nodes");
  cl.section("Slurm");
  cl.add({"gpus-per-worker",
          ValueKind::Natural,
          "0",
          "GPUs of each array task (--gres=gpu:G; G workers, one per GPU)",
          {},
          {},
          "",
          "G"});
  cl.add({"cpus-per-worker",
          ValueKind::Positive,
          "",
          "CPUs of each array task (--cpus-per-task)",
          {},
          {},
          "Slurm's",
          "C"});
  cl.add({"time",
          ValueKind::Text,
          "",
          "time limit of each task (minutes, HH:MM:SS, D-HH:MM, ...)",
          {},
          {},
          "the partition's",
          "T"});
  cl.add({"partition",
          ValueKind::Text,
          "",
          "the partition",
          {},
          {},
          "the cluster's default",
          "P"});
  cl.add({"job-name",
          ValueKind::Text,
          "nasir-worker",
          "the job's name (and its log files' prefix)",
          {},
          {},
          "",
          "NAME"});
  cl.note("Each array task runs `nasir worker --store URL --jobs 1` (with "
          "--device cuda:0 when it has a GPU) and logs to NAME-%A_%a.out. "
          "Submit with `sbatch FILE`. The default --nasir is this nasir's "
          "absolute path, for nodes that share its file system.");
  if (int rc = parse(cl, argc, argv); rc >= 0)
    return rc;
  if (!cl.has("store") || !cl.has("workers")) {
    llvm::errs() << cl.usageError("give --store URL and --workers N").text;
    return 2;
  }
  SlurmOptions o;
  o.worker = workerOptions(cl);
  o.nasir = cl.has("nasir") ? cl.get("nasir") : selfPath();
  o.workers = cl.getInt("workers");
  o.gpusPerWorker = cl.getInt("gpus-per-worker");
  o.cpusPerWorker =
      cl.has("cpus-per-worker") ? cl.getInt("cpus-per-worker") : 0;
  o.time = cl.get("time");
  o.partition = cl.get("partition");
  o.jobName = cl.get("job-name");
  std::string script, error;
  if (!slurmScript(o, script, error)) {
    llvm::errs() << cl.usageError(error).text;
    return 2;
  }
  warnPassword(o.worker.store);
  return emit(cl.get("output"), script);
}

static int runKubernetes(int argc, char **argv) {
  CommandLine cl("launch k8s", "a Kubernetes Indexed Job of nasir workers");
  addWorkerOptions(cl, "nasir", "", "the nasir executable in the image");
  cl.section("Kubernetes");
  cl.add({"image",
          ValueKind::Text,
          "",
          "the container image that holds nasir",
          {},
          {},
          "",
          "IMG"});
  cl.add({"store-secret",
          ValueKind::Text,
          "",
          "take the store URL from this Secret instead of --store",
          {},
          {},
          "",
          "NAME"});
  cl.add({"store-secret-key",
          ValueKind::Text,
          "url",
          "the Secret's key that holds the URL",
          {},
          {},
          "",
          "KEY"});
  cl.add({"gpus",
          ValueKind::Natural,
          "0",
          "GPUs of each worker (nvidia.com/gpu; 0 or 1)",
          {},
          {},
          "",
          "G"});
  cl.add({"cpu",
          ValueKind::Text,
          "",
          "CPU limit of each worker (4, 500m)",
          {},
          {},
          "none",
          "C"});
  cl.add({"memory",
          ValueKind::Text,
          "",
          "memory limit of each worker (8Gi, 512Mi)",
          {},
          {},
          "none",
          "M"});
  cl.add({"name",
          ValueKind::Text,
          "nasir-worker",
          "the Job's name",
          {},
          {},
          "",
          "NAME"});
  cl.add({"namespace",
          ValueKind::Text,
          "",
          "the Job's namespace",
          {},
          {},
          "kubectl's",
          "NS"});
  cl.note("Each pod runs `nasir worker --store URL --jobs 1` (with --device "
          "cuda:0 when it has a GPU); a worker that fails is replaced by a new "
          "pod. Apply with `kubectl apply -f FILE`.");
  if (int rc = parse(cl, argc, argv); rc >= 0)
    return rc;
  if (!cl.has("workers")) {
    llvm::errs() << cl.usageError("give --workers N").text;
    return 2;
  }
  KubernetesOptions o;
  o.worker = workerOptions(cl);
  o.nasir = cl.get("nasir");
  o.storeSecret = cl.get("store-secret");
  o.storeSecretKey = cl.get("store-secret-key");
  o.workers = cl.getInt("workers");
  o.image = cl.get("image");
  o.gpus = cl.getInt("gpus");
  o.cpu = cl.get("cpu");
  o.memory = cl.get("memory");
  o.name = cl.get("name");
  o.namespaceName = cl.get("namespace");
  std::string yaml, error;
  if (!kubernetesJob(o, yaml, error)) {
    llvm::errs() << cl.usageError(error).text;
    return 2;
  }
  warnPassword(o.worker.store);
  return emit(cl.get("output"), yaml);
}

static const char *kUsage =
    "usage: nasir launch <scheduler> [options]\n\n"
    "Writes what starts nasir workers (`nasir worker`) on a cluster; it "
    "submits nothing.\n\nschedulers:\n"
    "  slurm  an sbatch job array, one worker per task (sbatch FILE)\n"
    "  k8s    a Kubernetes Indexed Job, one worker per pod (kubectl apply "
    "-f FILE)\n\n"
    "`nasir launch <scheduler> --help` lists its options "
    "(docs/distributed.md).\n";

static int runLaunch(int argc, char **argv) {
  if (argc < 2) {
    llvm::errs() << "error: missing the scheduler (slurm or k8s)\n" << kUsage;
    return 2;
  }
  std::string scheduler = argv[1];
  if (scheduler == "--help" || scheduler == "-h" || scheduler == "help") {
    llvm::outs() << kUsage;
    return 0;
  }
  if (scheduler == "--version") {
    llvm::outs() << Program::name << " launch " << projectVersion() << "\n";
    return 0;
  }
  if (scheduler == "slurm")
    return runSlurm(argc - 1, argv + 1);
  if (scheduler == "k8s" || scheduler == "kubernetes")
    return runKubernetes(argc - 1, argv + 1);
  llvm::errs() << "error: unknown scheduler '" << scheduler << "'";
  std::string guess = closest(scheduler, {"slurm", "k8s", "kubernetes"});
  if (!guess.empty())
    llvm::errs() << "; did you mean '" << guess << "'?";
  llvm::errs() << "\n" << kUsage;
  return 2;
}

static Command launch{"launch", kSummary, runLaunch};
