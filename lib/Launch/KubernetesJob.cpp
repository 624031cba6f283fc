//===- KubernetesJob.cpp - an Indexed Job of nasir workers ----------------===//
#include "lib/Launch/KubernetesJob.h"
#include "lib/Launch/Quote.h"
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

using namespace nasir::launch;

static bool lowerAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool nasir::launch::isDns1123Label(const std::string &text) {
  return !text.empty() && text.size() <= 63 && lowerAlnum(text.front()) &&
         lowerAlnum(text.back()) &&
         std::all_of(text.begin(), text.end(),
                     [](char c) { return lowerAlnum(c) || c == '-'; });
}

bool nasir::launch::isDns1123Subdomain(const std::string &text) {
  if (text.empty() || text.size() > 253)
    return false;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == '.') {
      std::string label = text.substr(start, i - start);
      // Subdomain labels follow the label rule, without its 63 limit.
      if (label.empty() || !lowerAlnum(label.front()) ||
          !lowerAlnum(label.back()) ||
          !std::all_of(label.begin(), label.end(),
                       [](char c) { return lowerAlnum(c) || c == '-'; }))
        return false;
      start = i + 1;
    }
  return true;
}

bool nasir::launch::isQuantity(const std::string &text) {
  size_t i = 0, digits = 0;
  while (i < text.size() && std::isdigit((unsigned char)text[i]))
    ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && std::isdigit((unsigned char)text[i]))
      ++i, ++digits;
  }
  if (digits == 0)
    return false;
  static const char *suffixes[] = {"",  "m",  "k",  "M",  "G",  "T",  "P",
                                   "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  std::string suffix = text.substr(i);
  return std::any_of(std::begin(suffixes), std::end(suffixes),
                     [&](const char *s) { return suffix == s; });
}

/// Image references are ASCII: registry/name:tag@sha256:digest.
static bool isImageReference(const std::string &text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) {
           return (c < 0x80 && std::isalnum(c)) ||
                  std::string("._-/:@").find((char)c) != std::string::npos;
         });
}

static bool isSecretKey(const std::string &text) {
  return !text.empty() && text.size() <= 253 &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) {
           return (c < 0x80 && std::isalnum(c)) || c == '-' || c == '_' ||
                  c == '.';
         });
}

bool nasir::launch::checkKubernetesOptions(const KubernetesOptions &o,
                                           std::string &error) {
  auto fail = [&](std::string message) {
    error = std::move(message);
    return false;
  };
  if (o.worker.store.empty() == o.storeSecret.empty())
    return fail("give the store as --store URL or --store-secret NAME (one "
                "of the two)");
  if (!o.storeSecret.empty() && !isDns1123Subdomain(o.storeSecret))
    return fail("--store-secret must be a Kubernetes Secret name (lowercase "
                "letters, digits, '-' and '.', at most 253), got '" +
                visible(o.storeSecret) + "'");
  if (!o.storeSecret.empty() && !isSecretKey(o.storeSecretKey))
    return fail("--store-secret-key must be a Secret key (letters, digits, "
                "'-', '_' and '.'), got '" +
                visible(o.storeSecretKey) + "'");
  if (o.workers < 1)
    return fail("--workers must be at least 1, got " +
                std::to_string(o.workers));
  // The API server refuses larger Indexed Jobs.
  if (o.workers > kMaxIndexedParallelism)
    return fail("--workers must be at most " +
                std::to_string(kMaxIndexedParallelism) +
                " (the largest parallelism of an Indexed Job), got " +
                std::to_string(o.workers));
  if (o.gpus < 0 || o.gpus > 1)
    return fail("--gpus must be 0 or 1: a worker evaluates on one GPU "
                "(--device cuda:0); for more GPUs run more workers "
                "(--workers), got " +
                std::to_string(o.gpus));
  if (o.image.empty())
    return fail("--image is required: the container image that holds nasir");
  if (!isImageReference(o.image))
    return fail("--image must be an image reference (letters, digits and "
                "._-/:@), got '" +
                visible(o.image) + "'");
  if (!isDns1123Label(o.name))
    return fail("--name must be a DNS-1123 label (1-63 lowercase letters, "
                "digits and '-', starting and ending with a letter or digit), "
                "got '" +
                visible(o.name) + "'");
  if (!o.namespaceName.empty() && !isDns1123Label(o.namespaceName))
    return fail("--namespace must be a DNS-1123 label (1-63 lowercase "
                "letters, digits and '-'), got '" +
                visible(o.namespaceName) + "'");
  if (!o.cpu.empty() && !isQuantity(o.cpu))
    return fail("--cpu expects a Kubernetes quantity like 4, 1.5 or 500m, "
                "got '" +
                visible(o.cpu) + "'");
  if (!o.memory.empty() && !isQuantity(o.memory))
    return fail("--memory expects a Kubernetes quantity like 8Gi, 512Mi or "
                "4G, got '" +
                visible(o.memory) + "'");
  // YAML holds Unicode text only: a byte string that is not UTF-8 has no
  // spelling there.
  std::vector<std::pair<const char *, const std::string *>> texts = {
      {"--store", &o.worker.store}, {"--nasir", &o.nasir}};
  for (const std::string &a : o.worker.extra)
    texts.push_back({"an argument after --", &a});
  for (auto &[option, text] : texts)
    if (!isUtf8(*text))
      return fail(std::string(option) + " is not valid UTF-8");
  if (o.nasir.empty())
    return fail("--nasir needs the path of nasir in the image");
  return true;
}

