//===- TableEvaluator.cpp - tabular benchmarks: NAS-Bench-201, CSV --------===//
//
// nb201:DIR reads DIR/nb201_12ep_val_test.csv (what the search sees: the
// 12-epoch `<dataset>-val` accuracy as `accuracy`, `<dataset>-test` as
// `test_12ep`) and DIR/nb201_200ep_test.csv (what the report adds:
// `test_200ep`). csv:FILE reads a header of labels and metric columns; a row
// matches the candidate whose decisions equal its label cells (an empty cell:
// the label is inactive).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Evaluator.h"
#include "lib/Search/NB201.h"
#include "lib/Transforms/Decisions.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include <chrono>
#include <deque>

using namespace mlir;
using namespace nasir;
using namespace nasir::search;

/// Splits a CSV line (double quotes, "" inside quotes).
static std::vector<std::string> splitCsv(llvm::StringRef line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"')
        cells.back() += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        cells.back() += c;
    } else if (c == '"')
      quoted = true;
    else if (c == ',')
      cells.emplace_back();
    else if (c != '\r')
      cells.back() += c;
  }
  return cells;
}

static bool readCsv(const std::string &path,
                    std::vector<std::vector<std::string>> &rows,
                    std::string &error) {
  auto buf = llvm::MemoryBuffer::getFile(path);
  if (!buf) {
    error = "cannot read table '" + path + "': " + buf.getError().message();
    return false;
  }
  llvm::SmallVector<llvm::StringRef> lines;
  (*buf)->getBuffer().split(lines, '\n', -1, false);
  for (llvm::StringRef l : lines)
    if (!l.trim().empty())
      rows.push_back(splitCsv(l));
  if (rows.empty()) {
    error = "table '" + path + "' is empty";
    return false;
  }
  return true;
}

static int columnOf(const std::vector<std::string> &header,
                    const std::string &name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name)
      return (int)i;
  return -1;
}

/// A cell or a decision value in one comparable spelling.
static std::string normalize(llvm::StringRef s) {
  s = s.trim();
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"')
    s = s.drop_front().drop_back();
  double d;
  if (!s.empty() && !s.getAsDouble(d)) {
    char buf[64];
    snprintf(buf, sizeof buf, "%.10g", d);
    return buf;
  }
  std::string out;
  for (char c : s)
    if (c != ' ')
      out += c;
  return out;
}

namespace {
class TableEvaluator : public Evaluator {
public:
  void start(const EvalJob &job) override {
    auto t0 = std::chrono::steady_clock::now();
    EvalOutcome o;
    o.trialId = job.trialId;
    o.ok = lookup(job, o.metrics, o.error);
    o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                              t0)
                    .count();
    done.push_back(std::move(o));
  }
  std::vector<EvalOutcome> wait(double) override {
    std::vector<EvalOutcome> out(done.begin(), done.end());
    done.clear();
    return out;
  }
  unsigned running() const override { return 0; }
  unsigned slots() const override { return 1u << 20; }

  virtual bool lookup(const EvalJob &job, Metrics &m, std::string &error) = 0;

private:
  std::deque<EvalOutcome> done;
};

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

class CsvTable : public TableEvaluator {
public:
  std::vector<std::string> labels; // label columns, in header order
  std::vector<std::string> metricNames;
  std::map<std::string, Metrics> rows; // key of label cells -> metrics

  bool lookup(const EvalJob &job, Metrics &m, std::string &error) override {
    std::string key;
    for (const std::string &l : labels) {
      Attribute v = job.decisions.get(l);
      key += (v ? normalize(printDecisionValue(v)) : std::string()) + '\x1f';
    }
    auto it = rows.find(key);
    if (it == rows.end()) {
      error = "no row of the table matches " + job.decisionsJson;
      return false;
    }
    m = it->second;
    return true;
  }
};
} // namespace

std::unique_ptr<Evaluator> makeTableEvaluator(const EvaluatorConfig &c,
                                              const SpaceModel &model,
                                              std::string &error) {
  auto [kind, path] = llvm::StringRef(c.table).split(':');
  if (kind == "nb201") {
    std::string prefix = c.dataset == "cifar10"    ? "cifar10"
                         : c.dataset == "cifar100" ? "cifar100"
                         : c.dataset == "imagenet" || c.dataset == "imagenet16-120"
                             ? "imagenet"
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
    int t200 = columnOf(b[0], col200), arch200 = columnOf(b[0], "ArchitectureString");
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
  if (kind == "csv") {
    std::vector<std::vector<std::string>> rows;
    if (!readCsv(path.str(), rows, error))
      return nullptr;
    auto t = std::make_unique<CsvTable>();
    std::vector<int> labelCols, metricCols;
    for (size_t i = 0; i < rows[0].size(); ++i) {
      if (model.labels().count(rows[0][i])) {
        t->labels.push_back(rows[0][i]);
        labelCols.push_back(i);
      } else {
        t->metricNames.push_back(rows[0][i]);
        metricCols.push_back(i);
      }
    }
    if (t->labels.empty()) {
      error = "table '" + path.str() + "' has no column named after a label of the space";
      return nullptr;
    }
    for (size_t r = 1; r < rows.size(); ++r) {
      std::string key;
      for (int col : labelCols)
        key += (col < (int)rows[r].size() ? normalize(rows[r][col])
                                          : std::string()) +
               '\x1f';
      Metrics m;
      for (size_t k = 0; k < metricCols.size(); ++k) {
        double v;
        if (metricCols[k] < (int)rows[r].size() &&
            !llvm::StringRef(rows[r][metricCols[k]]).trim().getAsDouble(v))
          m[t->metricNames[k]] = v;
      }
      t->rows[key] = m;
    }
    return t;
  }
  error = "--table must be nb201:DIR or csv:FILE, not '" + c.table + "'";
  return nullptr;
}
