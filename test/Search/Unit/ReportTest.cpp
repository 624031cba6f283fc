// The report's text helpers: wrapAtTokens breaks after commas, colons and
// spaces only (unless a token alone is too long); decisionCell shows a string
// unquoted and a number in its shortest form.
#include "lib/Search/Report.h"

#include <gtest/gtest.h>
#include <cmath>

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

TEST(Report, OptionStatsTInterval) {
  // {1, 2, 3}: mean 2, sd 1, se 1/sqrt(3); t(0.975, 2) = 4.303, so the
  // interval is 2 -/+ 4.303 / sqrt(3) = 2 -/+ 2.4843.
  auto s = nasir::search::optionStats("a", {1, 2, 3}, /*maximize=*/true);
  EXPECT_EQ(s.count, 3);
  EXPECT_DOUBLE_EQ(s.mean, 2);
  EXPECT_DOUBLE_EQ(s.best, 3);
  EXPECT_DOUBLE_EQ(s.sd, 1);
  EXPECT_NEAR(s.lo, 2 - 2.48434, 1e-4);
  EXPECT_NEAR(s.hi, 2 + 2.48434, 1e-4);
  EXPECT_TRUE(s.ranked());
  // {10, 14}: mean 12, sd sqrt(8), t(1) = 12.706: 12 -/+ 12.706 * 2 = 25.412.
  auto two = nasir::search::optionStats("b", {10, 14}, /*maximize=*/false);
  EXPECT_DOUBLE_EQ(two.best, 10);
  EXPECT_NEAR(two.hi - two.mean, 25.412, 1e-9);
  EXPECT_FALSE(two.ranked());
  auto one = nasir::search::optionStats("c", {5}, true);
  EXPECT_TRUE(std::isnan(one.lo) && std::isnan(one.sd));
  EXPECT_NEAR(nasir::search::tQuantile95(60), 2.000, 1e-12);
  EXPECT_NEAR(nasir::search::tQuantile95(1000), 1.962, 2e-3);
  EXPECT_DOUBLE_EQ(nasir::search::tQuantile95(9), 2.262);
}

TEST(Report, ImportanceRanksOnlyWellSampledOptions) {
  // Label "op": "a" 3 trials (90, 91, 92), "b" 3 trials (80, 81, 82),
  // "c" 1 trial at 99. "c" must not be ranked first nor widen the spread.
  std::map<int64_t, nasir::search::Trial> trials;
  auto add = [&](int64_t id, const char *op, double acc) {
    nasir::search::Trial t;
    t.id = id;
    t.status = nasir::search::TrialStatus::Ok;
    t.decisions = std::string("{\"op\": \"") + op + "\"}";
    t.metrics["accuracy"] = acc;
    trials[id] = t;
  };
  add(1, "a", 90), add(2, "a", 91), add(3, "a", 92);
  add(4, "b", 80), add(5, "b", 81), add(6, "b", 82);
  add(7, "c", 99);
  auto imp = nasir::search::decisionImportance(
      trials, {nasir::search::Objective{"accuracy", true}});
  ASSERT_EQ(imp.size(), 1u);
  ASSERT_EQ(imp[0].options.size(), 3u);
  EXPECT_EQ(imp[0].options[0].value, "a");
  EXPECT_EQ(imp[0].options[1].value, "b");
  EXPECT_EQ(imp[0].options[2].value, "c");
  EXPECT_FALSE(imp[0].options[2].ranked());
  EXPECT_DOUBLE_EQ(imp[0].spread, 10);
  // a: 91 -/+ 4.303/sqrt(3) = [88.52, 93.48]; b: [78.52, 83.48]: apart.
  EXPECT_TRUE(imp[0].separated);
}
