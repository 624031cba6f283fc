//===- Proxies.cpp - synflow, snip and naswot; nasir-train --proxy --------===//
#include "lib/Runtime/Proxies.h"
#include "lib/Layers/Json.h"
#include "lib/Runtime/TrainSupport.h"

#include <cmath>
#include <fstream>
#include <limits>

using json = nlohmann::json;
using nasir::layers::dumpJson;

namespace nasir {
namespace runtime {

const std::vector<std::string> &proxyNames() {
  static const std::vector<std::string> names = {"synflow", "snip", "naswot"};
  return names;
}

bool parseProxy(const std::string &name, Proxy &out) {
  const std::vector<std::string> &n = proxyNames();
  for (size_t i = 0; i < n.size(); ++i)
    if (n[i] == name) {
      out = (Proxy)i;
      return true;
    }
  return false;
}

const char *proxyName(Proxy p) { return proxyNames()[(size_t)p].c_str(); }

double synflowScore(CandidateNetImpl &net, const std::vector<int64_t> &input,
                    torch::Device dev) {
  net.eval();
  {
    torch::NoGradGuard ng;
    for (torch::Tensor &p : net.parameters())
      p.abs_();
  }
  // float64: the product over the layers overflows float32 in deep networks.
  net.to(torch::kFloat64);
  std::vector<int64_t> shape{1};
  shape.insert(shape.end(), input.begin(), input.end());
  torch::Tensor x = torch::ones(shape, torch::TensorOptions(dev).dtype(torch::kFloat64));
  net.zero_grad();
  net.forward(x).sum().backward();
  double score = 0;
  for (const torch::Tensor &p : net.parameters())
    if (p.grad().defined())
      score += (p * p.grad()).abs().sum().item<double>();
  return score;
}

double snipScore(CandidateNetImpl &net, const torch::Tensor &x, const torch::Tensor &y) {
  net.train();
  net.zero_grad();
  torch::nn::functional::cross_entropy(net.forward(x), y).backward();
  double score = 0;
  for (const torch::Tensor &p : net.parameters())
    if (p.dim() >= 2 && p.grad().defined())
      score += (p.grad() * p).abs().sum().item<double>();
  return score;
}

double naswotScore(CandidateNetImpl &net, const torch::Tensor &x) {
  int64_t n = x.size(0);
  torch::Tensor kernel =
      torch::zeros({n, n}, torch::TensorOptions(x.device()).dtype(torch::kFloat64));
  int64_t units = 0;
  net.setObserver([&](const CandidateNode &node, const torch::Tensor &out) {
    if (node.op != "relu" && node.op != "relu6")
      return;
    // Agreements of two codes, both on plus both off (= N_A - hamming):
    // c c' + (1 - c)(1 - c)' = 2 c c' - s 1' - 1 s' + N_A with s the rows'
    // sums: one product, in float32, exact for integers below 2^24.
    bool exact32 = out.flatten(1).size(1) < (int64_t(1) << 24);
    torch::Tensor code = (out.flatten(1) > 0).to(exact32 ? torch::kFloat32 : torch::kFloat64);
    torch::Tensor on = code.sum(1).to(torch::kFloat64).unsqueeze(1);
    kernel += 2 * code.mm(code.t()).to(torch::kFloat64) - on - on.t() + (double)code.size(1);
    units += code.size(1);
  });
  {
    torch::NoGradGuard ng;
    net.train();
    net.forward(x);
  }
  net.setObserver(nullptr);
  if (units == 0)
    throw TrainFailure("naswot needs ReLU units (relu or relu6 layers); the network has none");
  auto [sign, logdet] = torch::linalg::slogdet(kernel);
  if (sign.item<double>() <= 0)
    return -std::numeric_limits<double>::infinity();
  return logdet.item<double>();
}

double proxyScore(Proxy p, const Candidate &c, const torch::Tensor &x, const torch::Tensor &y,
                  uint64_t seed, torch::Device dev) {
  // The same initialization whatever the candidate's place in a batch of them.
  torch::manual_seed(seed);
  CandidateNet net(c);
  net->to(dev);
  switch (p) {
  case Proxy::Synflow:
    return synflowScore(*net, c.input, dev);
  case Proxy::Snip:
    return snipScore(*net, x, y);
  case Proxy::Naswot:
    return naswotScore(*net, x);
  }
  return 0;
}

namespace {

/// The candidate files of --candidates LIST (one path a line).
std::vector<std::string> readCandidateList(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw TrainFailure("--candidates " + path + ": cannot read the file");
  std::vector<std::string> paths;
  std::string line;
  int64_t lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (line.empty())
      throw TrainFailure(path + ":" + std::to_string(lineNo) +
                         ": an empty line (one candidate file per line)");
    paths.push_back(line);
  }
  if (paths.empty())
    throw TrainFailure("--candidates " + path + ": no candidate file listed");
  return paths;
}

/// One candidate's JSON line.
json scoreOne(Proxy p, const std::string &path, const Dataset &ds, const torch::Tensor &x,
              const torch::Tensor &y, const TrainOptions &o, torch::Device dev) {
  auto t0 = Clock::now();
  json out;
  std::string stage = "candidate";
  try {
    Candidate c;
    std::string err;
    if (!loadCandidateFile(path, c, err))
      throw TrainFailure(err);
    if (!checkCandidateFitsDataset(c, ds.info, err))
      throw TrainFailure(err);
    stage = "proxy";
    double score = proxyScore(p, c, asInput(x, c.input), y, o.seed, dev);
    out = {{"status", "ok"}, {"proxy", proxyName(p)}};
    if (std::isfinite(score)) {
      out["score"] = score;
    } else {
      out["score"] = nullptr; // JSON has no -inf: the lowest score there is
      out["singular"] = true;
    }
    out["params"] = countParameters(c);
    out["flops"] = countFlops(c);
  } catch (...) {
    out = {{"status", "failed"},
           {"proxy", proxyName(p)},
           {"reason", currentFailureReason()},
           {"stage", stage}};
  }
  out["candidate"] = path;
  out["seconds"] = secondsSince(t0);
  return out;
}

} // namespace

int scoreProxies(const TrainOptions &o, std::ostream &os) {
  Proxy p;
  if (!parseProxy(o.proxy, p)) { // parseTrainArgs checked the choice
    os << dumpJson({{"status", "failed"}, {"stage", "args"},
                    {"reason", "unknown proxy '" + o.proxy + "'"}})
       << std::endl;
    return 1;
  }
  std::string stage = "setup";
  std::vector<std::string> paths;
  Dataset ds;
  torch::Tensor x, y;
  torch::Device dev = torch::kCPU;
  try {
    paths = o.candidateList.empty() ? std::vector<std::string>{o.candidatePath}
                                    : readCandidateList(o.candidateList);
    configureProcess(o.threads);
    dev = chooseDevice(o);
    stage = "data";
    ds = loadDataset(o.data, o.valFraction, o.testFraction);
    if (ds.train.size() == 0)
      throw TrainFailure("the training split is empty");
    // One batch: the first --batch-size samples of a shuffle under --seed.
    std::mt19937_64 rng(o.seed);
    std::vector<int64_t> perm = shuffledIndices(ds.train.size(), rng);
    int64_t b = std::min<int64_t>(o.batchSize, ds.train.size());
    std::tie(x, y) = fetchBatch(ds.train, perm, 0, b, {}, dev);
    x = x.to(dev);
    y = y.to(dev);
  } catch (...) {
    os << dumpJson({{"status", "failed"},
                    {"proxy", o.proxy},
                    {"stage", stage},
                    {"reason", currentFailureReason()}})
       << std::endl;
    return 1;
  }
  bool allOk = true;
  for (const std::string &path : paths) {
    json line = scoreOne(p, path, ds, x, y, o, dev);
    allOk = allOk && line["status"] == "ok";
    os << dumpJson(line) << std::endl;
  }
  return allOk ? 0 : 1;
}

} // namespace runtime
} // namespace nasir
