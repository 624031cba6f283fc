//===- NB201.cpp - the NAS-Bench-201 benchmark ----------------------------===//
//
// nb201:DIR reads DIR/nb201_12ep_val_test.csv (what the search sees: the
// 12-epoch `<dataset>-val` accuracy as `accuracy`, `<dataset>-test` as
// `test_12ep`) and DIR/nb201_200ep_test.csv (what the report adds:
// `test_200ep`).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Benchmarks/NB201.h"
#include "lib/Search/TableEvaluator.h"
#include "lib/Transforms/Labels.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

const char *const nasir::search::kNB201Edges[6] = {"e1_0", "e2_0", "e2_1",
                                                   "e3_0", "e3_1", "e3_2"};

static bool isNB201Op(StringRef op) {
  return op == "none" || op == "skip_connect" || op == "nor_conv_1x1" ||
         op == "nor_conv_3x3" || op == "avg_pool_3x3";
}

std::optional<std::string>
nasir::search::nb201ArchString(DictionaryAttr decisions, std::string &error) {
  std::string ops[6];
  for (NamedAttribute d : decisions) {
    StringRef label = baseLabel(d.getName().getValue());
    for (int e = 0; e < 6; ++e) {
      StringRef suffix = kNB201Edges[e];
      if (!label.ends_with(suffix))
        continue;
      // The suffix must be a whole name part: `cell.e1_0`, `e1_0`, `c_e1_0`.
      if (label.size() > suffix.size()) {
        char before = label[label.size() - suffix.size() - 1];
        if (isalnum((unsigned char)before))
          continue;
      }
      auto op = dyn_cast<StringAttr>(d.getValue());
      if (!op || !isNB201Op(op.getValue())) {
        error = "decision '" + d.getName().str() +
                "' is not one of NB201's ops (none, skip_connect, "
                "nor_conv_1x1, nor_conv_3x3, avg_pool_3x3)";
        return std::nullopt;
      }
      if (!ops[e].empty() && ops[e] != op.getValue()) {
        error = "two decisions disagree on NB201 edge " + suffix.str();
        return std::nullopt;
      }
      ops[e] = op.getValue().str();
    }
  }
  for (int e = 0; e < 6; ++e)
    if (ops[e].empty()) {
      error = std::string("no decision labelled '...") + kNB201Edges[e] +
              "' (the NB201 edge " + std::string(1, kNB201Edges[e][3]) + "->" +
              std::string(1, kNB201Edges[e][1]) + ")";
      return std::nullopt;
    }
  return "|" + ops[0] + "~0|+|" + ops[1] + "~0|" + ops[2] + "~1|+|" + ops[3] +
         "~0|" + ops[4] + "~1|" + ops[5] + "~2|";
}

namespace {
class NB201Table : public TableEvaluator {
public:
  struct Row {
    double val, test12, test200;
  };
  llvm::StringMap<Row> rows;

  bool lookup(const EvalJob &job, Metrics &m, std::string &error) override {
    auto arch = nb201ArchString(job.decisions, error);
    if (!arch)
      return false;
    auto it = rows.find(*arch);
    if (it == rows.end()) {
      error = "architecture " + *arch + " is not in the NAS-Bench-201 table";
      return false;
    }
    m["accuracy"] = it->second.val;
    m["test_12ep"] = it->second.test12;
    return true;
  }
  Metrics reportMetrics(const EvalJob &job) override {
    std::string error;
    auto arch = nb201ArchString(job.decisions, error);
    if (!arch || !rows.count(*arch))
      return {};
    return {{"test_200ep", rows[*arch].test200}};
  }
};
} // namespace

static std::unique_ptr<Evaluator> makeNB201Table(StringRef path,
                                                 const EvaluatorConfig &c,
                                                 const SpaceModel &,
                                                 std::string &error) {
  std::string prefix =
      c.dataset == "cifar10"                                     ? "cifar10"
      : c.dataset == "cifar100"                                  ? "cifar100"
      : c.dataset == "imagenet" || c.dataset == "imagenet16-120" ? "imagenet"
                                                                 : "";
  if (prefix.empty()) {
    error = "--dataset must be cifar10, cifar100 or imagenet, not '" +
            c.dataset + "'";
    return nullptr;
  }
  std::vector<std::vector<std::string>> a, b;
  if (!readCsv(path.str() + "/nb201_12ep_val_test.csv", a, error) ||
      !readCsv(path.str() + "/nb201_200ep_test.csv", b, error))
    return nullptr;
  int cell = columnOf(a[0], "cellstr"), val = columnOf(a[0], prefix + "-val"),
      test = columnOf(a[0], prefix + "-test");
  std::string col200 = prefix == "cifar10"    ? "CIFAR10TestAccuracy200Epochs"
                       : prefix == "cifar100" ? "CIFAR100TestAccuracy200Epochs"
                                              : "ImageNetTestAccuracy200Epochs";
  int t200 = columnOf(b[0], col200),
      arch200 = columnOf(b[0], "ArchitectureString");
  if (cell < 0 || val < 0 || test < 0 || t200 < 0 || arch200 < 0 ||
      a.size() != b.size()) {
    error = "the NAS-Bench-201 tables in '" + path.str() +
            "' do not have the expected columns and rows";
    return nullptr;
  }
  auto t = std::make_unique<NB201Table>();
  for (size_t i = 1; i < a.size(); ++i) {
    double v, t12, t2;
    if (a[i].size() <= (size_t)std::max({cell, val, test}) ||
        b[i].size() <= (size_t)std::max(t200, arch200) ||
        llvm::StringRef(a[i][val]).getAsDouble(v) ||
        llvm::StringRef(a[i][test]).getAsDouble(t12) ||
        llvm::StringRef(b[i][t200]).getAsDouble(t2) ||
        a[i][cell] != b[i][arch200]) {
      error = "NAS-Bench-201 table row " + std::to_string(i) +
              " is malformed or the two files disagree";
      return nullptr;
    }
    t->rows[a[i][cell]] = {v, t12, t2};
  }
  return t;
}

static TableRegistration
    nb201("nb201", "NAS-Bench-201's tables (12- and 200-epoch accuracy)",
          {"DIR", makeNB201Table});
