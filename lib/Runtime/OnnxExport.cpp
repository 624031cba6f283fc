//===- OnnxExport.cpp - the ONNX spelling of every layer kind -------------===//
//
// One spelling per kind of lib/Layers' table (onnxSpellings, at the end), each
// emitting the ONNX nodes that compute, in eval mode, what the kind's builder
// in LayerBuilders.cpp computes. A kind without a spelling fails the export
// with its node's name, and layerKindsWithoutOnnx() lets a test demand that
// the table is covered.
//
//===----------------------------------------------------------------------===//
#include "lib/Runtime/OnnxExport.h"
#include "lib/Runtime/Internal.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <fstream>
#include <set>
#include <stdexcept>

namespace nasir {
namespace runtime {

namespace {

using layers::Shape;

/// The graph being written: nodes, initializers and unique names.
class OnnxGraph {
public:
  explicit OnnxGraph(onnx::GraphProto &g) : g_(g) {}

  onnx::NodeProto &node(const std::string &op, const std::vector<std::string> &in,
                        const std::string &out, const std::string &name) {
    onnx::NodeProto *n = g_.add_node();
    n->set_op_type(op);
    n->set_name(name);
    for (const std::string &i : in)
      n->add_input(i);
    n->add_output(out);
    return *n;
  }

  /// An initializer holding `t` (float32, C order) under `name`.
  std::string initializer(const std::string &name, const torch::Tensor &t) {
    torch::Tensor c = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    onnx::TensorProto *p = g_.add_initializer();
    p->set_name(name);
    p->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : c.sizes())
      p->add_dims(d);
    p->set_raw_data(std::string((const char *)c.data_ptr<float>(), c.numel() * sizeof(float)));
    values_ += c.numel();
    return name;
  }

  /// An int64 initializer (Reshape's shape).
  std::string int64s(const std::string &name, const std::vector<int64_t> &v) {
    onnx::TensorProto *p = g_.add_initializer();
    p->set_name(name);
    p->set_data_type(onnx::TensorProto::INT64);
    p->add_dims((int64_t)v.size());
    for (int64_t x : v)
      p->add_int64_data(x);
    return name;
  }

  /// A float scalar constant shaped [1] (broadcasts against anything).
  std::string scalar(const std::string &name, float v) {
    return initializer(name, torch::full({1}, v));
  }

  int64_t initializerValues() const { return values_; }

private:
  onnx::GraphProto &g_;
  int64_t values_ = 0;
};

void setInts(onnx::NodeProto &n, const std::string &name, const std::vector<int64_t> &v) {
  onnx::AttributeProto *a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t x : v)
    a->add_ints(x);
}

void setInt(onnx::NodeProto &n, const std::string &name, int64_t v) {
  onnx::AttributeProto *a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}

void setFloat(onnx::NodeProto &n, const std::string &name, float v) {
  onnx::AttributeProto *a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::FLOAT);
  a->set_f(v);
}

/// What a spelling reads and writes: the node, its inputs' shapes and values
/// (ONNX names), the value it must define, and the network's tensors by
/// state-dict name.
struct OnnxLayer {
  const CandidateNode &node;
  const std::vector<Shape> &inShapes;
  const std::vector<std::string> &in;
  std::string out;
  std::string module; ///< the runtime's submodule name, `n3_conv2d`
  const std::map<std::string, torch::Tensor> &tensors;
  OnnxGraph &graph;

  /// The tensor `module.field`; throws when the network lacks it.
  const torch::Tensor &tensor(const std::string &field) const {
    auto it = tensors.find(module + "." + field);
    if (it == tensors.end())
      throw std::runtime_error("the network has no tensor " + module + "." + field);
    return it->second;
  }
  bool has(const std::string &field) const { return tensors.count(module + "." + field) != 0; }
  /// An initializer holding the tensor `module.field` under that name.
  std::string param(const std::string &field) const {
    return graph.initializer(module + "." + field, tensor(field));
  }
  /// A name for an intermediate value or constant of this layer (`n3_gelu/erf`).
  std::string local(const std::string &what) const { return module + "/" + what; }
  onnx::NodeProto &emit(const std::string &op, const std::vector<std::string> &inputs,
                        const std::string &output, const std::string &what = "") const {
    return graph.node(op, inputs, output, what.empty() ? module : local(what));
  }
};
using OnnxSpelling = void (*)(const OnnxLayer &);

