//===- CompileCommand.cpp - nasir compile, nasir train --------------------===//
//
// nasir compile SPACE.nas -o TOOL [--space S] [--input 1x28x28 --classes 10]
//   A standalone executable: this nasir with the checked, compiled space
//   appended (Payload.h). `TOOL count|sample|search|train ...` use it without
//   the source file.
// nasir compile SPACE.nas -o NAME --bundle DIR
//   DIR/bin/NAME, with the shared libraries it needs but glibc's in DIR/lib
//   (Bundle.h): it runs on a Linux without nasir's packages.
//
// nasir train SPACE [--decisions JSON|@FILE | --seed N] --data D [--epochs E]
//                   [-- nasir-train options]
//   Specializes one candidate (given, or sampled) and trains it with the
//   nasir-train next to this executable (or on PATH).
//
//===----------------------------------------------------------------------===//
#include "lib/Transforms/CandidateLowering.h"
#include "lib/Transforms/Decisions.h"
#include "mlir/IR/Verifier.h"
#include "tools/nasir/Bundle.h"
#include "tools/nasir/Command.h"
#include "tools/nasir/Common.h"
#include "tools/nasir/Payload.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <cstring>
#include <random>

using namespace mlir;
using namespace nasir;
using namespace nasir::cli;

std::string nasir::cli::selfPath() {
  static int anchor;
  return llvm::sys::fs::getMainExecutable(nullptr, (void *)&anchor);
}

std::optional<ExecutableImage>
nasir::cli::readExecutableImage(const std::string &path) {
  auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!buf)
    return std::nullopt;
  llvm::StringRef all = (*buf)->getBuffer();
  ExecutableImage img;
  img.program = all.str();
  if (all.size() >= 16 && all.ends_with(llvm::StringRef(kPayloadMagic, 8))) {
    uint64_t n = 0;
    for (int i = 0; i < 8; ++i)
      n |= (uint64_t)(uint8_t)all[all.size() - 16 + i] << (8 * i);
    if (n <= all.size() - 16) {
      size_t start = all.size() - 16 - n;
      img.payload = all.substr(start, n).str();
      img.program = all.take_front(start).str();
    }
  }
  return img;
}

static const char *kCompileSummary =
    "a standalone tool with the compiled space embedded";

