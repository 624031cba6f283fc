//===- ForwardTool.cpp - nasir-forward: the runtime's reference outputs ---===//
//
//   nasir-forward CANDIDATE.json (--load W.pt | --save-init W.pt) --batch N
//                 --seed S --input IN.f32 --output OUT.f32
//   nasir-forward --layers
//
// Builds the LibTorch model of a candidate exactly as nasir-train does, with
// trained weights (--load) or fresh ones (--save-init writes them, after a
// few training-mode passes so batch-norm statistics are not trivial), runs
// one eval-mode forward pass on a seeded random batch and writes the input
// and the output as raw little-endian float32. The export test compares an
// exported PyTorch module against these numbers. `--layers` lists the kinds of
// the layer table (lib/Layers), one a line, for the parity test to cover.
//
//===----------------------------------------------------------------------===//
#include "lib/Layers/Layers.h"
#include "lib/Runtime/Internal.h"
#include <fstream>
#include <iostream>

using namespace nasir::runtime;

static void writeRaw(const std::string &path, torch::Tensor t) {
  t = t.contiguous().to(torch::kFloat32);
  std::ofstream os(path, std::ios::binary);
  os.write((const char *)t.data_ptr<float>(), t.numel() * sizeof(float));
}

int main(int argc, char **argv) {
  std::string cand, load, saveInit, in, out;
  int64_t batch = 4, seed = 0;
  if (argc == 2 && std::string(argv[1]) == "--layers") {
    for (const auto &l : nasir::layers::layerTable())
      std::cout << l.kind << "\n";
    return 0;
  }
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--load")
      load = next();
    else if (a == "--save-init")
      saveInit = next();
    else if (a == "--input")
      in = next();
    else if (a == "--output")
      out = next();
    else if (a == "--batch")
      batch = std::stoll(next());
    else if (a == "--seed")
      seed = std::stoll(next());
    else
      cand = a;
  }
  if (cand.empty() || in.empty() || out.empty() || load.empty() == saveInit.empty()) {
    std::cerr << "usage: nasir-forward CANDIDATE.json (--load W.pt | --save-init W.pt) "
                 "[--batch N] [--seed S] --input IN.f32 --output OUT.f32\n"
                 "       nasir-forward --layers\n";
    return 2;
  }
  try {
    Candidate c;
    std::string error;
    if (!loadCandidateFile(cand, c, error)) {
      std::cerr << "error: " << error << "\n";
      return 1;
    }
    torch::manual_seed(seed);
    CandidateNet net(c);
    std::vector<int64_t> shape{batch};
    shape.insert(shape.end(), c.input.begin(), c.input.end());
    if (!load.empty()) {
      torch::load(net, load);
    } else {
      net->train();
      torch::NoGradGuard g;
      for (int k = 0; k < 3; ++k)
        net->forward(torch::randn(shape) * 2 + 0.5);
      torch::save(net, saveInit);
    }
    net->eval();
    torch::NoGradGuard g;
    torch::Tensor x = torch::randn(shape);
    torch::Tensor y = net->forward(x);
    writeRaw(in, x);
    writeRaw(out, y);
    std::cout << "input " << x.sizes() << " output " << y.sizes() << "\n";
  } catch (const std::exception &e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
