//===- SpaceLabels.h - labels in repeat bodies (SpaceModel internals) -*- C++
//-*-===//
//
// A site in a per-iteration repeat body has a stem and takes the first
// `parts` iteration parts ("#i", outermost first) of the suffix of the
// iteration it is reached in. These helpers spell such labels and split them
// back; they are shared by the files of SpaceModel.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TRANSFORMS_SPACELABELS_H
#define NASIR_TRANSFORMS_SPACELABELS_H

#include "lib/Transforms/SpaceModel.h"

namespace nasir {
namespace spacemodel {

/// The key of a label pattern: a stem and the iteration parts it takes.
std::string patternKey(llvm::StringRef stem, unsigned parts);

/// The first `parts` iteration parts of `suffix` ("#0#1" -> "#0" for 1).
llvm::StringRef prefixParts(llvm::StringRef suffix, unsigned parts);

/// The label of `s` reached with iteration suffix `suffix`.
std::string labelAt(const Site &s, llvm::StringRef suffix);

/// The label that a predicate's `stem` stands for in the scope of `req`.
std::string requireLabelAt(const Site &req, llvm::StringRef stem,
                           llvm::StringRef suffix);

/// The depth that value `v` of repeat `s` stands for.
int64_t depthOf(const Site &s, unsigned v);

/// `suffix` followed by iteration `i`'s part.
std::string iterationSuffix(llvm::StringRef suffix, int64_t i);

/// Calls `fn` with each scope that value `v` of `s` opens and its suffix.
void forEachOpened(
    const Site &s, unsigned v, llvm::StringRef suffix,
    llvm::function_ref<void(const Scope &, llvm::StringRef suffix)> fn);

/// "#0" repeated `n` times: a suffix with `n` parts, to measure how many of
/// them a label takes.
std::string probeSuffix(unsigned n);

/// The pattern that spells `label` (a stem and iteration indices within the
/// repeats' depths), null for none; `indices` gets the indices, outermost
/// first.
const SpaceModel::Pattern *findPattern(
    const llvm::StringMap<std::map<unsigned, SpaceModel::Pattern>> &patterns,
    llvm::StringRef label, std::vector<int64_t> *indices = nullptr);

} // namespace spacemodel
} // namespace nasir

#endif
