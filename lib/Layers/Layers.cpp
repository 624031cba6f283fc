//===- Layers.cpp - the layer table: schema, shapes, cost, PyTorch --------===//
//
// One entry per layer kind, at the end of this file (layerTable). The
// functions above it are what entries share: sliding windows of any spatial
// rank (conv1d/conv2d, pools), shapes that pass through, element-wise costs.
//
//===----------------------------------------------------------------------===//
#include "lib/Layers/Layers.h"
#include "lib/Layers/Candidate.h"
#include "lib/Support/ShortestDouble.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace nasir {
namespace layers {

int64_t elementCount(const Shape &s) {
  int64_t p = 1;
  for (int64_t v : s)
    p *= v;
  return p;
}

std::string shapeString(const Shape &s) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < s.size(); ++i)
    os << (i ? ", " : "") << s[i];
  os << "]";
  return os.str();
}

std::string pyTuple(const Shape &v) {
  std::string s = "(";
  for (size_t i = 0; i < v.size(); ++i)
    s += (i ? ", " : "") + std::to_string(v[i]);
  return s + (v.size() == 1 ? ",)" : ")");
}

std::string pyFloat(double v) {
  // nn.Dropout(p=0.3), not p=0.29999999999999999.
  if (!std::isfinite(v))
    return std::isnan(v) ? "float(\"nan\")"
           : v < 0       ? "float(\"-inf\")"
                         : "float(\"inf\")";
  return formatShortestFloat(v);
}

std::string pyBool(bool b) { return b ? "True" : "False"; }

const char *pytorchHelpers() {
  return "def _mul(a, b):\n"
         "    # [N, C] against [N, C, H, W]: broadcast as [N, C, 1, 1]\n"
         "    if a.dim() == 4 and b.dim() == 2:\n"
         "        b = b[:, :, None, None]\n"
         "    elif b.dim() == 4 and a.dim() == 2:\n"
         "        a = a[:, :, None, None]\n"
         "    return a * b\n\n\n"
         "def _zeros(x, shape):\n"
         "    return torch.zeros((x.shape[0],) + shape, dtype=x.dtype, "
         "device=x.device)\n";
}

