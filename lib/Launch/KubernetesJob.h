//===- KubernetesJob.h - an Indexed Job of nasir workers --------*- C++ -*-===//
//
// `nasir launch k8s` writes a batch/v1 Job: N pods (completionMode Indexed,
// completions = parallelism = N), each running `nasir worker` (WorkerArgs.h)
// as a command and an argument list, never a shell string. A worker exits 0
// when the experiment has nothing left to evaluate, so its index completes;
// a worker that fails (a lost node, an OOM kill) is replaced by a new pod
// (restartPolicy Never), and its trial's lease in the store expires and is
// requeued (docs/distributed.md).
//
// Every scalar that holds user text is a YAML double-quoted string
// (Quote.h yamlString), and every `$` in the command and arguments is
// doubled (kubernetesLiteral), since the kubelet expands `$(VAR)` there.
// Names go where Kubernetes requires DNS-1123 names and are checked here.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_LAUNCH_KUBERNETESJOB_H
#define NASIR_LAUNCH_KUBERNETESJOB_H

#include "lib/Launch/WorkerArgs.h"
#include <cstdint>
#include <string>

namespace nasir::launch {

/// The environment variable that holds the store URL read from a Secret.
inline constexpr const char *kStoreVariable = "NASIR_STORE";

/// The largest parallelism Kubernetes allows an Indexed Job
/// (maxParallelismForIndexedJob in its batch validation).
inline constexpr int64_t kMaxIndexedParallelism = 100000;

struct KubernetesOptions {
  std::string nasir = "nasir"; ///< the container's command
  WorkerArgs worker;           ///< store (unless storeSecret), threads, ...
  std::string storeSecret;     ///< a Secret whose `storeSecretKey` is the URL
  std::string storeSecretKey = "url";
  int64_t workers = 1; ///< completions and parallelism (>= 1)
  std::string image;   ///< the container image (required)
  int64_t gpus = 0;    ///< nvidia.com/gpu per pod (0 or 1)
  std::string cpu;     ///< limits.cpu (a quantity); "" none
  std::string memory;  ///< limits.memory (a quantity); "" none
  std::string name = "nasir-worker";
  std::string namespaceName; ///< metadata.namespace; "" kubectl's
};

/// A DNS-1123 label: 1-63 of a-z, 0-9 and '-', alphanumeric at both ends.
bool isDns1123Label(const std::string &text);

/// A DNS-1123 subdomain (a Secret's name): at most 253, labels joined by '.'.
bool isDns1123Subdomain(const std::string &text);

/// A resource quantity as Kubernetes writes them: 4, 1.5, 500m, 8Gi, 512M.
bool isQuantity(const std::string &text);

/// Checks every option; on failure `error` names it.
bool checkKubernetesOptions(const KubernetesOptions &options,
                            std::string &error);

/// The Job's YAML (checkKubernetesOptions first).
bool kubernetesJob(const KubernetesOptions &options, std::string &yaml,
                   std::string &error);

} // namespace nasir::launch

#endif
