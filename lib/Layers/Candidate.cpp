//===- Candidate.cpp - candidate parsing, validation, costs ---------------===//
#include "lib/Runtime/Json.h"
#include "lib/Runtime/Runtime.h"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

using json = nlohmann::json;

namespace nasir {
namespace runtime {

double CandidateNode::attr(const std::string &name) const {
  auto it = attrs.find(name);
  return it == attrs.end() ? 0.0 : it->second;
}

namespace {

enum class AttrKind { Int, Bool, Float };
struct AttrSpec {
  const char *name;
  AttrKind kind;
  bool required;
  double def;
};
struct OpSpec {
  int minInputs, maxInputs; // maxInputs < 0: unbounded
  std::vector<AttrSpec> attrs;
};

const std::map<std::string, OpSpec> &opTable() {
  static const std::map<std::string, OpSpec> table = [] {
    std::map<std::string, OpSpec> t;
    const auto I = AttrKind::Int, B = AttrKind::Bool, F = AttrKind::Float;
    t["input"] = {0, 0, {}};
    t["conv2d"] = {1, 1,
                   {{"out_channels", I, true, 0},
                    {"kernel", I, true, 0},
                    {"stride", I, false, 1},
                    {"padding", I, false, 0},
                    {"dilation", I, false, 1},
                    {"groups", I, false, 1},
                    {"bias", B, false, 0}}};
    t["linear"] = {1, 1, {{"out_features", I, true, 0}, {"bias", B, false, 1}}};
    t["batch_norm"] = {
        1, 1, {{"affine", B, false, 1}, {"eps", F, false, 1e-5}, {"momentum", F, false, 0.1}}};
    t["layer_norm"] = {1, 1, {{"affine", B, false, 1}, {"eps", F, false, 1e-5}}};
    for (const char *a : {"relu", "relu6", "gelu", "sigmoid", "silu", "hardswish", "tanh",
                          "global_avg_pool", "identity", "flatten", "output"})
      t[a] = {1, 1, {}};
    // stride of a pool defaults to its kernel: marked by def = -1 and filled below.
    t["max_pool2d"] = {1, 1, {{"kernel", I, true, 0}, {"stride", I, false, -1},
                              {"padding", I, false, 0}}};
    t["avg_pool2d"] = {1, 1, {{"kernel", I, true, 0}, {"stride", I, false, -1},
                              {"padding", I, false, 0}, {"count_include_pad", B, false, 0}}};
    t["add"] = {1, -1, {}};
    t["mul"] = {2, 2, {}};
    t["concat"] = {1, -1, {}};
    t["zero"] = {1, 1, {{"stride", I, false, 1}}};
    t["dropout"] = {1, 1, {{"p", F, false, 0.5}}};
    return t;
  }();
  return table;
}

std::string shapeStr(const std::vector<int64_t> &s) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < s.size(); ++i)
    os << (i ? ", " : "") << s[i];
  os << "]";
  return os.str();
}

std::string nodeName(const CandidateNode &n) {
  return "node " + std::to_string(n.id) + " (" + n.op + ")";
}

bool readIntVector(const json &j, std::vector<int64_t> &out) {
  if (!j.is_array())
    return false;
  out.clear();
  for (const auto &e : j) {
    if (!e.is_number_integer())
      return false;
    out.push_back(e.get<int64_t>());
  }
  return true;
}

int64_t prod(const std::vector<int64_t> &s) {
  int64_t p = 1;
  for (int64_t v : s)
    p *= v;
  return p;
}

} // namespace