static int runCompile(int argc, char **argv) {
  CommandLine args("compile", kCompileSummary);
  args.positional("SPACE", "the space (.nas or .mlir)");
  args.add({"o",
            ValueKind::Text,
            "",
            "the tool to write",
            {},
            {},
            "required",
            "TOOL"});
  args.add({"bundle",
            ValueKind::Text,
            "",
            "write the tool as DIR/bin/TOOL (-o gives its name) with the "
            "shared libraries it needs, but glibc's, in DIR/lib",
            {},
            {},
            "",
            "DIR"});
  args.flag("with-train",
            "with --bundle: also nasir-train and its LibTorch libraries, for "
            "train, search --evaluator train and export --to onnx");
  addLoadOptions(args);
  if (int rc = parseCommandLine(args, argc, argv); rc >= 0)
    return rc;
  if (!args.has("o")) {
    llvm::errs() << "error: give the tool to write: -o TOOL\n";
    return 2;
  }
  std::string bundle = args.has("bundle") ? args.get("bundle") : "";
  if (args.has("bundle") && bundle.empty()) {
    llvm::errs() << "error: --bundle needs a folder\n";
    return 2;
  }
  if (args.has("with-train") && bundle.empty()) {
    llvm::errs() << "error: --with-train goes with --bundle DIR\n";
    return 2;
  }
  if (!bundle.empty()) {
    llvm::StringRef name = args.get("o");
    if (name.empty() || name.contains('/') || name == "." || name == "..") {
      llvm::errs() << "error: with --bundle, -o names the tool in " << bundle
                   << "/bin: give a file name, not '" << name << "'\n";
      return 2;
    }
  }
  Session s;
  if (failed(s.load(args)))
    return 1;
  if (failed(verify(s.space)))
    return 1;
  std::string ir;
  llvm::raw_string_ostream os(ir);
  s.space->print(os);
  auto image = readExecutableImage(selfPath());
  if (!image) {
    llvm::errs() << "error: cannot read this executable (" << selfPath()
                 << ")\n";
    return 1;
  }
  std::string out = args.get("o");
  BundledLibraries libs;
  size_t trainLibs = 0;
  uint64_t trainBytes = 0, trainProgram = 0; // what --with-train adds
  if (!bundle.empty()) {
    std::string why;
    if (!pointRunPathAtBundle(image->program, why)) {
      llvm::errs() << "error: cannot bundle " << selfPath() << ": " << why
                   << "\n";
      return 1;
    }
    // nasir-train first: a missing one leaves nothing half-written.
    std::optional<ExecutableImage> trainImage;
    std::vector<std::string> trainDeps;
    if (args.has("with-train")) {
      std::string train = findNasirTrain();
      if (train.empty()) {
        llvm::errs() << "error: " << nasirTrainMissing("--with-train") << "\n";
        return 1;
      }
      auto deps = libraryDependencies(train, why);
      trainImage = readExecutableImage(train);
      if (!trainImage) {
        llvm::errs() << "error: cannot read '" << train << "'\n";
        return 1;
      }
      if (!deps || !pointRunPathAtBundle(trainImage->program, why)) {
        llvm::errs() << "error: cannot bundle " << train << ": " << why << "\n";
        return 1;
      }
      trainDeps = *deps;
    }
    llvm::SmallString<256> bin(bundle), lib(bundle);
    llvm::sys::path::append(bin, "bin");
    llvm::sys::path::append(lib, "lib");
    if (llvm::sys::fs::exists(bundle) && !llvm::sys::fs::is_directory(bundle)) {
      llvm::errs() << "error: cannot bundle into '" << bundle
                   << "': it exists and is not a folder\n";
      return 1;
    }
    for (llvm::StringRef dir : {llvm::StringRef(bin), llvm::StringRef(lib)}) {
      if (std::error_code ec = llvm::sys::fs::create_directories(dir)) {
        llvm::errs() << "error: cannot bundle into '" << bundle
                     << "': cannot create the folder '" << dir
                     << "': " << ec.message() << "\n";
        return 1;
      }
      if (!llvm::sys::fs::is_directory(
              dir)) { // create_directories takes a file
        llvm::errs() << "error: cannot bundle into '" << bundle << "': '" << dir
                     << "' exists and is not a folder\n";
        return 1;
      }
    }
    if (!copyLibraries(loadedLibraries(), std::string(lib), libs, why)) {
      llvm::errs() << "error: cannot bundle into '" << bundle << "': " << why
                   << "\n";
      return 1;
    }
    if (args.has("with-train")) {
      size_t before = libs.names.size();
      uint64_t beforeBytes = libs.bytes;
      if (!copyLibraries(trainDeps, std::string(lib), libs, why)) {
        llvm::errs() << "error: cannot bundle into '" << bundle << "': " << why
                     << "\n";
        return 1;
      }
      trainLibs = libs.names.size() - before;
      trainProgram = trainImage->program.size();
      trainBytes = libs.bytes - beforeBytes + trainProgram;
      llvm::SmallString<256> dst(bin);
      llvm::sys::path::append(dst, "nasir-train");
      std::error_code ec;
      {
        llvm::raw_fd_ostream f(dst, ec);
        if (!ec)
          f << trainImage->program;
      }
      if (ec) {
        llvm::errs() << "error: cannot write '" << dst << "': " << ec.message()
                     << "\n";
        return 1;
      }
      llvm::sys::fs::setPermissions(dst, llvm::sys::fs::all_read |
                                             llvm::sys::fs::all_exe |
                                             llvm::sys::fs::owner_write);
    }
    llvm::sys::path::append(bin, out);
    out = std::string(bin);
  }
  {
    std::error_code ec;
    llvm::raw_fd_ostream f(out, ec);
    if (ec) {
      llvm::errs() << "error: cannot write '" << out << "': " << ec.message()
                   << "\n";
      return 1;
    }
    f << image->program << ir;
    uint64_t n = ir.size();
    for (int i = 0; i < 8; ++i)
      f << (char)((n >> (8 * i)) & 0xff);
    f.write(kPayloadMagic, 8);
  }
  llvm::sys::fs::setPermissions(out, llvm::sys::fs::all_read |
                                         llvm::sys::fs::all_exe |
                                         llvm::sys::fs::owner_write);
  llvm::outs() << "compiled @" << s.space.getSymName() << " into " << out
               << " (" << ir.size() << " bytes of IR); try: " << out
               << " count\n";
  if (!bundle.empty()) {
    auto mib = [](uint64_t b) { return (b + (1 << 19)) / (1 << 20); };
    llvm::outs() << "it runs without nasir, the source and nasir's packages: "
                 << bundle << "/lib holds the " << libs.names.size() - trainLibs
                 << " shared libraries it needs ("
                 << mib(libs.bytes - (trainBytes - trainProgram))
                 << " MiB), all but " << systemRuntimeText()
                 << " (a glibc as new as this machine's); ";
    if (args.has("with-train"))
      llvm::outs()
          << bundle << "/bin/nasir-train, LibTorch's runtime, and " << trainLibs
          << " more libraries for it (" << mib(trainBytes)
          << " MiB with nasir-train) run train, search --evaluator train and "
             "export --to onnx\n";
    else
      llvm::outs() << "train, search --evaluator train and export --to onnx "
                      "also need nasir-train (with its LibTorch libraries) in "
                   << bundle << "/bin or on PATH (--with-train puts them "
                   << "there)\n";
    return 0;
  }
  llvm::outs() << "it runs without nasir and the source (it needs the shared "
                  "libraries `ldd "
               << out
               << "` lists); train, search --evaluator train and export --to "
                  "onnx also need nasir-train next to it or on PATH\n";
  return 0;
}