template <const char *Op> void unaryOp(const OnnxLayer &l) { l.emit(Op, {l.in[0]}, l.out); }
constexpr char kRelu[] = "Relu", kSigmoid[] = "Sigmoid", kTanh[] = "Tanh", kIdentity[] = "Identity",
               kGlobalAvg[] = "GlobalAveragePool", kMaxPool[] = "MaxPool", kAvgPool[] = "AveragePool";

void flattenOp(const OnnxLayer &l) { setInt(l.emit("Flatten", {l.in[0]}, l.out), "axis", 1); }

/// `k` repeated for each spatial dimension of the input (rank - 1 of them).
std::vector<int64_t> perSpatial(const OnnxLayer &l, int64_t k, int copies = 1) {
  return std::vector<int64_t>((l.inShapes[0].size() - 1) * copies, k);
}

void conv(const OnnxLayer &l) {
  const CandidateNode &n = l.node;
  std::vector<std::string> inputs = {l.in[0], l.param("weight")};
  if (n.boolAttr("bias"))
    inputs.push_back(l.param("bias"));
  onnx::NodeProto &c = l.emit("Conv", inputs, l.out);
  setInts(c, "kernel_shape", perSpatial(l, n.intAttr("kernel")));
  setInts(c, "strides", perSpatial(l, n.intAttr("stride")));
  setInts(c, "pads", perSpatial(l, n.intAttr("padding"), 2)); // begins, then ends
  setInts(c, "dilations", perSpatial(l, n.intAttr("dilation")));
  setInt(c, "group", n.intAttr("groups"));
}

void maxPool(const OnnxLayer &l) {
  const CandidateNode &n = l.node;
  onnx::NodeProto &p = l.emit("MaxPool", {l.in[0]}, l.out);
  setInts(p, "kernel_shape", perSpatial(l, n.intAttr("kernel")));
  setInts(p, "strides", perSpatial(l, n.intAttr("stride")));
  setInts(p, "pads", perSpatial(l, n.intAttr("padding"), 2));
}

/// With count_include_pad the zeros are padded by a Pad first: the same
/// average, and one that OpenCV 4.6 computes (its AveragePool ignores
/// count_include_pad=1, measured).
void avgPool(const OnnxLayer &l) {
  const CandidateNode &n = l.node;
  int64_t pad = n.intAttr("padding");
  std::string x = l.in[0];
  bool padFirst = n.boolAttr("count_include_pad") && pad > 0;
  if (padFirst) {
    // Pad's pads: the begins of every axis, then the ends; none on N and C.
    std::vector<int64_t> pads;
    for (int end = 0; end < 2; ++end) {
      pads.insert(pads.end(), {0, 0});
      pads.insert(pads.end(), l.inShapes[0].size() - 1, pad);
    }
    onnx::NodeProto &p = l.emit("Pad", {x}, l.local("padded"), "padded");
    setInts(p, "pads", pads);
    setFloat(p, "value", 0.0f);
    x = l.local("padded");
  }
  onnx::NodeProto &p = l.emit("AveragePool", {x}, l.out);
  setInts(p, "kernel_shape", perSpatial(l, n.intAttr("kernel")));
  setInts(p, "strides", perSpatial(l, n.intAttr("stride")));
  setInts(p, "pads", perSpatial(l, padFirst ? 0 : pad, 2));
  setInt(p, "count_include_pad", n.boolAttr("count_include_pad") ? 1 : 0);
}

/// nn.Linear on the last dimension: Gemm(transB) on [N, F]; on [N, C, F] a
/// MatMul with the transposed weight (`.weight_t`) and an Add of the bias.
void linear(const OnnxLayer &l) {
  int64_t outF = l.node.intAttr("out_features");
  if (l.inShapes[0].size() == 1) {
    std::string bias = l.node.boolAttr("bias")
                           ? l.param("bias")
                           : l.graph.initializer(l.local("no_bias"), torch::zeros({outF}));
    setInt(l.emit("Gemm", {l.in[0], l.param("weight"), bias}, l.out), "transB", 1);
    return;
  }
  std::string wt = l.graph.initializer(l.module + ".weight_t", l.tensor("weight").t());
  if (!l.node.boolAttr("bias")) {
    l.emit("MatMul", {l.in[0], wt}, l.out);
    return;
  }
  l.emit("MatMul", {l.in[0], wt}, l.local("matmul"), "matmul");
  l.emit("Add", {l.local("matmul"), l.param("bias")}, l.out);
}

