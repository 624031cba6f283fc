//===- Candidate.cpp - candidate parsing, validation, costs ---------------===//
//
// The one reader of the candidate format: the fields of the document here,
// everything about a node's op (inputs, attributes, shape, cost) from the
// layer table (Layers.cpp).
//
//===----------------------------------------------------------------------===//
#include "lib/Layers/Candidate.h"
#include "lib/Layers/CandidateReader.h"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

using json = nlohmann::json;

namespace nasir {
namespace layers {

double CandidateNode::attr(const std::string &name) const {
  auto it = attrs.find(name);
  return it == attrs.end() ? 0.0 : it->second;
}

namespace {

std::string nodeName(const CandidateNode &n) {
  return "node " + std::to_string(n.id) + " (" + n.op + ")";
}

} // namespace

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

bool parseCandidateJson(const json &j, const CandidateSyntax &syntax, Candidate &out,
                        std::string &error) {
  if (!j.is_object()) {
    error = "candidate: expected a JSON object";
    return false;
  }
  Candidate c;
  static const std::set<std::string> known = {"format", "version", "space", "decisions",
                                              "input",  "num_classes", "nodes"};
  if (!j.contains("format") || !j["format"].is_string() ||
      j["format"].get<std::string>() != "nasir-candidate") {
    error = "field \"format\": expected \"nasir-candidate\"";
    return false;
  }
  if (!j.contains("version") || !j["version"].is_number_integer() ||
      j["version"].get<int64_t>() != syntax.version) {
    error = syntax.version == 1 ? "field \"version\": expected 1 (a candidate; version 2 is a "
                                  "supernet, read by nasir-train --oneshot or --score)"
                                : "field \"version\": expected " +
                                      std::to_string(syntax.version) + " (a supernet)";
    return false;
  }
  c.version = syntax.version;
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!known.count(it.key()) && !syntax.extraFields.count(it.key())) {
      error = "unknown field \"" + it.key() + "\"";
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
    c.decisionsJson = dumpJson(j["decisions"]);
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
          it.key() != "attrs" && !syntax.extraNodeFields.count(it.key())) {
        error = nodeName(n) + ": unknown field \"" + it.key() + "\"";
        return false;
      }
    const LayerSchema *spec = findOp(n.op, syntax.extraOps);
    if (!spec) {
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
        error = nodeName(n) + ": \"shape\" " + shapeString(n.shape) + " has a non-positive size";
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
      for (const auto &a : spec->attrs)
        ok |= it.key() == a.name;
      if (!ok) {
        error = nodeName(n) + ": unknown attribute \"" + it.key() + "\"";
        return false;
      }
    }
    for (const auto &a : spec->attrs) {
      if (!attrs.contains(a.name)) {
        if (a.required) {
          error = nodeName(n) + ": missing attribute \"" + a.name + "\"";
          return false;
        }
        n.attrs[a.name] = a.defaultValue;
        continue;
      }
      const json &v = attrs[a.name];
      switch (a.type) {
      case AttrType::Int:
        if (!v.is_number_integer()) {
          error = nodeName(n) + ": attribute \"" + a.name + "\" must be an integer";
          return false;
        }
        n.attrs[a.name] = (double)v.get<int64_t>();
        break;
      case AttrType::Bool:
        if (!v.is_boolean()) {
          error = nodeName(n) + ": attribute \"" + a.name + "\" must be true or false";
          return false;
        }
        n.attrs[a.name] = v.get<bool>() ? 1.0 : 0.0;
        break;
      case AttrType::Float:
        if (!v.is_number()) {
          error = nodeName(n) + ": attribute \"" + a.name + "\" must be a number";
          return false;
        }
        n.attrs[a.name] = v.get<double>();
        break;
      }
    }
    for (const auto &a : spec->attrs)
      if (a.defaultValue == kDefaultIsKernel && n.attrs[a.name] == kDefaultIsKernel &&
          !attrs.contains(a.name))
        n.attrs[a.name] = n.attrs["kernel"];
    c.nodes.push_back(std::move(n));
  }
  std::vector<std::vector<int64_t>> shapes;
  if (!inferShapes(c, shapes, error, syntax.extraOps))
    return false;
  out = std::move(c);
  return true;
}

