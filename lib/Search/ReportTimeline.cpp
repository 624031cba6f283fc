//===- ReportTimeline.cpp - the report's timeline of trials ---------------===//
//
// One row per lane: a `nasir worker` process (host:pid), or a job slot of
// the search on its host (its jobs are processes of their own, one pid per
// trial, so they are laid into as few slots as do not overlap). A worker that
// runs several trials at once gets a lane per concurrent one. A bar per trial
// from its start to its end (a running trial: to the last time the store
// knows), coloured by status; its tooltip says which trial, how long, who.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/ReportPlot.h"
#include "lib/Search/ReportViews.h"
#include "lib/Support/ShortestDouble.h"
#include <algorithm>
#include <cmath>
#include <map>

using namespace nasir;
using namespace nasir::search;
using namespace nasir::search::svg;

/// Rows drawn at most (the others are counted in a note).
static constexpr size_t kMaxLanes = 64;

static const char *statusColour(TrialStatus s) {
  switch (s) {
  case TrialStatus::Ok: return "#2e86ab";
  case TrialStatus::Failed: return "#d1495b";
  case TrialStatus::Running: return "#f0a202";
  default: return "#9bb0c9";
  }
}

namespace {
struct Lane {
  std::string label;
  double freeAt = -INFINITY; ///< when its last bar ends
  std::vector<const Trial *> trials;
};
} // namespace

void nasir::search::writeTimeline(llvm::raw_ostream &os, const HtmlReport &r) {
  // The trials that ran here (started), by start.
  std::vector<const Trial *> ran;
  double t0 = INFINITY, end = -INFINITY;
  for (auto &[id, t] : *r.trials) {
    if (t.created > 0)
      t0 = std::min(t0, t.created);
    if (t.started > 0 && !t.workerHost.empty() &&
        (t.status == TrialStatus::Ok || t.status == TrialStatus::Failed ||
         t.status == TrialStatus::Running)) {
      ran.push_back(&t);
      t0 = std::min(t0, t.started);
      end = std::max(end, std::max(t.started, t.finished));
    }
  }
  if (ran.empty())
    return;
  std::stable_sort(ran.begin(), ran.end(), [](const Trial *a, const Trial *b) {
    return a->started < b->started;
  });
  auto endOf = [&](const Trial *t) {
    return t->finished >= t->started ? t->finished : end;
  };
  // Lanes: per group (a worker process, or the search's jobs on a host),
  // the first lane free when the trial starts.
  std::map<std::string, std::vector<Lane>> groups;
  std::vector<std::string> order; // groups by first start
  for (const Trial *t : ran) {
    bool worker = !t->workerDevice.empty();
    std::string group = worker ? t->workerHost + ":" +
                                     std::to_string(t->workerPid) + " (" +
                                     t->workerDevice + ")"
                               : t->workerHost + " job slot";
    auto [it, fresh] = groups.try_emplace(group);
    if (fresh)
      order.push_back(group);
    std::vector<Lane> &lanes = it->second;
    Lane *lane = nullptr;
    for (Lane &l : lanes)
      if (l.freeAt <= t->started) {
        lane = &l;
        break;
      }
    if (!lane) {
      lanes.emplace_back();
      lane = &lanes.back();
      lane->label = worker ? (lanes.size() == 1 ? group
                                                : group + " #" +
                                                      std::to_string(
                                                          lanes.size()))
                           : group + " " + std::to_string(lanes.size());
    }
    lane->freeAt = endOf(t);
    lane->trials.push_back(t);
  }
  std::vector<const Lane *> rows;
  size_t allRows = 0;
  for (const std::string &g : order)
    for (const Lane &l : groups[g]) {
      ++allRows;
      if (rows.size() < kMaxLanes)
        rows.push_back(&l);
    }

  const double W = 1180, L = 230, R = 16, T = 34, B = 48, rowH = 18;
  const double H = T + B + rowH * rows.size();
  double span = std::max(end - t0, 1e-3);
  auto sx = [&](double t) { return L + (t - t0) / span * (W - L - R); };
  os << "<h2>Timeline</h2>\n<svg class=\"timeline\" "
        "xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
     << coord(W) << " " << coord(H) << "\" width=\"" << coord(W)
     << "\" height=\"" << coord(H) << "\" role=\"img\">\n"
     << "<rect x=\"0\" y=\"0\" width=\"" << coord(W) << "\" height=\""
     << coord(H) << "\" fill=\"#fff\"/>\n"
     << "<text x=\"4\" y=\"20\" class=\"t\">trials per worker over time ("
     << ran.size() << " trials, " << allRows << " lanes)</text>\n";
  // The legend, right of the title.
  double lx = W - R;
  for (TrialStatus s :
       {TrialStatus::Running, TrialStatus::Failed, TrialStatus::Ok}) {
    std::string name = statusName(s);
    lx -= 6.5 * name.size() + 30;
    os << "<rect x=\"" << coord(lx) << "\" y=\"11\" width=\"10\" height=\"10\" "
       << "fill=\"" << statusColour(s) << "\"/><text x=\"" << coord(lx + 14)
       << "\" y=\"20\">" << name << "</text>\n";
  }
  for (double v : ticks(0, span, 8)) {
    double X = sx(t0 + v);
    os << "<line x1=\"" << coord(X) << "\" x2=\"" << coord(X) << "\" y1=\""
       << coord(T) << "\" y2=\"" << coord(H - B) << "\" class=\"g\" "
       << "stroke=\"#e8ecf2\"/><text x=\"" << coord(X) << "\" y=\""
       << coord(H - B + 16) << "\" text-anchor=\"middle\">" << tickLabel(v)
       << "</text>\n";
  }
  os << "<text x=\"" << coord((L + W - R) / 2) << "\" y=\"" << coord(H - 10)
     << "\" text-anchor=\"middle\">seconds since the search began</text>\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    double y = T + i * rowH;
    os << "<text x=\"" << coord(L - 6) << "\" y=\"" << coord(y + rowH - 5)
       << "\" text-anchor=\"end\">" << htmlEscape(rows[i]->label)
       << "</text>\n";
    for (const Trial *t : rows[i]->trials) {
      double x0 = sx(t->started), x1 = sx(endOf(t));
      std::string tip =
          "trial " + std::to_string(t->id) + " (" + statusName(t->status) +
          "): " + fmt("%.1f", endOf(t) - t->started) + " s from +" +
          fmt("%.1f", t->started - t0) + " s on " + workerOf(*t);
      if (!t->error.empty())
        tip += "\n" + t->error;
      os << "<rect x=\"" << fmt("%.1f", x0) << "\" y=\"" << coord(y + 2)
         << "\" width=\"" << fmt("%.1f", std::max(1.0, x1 - x0))
         << "\" height=\"" << coord(rowH - 4) << "\" fill=\""
         << statusColour(t->status) << "\" stroke=\"#fff\" "
         << "stroke-width=\"0.5\"><title>" << htmlEscape(tip)
         << "</title></rect>\n";
    }
  }
  os << "<rect x=\"" << coord(L) << "\" y=\"" << coord(T) << "\" width=\""
     << coord(W - L - R) << "\" height=\"" << coord(H - T - B)
     << "\" class=\"frame\" fill=\"none\" stroke=\"#b8c2d0\"/>\n</svg>\n";
  if (allRows > rows.size())
    os << "<p class=\"note\">" << allRows - rows.size()
       << " more lanes are not drawn (at most " << kMaxLanes << ").</p>\n";
}
