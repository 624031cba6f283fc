//===- nasir-train.cpp - train a nasir candidate with LibTorch ------------===//
//
// nasir-train CANDIDATE.json --data SPEC [options]   (see --help)
// Prints exactly one JSON line on stdout; progress goes to stderr.
//
//===----------------------------------------------------------------------===//
#include "lib/Runtime/Runtime.h"

int main(int argc, char **argv) { return nasir::runtime::trainMain(argc, argv); }