std::string nasir::cli::findNasirTrain() {
  llvm::SmallString<256> next(llvm::sys::path::parent_path(selfPath()));
  llvm::sys::path::append(next, "nasir-train");
  if (llvm::sys::fs::can_execute(next))
    return std::string(next);
  if (auto p = llvm::sys::findProgramByName("nasir-train"))
    return *p;
  return "";
}

std::string nasir::cli::nasirTrainMissing(const std::string &what,
                                          bool withOption) {
  llvm::SmallString<256> next(llvm::sys::path::parent_path(selfPath()));
  llvm::sys::path::append(next, "nasir-train");
  return what + " needs nasir-train, nasir's LibTorch runtime, which " +
         llvm::sys::path::filename(selfPath()).str() +
         " does not contain: it is neither at " + std::string(next) +
         " nor on PATH; copy nasir-train (with its LibTorch libraries) next "
         "to this executable or put it on PATH" +
         (withOption ? ", or give --nasir-train PATH" : "");
}

static const char *kTrainSummary =
    "specialize one candidate and train it (nasir-train)";

static int runTrain(int argc, char **argv) {
  CommandLine args("train", kTrainSummary);
  args.positional("SPACE", "the space (.nas or .mlir)", Positional::Space);
  args.passThrough("nasir-train (its options, see nasir-train --help)");
  args.add({"decisions",
            ValueKind::Text,
            "",
            "the candidate's decisions, as JSON or @FILE",
            {},
            {},
            "a sample drawn with --seed",
            "JSON|@FILE"});
  args.add({"seed", ValueKind::Integer, "0",
            "seed of the sample when no --decisions"});
  args.add({"data",
            ValueKind::Text,
            "mnist",
            "the dataset (nasir-train --data: mnist, digits, csv:FILE, ...)",
            {},
            {},
            "",
            "SPEC"});
  args.add({"epochs",
            ValueKind::Natural,
            "",
            "training epochs",
            {},
            {},
            "nasir-train's, 2"});
  args.add({"save",
            ValueKind::Text,
            "",
            "save the trained weights to FILE",
            {},
            {},
            "",
            "FILE"});
  args.add({"candidate",
            ValueKind::Text,
            "",
            "keep the candidate JSON in FILE",
            {},
            {},
            "a temporary file",
            "FILE"});
  args.flag(kIgnoreConstraints,
            "build a candidate that breaks a constraint of the space");
  addLoadOptions(args);
  if (int rc = parseCommandLine(args, argc, argv); rc >= 0)
    return rc;
  Session s;
  if (failed(s.load(args)))
    return 1;
  auto model = SpaceModel::build(s.space);
  DictionaryAttr d;
  if (args.has("decisions")) {
    d = readDecisions(&s.context, args.get("decisions"));
    if (!d)
      return 1;
  } else {
    std::mt19937_64 rng(args.getInt("seed"));
    d = model->toDecisions(model->sample(rng));
  }
  auto m = specializeCandidate(s.space, d, args.has(kIgnoreConstraints));
  if (!m)
    return 1;
  auto doc = lowerToCandidate(firstSpace(*m));
  if (failed(doc))
    return 1;
  std::string candidate = args.get("candidate");
  llvm::SmallString<128> tmp;
  if (candidate.empty()) {
    int fd;
    if (llvm::sys::fs::createTemporaryFile("nasir-candidate", "json", fd,
                                           tmp)) {
      llvm::errs() << "error: cannot create a temporary file\n";
      return 1;
    }
    llvm::sys::fs::closeFile(fd);
    candidate = std::string(tmp);
  }
  {
    std::error_code ec;
    llvm::raw_fd_ostream f(candidate, ec);
    if (ec) {
      llvm::errs() << "error: cannot write '" << candidate << "'\n";
      return 1;
    }
    f << *doc << "\n";
  }
  std::string train = findNasirTrain();
  if (train.empty()) {
    llvm::errs() << "error: " << nasirTrainMissing("train") << "\n";
    return 1;
  }
  llvm::errs() << "train: " << printDecisions(d) << "\n";
  std::vector<std::string> cmd = {train, candidate, "--data", args.get("data")};
  if (args.has("epochs"))
    cmd.insert(cmd.end(), {"--epochs", args.get("epochs")});
  if (args.has("save"))
    cmd.insert(cmd.end(), {"--save", args.get("save")});
  cmd.insert(cmd.end(), args.rest.begin(), args.rest.end());
  std::vector<llvm::StringRef> refs(cmd.begin(), cmd.end());
  std::string msg;
  int rc = llvm::sys::ExecuteAndWait(train, refs, std::nullopt, {}, 0, 0, &msg);
  if (!tmp.empty())
    llvm::sys::fs::remove(tmp);
  if (rc < 0)
    llvm::errs() << "error: " << train << ": " << msg << "\n";
  return rc < 0 ? 1 : rc;
}

static Command compile{"compile", kCompileSummary, runCompile};
static Command train{"train", kTrainSummary, runTrain};