bool parseCandidate(const std::string &text, Candidate &out, std::string &error) {
  json j;
  if (!parseJson(text, j, error, {kMaxCandidateDepth, kMaxCandidateBytes})) {
    error = "invalid JSON: " + error;
    return false;
  }
  if (!j.is_object()) {
    error = "candidate: expected a JSON object";
    return false;
  }
  Candidate c;
  static const std::set<std::string> known = {"format", "version", "space", "decisions",
                                              "input",  "num_classes", "nodes"};
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!known.count(it.key())) {
      error = "unknown field \"" + it.key() + "\"";
      return false;
    }
  if (!j.contains("format") || !j["format"].is_string() ||
      j["format"].get<std::string>() != "nasir-candidate") {
    error = "field \"format\": expected \"nasir-candidate\"";
    return false;
  }
  if (!j.contains("version") || !j["version"].is_number_integer() ||
      j["version"].get<int64_t>() != 1) {
    error = "field \"version\": expected 1 (this runtime reads candidate format version 1)";
    return false;
  }
  if (j.contains("space")) {
    if (!j["space"].is_string()) {
      error = "field \"space\": expected a string";
      return false;
    }
    c.space = j["space"].get<std::string>();
  }
  if (j.contains("decisions")) {
    if (!j["decisions"].is_object()) {
      error = "field \"decisions\": expected an object";
      return false;
    }
    for (auto it = j["decisions"].begin(); it != j["decisions"].end(); ++it)
      c.decisions[it.key()] = it->is_string() ? it->get<std::string>() : dumpJson(*it);
  }
  if (!j.contains("input") || !readIntVector(j["input"], c.input) || c.input.empty()) {
    error = "field \"input\": expected a non-empty array of integers";
    return false;
  }
  if (!j.contains("num_classes") || !j["num_classes"].is_number_integer() ||
      j["num_classes"].get<int64_t>() < 1) {
    error = "field \"num_classes\": expected a positive integer";
    return false;
  }
  c.numClasses = j["num_classes"].get<int64_t>();
  if (!j.contains("nodes") || !j["nodes"].is_array() || j["nodes"].empty()) {
    error = "field \"nodes\": expected a non-empty array";
    return false;
  }
  size_t idx = 0;
  for (const auto &jn : j["nodes"]) {
    std::string where = "nodes[" + std::to_string(idx++) + "]";
    if (!jn.is_object()) {
      error = where + ": expected an object";
      return false;
    }
    CandidateNode n;
    if (!jn.contains("id") || !jn["id"].is_number_integer()) {
      error = where + ": missing integer \"id\"";
      return false;
    }
    n.id = jn["id"].get<int64_t>();
    if (!jn.contains("op") || !jn["op"].is_string()) {
      error = "node " + std::to_string(n.id) + ": missing string \"op\"";
      return false;
    }
    n.op = jn["op"].get<std::string>();
    for (auto it = jn.begin(); it != jn.end(); ++it)
      if (it.key() != "id" && it.key() != "op" && it.key() != "inputs" && it.key() != "shape" &&
          it.key() != "attrs") {
        error = nodeName(n) + ": unknown field \"" + it.key() + "\"";
        return false;
      }
    auto spec = opTable().find(n.op);
    if (spec == opTable().end()) {
      error = nodeName(n) + ": unknown op \"" + n.op + "\"";
      return false;
    }
    if (jn.contains("inputs")) {
      if (!readIntVector(jn["inputs"], n.inputs)) {
        error = nodeName(n) + ": \"inputs\" must be an array of node ids";
        return false;
      }
    }
    if (!jn.contains("shape") || !readIntVector(jn["shape"], n.shape) || n.shape.empty()) {
      error = nodeName(n) + ": missing \"shape\" (a non-empty array of integers)";
      return false;
    }
    for (int64_t d : n.shape)
      if (d < 1) {
        error = nodeName(n) + ": \"shape\" " + shapeStr(n.shape) + " has a non-positive size";
        return false;
      }
    json attrs = json::object();
    if (jn.contains("attrs")) {
      if (!jn["attrs"].is_object()) {
        error = nodeName(n) + ": \"attrs\" must be an object";
        return false;
      }
      attrs = jn["attrs"];
    }
    for (auto it = attrs.begin(); it != attrs.end(); ++it) {
      bool ok = false;
      for (const auto &a : spec->second.attrs)
        ok |= it.key() == a.name;
      if (!ok) {
        error = nodeName(n) + ": unknown attribute \"" + it.key() + "\"";
        return false;
      }
    }
    for (const auto &a : spec->second.attrs) {
      if (!attrs.contains(a.name)) {
        if (a.required) {
          error = nodeName(n) + ": missing attribute \"" + a.name + "\"";
          return false;
        }
        n.attrs[a.name] = a.def;
        continue;
      }
      const json &v = attrs[a.name];
      switch (a.kind) {
      case AttrKind::Int:
        if (!v.is_number_integer()) {
          error = nodeName(n) + ": attribute \"" + a.name + "\" must be an integer";
          return false;
        }
        n.attrs[a.name] = (double)v.get<int64_t>();
        break;
      case AttrKind::Bool:
        if (!v.is_boolean()) {
          error = nodeName(n) + ": attribute \"" + a.name + "\" must be true or false";
          return false;
        }
        n.attrs[a.name] = v.get<bool>() ? 1.0 : 0.0;
        break;
      case AttrKind::Float:
        if (!v.is_number()) {
          error = nodeName(n) + ": attribute \"" + a.name + "\" must be a number";
          return false;
        }
        n.attrs[a.name] = v.get<double>();
        break;
      }
    }
    if ((n.op == "max_pool2d" || n.op == "avg_pool2d") && n.attrs["stride"] < 0)
      n.attrs["stride"] = n.attrs["kernel"];
    c.nodes.push_back(std::move(n));
  }
  std::vector<std::vector<int64_t>> shapes;
  if (!inferShapes(c, shapes, error))
    return false;
  out = std::move(c);
  return true;
}

