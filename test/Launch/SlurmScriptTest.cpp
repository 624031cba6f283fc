//===- SlurmScriptTest.cpp - lib/Launch: sbatch scripts -------------------===//
#include "lib/Launch/SlurmScript.h"
#include "lib/Launch/WorkerArgs.h"
#include <gtest/gtest.h>

using namespace nasir::launch;

namespace {

SlurmOptions base() {
  SlurmOptions o;
  o.nasir = "/opt/nasir";
  o.worker.store = "postgresql://u@db:5432/nas?experiment=e1";
  o.workers = 4;
  return o;
}

TEST(SlurmTime, Formats) {
  for (const char *good : {"30", "30:00", "1:00:00", "2-0", "2-12:30",
                           "2-12:30:00", "0", "UNLIMITED", "infinite"})
    EXPECT_TRUE(isSlurmTime(good)) << good;
  for (const char *bad :
       {"", "1h", "1:2:3:4", "-5", "1-", ":30", "1::2", "1-2-3", "1:00 #",
        "1\n#SBATCH --x", "soon", "1-2:3:4:5", "99999999999"})
    EXPECT_FALSE(isSlurmTime(bad)) << bad;
}

TEST(SlurmScript, Directives) {
  SlurmOptions o = base();
  o.gpusPerWorker = 1;
  o.cpusPerWorker = 8;
  o.time = "1:00:00";
  o.partition = "gpu";
  std::string s, error;
  ASSERT_TRUE(slurmScript(o, s, error)) << error;
  EXPECT_EQ(s.rfind("#!/bin/bash\n", 0), 0u);
  for (const char *line :
       {"#SBATCH --array=0-3\n", "#SBATCH --gres=gpu:1\n",
        "#SBATCH --cpus-per-task=8\n", "#SBATCH --time=1:00:00\n",
        "#SBATCH --partition=gpu\n", "#SBATCH --job-name=nasir-worker\n",
        "#SBATCH --output=nasir-worker-%A_%a.out\n"})
    EXPECT_NE(s.find(line), std::string::npos) << line;
  EXPECT_NE(s.find("exec '/opt/nasir' 'worker' '--store' "
                   "'postgresql://u@db:5432/nas?experiment=e1' '--jobs' '1' "
                   "'--device' 'cuda:0' '--threads' '8'\n"),
            std::string::npos)
      << s;
}

TEST(SlurmScript, CpuOnlyHasNoGresNorDevice) {
  SlurmOptions o = base();
  std::string s, error;
  ASSERT_TRUE(slurmScript(o, s, error)) << error;
  EXPECT_EQ(s.find("--gres"), std::string::npos);
  EXPECT_EQ(s.find("--device"), std::string::npos);
  EXPECT_EQ(s.find("--threads"), std::string::npos);
  EXPECT_EQ(s.find("--time"), std::string::npos);
}

TEST(SlurmScript, SeveralGpusRunOneWorkerEach) {
  SlurmOptions o = base();
  o.gpusPerWorker = 4;
  o.cpusPerWorker = 16;
  std::string s, error;
  ASSERT_TRUE(slurmScript(o, s, error)) << error;
  EXPECT_NE(s.find("#SBATCH --gres=gpu:4\n"), std::string::npos);
  EXPECT_NE(s.find("for gpu in $(seq 0 3); do\n"), std::string::npos);
  EXPECT_NE(s.find("'--device' \"cuda:$gpu\" '--threads' '4' &\n"),
            std::string::npos)
      << s;
}

TEST(SlurmScript, DirectiveValuesChecked) {
  struct Case {
    void (*set)(SlurmOptions &);
    const char *option;
  } cases[] = {
      {[](SlurmOptions &o) { o.partition = "gpu\n#SBATCH --uid=0"; },
       "--partition"},
      {[](SlurmOptions &o) { o.partition = "a b"; }, "--partition"},
      {[](SlurmOptions &o) { o.jobName = "x'y"; }, "--job-name"},
      {[](SlurmOptions &o) { o.jobName = "x%j"; }, "--job-name"},
      {[](SlurmOptions &o) { o.jobName = ""; }, "--job-name"},
      {[](SlurmOptions &o) { o.time = "1:00\n#SBATCH --x"; }, "--time"},
      {[](SlurmOptions &o) { o.workers = 0; }, "--workers"},
      {[](SlurmOptions &o) { o.workers = kMaxArrayTasks + 1; }, "--workers"},
      {[](SlurmOptions &o) { o.gpusPerWorker = kMaxGpusPerTask + 1; },
       "--gpus-per-worker"},
      {[](SlurmOptions &o) { o.worker.store = ""; }, "--store"},
  };
  for (const Case &c : cases) {
    SlurmOptions o = base();
    c.set(o);
    std::string s, error;
    EXPECT_FALSE(slurmScript(o, s, error)) << c.option;
    EXPECT_EQ(error.rfind(c.option, 0), 0u) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  }
}

TEST(SlurmScript, HostileValuesStayOnTheCommandLine) {
  SlurmOptions o = base();
  o.worker.store = "x'\n#SBATCH --uid=0\n$(touch /tmp/p) `id`";
  o.nasir = "/path with space/nasir";
  std::string s, error;
  ASSERT_TRUE(slurmScript(o, s, error)) << error;
  // The value adds no line: the directives are the four written.
  size_t directives = 0;
  for (size_t i = 0; i < s.size(); i = s.find('\n', i) + 1)
    directives += s.compare(i, 8, "#SBATCH ") == 0;
  EXPECT_EQ(directives, 4u);
  EXPECT_EQ(s.find("\n#SBATCH --uid"), std::string::npos);
  EXPECT_NE(s.find("'/path with space/nasir'"), std::string::npos);
}

TEST(StorePassword, Detected) {
  EXPECT_TRUE(storeHoldsPassword("postgresql://u:secret@h/db"));
  EXPECT_TRUE(storeHoldsPassword("postgresql://h/db?password=x"));
  EXPECT_TRUE(
      storeHoldsPassword("postgresql://h/db?sslmode=require&password=x"));
  EXPECT_TRUE(storeHoldsPassword("host=h password=x"));
  EXPECT_FALSE(storeHoldsPassword("postgresql://u@h:5432/db?experiment=a"));
  EXPECT_FALSE(storeHoldsPassword("postgresql://h/db?experiment=password=x"));
  EXPECT_FALSE(storeHoldsPassword("exp.db"));
}

TEST(WorkerArgs, Order) {
  WorkerArgs w;
  w.store = "S";
  w.device = "cuda:0";
  w.threads = 2;
  w.wait = true;
  w.extra = {"--lease", "60"};
  EXPECT_EQ(workerArguments(w),
            (std::vector<std::string>{"worker", "--store", "S", "--jobs", "1",
                                      "--device", "cuda:0", "--threads", "2",
                                      "--wait", "--lease", "60"}));
}

} // namespace
