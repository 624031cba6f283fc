//===- KubernetesJobTest.cpp - lib/Launch: Kubernetes Jobs ----------------===//
#include "lib/Launch/KubernetesJob.h"
#include <gtest/gtest.h>

using namespace nasir::launch;

namespace {

KubernetesOptions base() {
  KubernetesOptions o;
  o.worker.store = "postgresql://u@db:5432/nas?experiment=e1";
  o.workers = 3;
  o.image = "registry.example.com/nasir:0.12";
  return o;
}

TEST(Kubernetes, Names) {
  for (std::string good : {std::string("a"), std::string("nasir-worker"),
                           std::string("w0"), std::string(63, 'a')})
    EXPECT_TRUE(isDns1123Label(good)) << good;
  for (std::string bad : {"", "-a", "a-", "A", "a_b", "a.b", "a b", "a\n"})
    EXPECT_FALSE(isDns1123Label(bad)) << bad;
  for (std::string bad : {std::string(64, 'a')})
    EXPECT_FALSE(isDns1123Label(bad)) << bad;
  EXPECT_TRUE(isDns1123Subdomain("nasir.store-url"));
  EXPECT_FALSE(isDns1123Subdomain("nasir..x"));
  EXPECT_FALSE(isDns1123Subdomain("Nasir"));
}

TEST(Kubernetes, Quantities) {
  for (const char *good : {"4", "1.5", "500m", "8Gi", "512Mi", "4G", ".5"})
    EXPECT_TRUE(isQuantity(good)) << good;
  for (const char *bad :
       {"", "m", "4 Gi", "4gb", "-1", "1.2.3", "\"4\"", "4\n"})
    EXPECT_FALSE(isQuantity(bad)) << bad;
}

TEST(Kubernetes, Structure) {
  KubernetesOptions o = base();
  o.gpus = 1;
  o.cpu = "4";
  o.memory = "8Gi";
  std::string y, error;
  ASSERT_TRUE(kubernetesJob(o, y, error)) << error;
  for (const char *line :
       {"apiVersion: batch/v1\n", "kind: Job\n", "  completionMode: Indexed\n",
        "  completions: 3\n", "  parallelism: 3\n", "  backoffLimit: 9\n",
        "      restartPolicy: Never\n",
        "          image: \"registry.example.com/nasir:0.12\"\n",
        "            - \"--device\"\n            - \"cuda:0\"\n",
        "            - \"--threads\"\n            - \"4\"\n",
        "              \"nvidia.com/gpu\": 1\n", "              cpu: \"4\"\n",
        "              memory: \"8Gi\"\n"})
    EXPECT_NE(y.find(line), std::string::npos) << line << "\n" << y;
}

TEST(Kubernetes, SecretStore) {
  KubernetesOptions o = base();
  o.worker.store = "";
  o.storeSecret = "nasir-store";
  std::string y, error;
  ASSERT_TRUE(kubernetesJob(o, y, error)) << error;
  EXPECT_NE(
      y.find("            - \"--store\"\n            - \"$(NASIR_STORE)\"\n"),
      std::string::npos);
  EXPECT_NE(y.find("                  name: \"nasir-store\"\n"
                   "                  key: \"url\"\n"),
            std::string::npos)
      << y;
  o.worker.store = "postgresql://x";
  EXPECT_FALSE(kubernetesJob(o, y, error));
  EXPECT_EQ(error.rfind("give the store", 0), 0u) << error;
}

TEST(Kubernetes, OptionsChecked) {
  struct Case {
    void (*set)(KubernetesOptions &);
    const char *option;
  } cases[] = {
      {[](KubernetesOptions &o) { o.name = "Nasir_Worker"; }, "--name"},
      {[](KubernetesOptions &o) { o.name = "w\nkind: Pod"; }, "--name"},
      {[](KubernetesOptions &o) { o.namespaceName = "a.b"; }, "--namespace"},
      {[](KubernetesOptions &o) { o.image = ""; }, "--image"},
      {[](KubernetesOptions &o) { o.image = "img\n  hostPID: true"; },
       "--image"},
      {[](KubernetesOptions &o) { o.cpu = "four"; }, "--cpu"},
      {[](KubernetesOptions &o) { o.memory = "8 GB"; }, "--memory"},
      {[](KubernetesOptions &o) { o.gpus = 2; }, "--gpus"},
      {[](KubernetesOptions &o) { o.workers = 0; }, "--workers"},
      {[](KubernetesOptions &o) { o.workers = kMaxIndexedParallelism + 1; },
       "--workers"},
      {[](KubernetesOptions &o) { o.worker.store = "\xff"; }, "--store"},
      {[](KubernetesOptions &o) {
         o.worker.store = "";
         o.storeSecret = "Bad_Name";
       },
       "--store-secret"},
  };
  for (const Case &c : cases) {
    KubernetesOptions o = base();
    c.set(o);
    std::string y, error;
    EXPECT_FALSE(kubernetesJob(o, y, error)) << c.option;
    EXPECT_EQ(error.rfind(c.option, 0), 0u) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  }
}

TEST(Kubernetes, HostileStoreIsOneScalar) {
  KubernetesOptions o = base();
  o.worker.store = "x\"\n  - evil\n$(HOME) 'q' \\";
  std::string y, error;
  ASSERT_TRUE(kubernetesJob(o, y, error)) << error;
  EXPECT_NE(y.find("            - \"x\\\"\\n  - evil\\n$$(HOME) 'q' \\\\\"\n"),
            std::string::npos)
      << y;
}

} // namespace
