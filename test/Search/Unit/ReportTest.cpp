// The report's text helpers: wrapAtTokens breaks after commas, colons and
// spaces only (unless a token alone is too long); decisionCell shows a string
// unquoted and a number in its shortest form.
#include "lib/Search/Report.h"

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
