//===- NB201.h - the NAS-Bench-201 benchmark --------------------*- C++ -*-===//
//
// What nasir knows of NAS-Bench-201 lives here: its tables (registered as
// the table scheme `nb201:DIR`, TableEvaluator.h), its architecture strings,
// and its conventions. NB201 counts networks under the zero-absorbing rule
// (every op applied to an all-zero input is zero; `--zero-absorbing`,
// CanonOptions::zeroAbsorbing): it treats a `nor_conv` after a `none` edge
// as absent, although its batch norm would add beta (docs/canonicalization.md
// compares the classes it gives with NB201's own).
//
// The NB201 cell has 4 nodes and 6 edges i->j (i < j). A space models it with
// one decision per edge whose label ends in `e<j>_<i>` (e.g. `cell.e2_1`) and
// whose options are NB201's op names (none, skip_connect, nor_conv_1x1,
// nor_conv_3x3, avg_pool_3x3). The architecture string lists the edges into
// node 1, then 2, then 3: `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_BENCHMARKS_NB201_H
#define NASIR_SEARCH_BENCHMARKS_NB201_H

#include "mlir/IR/BuiltinAttributes.h"
#include <optional>
#include <string>

namespace nasir::search {

/// The NB201 architecture string of `decisions`; nullopt with `error` set
/// when an edge has no decision, two labels claim one edge, or an op is not
/// one of NB201's five.
std::optional<std::string> nb201ArchString(mlir::DictionaryAttr decisions,
                                           std::string &error);

/// The six edge suffixes, in architecture-string order.
extern const char *const kNB201Edges[6];

} // namespace nasir::search

#endif
