//===- Objectives.cpp - objectives and Pareto fronts ----------------------===//
#include "lib/Search/Objectives.h"
#include "llvm/ADT/StringExtras.h"
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

using namespace nasir;
using namespace nasir::search;

double nasir::search::wallClock() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

const char *nasir::search::statusName(TrialStatus s) {
  switch (s) {
  case TrialStatus::Queued:
    return "queued";
  case TrialStatus::Running:
    return "running";
  case TrialStatus::Ok:
    return "ok";
  case TrialStatus::Failed:
    return "failed";
  case TrialStatus::Reused:
    return "reused";
  }
  return "?";
}

bool nasir::search::parseStatus(llvm::StringRef text, TrialStatus &s) {
  for (TrialStatus c : {TrialStatus::Queued, TrialStatus::Running,
                        TrialStatus::Ok, TrialStatus::Failed,
                        TrialStatus::Reused})
    if (text == statusName(c)) {
      s = c;
      return true;
    }
  return false;
}

std::vector<Objective> nasir::search::objectivesOf(nas::SpaceOp space) {
  std::vector<Objective> out;
  for (auto o : space.getBlock().getOps<nas::ObjectiveOp>())
    out.push_back(
        {nas::stringifyObjectiveMetric(o.getMetric()).str(), o.isMaximize()});
  if (out.empty())
    out.push_back({"accuracy", true});
  return out;
}

bool nasir::search::parseObjectives(llvm::StringRef text,
                                    std::vector<Objective> &out,
                                    std::string &error) {
  out.clear();
  llvm::SmallVector<llvm::StringRef> parts;
  text.split(parts, ',', -1, false);
  for (llvm::StringRef p : parts) {
    auto [dir, metric] = p.trim().split(':');
    Objective o;
    // The directions nas.objective spells (maximize, minimize), or short.
    std::optional<nas::Direction> direction =
        dir == "max"   ? nas::Direction::maximize
        : dir == "min" ? nas::Direction::minimize
                       : nas::symbolizeDirection(dir);
    if (direction) {
      o.maximize = *direction == nas::Direction::maximize;
    } else {
      error = "objective '" + p.str() +
              "' is not max:METRIC or min:METRIC (e.g. max:accuracy,min:params)";
      return false;
    }
    if (metric.empty()) {
      error = "objective '" + p.str() + "' names no metric";
      return false;
    }
    o.metric = metric.str();
    out.push_back(o);
  }
  if (out.empty()) {
    error = "--objective names no objective";
    return false;
  }
  return true;
}

std::string nasir::search::printObjectives(const std::vector<Objective> &os) {
  std::string s;
  for (const Objective &o : os)
    s += (s.empty() ? "" : ",") + std::string(o.maximize ? "max:" : "min:") +
         o.metric;
  return s;
}

double nasir::search::signedValue(const Trial &t, const Objective &o) {
  double lowest = -std::numeric_limits<double>::infinity();
  if (!t.succeeded())
    return lowest;
  auto it = t.metrics.find(o.metric);
  if (it == t.metrics.end() || std::isnan(it->second))
    return lowest;
  return o.maximize ? it->second : -it->second;
}

static bool dominates(const std::vector<double> &a,
                      const std::vector<double> &b) {
  bool better = false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] < b[i])
      return false;
    if (a[i] > b[i])
      better = true;
  }
  return better;
}

std::vector<std::vector<size_t>>
nasir::search::nondominatedSort(const std::vector<std::vector<double>> &pts) {
  size_t n = pts.size();
  std::vector<std::vector<size_t>> dominated(n), fronts;
  std::vector<size_t> count(n, 0);
  std::vector<size_t> current;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      if (i == j)
        continue;
      if (dominates(pts[i], pts[j]))
        dominated[i].push_back(j);
      else if (dominates(pts[j], pts[i]))
        ++count[i];
    }
    if (count[i] == 0)
      current.push_back(i);
  }
  while (!current.empty()) {
    fronts.push_back(current);
    std::vector<size_t> next;
    for (size_t i : current)
      for (size_t j : dominated[i])
        if (--count[j] == 0)
          next.push_back(j);
    std::sort(next.begin(), next.end());
    current = std::move(next);
  }
  return fronts;
}

std::vector<double>
nasir::search::crowdingDistance(const std::vector<std::vector<double>> &pts,
                                const std::vector<size_t> &front) {
  size_t n = front.size();
  std::vector<double> dist(n, 0.0);
  if (n == 0)
    return dist;
  double inf = std::numeric_limits<double>::infinity();
  size_t m = pts[front[0]].size();
  std::vector<size_t> order(n);
  for (size_t k = 0; k < m; ++k) {
    for (size_t i = 0; i < n; ++i)
      order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return pts[front[a]][k] < pts[front[b]][k];
    });
    double lo = pts[front[order.front()]][k], hi = pts[front[order.back()]][k];
    dist[order.front()] = dist[order.back()] = inf;
    if (!(hi > lo) || std::isinf(hi - lo))
      continue;
    for (size_t i = 1; i + 1 < n; ++i)
      dist[order[i]] += (pts[front[order[i + 1]]][k] -
                         pts[front[order[i - 1]]][k]) /
                        (hi - lo);
  }
  return dist;
}
