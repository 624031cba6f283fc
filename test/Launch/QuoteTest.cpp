//===- QuoteTest.cpp - lib/Launch: bash words, YAML scalars ---------------===//
#include "lib/Launch/Quote.h"
#include <gtest/gtest.h>

using namespace nasir::launch;

namespace {

TEST(ShellWord, SingleQuotes) {
  EXPECT_EQ(shellWord("abc"), "'abc'");
  EXPECT_EQ(shellWord(""), "''");
  EXPECT_EQ(shellWord("a'b"), "'a'\\''b'");
  EXPECT_EQ(shellWord("'"), "\\'");
  EXPECT_EQ(shellWord("$(touch x) `id` \"q\" \\"),
            "'$(touch x) `id` \"q\" \\'");
}

TEST(ShellWord, ControlCharactersAreEscapes) {
  EXPECT_EQ(shellWord("a\nb"), "'a'$'\\x0a''b'");
  EXPECT_EQ(shellWord("\r\n#SBATCH --x"), "$'\\x0d'$'\\x0a''#SBATCH --x'");
  // Whatever the text, the word is one printable line.
  std::string all;
  for (int c = 1; c < 256; ++c)
    all += (char)c;
  for (unsigned char c : shellWord(all))
    EXPECT_TRUE(c >= 0x20 && c != 0x7f) << (int)c;
}

TEST(Utf8, Validity) {
  EXPECT_TRUE(isUtf8("plain"));
  EXPECT_TRUE(isUtf8("gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(isUtf8("\xff"));
  EXPECT_FALSE(isUtf8("\xc3"));             // truncated
  EXPECT_FALSE(isUtf8("\xc0\xaf"));         // overlong '/'
  EXPECT_FALSE(isUtf8("\xed\xa0\x80"));     // a surrogate
  EXPECT_FALSE(isUtf8("\xf4\x90\x80\x80")); // above U+10FFFF
}

TEST(YamlString, Escapes) {
  EXPECT_EQ(yamlString("abc"), "\"abc\"");
  EXPECT_EQ(yamlString("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(yamlString("a\nb\tc"), "\"a\\nb\\tc\"");
  EXPECT_EQ(yamlString("\r\x01\x7f"), "\"\\x0D\\x01\\x7F\"");
  EXPECT_EQ(yamlString("\xc2\x85"), "\"\\x85\"");       // NEL
  EXPECT_EQ(yamlString("\xe2\x80\xa8"), "\"\\u2028\""); // line separator
  EXPECT_EQ(yamlString("\xef\xbb\xbf"), "\"\\uFEFF\""); // BOM
  EXPECT_EQ(yamlString("\xc3\xbc"), "\"\xc3\xbc\"");    // printable: raw
  EXPECT_EQ(yamlString("#x: [y] {z} &a *b !c %d @e"),
            "\"#x: [y] {z} &a *b !c %d @e\"");
}

TEST(KubernetesLiteral, DollarsDoubled) {
  EXPECT_EQ(kubernetesLiteral("$(HOME)"), "$$(HOME)");
  EXPECT_EQ(kubernetesLiteral("a$$b$"), "a$$$$b$$");
  EXPECT_EQ(kubernetesLiteral("plain"), "plain");
}

TEST(Visible, ControlCharacters) { EXPECT_EQ(visible("a\nb"), "a\\x0ab"); }

} // namespace
