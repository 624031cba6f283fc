//===- CommandLineTest.cpp - lib/CLI: values, suggestions, parsing --------===//
#include "lib/CLI/CommandLine.h"
#include <gtest/gtest.h>

using namespace nasir::cli;

namespace {

ParseOutcome parse(CommandLine &cl, std::vector<std::string> args) {
  std::vector<char *> argv;
  for (std::string &a : args)
    argv.push_back(a.data());
  return cl.parse((int)argv.size(), argv.data());
}

TEST(CommandLine, Shapes) {
  std::vector<int64_t> shape;
  EXPECT_TRUE(parseShapeOption("1x28x28", shape));
  EXPECT_EQ(shape, (std::vector<int64_t>{1, 28, 28}));
  EXPECT_TRUE(parseShapeOption("3,32,32", shape));
  EXPECT_EQ(shape, (std::vector<int64_t>{3, 32, 32}));
  EXPECT_TRUE(parseShapeOption("64", shape));
  for (const char *bad : {"", "1x", "x1", "1x0", "1x-2", "1x2,3", "1x+2", "a"})
    EXPECT_FALSE(parseShapeOption(bad, shape)) << bad;
}

TEST(CommandLine, Values) {
  std::string normalized, error;
  Option budget{"budget", ValueKind::Natural, "0", ""};
  EXPECT_TRUE(checkValue(budget, "12", normalized, error));
  EXPECT_FALSE(checkValue(budget, "1.5", normalized, error));
  EXPECT_EQ(error, "--budget expects an integer >= 0, got '1.5'");
  EXPECT_FALSE(checkValue(budget, "-3", normalized, error));
  EXPECT_FALSE(checkValue(budget, "99999999999999999999", normalized, error));
  Option lr{"lr", ValueKind::Number, "", ""};
  EXPECT_TRUE(checkValue(lr, "1e-3", normalized, error));
  EXPECT_FALSE(checkValue(lr, "inf", normalized, error));
  Option input{"input", ValueKind::Shape, "", ""};
  EXPECT_TRUE(checkValue(input, "1,8,8", normalized, error));
  EXPECT_EQ(normalized, "1x8x8");
  Option time{"time", ValueKind::Duration, "", ""};
  EXPECT_TRUE(checkValue(time, "10m", normalized, error));
  double seconds = 0;
  EXPECT_TRUE(parseDuration("2h", seconds));
  EXPECT_EQ(seconds, 7200);
  EXPECT_FALSE(parseDuration("-1", seconds));
}

TEST(CommandLine, Suggestions) {
  EXPECT_EQ(closest("populaton", {"population", "patience"}), "population");
  EXPECT_EQ(closest("zzz", {"population", "patience"}), "");
}

TEST(CommandLine, Parse) {
  CommandLine cl("count", "count");
  cl.positional("FILE", "the space");
  cl.add({"limit", ValueKind::Positive, "7", "at most N"});
  cl.add({"o", ValueKind::Text, "-", "output"});
  cl.flag("unique", "distinct", {"distinct"});
  ParseOutcome r =
      parse(cl, {"count", "a.nas", "--limit=3", "-o", "x", "--distinct"});
  ASSERT_TRUE(r.proceed) << r.text;
  EXPECT_EQ(cl.getInt("limit"), 3);
  EXPECT_EQ(cl.get("o"), "x");
  EXPECT_TRUE(cl.has("unique"));
  EXPECT_EQ(cl.positionals, (std::vector<std::string>{"a.nas"}));

  CommandLine defaults("count", "count");
  defaults.positional("FILE", "the space");
  defaults.add({"limit", ValueKind::Positive, "7", "at most N"});
  ASSERT_TRUE(parse(defaults, {"count", "a.nas"}).proceed);
  EXPECT_EQ(defaults.getInt("limit"), 7);
  EXPECT_FALSE(defaults.has("limit"));

  CommandLine bad("count", "count");
  bad.add({"limit", ValueKind::Positive, "7", "at most N"});
  r = parse(bad, {"count", "--limti", "3"});
  EXPECT_FALSE(r.proceed);
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_EQ(r.message, "unknown option '--limti'; did you mean '--limit'?");

  CommandLine help("count", "count");
  help.add({"limit", ValueKind::Positive, "7", "at most N"});
  r = parse(help, {"count", "--help"});
  EXPECT_FALSE(r.proceed);
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_NE(r.text.find("--limit N"), std::string::npos);
  EXPECT_NE(r.text.find("at most N (default: 7)"), std::string::npos);
}

} // namespace