bool nasir::launch::kubernetesJob(const KubernetesOptions &o, std::string &yaml,
                                  std::string &error) {
  if (!checkKubernetesOptions(o, error))
    return false;
  WorkerArgs worker = o.worker;
  worker.jobs = 1;
  worker.device = o.gpus > 0 ? "cuda:0" : "";
  // --threads defaults to a whole number of CPUs (not to 500m or 1.5).
  if (worker.threads == 0 && !o.cpu.empty() && o.cpu.size() <= 6 &&
      std::all_of(o.cpu.begin(), o.cpu.end(),
                  [](unsigned char c) { return std::isdigit(c); }))
    worker.threads = std::max<int64_t>(1, std::atoll(o.cpu.c_str()));
  std::vector<std::string> args;
  if (!o.storeSecret.empty()) {
    // The kubelet puts the Secret's value in place of $(NASIR_STORE); the
    // URL is then in no manifest.
    worker.store = "";
    args = workerArguments(worker);
    args[2] = std::string("$(") + kStoreVariable + ")";
    for (size_t i = 0; i < args.size(); ++i)
      if (i != 2)
        args[i] = kubernetesLiteral(args[i]);
  } else {
    args = workerArguments(worker);
    for (std::string &a : args)
      a = kubernetesLiteral(a);
  }
  std::string n = std::to_string(o.workers);
  std::string name = yamlString(o.name);
  std::string y;
  y += "# " + n + " nasir worker" + (o.workers == 1 ? "" : "s") +
       " as an Indexed Job (written by `nasir launch k8s`).\n"
       "# Apply with: kubectl apply -f FILE. Each worker claims queued "
       "trials of the\n# store until the experiment has none left "
       "(docs/distributed.md).\n";
  y += "apiVersion: batch/v1\n";
  y += "kind: Job\n";
  y += "metadata:\n";
  y += "  name: " + name + "\n";
  if (!o.namespaceName.empty())
    y += "  namespace: " + yamlString(o.namespaceName) + "\n";
  y += "  labels:\n";
  y += "    app.kubernetes.io/name: \"nasir-worker\"\n";
  y += "    app.kubernetes.io/instance: " + name + "\n";
  y += "spec:\n";
  y += "  completionMode: Indexed\n";
  y += "  completions: " + n + "\n";
  y += "  parallelism: " + n + "\n";
  // A replaced pod counts as one failure: about three per worker before
  // the Job gives up (a store that is down fails them all quickly).
  y += "  backoffLimit: " + std::to_string(3 * o.workers) + "\n";
  y += "  template:\n";
  y += "    metadata:\n";
  y += "      labels:\n";
  y += "        app.kubernetes.io/name: \"nasir-worker\"\n";
  y += "        app.kubernetes.io/instance: " + name + "\n";
  y += "    spec:\n";
  y += "      restartPolicy: Never\n";
  y += "      containers:\n";
  y += "        - name: \"worker\"\n";
  y += "          image: " + yamlString(o.image) + "\n";
  y += "          command:\n";
  y += "            - " + yamlString(kubernetesLiteral(o.nasir)) + "\n";
  y += "          args:\n";
  for (const std::string &a : args)
    y += "            - " + yamlString(a) + "\n";
  if (!o.storeSecret.empty()) {
    y += "          env:\n";
    y += "            - name: " + yamlString(kStoreVariable) + "\n";
    y += "              valueFrom:\n";
    y += "                secretKeyRef:\n";
    y += "                  name: " + yamlString(o.storeSecret) + "\n";
    y += "                  key: " + yamlString(o.storeSecretKey) + "\n";
  }
  if (!o.cpu.empty() || !o.memory.empty() || o.gpus > 0) {
    y += "          resources:\n";
    y += "            limits:\n";
    if (!o.cpu.empty())
      y += "              cpu: " + yamlString(o.cpu) + "\n";
    if (!o.memory.empty())
      y += "              memory: " + yamlString(o.memory) + "\n";
    if (o.gpus > 0)
      y += "              \"nvidia.com/gpu\": " + std::to_string(o.gpus) + "\n";
  }
  yaml = std::move(y);
  return true;
}
