//===- ReportViews.h - the HTML report's views of how trials ran -*- C++ -*-===//
//
// Sections of the page of `nasir report --html` (Report.h's writeHtml),
// each drawn by nasir as one inline <svg>:
//   Learning curves (ReportCurves.cpp), <svg class="curves">: the validation
//     accuracy per epoch of the best trials and of those stopped early (a
//     Hyperband rung); written only when some trial has a curve.
//   Timeline (ReportTimeline.cpp), <svg class="timeline">: a row per worker
//     process or local job slot, a bar per trial from started to finished,
//     coloured by status; written when some trial has started.
//   Decisions against the objective (ReportParallel.cpp), <svg
//     class="parallel">: parallel coordinates, an axis per decision label and
//     one for the objective, a line per evaluated trial; written when two
//     trials were evaluated.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_REPORTVIEWS_H
#define NASIR_SEARCH_REPORTVIEWS_H

#include "lib/Search/Report.h"

namespace nasir::search {

void writeLearningCurves(llvm::raw_ostream &os, const HtmlReport &report);
void writeTimeline(llvm::raw_ostream &os, const HtmlReport &report);
void writeParallelCoordinates(llvm::raw_ostream &os, const HtmlReport &report);

} // namespace nasir::search

#endif
