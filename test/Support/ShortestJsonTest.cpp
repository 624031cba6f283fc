// writeJson: llvm::json's text, except that doubles are shortest and
// non-finite numbers are null; integers of every width stay exact.
#include "lib/Support/ShortestJson.h"

#include <cmath>
#include <cstdint>
#include <gtest/gtest.h>
#include <limits>

using nasir::printJson;

namespace {
std::string llvmText(const llvm::json::Value &v, unsigned indent = 0) {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::json::OStream(os, indent).value(v);
  return s;
}
} // namespace

TEST(ShortestJson, Numbers) {
  EXPECT_EQ(llvmText(0.3), "0.29999999999999999"); // why this writer exists
  EXPECT_EQ(printJson(0.3), "0.3");
  EXPECT_EQ(printJson(93.3), "93.3");
  EXPECT_EQ(printJson(112260362.0), "112260362");
  EXPECT_EQ(printJson(int64_t(112260362)), "112260362");
  EXPECT_EQ(printJson(std::numeric_limits<int64_t>::max()), "9223372036854775807");
  EXPECT_EQ(printJson(std::numeric_limits<int64_t>::min()), "-9223372036854775808");
  EXPECT_EQ(printJson(std::numeric_limits<uint64_t>::max()), "18446744073709551615");
  // 2^63 as a double is out of int64's range: written as a double.
  EXPECT_EQ(printJson(9223372036854775808.0), "9.223372036854776e+18");
  EXPECT_EQ(printJson(1e300), "1e+300");
  EXPECT_EQ(printJson(NAN), "null");
  EXPECT_EQ(printJson(-INFINITY), "null");
}

TEST(ShortestJson, SameTextAsLlvmOtherwise) {
  llvm::json::Value doc = llvm::json::Object{
      {"z", llvm::json::Array{1, "two", true, nullptr, llvm::json::Object{}}},
      {"a", "quote \" and\nnewline"},
      {"m", llvm::json::Object{{"b", 2}, {"a", llvm::json::Array{}}}}};
  EXPECT_EQ(printJson(doc), llvmText(doc));
  EXPECT_EQ(printJson(doc, 1), llvmText(doc, 1));
  EXPECT_EQ(printJson(doc, 2), llvmText(doc, 2));
}

TEST(ShortestJson, RoundTrip) {
  for (double d : {0.1, 0.3, 1.0 / 3, 2.5e-8, 6.02214076e23, 97.22222222222221}) {
    auto parsed = llvm::json::parse(printJson(llvm::json::Array{d}));
    ASSERT_TRUE(bool(parsed));
    EXPECT_EQ(*(*parsed->getAsArray())[0].getAsNumber(), d);
  }
}