bool loadCandidateFile(const std::string &path, Candidate &out, std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read candidate file \"" + path + "\"";
    return false;
  }
  std::string text;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, (size_t)in.gcount());
    if (text.size() > kMaxCandidateBytes) {
      error = path + ": larger than " + std::to_string(kMaxCandidateBytes) +
              " bytes, the most a candidate may take";
      return false;
    }
  }
  if (!parseCandidate(text, out, error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

bool inferShapes(const Candidate &c, std::vector<std::vector<int64_t>> &shapes,
                 std::string &error) {
  shapes.assign(c.nodes.size(), {});
  std::map<int64_t, size_t> pos;
  int inputs = 0, outputs = 0;
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    const CandidateNode &n = c.nodes[i];
    const std::string nn = nodeName(n);
    if (pos.count(n.id)) {
      error = nn + ": duplicate id";
      return false;
    }
    auto specIt = opTable().find(n.op);
    if (specIt == opTable().end()) {
      error = nn + ": unknown op \"" + n.op + "\"";
      return false;
    }
    const OpSpec &spec = specIt->second;
    int ni = (int)n.inputs.size();
    if (ni < spec.minInputs || (spec.maxInputs >= 0 && ni > spec.maxInputs)) {
      error = nn + ": expected " +
              (spec.minInputs == spec.maxInputs ? std::to_string(spec.minInputs)
               : spec.maxInputs < 0             ? "at least " + std::to_string(spec.minInputs)
                                                : std::to_string(spec.minInputs) + ".." +
                                         std::to_string(spec.maxInputs)) +
              " inputs, got " + std::to_string(ni);
      return false;
    }
    std::vector<std::vector<int64_t>> in;
    for (int64_t id : n.inputs) {
      auto p = pos.find(id);
      if (p == pos.end()) {
        error = nn + ": input " + std::to_string(id) + " is not an earlier node";
        return false;
      }
      if (c.nodes[p->second].op == "output") {
        error = nn + ": input " + std::to_string(id) + " is the output node";
        return false;
      }
      in.push_back(shapes[p->second]);
    }
    pos[n.id] = i;
    auto fail = [&](const std::string &msg) {
      error = nn + ": " + msg;
      return false;
    };
    auto needRank = [&](size_t k, size_t rank) {
      if (in[k].size() != rank)
        return fail("input " + std::to_string(n.inputs[k]) + " has shape " + shapeStr(in[k]) +
                    ", expected rank " + std::to_string(rank));
      return true;
    };
    std::vector<int64_t> s;
    const std::string &op = n.op;
    if (op == "input") {
      ++inputs;
      if (n.shape != c.input)
        return fail("shape " + shapeStr(n.shape) + " differs from the candidate's \"input\" " +
                    shapeStr(c.input));
      s = n.shape;
    } else if (op == "conv2d") {
      if (!needRank(0, 3))
        return false;
      int64_t co = n.intAttr("out_channels"), k = n.intAttr("kernel"), st = n.intAttr("stride"),
              p = n.intAttr("padding"), d = n.intAttr("dilation"), g = n.intAttr("groups");
      if (co < 1 || k < 1 || st < 1 || p < 0 || d < 1 || g < 1)
        return fail("out_channels, kernel, stride, dilation, groups must be >= 1, padding >= 0");
      if (in[0][0] % g || co % g)
        return fail("groups " + std::to_string(g) + " must divide in_channels " +
                    std::to_string(in[0][0]) + " and out_channels " + std::to_string(co));
      int64_t h = (in[0][1] + 2 * p - d * (k - 1) - 1) / st + 1;
      int64_t w = (in[0][2] + 2 * p - d * (k - 1) - 1) / st + 1;
      if (in[0][1] + 2 * p - d * (k - 1) - 1 < 0 || in[0][2] + 2 * p - d * (k - 1) - 1 < 0)
        return fail("kernel larger than the padded input " + shapeStr(in[0]));
      s = {co, h, w};
    } else if (op == "linear") {
      if (!needRank(0, 1))
        return false;
      if (n.intAttr("out_features") < 1)
        return fail("out_features must be >= 1");
      s = {n.intAttr("out_features")};
    } else if (op == "batch_norm") {
      if (in[0].size() != 3 && in[0].size() != 1)
        return fail("input shape " + shapeStr(in[0]) + ": expected [C, H, W] or [F]");
      if (n.attr("eps") <= 0 || n.attr("momentum") < 0 || n.attr("momentum") > 1)
        return fail("eps must be > 0 and momentum in [0, 1]");
      s = in[0];
    } else if (op == "layer_norm") {
      if (n.attr("eps") <= 0)
        return fail("eps must be > 0");
      s = in[0];
    } else if (op == "max_pool2d" || op == "avg_pool2d") {
      if (!needRank(0, 3))
        return false;
      int64_t k = n.intAttr("kernel"), st = n.intAttr("stride"), p = n.intAttr("padding");
      if (k < 1 || st < 1 || p < 0 || 2 * p > k)
        return fail("kernel, stride must be >= 1 and 0 <= padding <= kernel / 2");
      if (in[0][1] + 2 * p < k || in[0][2] + 2 * p < k)
        return fail("kernel larger than the padded input " + shapeStr(in[0]));
      s = {in[0][0], (in[0][1] + 2 * p - k) / st + 1, (in[0][2] + 2 * p - k) / st + 1};
    } else if (op == "global_avg_pool") {
      if (!needRank(0, 3))
        return false;
      s = {in[0][0]};
    } else if (op == "add") {
      for (size_t k = 1; k < in.size(); ++k)
        if (in[k] != in[0])
          return fail("input shapes differ: " + shapeStr(in[0]) + " and " + shapeStr(in[k]));
      s = in[0];
    } else if (op == "mul") {
      if (in[0] == in[1])
        s = in[0];
      else if (in[0].size() == 3 && in[1].size() == 1 && in[1][0] == in[0][0])
        s = in[0];
      else if (in[1].size() == 3 && in[0].size() == 1 && in[0][0] == in[1][0])
        s = in[1];
      else
        return fail("cannot multiply shapes " + shapeStr(in[0]) + " and " + shapeStr(in[1]));
    } else if (op == "concat") {
      s = in[0];
      for (size_t k = 1; k < in.size(); ++k) {
        if (in[k].size() != s.size() ||
            !std::equal(in[k].begin() + 1, in[k].end(), s.begin() + 1))
          return fail("cannot concatenate " + shapeStr(in[0]) + " and " + shapeStr(in[k]) +
                      " on dim 1");
        s[0] += in[k][0];
      }
    } else if (op == "zero") {
      int64_t st = n.intAttr("stride");
      if (st < 1)
        return fail("stride must be >= 1");
      // Channels may change (a "none" edge between different widths); spatial dims follow
      // x[:, :, ::stride, ::stride].
      s = in[0];
      if (n.shape.size() != s.size())
        return fail("shape " + shapeStr(n.shape) + " has not the rank of its input " +
                    shapeStr(in[0]));
      s[0] = n.shape[0];
      if (s.size() == 3) {
        s[1] = (s[1] + st - 1) / st;
        s[2] = (s[2] + st - 1) / st;
      } else if (st != 1) {
        return fail("stride " + std::to_string(st) + " needs a [C, H, W] input");
      }
    } else if (op == "flatten") {
      s = {prod(in[0])};
    } else if (op == "dropout") {
      if (n.attr("p") < 0 || n.attr("p") >= 1)
        return fail("p must be in [0, 1)");
      s = in[0];
    } else if (op == "output") {
      ++outputs;
      if (in[0] != std::vector<int64_t>{c.numClasses})
        return fail("input shape " + shapeStr(in[0]) + " is not [num_classes] = [" +
                    std::to_string(c.numClasses) + "]");
      s = in[0];
    } else { // activations, identity
      s = in[0];
    }
    if (s != n.shape)
      return fail("declared shape " + shapeStr(n.shape) + " but the inputs give " + shapeStr(s));
    shapes[i] = s;
  }
  if (inputs != 1) {
    error = "expected exactly one \"input\" node, found " + std::to_string(inputs);
    return false;
  }
  if (outputs != 1) {
    error = "expected exactly one \"output\" node, found " + std::to_string(outputs);
    return false;
  }
  if (c.nodes.back().op != "output") {
    error = "the \"output\" node must be the last node";
    return false;
  }
  return true;
}

namespace {
// Shape of each node's first input (or empty), by position.
std::vector<std::vector<int64_t>> firstInputShapes(const Candidate &c) {
  std::map<int64_t, size_t> pos;
  std::vector<std::vector<int64_t>> r(c.nodes.size());
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    pos[c.nodes[i].id] = i;
    if (!c.nodes[i].inputs.empty()) {
      auto p = pos.find(c.nodes[i].inputs[0]);
      if (p != pos.end())
        r[i] = c.nodes[p->second].shape;
    }
  }
  return r;
}
} // namespace

