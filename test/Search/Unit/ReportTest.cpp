// The report's text helpers: wrapAtTokens breaks after commas, colons and
// spaces only (unless a token alone is too long); decisionCell shows a string
// unquoted and a number in its shortest form.
#include "lib/Search/Report.h"
#include "lib/Support/Distributions.h"

#include <cmath>

#include <gtest/gtest.h>

using nasir::search::decisionCell;
using nasir::search::wrapAtTokens;

TEST(Report, WrapAtTokens) {
  using Lines = std::vector<std::string>;
  EXPECT_EQ(wrapAtTokens("short", 60), Lines{"short"});
  EXPECT_EQ(wrapAtTokens("", 60), Lines{""});
  EXPECT_EQ(wrapAtTokens("{\"a\": \"relu\", \"b\": 0.3}", 14),
            (Lines{"{\"a\": \"relu\",", "\"b\": 0.3}"}));
  EXPECT_EQ(wrapAtTokens("[0,1,2,3,4]", 6), (Lines{"[0,1,", "2,3,4]"}));
  // A token longer than the width is cut where it must be.
  EXPECT_EQ(wrapAtTokens("abcdefgh", 3), (Lines{"abc", "def", "gh"}));
  for (const std::string &line :
       wrapAtTokens("{\"cell.e1_0\": \"nor_conv_3x3\", \"cell.e2_0\": "
                    "\"skip_connect\", \"cell.e2_1\": \"avg_pool_3x3\"}",
                    30)) {
    EXPECT_LE(line.size(), 30u) << line;
    EXPECT_NE(line.front(), ' ') << line;
  }
}

TEST(Report, DecisionCell) {
  EXPECT_EQ(decisionCell("wide,one"), "wide,one");
  EXPECT_EQ(decisionCell(0.3), "0.3");
  EXPECT_EQ(decisionCell(int64_t(112260362)), "112260362");
  EXPECT_EQ(decisionCell(llvm::json::Array{0, 2}), "[0,2]");
}

TEST(Report, CsvQuotesHostileNames) {
  // A label and a metric named with a comma, a quote and a line break, an
  // error over two lines: each field quoted (RFC 4180), quotes doubled.
  nasir::search::Trial t;
  t.id = 7;
  t.status = nasir::search::TrialStatus::Failed;
  t.decisions = "{\"a,\\\"b\\\"\\nc\": 0.3}";
  t.metrics = {{"m,1", 0.1}, {"epoch_budget", 112260362}};
  t.error = "line one\r\nline \"two\"";
  std::string out;
  llvm::raw_string_ostream os(out);
  nasir::search::writeCsv(os, {&t}, nullptr);
  EXPECT_EQ(out,
            "id,status,epoch_budget,fingerprint,reused_from,eval_seconds,error,"
            "decisions,worker_host,worker_pid,worker_device,metric.epoch_budget,\"m,1\",\"decision.a,\"\"b\"\"\nc\"\n"
            "7,failed,0,,,0,\"line one\r\nline \"\"two\"\"\","
            "\"{\"\"a,\\\"\"b\\\"\"\\nc\"\": 0.3}\",,,,112260362,0.1,0.3\n");
}

TEST(Report, ImportanceNeedsTwoTrialsPerOption) {
  // x: each option taken twice, a clear difference -> an interval, omega
  // squared, the F test. y: option "b" seen once -> "too few", ranked after
  // x although its spread is larger, and no interval for "b".
  std::map<int64_t, nasir::search::Trial> trials;
  const char *decisions[] = {R"({"x": 0, "y": "a"})", R"({"x": 0, "y": "a"})",
                             R"({"x": 1, "y": "a"})", R"({"x": 1, "y": "b"})"};
  const double accuracy[] = {10, 11, 20, 40};
  for (int i = 0; i < 4; ++i) {
    nasir::search::Trial &t = trials[i + 1];
    t.id = i + 1;
    t.status = nasir::search::TrialStatus::Ok;
    t.decisions = decisions[i];
    t.metrics = {{"accuracy", accuracy[i]}};
  }
  nasir::search::Objective o;
  o.metric = "accuracy";
  o.maximize = true;
  auto labels = nasir::search::decisionImportance(trials, {o});
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_EQ(labels[0].label, "x");
  EXPECT_TRUE(labels[0].enough);
  EXPECT_EQ(labels[0].trials, 4);
  // Grand mean 20.25; SS between 380.25, within 200.5 (df 2, MS 100.25):
  // F 380.25 / 100.25, omega^2 (380.25 - 100.25) / (580.75 + 100.25).
  EXPECT_NEAR(labels[0].explained, 280.0 / 681.0, 1e-12);
  EXPECT_NEAR(labels[0].pValue, nasir::fUpperTail(380.25 / 100.25, 1, 2), 1e-15);
  // Option 1: {20, 40}, mean 30, sd sqrt(200), t(0.975, 1) = 12.706.
  EXPECT_EQ(labels[0].options[0].value, "1");
  EXPECT_NEAR(labels[0].options[0].sd, std::sqrt(200.0), 1e-12);
  EXPECT_NEAR(labels[0].options[0].halfWidth,
              12.706204736432095 * std::sqrt(200.0) / std::sqrt(2.0), 1e-7);
  EXPECT_EQ(nasir::search::optionSummary(labels[0].options[0]), "30.00 \u00b1127.06 (n=2)");
  EXPECT_EQ(nasir::search::importanceVerdict(labels[0]), "\u03c9\u00b2 0.41, p 0.191");
  EXPECT_EQ(labels[1].label, "y");
  EXPECT_FALSE(labels[1].enough);
  EXPECT_EQ(nasir::search::importanceVerdict(labels[1]), "too few trials");
  EXPECT_EQ(labels[1].options[0].value, "b");
  EXPECT_TRUE(std::isnan(labels[1].options[0].halfWidth));
  EXPECT_EQ(nasir::search::optionSummary(labels[1].options[0]), "40.00 (n=1)");
  EXPECT_GT(labels[1].spread, labels[0].spread);
}
