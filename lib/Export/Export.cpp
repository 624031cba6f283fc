//===- Export.cpp - PyTorch source and Graphviz from a candidate ----------===//
//
// Every name the document holds (space, decisions, ops) reaches the Python
// and Graphviz text only through Escape.h.
//
//===----------------------------------------------------------------------===//
#include "lib/Export/Export.h"
#include "lib/Export/Escape.h"
#include "lib/Support/LimitedJson.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <vector>

using namespace nasir;
using namespace nasir::exporter;

namespace {
struct Node {
  int64_t id = 0;
  std::string op;
  std::vector<int64_t> inputs, shape;
  const llvm::json::Object *attrs = nullptr;

  double attr(llvm::StringRef name, double dflt) const {
    if (!attrs)
      return dflt;
    const llvm::json::Value *v = attrs->get(name);
    if (!v)
      return dflt;
    if (auto b = v->getAsBoolean())
      return *b;
    return v->getAsNumber().value_or(dflt);
  }
  int64_t intAttr(llvm::StringRef name, int64_t dflt) const {
    return (int64_t)attr(name, (double)dflt);
  }
};

struct Doc {
  llvm::json::Value root = nullptr;
  std::string space;
  llvm::json::Value decisions = llvm::json::Object();
  std::vector<int64_t> input;
  int64_t numClasses = 0;
  std::vector<Node> nodes;
  std::map<int64_t, size_t> pos;
  const Node &get(int64_t id) const { return nodes[pos.at(id)]; }
};
} // namespace

static std::vector<int64_t> ints(const llvm::json::Array *a) {
  std::vector<int64_t> out;
  if (a)
    for (const llvm::json::Value &v : *a)
      out.push_back(v.getAsInteger().value_or(0));
  return out;
}

static bool parse(const std::string &json, Doc &d, std::string &error) {
  auto v = parseJsonLimited(json);
  if (!v) {
    error = "the candidate is not JSON: " + llvm::toString(v.takeError());
    return false;
  }
  d.root = std::move(*v);
  auto *o = d.root.getAsObject();
  if (!o || o->getString("format") != llvm::StringRef("nasir-candidate") ||
      o->getInteger("version") != 1) {
    error =
        "not a nasir candidate document (format nasir-candidate, version 1)";
    return false;
  }
  if (auto s = o->getString("space"))
    d.space = s->str();
  if (auto *dec = o->get("decisions"))
    d.decisions = *dec;
  d.input = ints(o->getArray("input"));
  d.numClasses = o->getInteger("num_classes").value_or(0);
  auto *nodes = o->getArray("nodes");
  if (!nodes) {
    error = "the candidate has no \"nodes\"";
    return false;
  }
  for (const llvm::json::Value &nv : *nodes) {
    auto *n = nv.getAsObject();
    if (!n) {
      error = "a node is not an object";
      return false;
    }
    Node node;
    node.id = n->getInteger("id").value_or(-1);
    node.op = n->getString("op").value_or("").str();
    node.inputs = ints(n->getArray("inputs"));
    node.shape = ints(n->getArray("shape"));
    node.attrs = n->getObject("attrs");
    for (int64_t in : node.inputs)
      if (!d.pos.count(in)) {
        error = "node " + std::to_string(node.id) + " reads " +
                std::to_string(in) + ", which is not an earlier node";
        return false;
      }
    d.pos[node.id] = d.nodes.size();
    d.nodes.push_back(std::move(node));
  }
  return true;
}

static std::string tuple(const std::vector<int64_t> &v) {
  std::string s = "(";
  for (size_t i = 0; i < v.size(); ++i)
    s += (i ? ", " : "") + std::to_string(v[i]);
  return s + (v.size() == 1 ? ",)" : ")");
}

static std::string pyFloat(double v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  if (s.find_first_of(".eE") == std::string::npos)
    s += ".0";
  return s;
}

static std::string pyBool(bool b) { return b ? "True" : "False"; }

