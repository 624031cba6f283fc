//===- RelaxCommand.cpp - nasir relax: a whole space as a supernet ---------===//
//
//   nasir relax FILE [--space S] [--input 1x28x28 --classes 10] [--to supernet|mlir]
//
// Prints the supernet of the space (nas-relax, docs/oneshot.md): the version-2
// candidate document that nasir-train's one-shot modes train (default), or the
// relaxed MLIR.
//
//===----------------------------------------------------------------------===//
#include "lib/Transforms/Relax.h"
#include "lib/Transforms/SupernetLowering.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Common.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace nasir;
using namespace nasir::cli;

static const char *kSummary = "a whole space as one supernet (one-shot search)";

static int runRelax(int argc, char **argv) {
  CommandLine args("relax", kSummary);
  args.positional("FILE", "the space (.nas or .mlir; - reads stdin)",
                  Positional::Space);
  addLoadOptions(args);
  args.add({"to", ValueKind::Choice, "supernet",
            "supernet: the version-2 candidate document; mlir: the relaxed "
            "module",
            {"supernet", "mlir"}});
  if (int rc = parseCommandLine(args, argc, argv); rc >= 0)
    return rc;
  Session s;
  if (failed(s.load(args)))
    return 1;
  if (args.get("to") == "mlir") {
    if (failed(relaxSpace(s.space)))
      return 1;
    s.module->print(llvm::outs());
    return 0;
  }
  FailureOr<std::string> doc = supernetDocument(s.space);
  if (failed(doc))
    return 1;
  llvm::outs() << *doc << "\n";
  return 0;
}

static Command relax{"relax", kSummary, runRelax};