/// Eval mode: the running statistics. Without affine, scale 1 and bias 0.
void batchNorm(const OnnxLayer &l) {
  int64_t ch = l.inShapes[0][0];
  bool affine = l.node.boolAttr("affine");
  std::string scale = affine ? l.param("weight") : l.graph.initializer(l.local("scale"), torch::ones({ch}));
  std::string bias = affine ? l.param("bias") : l.graph.initializer(l.local("bias"), torch::zeros({ch}));
  onnx::NodeProto &b = l.emit(
      "BatchNormalization", {l.in[0], scale, bias, l.param("running_mean"), l.param("running_var")},
      l.out);
  setFloat(b, "epsilon", (float)l.node.attr("eps"));
}

/// LayerNormalization is opset 17: the same arithmetic as torch's layer norm
/// (biased variance over every non-batch dimension) in opset-10 ops.
void layerNorm(const OnnxLayer &l) {
  std::vector<int64_t> axes;
  for (size_t d = 1; d <= l.inShapes[0].size(); ++d)
    axes.push_back((int64_t)d);
  auto mean = [&](const std::string &x, const std::string &what) {
    onnx::NodeProto &m = l.emit("ReduceMean", {x}, l.local(what), what);
    setInts(m, "axes", axes);
    setInt(m, "keepdims", 1);
    return l.local(what);
  };
  std::string mu = mean(l.in[0], "mean");
  l.emit("Sub", {l.in[0], mu}, l.local("centered"), "centered");
  l.emit("Mul", {l.local("centered"), l.local("centered")}, l.local("square"), "square");
  std::string var = mean(l.local("square"), "var");
  l.emit("Add", {var, l.graph.scalar(l.local("eps"), (float)l.node.attr("eps"))}, l.local("var_eps"),
         "var_eps");
  l.emit("Sqrt", {l.local("var_eps")}, l.local("std"), "std");
  if (!l.node.boolAttr("affine")) {
    l.emit("Div", {l.local("centered"), l.local("std")}, l.out);
    return;
  }
  l.emit("Div", {l.local("centered"), l.local("std")}, l.local("normalized"), "normalized");
  l.emit("Mul", {l.local("normalized"), l.param("weight")}, l.local("scaled"), "scaled");
  l.emit("Add", {l.local("scaled"), l.param("bias")}, l.out);
}

/// hardtanh(x, 0, 6): Clip with its opset-10 attributes.
void relu6(const OnnxLayer &l) {
  onnx::NodeProto &c = l.emit("Clip", {l.in[0]}, l.out);
  setFloat(c, "min", 0.0f);
  setFloat(c, "max", 6.0f);
}

/// torch::gelu's default, the erf form: x * (1 + erf(x / sqrt 2)) * 0.5 (the
/// order of the subgraph OpenCV recognizes as GELU).
void gelu(const OnnxLayer &l) {
  const std::string &x = l.in[0];
  l.emit("Div", {x, l.graph.scalar(l.local("sqrt2"), (float)std::sqrt(2.0))}, l.local("scaled"),
         "scaled");
  l.emit("Erf", {l.local("scaled")}, l.local("erf"), "erf");
  l.emit("Add", {l.local("erf"), l.graph.scalar(l.local("one"), 1.0f)}, l.local("erf1"), "erf1");
  l.emit("Mul", {x, l.local("erf1")}, l.local("product"), "product");
  l.emit("Mul", {l.local("product"), l.graph.scalar(l.local("half"), 0.5f)}, l.out);
}

void silu(const OnnxLayer &l) {
  l.emit("Sigmoid", {l.in[0]}, l.local("sigmoid"), "sigmoid");
  l.emit("Mul", {l.in[0], l.local("sigmoid")}, l.out);
}

/// HardSwish is opset 14: x * HardSigmoid(x) with alpha 1/6, beta 1/2, its definition.
void hardswish(const OnnxLayer &l) {
  onnx::NodeProto &h = l.emit("HardSigmoid", {l.in[0]}, l.local("gate"), "gate");
  setFloat(h, "alpha", 1.0f / 6.0f);
  setFloat(h, "beta", 0.5f);
  l.emit("Mul", {l.in[0], l.local("gate")}, l.out);
}

/// The mean over the spatial dimensions, [N, C] as the runtime gives it.
void globalAvgPool(const OnnxLayer &l) {
  l.emit("GlobalAveragePool", {l.in[0]}, l.local("pooled"), "pooled");
  setInt(l.emit("Flatten", {l.local("pooled")}, l.out), "axis", 1);
}

void add(const OnnxLayer &l) { l.emit("Sum", l.in, l.out); }