namespace {

const auto I = AttrType::Int, B = AttrType::Bool, Fl = AttrType::Float;

bool fail(std::string &error, const std::string &msg) {
  error = msg;
  return false;
}

/// Input `k` must have one of `ranks`; the message names the input's id.
bool needRank(const CandidateNode &n, const std::vector<Shape> &in, size_t k,
              std::vector<size_t> ranks, std::string &error) {
  if (std::find(ranks.begin(), ranks.end(), in[k].size()) != ranks.end())
    return true;
  std::string want = std::to_string(ranks[0]);
  for (size_t i = 1; i < ranks.size(); ++i)
    want += (i + 1 == ranks.size() ? " or " : ", ") + std::to_string(ranks[i]);
  return fail(error, "input " + std::to_string(n.inputs[k]) + " has shape " +
                         shapeString(in[k]) + ", expected rank " + want);
}

int64_t power(int64_t k, int r) {
  int64_t p = 1;
  while (r--)
    p *= k;
  return p;
}

bool sameAsInput(const CandidateNode &, const std::vector<Shape> &in, Shape &out,
                 std::string &) {
  out = in[0];
  return true;
}

int64_t outputElements(const CandidateNode &n, const std::vector<Shape> &) {
  return elementCount(n.shape);
}

int64_t twicePerElement(const CandidateNode &n, const std::vector<Shape> &) {
  return 2 * elementCount(n.shape);
}

std::string inputOf(const PyTorchContext &p) { return p.args.at(0); }

/// A layer computed by a submodule applied to its input.
PyTorchSpelling moduleCall(const PyTorchContext &p, std::string module) {
  return {std::move(module), "$m(" + inputOf(p) + ")"};
}

//===--- convolutions and pools of spatial rank R (1: [C, L], 2: [C, H, W]) --===//

template <int R> bool inferConv(const CandidateNode &n, const std::vector<Shape> &in, Shape &out,
                                std::string &error) {
  if (!needRank(n, in, 0, {R + 1}, error))
    return false;
  int64_t co = n.intAttr("out_channels"), k = n.intAttr("kernel"), st = n.intAttr("stride"),
          p = n.intAttr("padding"), d = n.intAttr("dilation"), g = n.intAttr("groups");
  if (co < 1 || k < 1 || st < 1 || p < 0 || d < 1 || g < 1)
    return fail(error, "out_channels, kernel, stride, dilation, groups must be >= 1, padding >= 0");
  if (in[0][0] % g || co % g)
    return fail(error, "groups " + std::to_string(g) + " must divide in_channels " +
                           std::to_string(in[0][0]) + " and out_channels " + std::to_string(co));
  out = {co};
  for (int i = 1; i <= R; ++i) {
    if (in[0][i] + 2 * p - d * (k - 1) - 1 < 0)
      return fail(error, "kernel larger than the padded input " + shapeString(in[0]));
    out.push_back((in[0][i] + 2 * p - d * (k - 1) - 1) / st + 1);
  }
  return true;
}

template <int R> int64_t convParams(const CandidateNode &n, const std::vector<Shape> &in) {
  int64_t co = n.intAttr("out_channels");
  return co * (in[0][0] / n.intAttr("groups")) * power(n.intAttr("kernel"), R) +
         (n.boolAttr("bias") ? co : 0);
}

template <int R> int64_t convFlops(const CandidateNode &n, const std::vector<Shape> &in) {
  return elementCount(n.shape) *
         (2 * (in[0][0] / n.intAttr("groups")) * power(n.intAttr("kernel"), R) +
          (n.boolAttr("bias") ? 1 : 0));
}

template <int R> int64_t convMacs(const CandidateNode &n, const std::vector<Shape> &in) {
  return elementCount(n.shape) * (in[0][0] / n.intAttr("groups")) * power(n.intAttr("kernel"), R);
}

template <int R> PyTorchSpelling convPyTorch(const PyTorchContext &p) {
  const CandidateNode &n = p.node;
  return moduleCall(p, "nn.Conv" + std::to_string(R) + "d(" + std::to_string(p.inShapes[0][0]) +
                           ", " + std::to_string(n.intAttr("out_channels")) + ", " +
                           std::to_string(n.intAttr("kernel")) +
                           ", stride=" + std::to_string(n.intAttr("stride")) +
                           ", padding=" + std::to_string(n.intAttr("padding")) +
                           ", dilation=" + std::to_string(n.intAttr("dilation")) +
                           ", groups=" + std::to_string(n.intAttr("groups")) +
                           ", bias=" + pyBool(n.boolAttr("bias")) + ")");
}

const std::vector<AttrSchema> convAttrs = {{"out_channels", I, true, 0}, {"kernel", I, true, 0},
                                           {"stride", I, false, 1},      {"padding", I, false, 0},
                                           {"dilation", I, false, 1},    {"groups", I, false, 1},
                                           {"bias", B, false, 0}};

template <int R> bool inferPool(const CandidateNode &n, const std::vector<Shape> &in, Shape &out,
                                std::string &error) {
  if (!needRank(n, in, 0, {R + 1}, error))
    return false;
  int64_t k = n.intAttr("kernel"), st = n.intAttr("stride"), p = n.intAttr("padding");
  if (k < 1 || st < 1 || p < 0 || 2 * p > k)
    return fail(error, "kernel, stride must be >= 1 and 0 <= padding <= kernel / 2");
  out = {in[0][0]};
  for (int i = 1; i <= R; ++i) {
    if (in[0][i] + 2 * p < k)
      return fail(error, "kernel larger than the padded input " + shapeString(in[0]));
    out.push_back((in[0][i] + 2 * p - k) / st + 1);
  }
  return true;
}

template <int R> int64_t poolFlops(const CandidateNode &n, const std::vector<Shape> &) {
  return elementCount(n.shape) * power(n.intAttr("kernel"), R);
}

template <int R> PyTorchSpelling maxPoolPyTorch(const PyTorchContext &p) {
  const CandidateNode &n = p.node;
  return moduleCall(p, "nn.MaxPool" + std::to_string(R) + "d(" +
                           std::to_string(n.intAttr("kernel")) +
                           ", stride=" + std::to_string(n.intAttr("stride")) +
                           ", padding=" + std::to_string(n.intAttr("padding")) + ")");
}

template <int R> PyTorchSpelling avgPoolPyTorch(const PyTorchContext &p) {
  const CandidateNode &n = p.node;
  return moduleCall(p, "nn.AvgPool" + std::to_string(R) + "d(" +
                           std::to_string(n.intAttr("kernel")) +
                           ", stride=" + std::to_string(n.intAttr("stride")) +
                           ", padding=" + std::to_string(n.intAttr("padding")) +
                           ", count_include_pad=" + pyBool(n.boolAttr("count_include_pad")) +
                           ")");
}

const std::vector<AttrSchema> maxPoolAttrs = {
    {"kernel", I, true, 0}, {"stride", I, false, kDefaultIsKernel}, {"padding", I, false, 0}};
const std::vector<AttrSchema> avgPoolAttrs = {{"kernel", I, true, 0},
                                              {"stride", I, false, kDefaultIsKernel},
                                              {"padding", I, false, 0},
                                              {"count_include_pad", B, false, 0}};

//===--- linear and normalizations ------------------------------------------===//

/// nn.Linear on the last dimension: `[F]` or `[C, F]`.
bool inferLinear(const CandidateNode &n, const std::vector<Shape> &in, Shape &out,
                 std::string &error) {
  if (!needRank(n, in, 0, {1, 2}, error))
    return false;
  if (n.intAttr("out_features") < 1)
    return fail(error, "out_features must be >= 1");
  out = in[0];
  out.back() = n.intAttr("out_features");
  return true;
}

int64_t linearParams(const CandidateNode &n, const std::vector<Shape> &in) {
  int64_t o = n.intAttr("out_features");
  return o * in[0].back() + (n.boolAttr("bias") ? o : 0);
}

int64_t linearFlops(const CandidateNode &n, const std::vector<Shape> &in) {
  return elementCount(n.shape) * (2 * in[0].back() + (n.boolAttr("bias") ? 1 : 0));
}

int64_t linearMacs(const CandidateNode &n, const std::vector<Shape> &in) {
  return elementCount(n.shape) * in[0].back();
}

PyTorchSpelling linearPyTorch(const PyTorchContext &p) {
  return moduleCall(p, "nn.Linear(" + std::to_string(p.inShapes[0].back()) + ", " +
                           std::to_string(p.node.intAttr("out_features")) +
                           ", bias=" + pyBool(p.node.boolAttr("bias")) + ")");
}

bool inferBatchNorm(const CandidateNode &n, const std::vector<Shape> &in, Shape &out,
                    std::string &error) {
  if (in[0].empty() || in[0].size() > 3)
    return fail(error, "input shape " + shapeString(in[0]) + ": expected [C, H, W], [C, L] or [F]");
  if (n.attr("eps") <= 0 || n.attr("momentum") < 0 || n.attr("momentum") > 1)
    return fail(error, "eps must be > 0 and momentum in [0, 1]");
  out = in[0];
  return true;
}

int64_t batchNormParams(const CandidateNode &n, const std::vector<Shape> &) {
  return n.boolAttr("affine") ? 2 * n.shape[0] : 0;
}

PyTorchSpelling batchNormPyTorch(const PyTorchContext &p) {
  const CandidateNode &n = p.node;
  return moduleCall(p, std::string(p.inShapes[0].size() == 3 ? "nn.BatchNorm2d(" : "nn.BatchNorm1d(") +
                           std::to_string(p.inShapes[0][0]) + ", eps=" + pyFloat(n.attr("eps")) +
                           ", momentum=" + pyFloat(n.attr("momentum")) +
                           ", affine=" + pyBool(n.boolAttr("affine")) + ")");
}

bool inferLayerNorm(const CandidateNode &n, const std::vector<Shape> &in, Shape &out,
                    std::string &error) {
  if (n.attr("eps") <= 0)
    return fail(error, "eps must be > 0");
  out = in[0];
  return true;
}

int64_t layerNormParams(const CandidateNode &n, const std::vector<Shape> &) {
  return n.boolAttr("affine") ? 2 * elementCount(n.shape) : 0;
}

PyTorchSpelling layerNormPyTorch(const PyTorchContext &p) {
  return moduleCall(p, "nn.LayerNorm(" + pyTuple(p.inShapes[0]) +
                           ", eps=" + pyFloat(p.node.attr("eps")) +
                           ", elementwise_affine=" + pyBool(p.node.boolAttr("affine")) + ")");
}

//===--- structure --------------------------------------------------------===//

bool inferInput(const CandidateNode &n, const std::vector<Shape> &, Shape &out, std::string &) {
  out = n.shape; // the reader checks it against the candidate's "input"
  return true;
}

/// Mean over every dimension after the channels: `[C, H, W]` or `[C, L]` to `[C]`.
bool inferGlobalAvgPool(const CandidateNode &n, const std::vector<Shape> &in, Shape &out,
                        std::string &error) {
  if (!needRank(n, in, 0, {2, 3}, error))
    return false;
  out = {in[0][0]};
  return true;
}

int64_t globalAvgPoolFlops(const CandidateNode &, const std::vector<Shape> &in) {
  return elementCount(in[0]);
}

PyTorchSpelling globalAvgPoolPyTorch(const PyTorchContext &p) {
  Shape dims;
  for (size_t d = 2; d <= p.inShapes[0].size(); ++d)
    dims.push_back((int64_t)d);
  return {"", inputOf(p) + ".mean(" + pyTuple(dims) + ")"};
}

bool inferAdd(const CandidateNode &, const std::vector<Shape> &in, Shape &out,
              std::string &error) {
  for (size_t k = 1; k < in.size(); ++k)
    if (in[k] != in[0])
      return fail(error, "input shapes differ: " + shapeString(in[0]) + " and " +
                             shapeString(in[k]));
  out = in[0];
  return true;
}

int64_t addFlops(const CandidateNode &n, const std::vector<Shape> &) {
  return ((int64_t)n.inputs.size() - 1) * elementCount(n.shape);
}

PyTorchSpelling addPyTorch(const PyTorchContext &p) {
  std::string call;
  for (size_t k = 0; k < p.args.size(); ++k)
    call += (k ? " + " : "") + p.args[k];
  return {"", call};
}

bool inferMul(const CandidateNode &, const std::vector<Shape> &in, Shape &out,
              std::string &error) {
  if (in[0] == in[1])
    out = in[0];
  else if (in[0].size() == 3 && in[1].size() == 1 && in[1][0] == in[0][0])
    out = in[0];
  else if (in[1].size() == 3 && in[0].size() == 1 && in[0][0] == in[1][0])
    out = in[1];
  else
    return fail(error, "cannot multiply shapes " + shapeString(in[0]) + " and " +
                           shapeString(in[1]));
  return true;
}

bool inferConcat(const CandidateNode &, const std::vector<Shape> &in, Shape &out,
                 std::string &error) {
  out = in[0];
  for (size_t k = 1; k < in.size(); ++k) {
    if (in[k].size() != out.size() || !std::equal(in[k].begin() + 1, in[k].end(), out.begin() + 1))
      return fail(error, "cannot concatenate " + shapeString(in[0]) + " and " +
                             shapeString(in[k]) + " on dim 1");
    out[0] += in[k][0];
  }
  return true;
}

PyTorchSpelling concatPyTorch(const PyTorchContext &p) {
  std::string call = "torch.cat([";
  for (size_t k = 0; k < p.args.size(); ++k)
    call += (k ? ", " : "") + p.args[k];
  return {"", call + "], 1)"};
}

bool inferZero(const CandidateNode &n, const std::vector<Shape> &in, Shape &out,
               std::string &error) {
  int64_t st = n.intAttr("stride");
  if (st < 1)
    return fail(error, "stride must be >= 1");
  // Channels may change (a "none" edge between different widths); spatial dims follow
  // x[:, :, ::stride, ::stride].
  out = in[0];
  if (n.shape.size() != out.size())
    return fail(error, "shape " + shapeString(n.shape) + " has not the rank of its input " +
                           shapeString(in[0]));
  out[0] = n.shape[0];
  if (out.size() == 3) {
    out[1] = (out[1] + st - 1) / st;
    out[2] = (out[2] + st - 1) / st;
  } else if (st != 1) {
    return fail(error, "stride " + std::to_string(st) + " needs a [C, H, W] input");
  }
  return true;
}

bool inferFlatten(const CandidateNode &, const std::vector<Shape> &in, Shape &out,
                  std::string &) {
  out = {elementCount(in[0])};
  return true;
}

bool inferDropout(const CandidateNode &n, const std::vector<Shape> &in, Shape &out,
                  std::string &error) {
  if (n.attr("p") < 0 || n.attr("p") >= 1)
    return fail(error, "p must be in [0, 1)");
  out = in[0];
  return true;
}

/// A layer spelled as a call on its input (`F.relu(x)`).
template <const char *Fn> PyTorchSpelling callOn(const PyTorchContext &p) {
  return {"", std::string(Fn) + "(" + inputOf(p) + ")"};
}
constexpr char kRelu[] = "F.relu", kGelu[] = "F.gelu", kSigmoid[] = "torch.sigmoid",
               kSilu[] = "F.silu", kHardswish[] = "F.hardswish", kTanh[] = "torch.tanh";

PyTorchSpelling passThrough(const PyTorchContext &p) { return {"", inputOf(p)}; }

} // namespace

