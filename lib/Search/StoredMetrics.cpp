//===- StoredMetrics.cpp - the metrics text every store keeps --------------===//
//
// Both stores keep a trial's metrics as one JSON object (trials.metrics), in
// the same text: numbers in their shortest round-trip form
// (lib/Support/ShortestJson.h), so an SQLite file and a PostgreSQL schema
// of the same search hold the same bytes.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Store.h"
#include "lib/Support/ShortestJson.h"
#include "llvm/Support/JSON.h"

std::string nasir::search::storedMetricsJson(const Metrics &metrics) {
  llvm::json::Object m;
  for (auto &[k, v] : metrics)
    m[k] = v;
  return printJson(llvm::json::Value(std::move(m)));
}
