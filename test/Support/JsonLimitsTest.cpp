// checkJsonLimits: nesting counted outside strings only, the position of the
// first level too deep, and the size limit.
#include "lib/Support/JsonLimits.h"

#include <gtest/gtest.h>

using nasir::checkJsonLimits;
using nasir::JsonLimits;

namespace {
std::string errorOf(const std::string &text, const JsonLimits &limits = {}, size_t line = 1) {
  std::string error;
  return checkJsonLimits(text, error, limits, line) ? "(ok)" : error;
}
} // namespace

TEST(JsonLimits, Depth) {
  JsonLimits two{2, 1 << 20};
  EXPECT_EQ(errorOf("{\"a\": [1, 2]}", two), "(ok)");
  EXPECT_EQ(errorOf("{\"a\": [[1]]}", two), "line 1, column 8: JSON nested deeper than 2 levels");
  // Closed levels do not count: [[]] [[]] is never deeper than 2.
  EXPECT_EQ(errorOf("[[], []]", two), "(ok)");
  EXPECT_EQ(errorOf(std::string(64, '[') + std::string(64, ']')), "(ok)");
  EXPECT_EQ(errorOf(std::string(65, '[')),
            "line 1, column 65: JSON nested deeper than 64 levels");
}

TEST(JsonLimits, StringsDoNotNest) {
  JsonLimits one{1, 1 << 20};
  EXPECT_EQ(errorOf("{\"[[[{{{\": \"]]]\"}", one), "(ok)");
  // An escaped quote does not end the string; an escaped backslash does not escape it.
  EXPECT_EQ(errorOf("{\"a\\\"[[\": 1}", one), "(ok)");
  EXPECT_EQ(errorOf("{\"a\\\\\": [1]}", one),
            "line 1, column 9: JSON nested deeper than 1 levels");
}

TEST(JsonLimits, LinesAndColumns) {
  JsonLimits two{2, 1 << 20};
  EXPECT_EQ(errorOf("{\n  \"a\":\n   [[1]]}", two),
            "line 3, column 5: JSON nested deeper than 2 levels");
  EXPECT_EQ(errorOf("[[[", two, 40), "line 40, column 3: JSON nested deeper than 2 levels");
}

TEST(JsonLimits, Size) {
  JsonLimits small{64, 8};
  EXPECT_EQ(errorOf("[1,2,3]", small), "(ok)");
  EXPECT_EQ(errorOf("[1,2,3,4]", small),
            "JSON text of 9 bytes is longer than the limit of 8 bytes");
}
