//===- Supernet.cpp - the reader of supernet documents (version 2) --------===//
//
// The version-1 fields and nodes through the candidate reader (with the two
// mix ops added), then the labels and what each node says of them.
//
//===----------------------------------------------------------------------===//
#include "lib/Layers/Supernet.h"
#include "lib/Layers/CandidateReader.h"

#include <algorithm>
#include <cmath>
#include <map>

using json = nlohmann::json;

namespace nasir {
namespace layers {

const char *labelKindName(LabelKind k) {
  switch (k) {
  case LabelKind::Value:
    return "value";
  case LabelKind::Op:
    return "op";
  case LabelKind::Depth:
    return "depth";
  case LabelKind::Inputs:
    return "inputs";
  }
  return "?";
}

int64_t Supernet::findLabel(const std::string &name) const {
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i].name == name)
      return (int64_t)i;
  return -1;
}

namespace {

/// A mix's inputs all have one shape, its result's.
bool inferMix(const CandidateNode &, const std::vector<Shape> &in, Shape &out,
              std::string &error) {
  for (size_t k = 1; k < in.size(); ++k)
    if (in[k] != in[0]) {
      error = "input " + std::to_string(k) + " has shape " + shapeString(in[k]) +
              ", input 0 " + shapeString(in[0]) + " (a mix's inputs have one shape)";
      return false;
    }
  out = in[0];
  return true;
}

const std::vector<LayerSchema> &mixOps() {
  static const std::vector<LayerSchema> ops = {
      {"mix", 1, -1, {}, inferMix, nullptr, nullptr, nullptr},
      {"mix_inputs", 1, -1, {}, inferMix, nullptr, nullptr, nullptr},
  };
  return ops;
}

std::string nodeName(const CandidateNode &n) {
  return "node " + std::to_string(n.id) + " (" + n.op + ")";
}

/// A non-empty array of integers.
bool readInts(const json &j, std::vector<int64_t> &out) {
  return !j.empty() && readIntVector(j, out);
}

bool readLabel(const json &jl, size_t idx, SupernetLabel &l, std::string &error) {
  std::string where = "labels[" + std::to_string(idx) + "]";
  if (!jl.is_object()) {
    error = where + ": expected an object";
    return false;
  }
  if (!jl.contains("name") || !jl["name"].is_string() || jl["name"].get<std::string>().empty()) {
    error = where + ": missing string \"name\"";
    return false;
  }
  l.name = jl["name"].get<std::string>();
  where = "label \"" + l.name + "\"";
  static const std::map<std::string, LabelKind> kinds = {{"value", LabelKind::Value},
                                                         {"op", LabelKind::Op},
                                                         {"depth", LabelKind::Depth},
                                                         {"inputs", LabelKind::Inputs}};
  auto k = jl.contains("kind") && jl["kind"].is_string()
               ? kinds.find(jl["kind"].get<std::string>())
               : kinds.end();
  if (k == kinds.end()) {
    error = where + ": field \"kind\": expected value, op, depth or inputs";
    return false;
  }
  l.kind = k->second;
  bool inputs = l.kind == LabelKind::Inputs;
  for (auto it = jl.begin(); it != jl.end(); ++it) {
    const std::string &f = it.key();
    bool known = f == "name" || f == "kind" ||
                 (inputs ? f == "n" || f == "min" || f == "max" : f == "options");
    if (!known) {
      error = where + ": unknown field \"" + f + "\"" +
              (inputs ? " (an inputs label has n, min, max)" : "");
      return false;
    }
  }
  if (inputs) {
    for (const char *f : {"n", "min", "max"})
      if (!jl.contains(f) || !jl[f].is_number_integer()) {
        error = where + ": missing integer \"" + std::string(f) + "\"";
        return false;
      }
    l.n = jl["n"].get<int64_t>();
    l.min = jl["min"].get<int64_t>();
    l.max = jl["max"].get<int64_t>();
    if (l.n < 1 || l.n > 4096 || l.min < 1 || l.min > l.max || l.max > l.n) {
      error = where + ": expected 1 <= min <= max <= n <= 4096, got n " + std::to_string(l.n) +
              ", min " + std::to_string(l.min) + ", max " + std::to_string(l.max);
      return false;
    }
    return true;
  }
  if (!jl.contains("options") || !jl["options"].is_array() || jl["options"].empty()) {
    error = where + ": field \"options\": expected a non-empty array";
    return false;
  }
  for (const auto &o : jl["options"]) {
    LabelOption opt;
    if (o.is_number()) {
      opt.isNumber = true;
      opt.number = o.get<double>();
    } else if (o.is_string()) {
      opt.text = o.get<std::string>();
    } else {
      error = where + ": field \"options\": an option is " + std::string(o.type_name()) +
              ", expected a number or a string";
      return false;
    }
    opt.json = dumpJson(o);
    for (const LabelOption &p : l.options)
      if (p.json == opt.json) {
        error = where + ": field \"options\": " + opt.json + " twice";
        return false;
      }
    l.options.push_back(std::move(opt));
  }
  return true;
}

/// A node's `share` entry, checked against the node and the label.
bool readShare(const json &je, const Supernet &s, const CandidateNode &n, ShareEntry &e,
               std::string &error) {
  std::string where = nodeName(n) + ": \"share\"";
  if (!je.is_object() || !je.contains("label") || !je["label"].is_string()) {
    error = where + ": an entry is not an object with a string \"label\"";
    return false;
  }
  std::string name = je["label"].get<std::string>();
  int64_t li = s.findLabel(name);
  if (li < 0) {
    error = where + ": label \"" + name + "\" is not in \"labels\"";
    return false;
  }
  const SupernetLabel &l = s.labels[(size_t)li];
  where += " label \"" + name + "\"";
  if (l.kind == LabelKind::Inputs) {
    error = where + ": an inputs label shapes no layer";
    return false;
  }
  e.label = (size_t)li;
  for (auto it = je.begin(); it != je.end(); ++it)
    if (it.key() != "label" && it.key() != "channels" && it.key() != "kernel" &&
        it.key() != "padding") {
      error = where + ": unknown field \"" + it.key() + "\"";
      return false;
    }
  auto list = [&](const char *field, std::vector<int64_t> &out) {
    if (!je.contains(field))
      return true;
    if (!readInts(je[field], out)) {
      error = where + ": field \"" + field + "\": expected a non-empty array of integers";
      return false;
    }
    if (out.size() != l.options.size()) {
      error = where + ": field \"" + field + "\" has " + std::to_string(out.size()) +
              " entries, the label " + std::to_string(l.options.size()) + " options";
      return false;
    }
    for (int64_t v : out)
      if (v < (std::string(field) == "padding" ? 0 : 1)) {
        error = where + ": field \"" + field + "\": " + std::to_string(v) + " is out of range";
        return false;
      }
    return true;
  };
  if (!list("channels", e.channels) || !list("kernel", e.kernel) || !list("padding", e.padding))
    return false;
  if (e.channels.empty() && e.kernel.empty()) {
    error = where + ": expected \"channels\" or \"kernel\"";
    return false;
  }
  if (!e.channels.empty()) {
    int64_t widest = *std::max_element(e.channels.begin(), e.channels.end());
    if (widest != n.shape[0]) {
      error = where + ": field \"channels\": the widest option " + std::to_string(widest) +
              " is not the node's channels " + std::to_string(n.shape[0]);
      return false;
    }
  }
  if (e.kernel.empty() != e.padding.empty()) {
    error = where + ": fields \"kernel\" and \"padding\" go together";
    return false;
  }
  if (!e.kernel.empty()) {
    if (n.op != "conv1d" && n.op != "conv2d") {
      error = where + ": field \"kernel\": only a convolution's kernel is shared";
      return false;
    }
    int64_t k = n.intAttr("kernel"), pad = n.intAttr("padding"), dil = n.intAttr("dilation");
    int64_t largest = *std::max_element(e.kernel.begin(), e.kernel.end());
    if (largest != k) {
      error = where + ": field \"kernel\": the largest option " + std::to_string(largest) +
              " is not attrs.kernel " + std::to_string(k);
      return false;
    }
    for (size_t i = 0; i < e.kernel.size(); ++i) {
      // The centred window: the same offset on both sides, the same output size.
      if ((k - e.kernel[i]) % 2 != 0 ||
          e.padding[i] - dil * (e.kernel[i] - 1) / 2 != pad - dil * (k - 1) / 2 ||
          (dil * (e.kernel[i] - 1)) % 2 != (dil * (k - 1)) % 2) {
        error = where + ": option " + std::to_string(i) + " (kernel " +
                std::to_string(e.kernel[i]) + ", padding " + std::to_string(e.padding[i]) +
                ") is not centred in kernel " + std::to_string(k) + " with padding " +
                std::to_string(pad);
        return false;
      }
    }
  }
  return true;
}

bool readNodeExtras(const json &jn, Supernet &s, size_t i, std::string &error) {
  const CandidateNode &n = s.graph.nodes[i];
  SupernetNodeExtras &x = s.extras[i];
  bool mix = n.op == "mix" || n.op == "mix_inputs";
  if (jn.contains("label") != mix) {
    error = nodeName(n) + (mix ? ": missing string \"label\"" : ": field \"label\" is for mixes");
    return false;
  }
  if (mix) {
    if (!jn["label"].is_string()) {
      error = nodeName(n) + ": field \"label\": expected a string";
      return false;
    }
    std::string name = jn["label"].get<std::string>();
    x.label = s.findLabel(name);
    if (x.label < 0) {
      error = nodeName(n) + ": field \"label\": \"" + name + "\" is not in \"labels\"";
      return false;
    }
    const SupernetLabel &l = s.labels[(size_t)x.label];
    bool inputs = n.op == "mix_inputs";
    if ((l.kind == LabelKind::Inputs) != inputs) {
      error = nodeName(n) + ": field \"label\": \"" + name + "\" is of kind " +
              labelKindName(l.kind) + "; " + n.op + " takes " +
              (inputs ? "an inputs label" : "a value, op or depth label");
      return false;
    }
    if (n.inputs.size() != l.size()) {
      error = nodeName(n) + ": field \"inputs\" has " + std::to_string(n.inputs.size()) +
              " entries but label \"" + name + "\" has " + std::to_string(l.size()) +
              (inputs ? " inputs" : " options");
      return false;
    }
  }
  if (!jn.contains("share"))
    return true;
  if (!jn["share"].is_array()) {
    error = nodeName(n) + ": field \"share\": expected an array";
    return false;
  }
  for (const auto &je : jn["share"]) {
    ShareEntry e;
    if (!readShare(je, s, n, e, error))
      return false;
    for (const ShareEntry &p : x.share)
      if (p.label == e.label) {
        error = nodeName(n) + ": \"share\": label \"" + s.labels[e.label].name + "\" twice";
        return false;
      }
    x.share.push_back(std::move(e));
  }
  return true;
}

} // namespace

