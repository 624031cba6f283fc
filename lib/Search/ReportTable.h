//===- ReportTable.h - the report page's table of every trial ---*- C++ -*-===//
//
// The section "Every trial" of the HTML report: one row per trial, one column
// for its id, its status, each objective's metric and each decision label;
// an inline script (no network, nothing fetched) sorts the rows by a clicked
// header and filters them by the words of a text box. When the page is
// served by `nasir report --serve` (HtmlReport::live) the same script polls
// the server's /api/trials and reloads the page's body when a trial was
// added or finished; opened from a file it never touches the network.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_REPORTTABLE_H
#define NASIR_SEARCH_REPORTTABLE_H

#include "lib/Search/Report.h"
#include <string>

namespace nasir::search {

// writeTrialTable (the section: a heading, the filter box, the table and its
// script) is declared in Report.h, beside writeHtml, which calls it.

/// The Content-Security-Policy under which the page works and nothing more
/// runs: its one script by hash, inline styles, connections to its own
/// origin only (what `report --serve` sends with the page).
std::string reportPagePolicy();

/// "N/D": N trials, D of them done (ok, failed, reused). The table carries
/// it (data-sig); the live script compares /api/trials' with it.
std::string trialsSignature(const std::map<int64_t, Trial> &trials);

} // namespace nasir::search

#endif
