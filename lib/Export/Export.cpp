//===- Export.cpp - PyTorch source and Graphviz from a candidate ----------===//
//
// Every name the document holds (space, decisions, ops) reaches the Python
// and Graphviz text only through Escape.h.
//
//===----------------------------------------------------------------------===//
#include "lib/Export/Export.h"
#include "lib/Export/Escape.h"
#include "lib/Layers/Candidate.h"
#include "lib/Layers/Layers.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <vector>

using namespace nasir;
using namespace nasir::exporter;
using layers::Candidate;
using layers::CandidateNode;

/// The candidate through the one reader (lib/Layers), with a message fit for
/// the command line.
static bool read(const std::string &json, Candidate &c, std::string &error) {
  if (layers::parseCandidate(json, c, error))
    return true;
  error = "not a valid nasir candidate: " + error;
  return false;
}

bool nasir::exporter::inputContractFromInfo(llvm::StringRef infoJson,
                                            const std::string &data,
                                            InputContract &out,
                                            std::string &error) {
  auto parsed = llvm::json::parse(infoJson);
  if (!parsed) {
    error = llvm::toString(parsed.takeError());
    return false;
  }
  const llvm::json::Object *info = parsed->getAsObject();
  const llvm::json::Object *n =
      info ? info->getObject("normalization") : nullptr;
  if (!n) {
    error = "the runtime's answer has no normalization (a nasir-train older "
            "than the input contract)";
    return false;
  }
  auto numbers = [](const llvm::json::Array *a, auto &to) {
    if (!a)
      return false;
    to.clear();
    for (const llvm::json::Value &v : *a) {
      auto d = v.getAsNumber();
      if (!d)
        return false;
      to.push_back(*d);
    }
    return true;
  };
  InputContract c;
  c.data = data;
  c.raw = n->getString("raw").value_or("").str();
  c.scale = n->getNumber("scale").value_or(0);
  std::vector<double> sample;
  if (!numbers(n->getArray("mean"), c.mean) ||
      !numbers(n->getArray("std"), c.std) ||
      !numbers(info->getArray("input"), sample) || c.mean.empty() ||
      c.mean.size() != c.std.size() || !(c.scale > 0)) {
    error = "the runtime's normalization is malformed";
    return false;
  }
  for (double d : sample)
    c.sample.push_back((int64_t)d);
  c.known = true;
  out = std::move(c);
  return true;
}

/// `values` as a Python tuple of floats, each in shortest round-trip form.
static std::string pyFloats(const std::vector<double> &values) {
  std::string s = "(";
  for (size_t i = 0; i < values.size(); ++i)
    s += (i ? ", " : "") + layers::pyFloat(values[i]);
  return s + (values.size() == 1 ? ",)" : ")");
}

/// The input contract's constants and preprocess(), or, when unknown, the
/// reason and a preprocess() that raises it.
static void writeInputContract(llvm::raw_ostream &os, const InputContract &c) {
  if (c.known) {
    os << "# The input contract: how the runtime fed this network in "
          "training (--data\n# "
       << pyComment(c.data) << "). A raw sample, as the dataset stores it: "
       << pyComment(c.raw) << ".\n"
       << "# The network's input is (raw / SCALE - MEAN[c]) / STD[c] in "
          "float32, c the\n# channel (an image) or feature (a table) of "
          "each value: preprocess(raw).\n"
       << "DATA = " << pyString(c.data) << "\n"
       << "RAW_FORMAT = " << pyString(c.raw) << "\n"
       << "SCALE = " << layers::pyFloat(c.scale) << "\n"
       << "MEAN = " << pyFloats(c.mean) << "\n"
       << "STD = " << pyFloats(c.std) << "\n"
       << "UNKNOWN = None\n\n\n";
  } else {
    os << "# The input contract is unknown: " << pyComment(c.unknown)
       << ".\n# preprocess() raises until MEAN and STD are set to the "
          "normalization the network was\n# trained with.\n"
       << "DATA = None\nRAW_FORMAT = None\nSCALE = 1\nMEAN = None\n"
          "STD = None\n"
       << "UNKNOWN = " << pyString(c.unknown) << "\n\n\n";
  }
  os << "def preprocess(raw):\n"
        "    \"\"\"A batch of raw samples (RAW_FORMAT, with a first batch "
        "axis) as the\n"
        "    network's input: what the runtime fed it in training.\"\"\"\n"
        "    if MEAN is None or STD is None:\n"
        "        raise ValueError(\"the input normalization of this network "
        "is unknown: \" + UNKNOWN)\n"
        "    x = torch.as_tensor(raw).to(torch.float32)\n"
        "    n = x.shape[0]\n"
        "    x = x.reshape(n, len(MEAN), -1) / SCALE\n"
        "    mean = torch.tensor(MEAN, dtype=torch.float32).view(1, -1, 1)\n"
        "    std = torch.tensor(STD, dtype=torch.float32).view(1, -1, 1)\n"
        "    return ((x - mean) / std).reshape(n, *INPUT_SHAPE)\n\n\n";
}