bool parseSupernet(const std::string &text, Supernet &out, std::string &error) {
  json j;
  if (!parseJson(text, j, error, {kMaxCandidateDepth, kMaxCandidateBytes})) {
    error = "invalid JSON: " + error;
    return false;
  }
  CandidateSyntax syntax;
  syntax.version = 2;
  syntax.extraFields = {"labels"};
  syntax.extraNodeFields = {"label", "share"};
  syntax.extraOps = &mixOps();
  Supernet s;
  if (!parseCandidateJson(j, syntax, s.graph, error))
    return false;
  if (!j.contains("labels") || !j["labels"].is_array()) {
    error = "field \"labels\": expected an array";
    return false;
  }
  size_t idx = 0;
  for (const auto &jl : j["labels"]) {
    SupernetLabel l;
    if (!readLabel(jl, idx++, l, error))
      return false;
    if (s.findLabel(l.name) >= 0) {
      error = "label \"" + l.name + "\": listed twice in \"labels\"";
      return false;
    }
    s.labels.push_back(std::move(l));
  }
  s.extras.resize(s.graph.nodes.size());
  // parseCandidateJson kept the nodes in document order.
  for (size_t i = 0; i < s.graph.nodes.size(); ++i)
    if (!readNodeExtras(j["nodes"][i], s, i, error))
      return false;
  out = std::move(s);
  return true;
}

