//===- LearningCurveTest.cpp - reading the per-epoch values of a result ---===//
//
// The `curve` of a result line (what nasir-train writes) is untrusted input:
// a good one reaches the outcome exactly; a bad one fails the result with a
// message naming the field; the store's text reads back to the same values.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Evaluator.h"
#include "lib/Search/LearningCurve.h"
#include "gtest/gtest.h"

using namespace nasir;
using namespace nasir::search;

namespace {

std::string line(const std::string &curve) {
  return R"({"status":"ok","val_accuracy":0.5,"curve":)" + curve + "}";
}

/// The error of a result line with this curve ("" when it is accepted).
std::string errorOf(const std::string &curve) {
  Metrics m;
  Curve c;
  std::string error;
  if (parseResultLine(line(curve), m, error, 1, &c))
    return "";
  return error;
}

const char *kTwo =
    R"([{"epoch":1,"train_loss":1.25,"train_accuracy":0.5,"val_loss":0.75,"val_accuracy":0.625},)"
    R"({"epoch":2,"train_loss":0.3,"train_accuracy":0.9,"val_loss":0.1,"val_accuracy":0.97,"lr":0.01}])";

TEST(LearningCurve, AResultLineCarriesItsCurve) {
  Metrics m;
  Curve c;
  std::string error;
  ASSERT_TRUE(parseResultLine(line(kTwo), m, error, 1, &c)) << error;
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].epoch, 1);
  EXPECT_EQ(c[0].trainLoss, 1.25);
  EXPECT_EQ(c[0].trainAccuracy, 0.5);
  EXPECT_EQ(c[0].valLoss, 0.75);
  EXPECT_EQ(c[0].valAccuracy, 0.625);
  EXPECT_EQ(c[1].epoch, 2);
  EXPECT_EQ(c[1].trainLoss, 0.3);
  EXPECT_EQ(c[1].valAccuracy, 0.97);
  EXPECT_EQ(m.at("val_accuracy"), 0.5) << "the metrics are read as before";
  EXPECT_FALSE(m.count("curve"));
  // Through the whole output too (the last JSON line of stdout).
  Curve fromOutput;
  ASSERT_TRUE(parseResultOutput("epoch 1\n" + line(kTwo) + "\n", m, error,
                                &fromOutput))
      << error;
  EXPECT_EQ(fromOutput, c);
}

TEST(LearningCurve, AResultWithoutACurveHasNone) {
  Metrics m;
  Curve c = {EpochPoint{1, 1, 1, 1, 1}};
  std::string error;
  ASSERT_TRUE(parseResultLine(R"({"status":"ok","accuracy":93})", m, error, 1,
                              &c))
      << error;
  EXPECT_TRUE(c.empty());
  EXPECT_EQ(errorOf("[]"), "") << "an empty curve is no curve";
}

TEST(LearningCurve, BadValuesAreRejectedNamingTheField) {
  const std::string ok1 =
      R"({"epoch":1,"train_loss":1,"train_accuracy":0.5,"val_loss":1,"val_accuracy":0.5})";
  EXPECT_EQ(errorOf("{}"), "result field curve: not an array");
  EXPECT_EQ(errorOf("[3]"), "result field curve[0]: not an object");
  EXPECT_EQ(errorOf(R"([{"train_loss":1}])"),
            "result field curve[0].epoch: missing");
  EXPECT_EQ(errorOf(R"([{"epoch":0}])"),
            "result field curve[0].epoch: not a positive integer");
  EXPECT_EQ(errorOf(R"([{"epoch":1.5}])"),
            "result field curve[0].epoch: not a positive integer");
  EXPECT_EQ(errorOf(R"([{"epoch":"1"}])"),
            "result field curve[0].epoch: not a positive integer");
  EXPECT_EQ(errorOf("[" + ok1 + "," + ok1 + "]"),
            "result field curve[1].epoch: 1 after epoch 1 (not increasing)");
  EXPECT_EQ(
      errorOf(
          R"([{"epoch":1,"train_loss":1,"train_accuracy":0.5,"val_loss":1}])"),
      "result field curve[0].val_accuracy: missing");
  EXPECT_EQ(
      errorOf(
          R"([{"epoch":1,"train_loss":null,"train_accuracy":0.5,"val_loss":1,"val_accuracy":0.5}])"),
      "result field curve[0].train_loss: not a finite number");
  EXPECT_EQ(
      errorOf(
          R"([{"epoch":1,"train_loss":1,"train_accuracy":0.5,"val_loss":1e999,"val_accuracy":0.5}])"),
      "result field curve[0].val_loss: not a finite number");
  EXPECT_EQ(
      errorOf(
          R"([{"epoch":1,"train_loss":-0.5,"train_accuracy":0.5,"val_loss":1,"val_accuracy":0.5}])"),
      "result field curve[0].train_loss: -0.5 is negative");
  EXPECT_EQ(
      errorOf(
          R"([{"epoch":1,"train_loss":1,"train_accuracy":0.5,"val_loss":1,"val_accuracy":97.5}])"),
      "result field curve[0].val_accuracy: 97.5 is not a fraction in [0, 1]");
  // Bounded: more epochs than kMaxCurvePoints is refused, not stored.
  std::string many = "[";
  for (size_t i = 1; i <= kMaxCurvePoints + 1; ++i)
    many += (i > 1 ? "," : "") +
            std::string(R"({"epoch":)") + std::to_string(i) +
            R"(,"train_loss":1,"train_accuracy":0,"val_loss":1,"val_accuracy":0})";
  many += "]";
  EXPECT_EQ(errorOf(many), "result field curve: 10001 epochs, more than 10000");
  // A bad curve fails the whole output (it is the result line).
  Metrics m;
  std::string error;
  EXPECT_FALSE(parseResultOutput(line("[1]") + "\n", m, error));
  EXPECT_EQ(error, "result field curve[0]: not an object");
}

TEST(LearningCurve, TheStoredTextReadsBackExactly) {
  Curve c = {{1, 2.3025850929940459, 0.1, 1.0 / 3, 0.30000000000000004},
             {2, 0.5, 0.875, 0.25, 1}};
  std::string text = storedCurveJson(c);
  EXPECT_EQ(text,
            R"([{"epoch":1,"train_accuracy":0.1,"train_loss":2.302585092994046,)"
            R"("val_accuracy":0.30000000000000004,"val_loss":0.3333333333333333},)"
            R"({"epoch":2,"train_accuracy":0.875,"train_loss":0.5,"val_accuracy":1,)"
            R"("val_loss":0.25}])")
      << "shortest round-trip numbers, keys sorted";
  Curve back;
  std::string error;
  ASSERT_TRUE(parseStoredCurve(text, back, error)) << error;
  EXPECT_EQ(back, c);
  EXPECT_FALSE(parseStoredCurve("[{", back, error));
  EXPECT_FALSE(parseStoredCurve(R"([{"epoch":1}])", back, error));
  EXPECT_EQ(error, "curve[0].train_loss: missing");
}

} // namespace
