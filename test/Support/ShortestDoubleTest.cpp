// formatShortest against brute force: on random doubles of every magnitude
// the text reads back as the same double, and no %.*g with fewer significant
// digits does; integers below 2^53 are written in full.
#include "lib/Support/ShortestDouble.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <gtest/gtest.h>
#include <random>

using nasir::formatShortest;
using nasir::formatShortestFloat;

namespace {
bool sameDouble(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// The significant digits of a %g/%f string ("1.25e-07" -> 3, "-0.0030" -> 2).
int significantDigits(const std::string &s) {
  std::string digits;
  for (char c : s) {
    if (c == 'e' || c == 'E')
      break;
    if (c >= '0' && c <= '9')
      digits += c;
  }
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos)
    return 1;
  size_t last = digits.find_last_not_of('0');
  return int(last - first + 1);
}

/// The fewest %.*g digits that read back as `v`, by trying them all.
int fewestDigits(double v) {
  for (int p = 1; p <= 17; ++p) {
    char buf[40];
    snprintf(buf, sizeof buf, "%.*g", p, v);
    if (sameDouble(std::strtod(buf, nullptr), v))
      return p;
  }
  return 18;
}

void checkOne(double v) {
  std::string s = formatShortest(v);
  ASSERT_TRUE(sameDouble(std::strtod(s.c_str(), nullptr), v)) << s;
  if (std::fabs(v) < 9007199254740992.0 && v == std::trunc(v)) {
    char buf[40];
    snprintf(buf, sizeof buf, "%.0f", v);
    EXPECT_EQ(s, buf);
    EXPECT_EQ(s.find_first_of("eE"), std::string::npos) << s;
  } else {
    EXPECT_EQ(significantDigits(s), fewestDigits(v)) << s;
  }
}
} // namespace

TEST(ShortestDouble, Examples) {
  EXPECT_EQ(formatShortest(0.3), "0.3");
  EXPECT_EQ(formatShortest(0.1), "0.1");
  EXPECT_EQ(formatShortest(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(formatShortest(112260362), "112260362");
  EXPECT_EQ(formatShortest(1e15), "1000000000000000");
  EXPECT_EQ(formatShortest(9007199254740993.0 * 2), "18014398509481984");
  EXPECT_EQ(formatShortest(1e20), "1e+20");
  EXPECT_EQ(formatShortest(1e-7), "1e-07");
  EXPECT_EQ(formatShortest(-2.5), "-2.5");
  EXPECT_EQ(formatShortest(0.0), "0");
  EXPECT_EQ(formatShortest(-0.0), "-0");
  EXPECT_EQ(formatShortest(5e-324), "5e-324");
  EXPECT_EQ(formatShortest(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(formatShortest(NAN), "nan");
  EXPECT_EQ(formatShortest(INFINITY), "inf");
  EXPECT_EQ(formatShortest(-INFINITY), "-inf");
}

TEST(ShortestDouble, FloatLiterals) {
  EXPECT_EQ(formatShortestFloat(0.3), "0.3");
  EXPECT_EQ(formatShortestFloat(1), "1.0");
  EXPECT_EQ(formatShortestFloat(0), "0.0");
  EXPECT_EQ(formatShortestFloat(112260362), "112260362.0");
  EXPECT_EQ(formatShortestFloat(1e300), "1e+300");
  EXPECT_EQ(formatShortestFloat(INFINITY), "inf");
}

TEST(ShortestDouble, RandomBitPatterns) {
  std::mt19937_64 rng(17);
  int checked = 0;
  while (checked < 100000) {
    uint64_t bits = rng();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    if (!std::isfinite(v))
      continue;
    checkOne(v);
    if (HasFatalFailure())
      return;
    ++checked;
  }
}

TEST(ShortestDouble, RandomDecimalsAndIntegers) {
  // What metrics and decisions hold: short decimals (0.3, 97.22) and counts.
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<int> digits(1, 17), exponent(-30, 30);
  std::uniform_int_distribution<int64_t> count(-(int64_t(1) << 53), int64_t(1) << 53);
  for (int i = 0; i < 100000; ++i) {
    char buf[64];
    snprintf(buf, sizeof buf, "%.*ge%d", digits(rng),
             std::uniform_real_distribution<double>(1, 10)(rng), exponent(rng));
    checkOne(std::strtod(buf, nullptr));
    checkOne(double(count(rng)));
    if (HasFatalFailure())
      return;
  }
}