int64_t countParameters(const Candidate &c) {
  auto ins = firstInputShapes(c);
  int64_t total = 0;
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    const CandidateNode &n = c.nodes[i];
    const auto &in = ins[i];
    if (n.op == "conv2d" && !in.empty()) {
      int64_t co = n.intAttr("out_channels"), k = n.intAttr("kernel");
      total += co * (in[0] / n.intAttr("groups")) * k * k + (n.boolAttr("bias") ? co : 0);
    } else if (n.op == "linear" && !in.empty()) {
      int64_t o = n.intAttr("out_features");
      total += o * in[0] + (n.boolAttr("bias") ? o : 0);
    } else if (n.op == "batch_norm" && n.boolAttr("affine")) {
      total += 2 * n.shape[0];
    } else if (n.op == "layer_norm" && n.boolAttr("affine")) {
      total += 2 * prod(n.shape);
    }
  }
  return total;
}

int64_t countFlops(const Candidate &c) {
  // The cost model of docs/design.md (the compiler's LayerOpInterface uses the same): one
  // multiply-add = 2 FLOPs, a bias add 1 per output element, element-wise ops 1 per output
  // element (add: n - 1 per element), normalizations 2 per element, pooling 1 per window
  // element; structure (identity, zero, flatten, concat, dropout, input, output) is free.
  auto ins = firstInputShapes(c);
  int64_t flops = 0;
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    const CandidateNode &n = c.nodes[i];
    const auto &in = ins[i];
    const std::string &op = n.op;
    int64_t out = prod(n.shape);
    if (op == "conv2d" && !in.empty()) {
      int64_t k = n.intAttr("kernel");
      flops += out * (2 * (in[0] / n.intAttr("groups")) * k * k + (n.boolAttr("bias") ? 1 : 0));
    } else if (op == "linear" && !in.empty()) {
      flops += out * (2 * in[0] + (n.boolAttr("bias") ? 1 : 0));
    } else if (op == "batch_norm" || op == "layer_norm") {
      flops += 2 * out;
    } else if (op == "relu" || op == "relu6" || op == "gelu" || op == "sigmoid" ||
               op == "silu" || op == "hardswish" || op == "tanh" || op == "mul") {
      flops += out;
    } else if (op == "max_pool2d" || op == "avg_pool2d") {
      flops += out * n.intAttr("kernel") * n.intAttr("kernel");
    } else if (op == "global_avg_pool" && !in.empty()) {
      flops += prod(in);
    } else if (op == "add") {
      flops += ((int64_t)n.inputs.size() - 1) * out;
    }
  }
  return flops;
}

bool checkCandidateFitsDataset(const Candidate &c, const DatasetInfo &d, std::string &error) {
  bool shapeOk = c.input == d.shape || c.input == std::vector<int64_t>{prod(d.shape)};
  if (!shapeOk) {
    error = "candidate input " + shapeStr(c.input) + " does not match dataset " + d.name +
            " (input " + shapeStr(d.shape) + ", or flattened [" + std::to_string(prod(d.shape)) +
            "]); re-specialize the candidate for this dataset";
    return false;
  }
  if (c.numClasses != d.numClasses) {
    error = "candidate num_classes " + std::to_string(c.numClasses) + " does not match dataset " +
            d.name + " (" + std::to_string(d.numClasses) + " classes)";
    return false;
  }
  return true;
}

} // namespace runtime
} // namespace nasir