/// Like the runtime: [N, C] against [N, C, H, W] multiplies as [N, C, 1, 1].
void mul(const OnnxLayer &l) {
  std::vector<std::string> in = l.in;
  for (size_t k = 0; k < 2; ++k) {
    const Shape &mine = l.inShapes[k], &other = l.inShapes[1 - k];
    if (mine.size() == 1 && other.size() == 3) {
      std::string what = "as_nc11_" + std::to_string(k);
      l.emit("Reshape", {in[k], l.graph.int64s(l.local(what + "_shape"), {0, mine[0], 1, 1})},
             l.local(what), what);
      in[k] = l.local(what);
    }
  }
  l.emit("Mul", in, l.out);
}

void concat(const OnnxLayer &l) { setInt(l.emit("Concat", l.in, l.out), "axis", 1); }

/// Zeros shaped like the node: a convolution (or, on [F], a Gemm) with zero
/// weights, kernel 1 and the node's stride, which gives exactly the runtime's
/// ceil(size / stride). Zero times a finite input is 0; an infinite or NaN
/// input gives NaN where the runtime gives 0 (docs/onnx.md).
void zero(const OnnxLayer &l) {
  const Shape &inS = l.inShapes[0];
  int64_t co = l.node.shape[0], ci = inS[0];
  if (inS.size() == 1) {
    std::string w = l.graph.initializer(l.local("weight"), torch::zeros({co, ci}));
    std::string b = l.graph.initializer(l.local("bias"), torch::zeros({co}));
    setInt(l.emit("Gemm", {l.in[0], w, b}, l.out), "transB", 1);
    return;
  }
  std::vector<int64_t> wShape = {co, ci};
  wShape.insert(wShape.end(), inS.size() - 1, 1);
  std::string w = l.graph.initializer(l.local("weight"), torch::zeros(wShape));
  onnx::NodeProto &c = l.emit("Conv", {l.in[0], w}, l.out);
  setInts(c, "kernel_shape", perSpatial(l, 1));
  setInts(c, "strides", perSpatial(l, l.node.intAttr("stride")));
}

/// The input node is the graph's input; nothing to emit.
void input(const OnnxLayer &) {}

const std::map<std::string, OnnxSpelling> &onnxSpellings() {
  static const std::map<std::string, OnnxSpelling> spellings = {
      {"input", input},
      {"conv1d", conv},
      {"conv2d", conv},
      {"linear", linear},
      {"batch_norm", batchNorm},
      {"layer_norm", layerNorm},
      {"relu", unaryOp<kRelu>},
      {"relu6", relu6},
      {"gelu", gelu},
      {"sigmoid", unaryOp<kSigmoid>},
      {"silu", silu},
      {"hardswish", hardswish},
      {"tanh", unaryOp<kTanh>},
      {"max_pool1d", maxPool},
      {"max_pool2d", maxPool},
      {"avg_pool1d", avgPool},
      {"avg_pool2d", avgPool},
      {"global_avg_pool", globalAvgPool},
      {"add", add},
      {"mul", mul},
      {"concat", concat},
      {"identity", unaryOp<kIdentity>},
      {"zero", zero},
      {"flatten", flattenOp},
      {"dropout", unaryOp<kIdentity>}, // eval mode
      {"output", unaryOp<kIdentity>},
  };
  return spellings;
}

void setShape(onnx::ValueInfoProto &v, const std::string &name, const Shape &shape) {
  v.set_name(name);
  onnx::TypeProto_Tensor *t = v.mutable_type()->mutable_tensor_type();
  t->set_elem_type(onnx::TensorProto::FLOAT);
  onnx::TensorShapeProto *s = t->mutable_shape();
  s->add_dim()->set_dim_param("N");
  for (int64_t d : shape)
    s->add_dim()->set_dim_value(d);
}