bool loadSupernetFile(const std::string &path, Supernet &out, std::string &error) {
  return loadDocumentFile(path, out, error, parseSupernet);
}

int64_t documentVersion(const std::string &text) {
  json j;
  std::string error;
  if (!parseJson(text, j, error, {kMaxCandidateDepth, kMaxCandidateBytes}) || !j.is_object() ||
      !j.contains("version") || !j["version"].is_number_integer())
    return 0;
  return j["version"].get<int64_t>();
}

Assignment defaultAssignment(const Supernet &s) {
  Assignment a(s.labels.size());
  for (size_t i = 0; i < s.labels.size(); ++i) {
    if (s.labels[i].kind == LabelKind::Inputs)
      for (int64_t k = 0; k < s.labels[i].max; ++k)
        a[i].push_back(k);
    else
      a[i] = {0};
  }
  return a;
}

bool parseAssignment(const std::string &text, const Supernet &s, Assignment &out,
                     std::string &error) {
  json j;
  if (!parseJson(text, j, error, {kMaxCandidateDepth, kMaxCandidateBytes})) {
    error = "invalid JSON: " + error;
    return false;
  }
  if (!j.is_object()) {
    error = "expected a decisions object (label -> value)";
    return false;
  }
  Assignment a = defaultAssignment(s);
  for (auto it = j.begin(); it != j.end(); ++it) {
    int64_t li = s.findLabel(it.key());
    std::string where = "label \"" + it.key() + "\"";
    if (li < 0) {
      error = where + ": not a label of the supernet";
      return false;
    }
    const SupernetLabel &l = s.labels[(size_t)li];
    const json &v = *it;
    if (l.kind == LabelKind::Inputs) {
      std::vector<int64_t> picks;
      if (!readInts(v, picks) || (int64_t)picks.size() < l.min || (int64_t)picks.size() > l.max ||
          !std::is_sorted(picks.begin(), picks.end()) ||
          std::adjacent_find(picks.begin(), picks.end()) != picks.end() || picks.front() < 0 ||
          picks.back() >= l.n) {
        error = where + ": " + dumpJson(v) + " is not a sorted list of " +
                std::to_string(l.min) + ".." + std::to_string(l.max) + " distinct inputs of " +
                std::to_string(l.n);
        return false;
      }
      a[(size_t)li] = picks;
      continue;
    }
    int64_t found = -1;
    for (size_t o = 0; o < l.options.size() && found < 0; ++o) {
      const LabelOption &opt = l.options[o];
      if (opt.isNumber ? v.is_number() && v.get<double>() == opt.number
                       : v.is_string() && v.get<std::string>() == opt.text)
        found = (int64_t)o;
    }
    if (found < 0) {
      error = where + ": " + dumpJson(v) + " is not one of its options";
      return false;
    }
    a[(size_t)li] = {found};
  }
  out = std::move(a);
  return true;
}

} // namespace layers
} // namespace nasir