bool nasir::exporter::candidateToPyTorch(const std::string &json,
                                         const PyTorchOptions &opts,
                                         std::string &out, std::string &error) {
  Doc d;
  if (!parse(json, d, error))
    return false;
  std::string init, fwd;
  llvm::raw_string_ostream I(init), F(fwd);
  auto var = [](int64_t id) { return "x" + std::to_string(id); };
  int64_t outputId = -1;
  for (const Node &n : d.nodes) {
    std::string name = "n" + std::to_string(n.id) + "_" + n.op;
    auto in = [&](size_t k) { return var(n.inputs.at(k)); };
    auto inShape = [&](size_t k) -> const std::vector<int64_t> & {
      return d.get(n.inputs.at(k)).shape;
    };
    if (n.op != "input" && n.inputs.empty()) {
      error = "node " + std::to_string(n.id) + " (" + n.op + ") has no input";
      return false;
    }
    std::string v = var(n.id), call;
    const std::string &op = n.op;
    if (op == "input") {
      F << "        " << v << " = x\n";
      continue;
    }
    if (op == "conv2d") {
      I << "        self." << name << " = nn.Conv2d(" << inShape(0).at(0)
        << ", " << n.intAttr("out_channels", 0) << ", "
        << n.intAttr("kernel", 1) << ", stride=" << n.intAttr("stride", 1)
        << ", padding=" << n.intAttr("padding", 0)
        << ", dilation=" << n.intAttr("dilation", 1)
        << ", groups=" << n.intAttr("groups", 1)
        << ", bias=" << pyBool(n.attr("bias", 0)) << ")\n";
      call = "self." + name + "(" + in(0) + ")";
    } else if (op == "linear") {
      I << "        self." << name << " = nn.Linear(" << inShape(0).at(0)
        << ", " << n.intAttr("out_features", 0)
        << ", bias=" << pyBool(n.attr("bias", 1)) << ")\n";
      call = "self." + name + "(" + in(0) + ")";
    } else if (op == "batch_norm") {
      I << "        self." << name << " = nn.BatchNorm"
        << (inShape(0).size() == 3 ? "2d(" : "1d(") << inShape(0).at(0)
        << ", eps=" << pyFloat(n.attr("eps", 1e-5))
        << ", momentum=" << pyFloat(n.attr("momentum", 0.1))
        << ", affine=" << pyBool(n.attr("affine", 1)) << ")\n";
      call = "self." + name + "(" + in(0) + ")";
    } else if (op == "layer_norm") {
      I << "        self." << name << " = nn.LayerNorm(" << tuple(inShape(0))
        << ", eps=" << pyFloat(n.attr("eps", 1e-5))
        << ", elementwise_affine=" << pyBool(n.attr("affine", 1)) << ")\n";
      call = "self." + name + "(" + in(0) + ")";
    } else if (op == "max_pool2d" || op == "avg_pool2d") {
      int64_t k = n.intAttr("kernel", 1);
      I << "        self." << name
        << (op == "max_pool2d" ? " = nn.MaxPool2d(" : " = nn.AvgPool2d(") << k
        << ", stride=" << n.intAttr("stride", k)
        << ", padding=" << n.intAttr("padding", 0);
      if (op == "avg_pool2d")
        I << ", count_include_pad=" << pyBool(n.attr("count_include_pad", 0));
      I << ")\n";
      call = "self." + name + "(" + in(0) + ")";
    } else if (op == "dropout") {
      I << "        self." << name
        << " = nn.Dropout(p=" << pyFloat(n.attr("p", 0.5)) << ")\n";
      call = "self." + name + "(" + in(0) + ")";
    } else if (op == "relu") {
      call = "F.relu(" + in(0) + ")";
    } else if (op == "relu6") {
      call = "F.hardtanh(" + in(0) + ", 0.0, 6.0)";
    } else if (op == "gelu") {
      call = "F.gelu(" + in(0) + ")";
    } else if (op == "sigmoid") {
      call = "torch.sigmoid(" + in(0) + ")";
    } else if (op == "silu") {
      call = "F.silu(" + in(0) + ")";
    } else if (op == "hardswish") {
      call = "F.hardswish(" + in(0) + ")";
    } else if (op == "tanh") {
      call = "torch.tanh(" + in(0) + ")";
    } else if (op == "global_avg_pool") {
      call = in(0) + ".mean((2, 3))";
    } else if (op == "add") {
      for (size_t k = 0; k < n.inputs.size(); ++k)
        call += (k ? " + " : "") + in(k);
    } else if (op == "mul") {
      call = "_mul(" + in(0) + ", " + in(1) + ")";
    } else if (op == "concat") {
      call = "torch.cat([";
      for (size_t k = 0; k < n.inputs.size(); ++k)
        call += (k ? ", " : "") + in(k);
      call += "], 1)";
    } else if (op == "identity") {
      call = in(0);
    } else if (op == "zero") {
      call = "_zeros(" + in(0) + ", " + tuple(n.shape) + ")";
    } else if (op == "flatten") {
      call = in(0) + ".flatten(1)";
    } else if (op == "output") {
      call = in(0);
      outputId = n.id;
    } else {
      error = "node " + std::to_string(n.id) + ": unknown op '" + op + "'";
      return false;
    }
    F << "        " << v << " = " << call << "  # " << op << " "
      << tuple(n.shape) << "\n";
  }
  if (outputId < 0) {
    error = "the candidate has no output node";
    return false;
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
     << "import torch\nfrom torch import nn\nimport torch.nn.functional as "
        "F\n\n"
     << "SPACE = " << pyString(d.space) << "\n"
     << "DECISIONS = " << pyLiteral(d.decisions) << "\n"
     << "INPUT_SHAPE = " << tuple(d.input) << "\n"
     << "NUM_CLASSES = " << d.numClasses << "\n\n\n"
     << "def _mul(a, b):\n"
        "    # [N, C] against [N, C, H, W]: broadcast as [N, C, 1, 1]\n"
        "    if a.dim() == 4 and b.dim() == 2:\n"
        "        b = b[:, :, None, None]\n"
        "    elif b.dim() == 4 and a.dim() == 2:\n"
        "        a = a[:, :, None, None]\n"
        "    return a * b\n\n\n"
        "def _zeros(x, shape):\n"
        "    return torch.zeros((x.shape[0],) + shape, dtype=x.dtype, "
        "device=x.device)\n\n\n"
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

bool nasir::exporter::candidateToDot(const std::string &json, std::string &out,
                                     std::string &error) {
  Doc d;
  if (!parse(json, d, error))
    return false;
  llvm::raw_string_ostream os(out);
  os << "digraph " << dotString(d.space) << " {\n  rankdir=TB; nodesep=0.25; "
     << "ranksep=0.3;\n  node [shape=box, style=\"rounded,filled\", "
        "fontname=\"Helvetica\", fontsize=11, fillcolor=\"#eef3fb\", "
        "color=\"#7d8fa8\"];\n  edge [color=\"#7d8fa8\", arrowsize=0.6];\n";
  for (const Node &n : d.nodes) {
    std::string label = n.op;
    if (n.op == "conv2d")
      label += " " + std::to_string(n.intAttr("kernel", 1)) + "x" +
               std::to_string(n.intAttr("kernel", 1)) +
               (n.intAttr("stride", 1) > 1
                    ? " /" + std::to_string(n.intAttr("stride", 1))
                    : "") +
               (n.intAttr("groups", 1) > 1
                    ? " g" + std::to_string(n.intAttr("groups", 1))
                    : "");
    else if (n.op == "max_pool2d" || n.op == "avg_pool2d")
      label += " " + std::to_string(n.intAttr("kernel", 1));
    std::string shape;
    for (size_t i = 0; i < n.shape.size(); ++i)
      shape += (i ? "x" : "") + std::to_string(n.shape[i]);
    const char *fill = n.op == "conv2d" || n.op == "linear" ? "#cfe0f7"
                       : n.op == "zero"                     ? "#eeeeee"
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