const std::vector<LayerSchema> &layerTable() {
  // clang-format off
  static const std::vector<LayerSchema> table = {
    // kind, inputs (min, max), attributes, shape, params, FLOPs, PyTorch, MACs
    {"input", 0, 0, {}, inferInput, nullptr, nullptr, passThrough},
    {"conv1d", 1, 1, convAttrs, inferConv<1>, convParams<1>, convFlops<1>, convPyTorch<1>, convMacs<1>},
    {"conv2d", 1, 1, convAttrs, inferConv<2>, convParams<2>, convFlops<2>, convPyTorch<2>, convMacs<2>},
    {"linear", 1, 1, {{"out_features", I, true, 0}, {"bias", B, false, 1}},
     inferLinear, linearParams, linearFlops, linearPyTorch, linearMacs},
    {"batch_norm", 1, 1, {{"affine", B, false, 1}, {"eps", Fl, false, 1e-5}, {"momentum", Fl, false, 0.1}},
     inferBatchNorm, batchNormParams, twicePerElement, batchNormPyTorch},
    {"layer_norm", 1, 1, {{"affine", B, false, 1}, {"eps", Fl, false, 1e-5}},
     inferLayerNorm, layerNormParams, twicePerElement, layerNormPyTorch},
    {"relu", 1, 1, {}, sameAsInput, nullptr, outputElements, callOn<kRelu>},
    {"relu6", 1, 1, {}, sameAsInput, nullptr, outputElements,
     [](const PyTorchContext &p) { return PyTorchSpelling{"", "F.hardtanh(" + inputOf(p) + ", 0.0, 6.0)"}; }},
    {"gelu", 1, 1, {}, sameAsInput, nullptr, outputElements, callOn<kGelu>},
    {"sigmoid", 1, 1, {}, sameAsInput, nullptr, outputElements, callOn<kSigmoid>},
    {"silu", 1, 1, {}, sameAsInput, nullptr, outputElements, callOn<kSilu>},
    {"hardswish", 1, 1, {}, sameAsInput, nullptr, outputElements, callOn<kHardswish>},
    {"tanh", 1, 1, {}, sameAsInput, nullptr, outputElements, callOn<kTanh>},
    {"max_pool1d", 1, 1, maxPoolAttrs, inferPool<1>, nullptr, poolFlops<1>, maxPoolPyTorch<1>},
    {"max_pool2d", 1, 1, maxPoolAttrs, inferPool<2>, nullptr, poolFlops<2>, maxPoolPyTorch<2>},
    {"avg_pool1d", 1, 1, avgPoolAttrs, inferPool<1>, nullptr, poolFlops<1>, avgPoolPyTorch<1>},
    {"avg_pool2d", 1, 1, avgPoolAttrs, inferPool<2>, nullptr, poolFlops<2>, avgPoolPyTorch<2>},
    {"global_avg_pool", 1, 1, {}, inferGlobalAvgPool, nullptr, globalAvgPoolFlops, globalAvgPoolPyTorch},
    {"add", 1, -1, {}, inferAdd, nullptr, addFlops, addPyTorch},
    {"mul", 2, 2, {}, inferMul, nullptr, outputElements,
     [](const PyTorchContext &p) { return PyTorchSpelling{"", "_mul(" + p.args[0] + ", " + p.args[1] + ")"}; }},
    {"concat", 1, -1, {}, inferConcat, nullptr, nullptr, concatPyTorch},
    {"identity", 1, 1, {}, sameAsInput, nullptr, nullptr, passThrough},
    {"zero", 1, 1, {{"stride", I, false, 1}}, inferZero, nullptr, nullptr,
     [](const PyTorchContext &p) { return PyTorchSpelling{"", "_zeros(" + inputOf(p) + ", " + pyTuple(p.node.shape) + ")"}; }},
    {"flatten", 1, 1, {}, inferFlatten, nullptr, nullptr,
     [](const PyTorchContext &p) { return PyTorchSpelling{"", inputOf(p) + ".flatten(1)"}; }},
    {"dropout", 1, 1, {{"p", Fl, false, 0.5}}, inferDropout, nullptr, nullptr,
     [](const PyTorchContext &p) { return moduleCall(p, "nn.Dropout(p=" + pyFloat(p.node.attr("p")) + ")"); }},
    {"output", 1, 1, {}, sameAsInput, nullptr, nullptr, passThrough},
  };
  // clang-format on
  return table;
}

const LayerSchema *findLayer(const std::string &kind) {
  for (const LayerSchema &l : layerTable())
    if (kind == l.kind)
      return &l;
  return nullptr;
}

} // namespace layers
} // namespace nasir