/// The graph of `c` with the tensors of `net`.
void writeModel(const Candidate &c, CandidateNetImpl &net, onnx::ModelProto &m,
                OnnxExportSummary &summary) {
  m.set_ir_version(onnx::IR_VERSION);
  m.set_producer_name("nasir");
  m.set_model_version(1);
  onnx::OperatorSetIdProto *opset = m.add_opset_import();
  opset->set_domain("");
  opset->set_version(kOnnxOpset);
  m.set_doc_string("nasir candidate" + (c.space.empty() ? std::string() : " of @" + c.space) +
                   ", decisions " + c.decisionsJson);
  onnx::StringStringEntryProto *p = m.add_metadata_props();
  p->set_key("nasir.decisions");
  p->set_value(c.decisionsJson);
  if (!c.space.empty()) {
    p = m.add_metadata_props();
    p->set_key("nasir.space");
    p->set_value(c.space);
  }

  onnx::GraphProto &g = *m.mutable_graph();
  g.set_name(c.space.empty() ? "candidate" : c.space);
  OnnxGraph graph(g);
  std::map<std::string, torch::Tensor> tensors;
  for (const auto &kv : net.named_parameters())
    tensors[kv.key()] = kv.value();
  for (const auto &kv : net.named_buffers())
    tensors[kv.key()] = kv.value();

  std::vector<std::vector<Shape>> inShapes = layers::inputShapes(c);
  std::map<int64_t, std::string> values;
  bool haveInput = false, haveOutput = false;
  for (size_t i = 0; i < c.nodes.size(); ++i) {
    const CandidateNode &n = c.nodes[i];
    std::string where = "node " + std::to_string(n.id) + " (" + n.op + ")";
    auto spelling = onnxSpellings().find(n.op);
    if (spelling == onnxSpellings().end())
      throw std::runtime_error(where + ": the ONNX export has no spelling of this kind");
    std::vector<std::string> in;
    for (int64_t id : n.inputs) {
      auto v = values.find(id);
      if (v == values.end())
        throw std::runtime_error(where + ": input " + std::to_string(id) +
                                 " is not an earlier node");
      in.push_back(v->second);
    }
    std::string out = "n" + std::to_string(n.id);
    if (n.op == "input") {
      if (haveInput)
        throw std::runtime_error(where + ": the ONNX export takes one input node");
      haveInput = true;
      out = "input";
      setShape(*g.add_input(), out, n.shape);
    } else if (n.op == "output") {
      if (haveOutput)
        throw std::runtime_error(where + ": the ONNX export takes one output node");
      haveOutput = true;
      out = "output";
      setShape(*g.add_output(), out, n.shape);
    }
    try {
      spelling->second({n, inShapes[i], in, out, "n" + std::to_string(n.id) + "_" + n.op, tensors,
                        graph});
    } catch (const std::runtime_error &e) {
      throw std::runtime_error(where + ": " + e.what());
    }
    values[n.id] = out;
  }
  if (!haveInput || !haveOutput)
    throw std::runtime_error("the candidate needs an input and an output node");
  summary.nodes = g.node_size();
  summary.initializerValues = graph.initializerValues();
}

} // namespace

std::vector<std::string> layerKindsWithoutOnnx() {
  std::vector<std::string> missing;
  for (const layers::LayerSchema &l : layers::layerTable())
    if (!onnxSpellings().count(l.kind))
      missing.push_back(l.kind);
  return missing;
}

bool candidateToOnnx(const Candidate &c, const OnnxExportOptions &opts, std::string &bytes,
                     std::string &error, OnnxExportSummary *summary) {
  OnnxExportSummary s;
  try {
    torch::manual_seed(opts.seed);
    CandidateNet net(c);
    if (!opts.weightsPath.empty()) {
      try {
        torch::load(net, opts.weightsPath);
      } catch (const c10::Error &e) {
        error = "cannot load the weights '" + opts.weightsPath +
                "' for this candidate: " + e.what_without_backtrace();
        return false;
      }
    }
    net->eval();
    torch::NoGradGuard noGrad;
    // One forward pass checks that the network computes the shapes the candidate declares.
    std::vector<int64_t> shape{1};
    shape.insert(shape.end(), c.input.begin(), c.input.end());
    net->forward(torch::zeros(shape));
    if (!opts.saveWeightsPath.empty()) {
      std::ostringstream w;
      torch::save(net, w);
      std::ofstream f(opts.saveWeightsPath, std::ios::binary);
      if (!(f << w.str()) || !f.flush()) {
        error = "cannot write '" + opts.saveWeightsPath + "'";
        return false;
      }
    }
    onnx::ModelProto m;
    writeModel(c, *net, m, s);
    if (!m.SerializeToString(&bytes)) {
      error = "the ONNX model does not serialize (over protobuf's 2 GiB?)";
      return false;
    }
  } catch (const c10::Error &e) {
    error = e.what_without_backtrace();
    return false;
  } catch (const std::exception &e) {
    error = e.what();
    return false;
  }
  if (summary)
    *summary = s;
  return true;
}

bool exportOnnxFile(const Candidate &c, const OnnxExportOptions &opts, const std::string &path,
                    std::string &error, OnnxExportSummary *summary) {
  std::string bytes;
  if (!candidateToOnnx(c, opts, bytes, error, summary))
    return false;
  std::ofstream f(path, std::ios::binary);
  if (!f || !(f << bytes) || !f.flush()) {
    error = "cannot write '" + path + "'";
    return false;
  }
  return true;
}

} // namespace runtime
} // namespace nasir
