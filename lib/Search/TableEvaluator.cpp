//===- TableEvaluator.cpp - the table evaluator and CSV tables ------------===//
//
// csv:FILE reads a header of labels and metric columns; a row matches the
// candidate whose decisions equal its label cells (an empty cell: the label
// is inactive). Benchmarks register their own schemes (lib/Search/Benchmarks).
//
//===----------------------------------------------------------------------===//
#include "lib/Search/TableEvaluator.h"
#include "lib/Transforms/Decisions.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MemoryBuffer.h"
#include <chrono>

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

bool nasir::search::readCsv(const std::string &path,
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

int nasir::search::columnOf(const std::vector<std::string> &header,
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

void TableEvaluator::start(const EvalJob &job) {
  auto t0 = std::chrono::steady_clock::now();
  EvalOutcome o;
  o.trialId = job.trialId;
  o.ok = lookup(job, o.metrics, o.error);
  o.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  done.push_back(std::move(o));
}

std::vector<EvalOutcome> TableEvaluator::wait(double) {
  std::vector<EvalOutcome> out(done.begin(), done.end());
  done.clear();
  return out;
}

namespace {
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

static std::unique_ptr<Evaluator> makeCsvTable(llvm::StringRef path,
                                               const EvaluatorConfig &,
                                               const SpaceModel &model,
                                               std::string &error) {
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
    error = "table '" + path.str() +
            "' has no column named after a label of the space";
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

static TableRegistration csv("csv",
                             "a CSV file: label columns and metric columns",
                             {"FILE", makeCsvTable});

/// `--table SCHEME:PATH`: the registered table that SCHEME names.
static std::unique_ptr<Evaluator> makeTableEvaluator(const EvaluatorConfig &c,
                                                     const SpaceModel &model,
                                                     std::string &error) {
  auto [scheme, path] = llvm::StringRef(c.table).split(':');
  auto &reg = TableRegistration::registry();
  auto it = reg.find(scheme.str());
  if (it != reg.end())
    return it->second.factory.make(path, c, model, error);
  error = "--table must be ";
  for (auto [i, entry] : llvm::enumerate(reg))
    error += (i == 0                ? ""
              : i + 1 == reg.size() ? " or "
                                    : ", ") +
             entry.first + ":" + entry.second.factory.argument;
  error += ", not '" + c.table + "'";
  return nullptr;
}

static EvaluatorRegistration table("table",
                                   "look-up in a table (--table SCHEME:PATH)",
                                   makeTableEvaluator);