bool parseCandidate(const std::string &text, Candidate &out, std::string &error) {
  json j;
  if (!parseJson(text, j, error, {kMaxCandidateDepth, kMaxCandidateBytes})) {
    error = "invalid JSON: " + error;
    return false;
  }
  return parseCandidateJson(j, CandidateSyntax(), out, error);
}

bool readCandidateText(const std::string &path, std::string &text, std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read candidate file \"" + path + "\"";
    return false;
  }
  text.clear();
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, (size_t)in.gcount());
    if (text.size() > kMaxCandidateBytes) {
      error = path + ": larger than " + std::to_string(kMaxCandidateBytes) +
              " bytes, the most a candidate may take";
      return false;
    }
  }
  return true;
}

bool loadCandidateFile(const std::string &path, Candidate &out, std::string &error) {
  return loadDocumentFile(path, out, error, parseCandidate);
}

const LayerSchema *findOp(const std::string &kind, const std::vector<LayerSchema> *extraOps) {
  if (extraOps)
    for (const LayerSchema &s : *extraOps)
      if (kind == s.kind)
        return &s;
  return findLayer(kind);
}

bool inferShapes(const Candidate &c, std::vector<Shape> &shapes, std::string &error,
                 const std::vector<LayerSchema> *extraOps) {
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
    const LayerSchema *spec = findOp(n.op, extraOps);
    if (!spec) {
      error = nn + ": unknown op \"" + n.op + "\"";
      return false;
    }
    int ni = (int)n.inputs.size();
    if (ni < spec->minInputs || (spec->maxInputs >= 0 && ni > spec->maxInputs)) {
      error = nn + ": expected " +
              (spec->minInputs == spec->maxInputs ? std::to_string(spec->minInputs)
               : spec->maxInputs < 0 ? "at least " + std::to_string(spec->minInputs)
                                     : std::to_string(spec->minInputs) + ".." +
                                           std::to_string(spec->maxInputs)) +
              " inputs, got " + std::to_string(ni);
      return false;
    }
    std::vector<Shape> in;
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
    Shape s;
    std::string why;
    if (!spec->infer(n, in, s, why))
      return fail(why);
    // The graph's boundary: what the candidate's own fields say.
    if (n.op == "input") {
      ++inputs;
      if (n.shape != c.input)
        return fail("shape " + shapeString(n.shape) + " differs from the candidate's \"input\" " +
                    shapeString(c.input));
    } else if (n.op == "output") {
      ++outputs;
      if (in[0] != Shape{c.numClasses})
        return fail("input shape " + shapeString(in[0]) + " is not [num_classes] = [" +
                    std::to_string(c.numClasses) + "]");
    }
    if (s != n.shape)
      return fail("declared shape " + shapeString(n.shape) + " but the inputs give " +
                  shapeString(s));
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

std::vector<std::vector<Shape>> inputShapes(const Candidate &c) {
  std::map<int64_t, size_t> pos;
  std::vector<std::vector<Shape>> r(c.nodes.size());
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    for (int64_t id : c.nodes[i].inputs) {
      auto p = pos.find(id);
      if (p != pos.end())
        r[i].push_back(c.nodes[p->second].shape);
    }
    pos[c.nodes[i].id] = i;
  }
  return r;
}

namespace {
/// The sum of one cost of the table over the nodes whose inputs are all known.
int64_t sumCost(const Candidate &c, LayerSchema::CostFn LayerSchema::*cost) {
  auto ins = inputShapes(c);
  int64_t total = 0;
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    const LayerSchema *spec = findLayer(c.nodes[i].op);
    if (!spec || !(spec->*cost) || ins[i].size() != c.nodes[i].inputs.size() ||
        (int)ins[i].size() < spec->minInputs)
      continue;
    total += (spec->*cost)(c.nodes[i], ins[i]);
  }
  return total;
}
} // namespace

int64_t countParameters(const Candidate &c) { return sumCost(c, &LayerSchema::params); }

int64_t countFlops(const Candidate &c) {
  // The cost model of docs/design.md (the compiler's LayerOpInterface uses the same).
  return sumCost(c, &LayerSchema::flops);
}

int64_t countMacs(const Candidate &c) { return sumCost(c, &LayerSchema::macs); }

} // namespace layers
} // namespace nasir