bool nasir::exporter::candidateToPyTorch(const std::string &json,
                                         const PyTorchOptions &opts,
                                         std::string &out, std::string &error) {
  Candidate c;
  if (!read(json, c, error))
    return false;
  auto decisions = llvm::json::parse(c.decisionsJson);
  if (!decisions) {
    error = "the candidate's decisions: " + llvm::toString(decisions.takeError());
    return false;
  }
  const InputContract &contract = opts.input;
  if (contract.known) {
    int64_t given = 1, taken = 1;
    for (int64_t d : contract.sample)
      given *= d;
    for (int64_t d : c.input)
      taken *= d;
    if (given != taken || given % (int64_t)contract.mean.size()) {
      error = "the dataset " + contract.data + " gives samples of " +
              std::to_string(given) + " values, but the network takes " +
              std::to_string(taken);
      return false;
    }
  }
  std::string init, fwd;
  llvm::raw_string_ostream I(init), F(fwd);
  auto var = [](int64_t id) { return "x" + std::to_string(id); };
  int64_t outputId = -1;
  std::vector<std::vector<layers::Shape>> inShapes = layers::inputShapes(c);
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    const CandidateNode &n = c.nodes[i];
    if (n.op == "input") {
      F << "        " << var(n.id) << " = x\n";
      continue;
    }
    if (n.op == "output")
      outputId = n.id;
    std::vector<std::string> args;
    for (int64_t in : n.inputs)
      args.push_back(var(in));
    // The reader accepted only ops of the table.
    layers::PyTorchSpelling py =
        layers::findLayer(n.op)->pytorch({n, inShapes[i], args});
    std::string self = "self.n" + std::to_string(n.id) + "_" + n.op;
    if (!py.module.empty())
      I << "        " << self << " = " << py.module << "\n";
    std::string call = py.call;
    for (size_t at; (at = call.find("$m")) != std::string::npos;)
      call.replace(at, 2, self);
    F << "        " << var(n.id) << " = " << call << "  # " << n.op << " "
      << layers::pyTuple(n.shape) << "\n";
  }
  F << "        return " << var(outputId) << "\n";
  if (init.empty())
    init = "        pass\n";

  llvm::raw_string_ostream os(out);
  os << "# " << pyComment(llvm::StringRef(opts.header).rtrim()) << "\n"
     << "#\n# Needs only PyTorch. Layer names are nasir's runtime names "
        "(n<id>_<op>),\n# so weights saved by `nasir-train --save` load by "
        "name:\n#\n#   model = build(\"weights.pt\")  # or Net() for fresh "
        "weights\n#   logits = model(torch.randn(8, *INPUT_SHAPE))\n"
        "#   logits = model(preprocess(raw))  # raw samples: the input "
        "contract below\n"
     << "import torch\nfrom torch import nn\nimport torch.nn.functional as "
        "F\n\n"
     << "SPACE = " << pyString(c.space) << "\n"
     << "DECISIONS = " << pyLiteral(*decisions) << "\n"
     << "INPUT_SHAPE = " << layers::pyTuple(c.input) << "\n"
     << "NUM_CLASSES = " << c.numClasses << "\n\n";
  writeInputContract(os, contract);
  os << layers::pytorchHelpers() << "\n\n"
     << "class " << opts.className << "(nn.Module):\n"
     << "    \"\"\"The candidate's network; forward follows its graph node by "
        "node.\"\"\"\n\n"
     << "    def __init__(self):\n        super().__init__()\n"
     << init << "\n    def forward(self, x):\n"
     << fwd << "\n\n"
     << "def load_weights(model, path):\n"
        "    \"\"\"Loads weights saved by nasir-train --save (a TorchScript "
        "archive of the\n"
        "    LibTorch module, read with torch.jit.load) or a state dict saved "
        "with\n"
        "    torch.save(model.state_dict(), path).\"\"\"\n"
        "    try:\n"
        "        state = torch.jit.load(path, "
        "map_location=\"cpu\").state_dict()\n"
        "    except RuntimeError:\n"
        "        state = torch.load(path, map_location=\"cpu\")\n"
        "    model.load_state_dict(state, strict=True)\n"
        "    return model\n\n\n"
        "def build(weights=None):\n"
        "    \"\"\"A model in eval mode, with the given weights if any.\"\"\"\n"
     << "    model = " << opts.className << "()\n"
     << "    if weights:\n"
        "        load_weights(model, weights)\n"
        "    return model.eval()\n\n\n"
        "if __name__ == \"__main__\":\n"
        "    import sys\n"
        "    model = build(sys.argv[1] if len(sys.argv) > 1 else None)\n"
        "    with torch.no_grad():\n"
        "        y = model(torch.randn(2, *INPUT_SHAPE))\n"
        "    print(\"output\", tuple(y.shape), \"parameters\",\n"
        "          sum(p.numel() for p in model.parameters()))\n";
  return true;
}

