//===- Input.cpp - the dataset bindings of a command line -----------------===//
#include "tools/nasir/Input.h"
#include "lib/CLI/CommandLine.h"

using namespace nasir;

cli::InputOptions cli::inputOptionsOf(const CommandLine &cl) {
  InputOptions options;
  if (cl.has("input"))
    options.input = cl.getShape("input");
  if (cl.has("classes"))
    options.classes = cl.getInt("classes");
  return options;
}