/// The label of a node: its op, the window of a convolution or pool (`3x3`
/// for conv2d, `3` for conv1d and pools), a stride above 1, groups above 1.
static std::string dotLabelOf(const CandidateNode &n, size_t inRank) {
  std::string label = n.op;
  auto has = [&](const char *a) { return n.attrs.count(a) != 0; };
  if (has("kernel")) {
    std::string k = std::to_string(n.intAttr("kernel"));
    label += " " + k;
    if (has("out_channels")) // a convolution: one extent per spatial dim
      for (size_t d = 2; d < inRank; ++d)
        label += "x" + k;
    if (has("out_channels") && n.intAttr("stride") > 1)
      label += " /" + std::to_string(n.intAttr("stride"));
    if (has("groups") && n.intAttr("groups") > 1)
      label += " g" + std::to_string(n.intAttr("groups"));
  }
  return label;
}

bool nasir::exporter::candidateToDot(const std::string &json, std::string &out,
                                     std::string &error) {
  Candidate c;
  if (!read(json, c, error))
    return false;
  std::vector<std::vector<layers::Shape>> inShapes = layers::inputShapes(c);
  llvm::raw_string_ostream os(out);
  os << "digraph " << dotString(c.space) << " {\n  rankdir=TB; nodesep=0.25; "
     << "ranksep=0.3;\n  node [shape=box, style=\"rounded,filled\", "
        "fontname=\"Helvetica\", fontsize=11, fillcolor=\"#eef3fb\", "
        "color=\"#7d8fa8\"];\n  edge [color=\"#7d8fa8\", arrowsize=0.6];\n";
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    const CandidateNode &n = c.nodes[i];
    std::string label =
        dotLabelOf(n, inShapes[i].empty() ? 0 : inShapes[i][0].size());
    std::string shape;
    for (size_t d = 0; d < n.shape.size(); ++d)
      shape += (d ? "x" : "") + std::to_string(n.shape[d]);
    bool weighted = n.attrs.count("out_channels") || n.op == "linear";
    const char *fill = weighted         ? "#cfe0f7"
                       : n.op == "zero" ? "#eeeeee"
                       : n.op == "add" || n.op == "concat" || n.op == "mul"
                           ? "#fbe3c9"
                       : n.op == "input" || n.op == "output" ? "#d7efd9"
                                                             : "#eef3fb";
    os << "  n" << n.id << " [label=" << dotLabel({label, "[" + shape + "]"})
       << ", fillcolor=\"" << fill << "\"];\n";
    for (int64_t in : n.inputs)
      os << "  n" << in << " -> n" << n.id << ";\n";
  }
  os << "}\n";
  return true;
}

bool nasir::exporter::renderSvg(const std::string &dot, std::string &svg,
                                std::string &error) {
  auto exe = llvm::sys::findProgramByName("dot");
  if (!exe) {
    error = "Graphviz `dot` is not on PATH (Debian: apt-get install graphviz)";
    return false;
  }
  llvm::SmallString<128> in, out, err;
  int fd;
  if (llvm::sys::fs::createTemporaryFile("nasir-graph", "dot", fd, in)) {
    error = "cannot create a temporary file";
    return false;
  }
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << dot;
  }
  llvm::sys::fs::createTemporaryFile("nasir-graph", "svg", out);
  llvm::sys::fs::createTemporaryFile("nasir-graph", "err", err);
  std::optional<llvm::StringRef> redirects[] = {
      llvm::StringRef(in), llvm::StringRef(out), llvm::StringRef(err)};
  std::string msg;
  int rc = llvm::sys::ExecuteAndWait(*exe, {*exe, "-Tsvg"}, std::nullopt,
                                     redirects, 60, 0, &msg);
  auto buf = llvm::MemoryBuffer::getFile(out);
  auto ebuf = llvm::MemoryBuffer::getFile(err);
  for (auto &p : {in, out, err})
    llvm::sys::fs::remove(p);
  if (rc != 0 || !buf) {
    error = "dot -Tsvg failed" + (msg.empty() ? std::string() : ": " + msg) +
            (ebuf ? ": " + (*ebuf)->getBuffer().trim().str() : std::string());
    return false;
  }
  svg = (*buf)->getBuffer().str();
  return true;
}
