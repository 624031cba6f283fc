//===- Data.cpp - dataset loaders (IDX, CIFAR binary, digits, CSV) --------===//
#include "lib/Runtime/Internal.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <sstream>
#include <sys/stat.h>

#ifndef NASIR_SOURCE_DIR
#define NASIR_SOURCE_DIR "."
#endif

namespace nasir {
namespace runtime {

namespace {

[[noreturn]] void fail(const std::string &msg) { throw std::runtime_error(msg); }

bool fileExists(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

int64_t fileSize(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 ? (int64_t)st.st_size : -1;
}

std::string findFile(const std::string &dir, const std::vector<std::string> &names,
                     const std::string &what) {
  for (const auto &n : names) {
    std::string p = dir + "/" + n;
    if (fileExists(p))
      return p;
  }
  std::string tried;
  for (const auto &n : names)
    tried += (tried.empty() ? "" : ", ") + dir + "/" + n;
  fail("missing " + what + ": none of " + tried + " exists");
}

std::string idxPath(const std::string &dir, const std::string &base, const std::string &what) {
  return findFile(dir, {base, base + ".gz"}, what);
}

torch::Tensor normalizeImages(const torch::Tensor &u8, const std::vector<double> &mean,
                              const std::vector<double> &stdv) {
  torch::Tensor x = u8.to(torch::kFloat32).div_(255.0);
  int64_t c = x.size(1);
  auto m = torch::tensor(std::vector<float>(mean.begin(), mean.end())).view({1, c, 1, 1});
  auto s = torch::tensor(std::vector<float>(stdv.begin(), stdv.end())).view({1, c, 1, 1});
  return x.sub_(m).div_(s).contiguous();
}

/// The fixed normalization of the image datasets: per channel, on pixels / 255.
void setImageNormalization(const std::string &kind, DatasetInfo &d) {
  d.inputScale = 255;
  if (kind == "mnist" || kind == "fashion-mnist") {
    d.inputMean = {kind == "mnist" ? 0.1307 : 0.2860};
    d.inputStd = {kind == "mnist" ? 0.3081 : 0.3530};
    d.rawFormat = "IDX images: uint8 pixels 0..255, each sample 1x28x28";
  } else if (kind == "cifar100") {
    d.inputMean = {0.5071, 0.4865, 0.4409};
    d.inputStd = {0.2673, 0.2564, 0.2762};
    d.rawFormat = "CIFAR-100 binary: uint8 pixels 0..255, each sample 3x32x32 (channels first)";
  } else {
    d.inputMean = {0.4914, 0.4822, 0.4465};
    d.inputStd = {0.2470, 0.2435, 0.2616};
    d.rawFormat = "CIFAR-10 binary: uint8 pixels 0..255, each sample 3x32x32 (channels first)";
  }
}

struct Spec {
  std::string kind, arg, label;
};

Spec parseSpec(const std::string &spec) {
  Spec s;
  auto colon = spec.find(':');
  s.kind = spec.substr(0, colon);
  if (colon != std::string::npos)
    s.arg = spec.substr(colon + 1);
  if (s.kind == "csv") {
    auto l = s.arg.rfind(":label=");
    if (l != std::string::npos) {
      s.label = s.arg.substr(l + 7);
      s.arg = s.arg.substr(0, l);
    }
    if (s.arg.empty())
      fail("dataset spec \"" + spec + "\": expected csv:FILE[:label=NAME]");
  } else if ((s.kind == "cifar10" || s.kind == "cifar100") && s.arg.empty()) {
    fail("dataset spec \"" + spec + "\": expected " + s.kind +
         ":DIR (the folder of the CIFAR binary version)");
  } else if (s.kind != "mnist" && s.kind != "fashion-mnist" && s.kind != "cifar10" &&
             s.kind != "cifar100" && s.kind != "digits") {
    fail("unknown dataset spec \"" + spec +
         "\": expected mnist[:DIR], fashion-mnist[:DIR], cifar10:DIR, cifar100:DIR, "
         "digits[:FILE] or csv:FILE[:label=NAME]");
  }
  return s;
}

std::string imageDir(const Spec &s) {
  if (!s.arg.empty())
    return s.arg;
  if (s.kind == "mnist")
    return defaultDataDir() + "/mnist";
  return "/usr/share/datasets/fashion-mnist";
}

const char *kDigitsFile = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";

std::vector<std::string> cifarFiles(const std::string &dir0, bool c100, bool train) {
  std::string dir = dir0;
  std::string sub = dir0 + (c100 ? "/cifar-100-binary" : "/cifar-10-batches-bin");
  if (!fileExists(dir + (c100 ? "/train.bin" : "/data_batch_1.bin")) &&
      fileExists(sub + (c100 ? "/train.bin" : "/data_batch_1.bin")))
    dir = sub;
  std::vector<std::string> r;
  if (c100) {
    r.push_back(findFile(dir, {train ? "train.bin" : "test.bin"}, "CIFAR-100 binary file"));
  } else if (train) {
    for (int i = 1; i <= 5; ++i)
      r.push_back(findFile(dir, {"data_batch_" + std::to_string(i) + ".bin"},
                           "CIFAR-10 binary batch"));
  } else {
    r.push_back(findFile(dir, {"test_batch.bin"}, "CIFAR-10 binary batch"));
  }
  return r;
}

/// Fixed-seed permutation of [0, n).
std::vector<int64_t> permutation(int64_t n, uint64_t seed) {
  std::vector<int64_t> p(n);
  std::iota(p.begin(), p.end(), 0);
  std::mt19937_64 rng(seed);
  for (int64_t i = n - 1; i > 0; --i) {
    int64_t j = (int64_t)(rng() % (uint64_t)(i + 1));
    std::swap(p[i], p[j]);
  }
  return p;
}

torch::Tensor indexTensor(const std::vector<int64_t> &idx, size_t from, size_t to) {
  return torch::tensor(std::vector<int64_t>(idx.begin() + from, idx.begin() + to), torch::kInt64);
}

} // namespace

std::string defaultDataDir() {
  const char *e = getenv("NASIR_DATA_DIR");
  if (e && *e)
    return e;
  return std::string(NASIR_SOURCE_DIR) + "/.data";
}

torch::Tensor readIdx(const std::string &path, int expectedDims, uint64_t maxDataBytes) {
  IdxArray a = readIdxFile(path, expectedDims, maxDataBytes);
  auto t = torch::empty(a.dims, torch::kUInt8);
  std::memcpy(t.data_ptr<uint8_t>(), a.data.data(), a.data.size());
  return t;
}

bool datasetInfo(const std::string &specText, DatasetInfo &out, std::string &error,
                 double testFraction) {
  try {
    Spec s = parseSpec(specText);
    DatasetInfo d;
    d.name = s.kind;
    if (s.kind == "mnist" || s.kind == "fashion-mnist") {
      std::string dir = imageDir(s);
      std::string ti = idxPath(dir, "train-images-idx3-ubyte", "training images");
      std::string te = idxPath(dir, "t10k-images-idx3-ubyte", "test images");
      auto h1 = readIdxDims(ti, 3, kMnistTrainImages * kMnistPixels);
      auto h2 = readIdxDims(te, 3, kMnistTestImages * kMnistPixels);
      d.shape = {1, h1[1], h1[2]};
      d.numClasses = 10;
      d.trainSize = h1[0];
      d.testSize = h2[0];
      d.source = dir;
      setImageNormalization(s.kind, d);
    } else if (s.kind == "cifar10" || s.kind == "cifar100") {
      bool c100 = s.kind == "cifar100";
      int64_t rec = (c100 ? 2 : 1) + 3072;
      for (const auto &f : cifarFiles(s.arg, c100, true))
        d.trainSize += fileSize(f) / rec;
      for (const auto &f : cifarFiles(s.arg, c100, false))
        d.testSize += fileSize(f) / rec;
      d.shape = {3, 32, 32};
      d.numClasses = c100 ? 100 : 10;
      d.source = s.arg;
      setImageNormalization(s.kind, d);
    } else {
      Dataset ds = loadDataset(specText, 0.0, testFraction);
      d = ds.info;
    }
    out = d;
    return true;
  } catch (const std::exception &e) {
    error = e.what();
    return false;
  }
}

Dataset loadDataset(const std::string &specText, double valFraction, double testFraction,
                    uint64_t splitSeed) {
  if (valFraction < 0 || valFraction >= 1)
    fail("validation fraction must be in [0, 1)");
  if (testFraction < 0 || testFraction >= 1)
    fail("test fraction must be in [0, 1)");
  Spec s = parseSpec(specText);
  Dataset ds;
  ds.info.name = s.kind;
  torch::Tensor trainX, trainY, testX, testY;
  if (s.kind == "mnist" || s.kind == "fashion-mnist") {
    std::string dir = imageDir(s);
    ds.info.source = dir;
    // No file holds more than the official one: that bounds what a gzip bomb inflates to.
    auto load = [&](const std::string &img, const std::string &lab, uint64_t images,
                    torch::Tensor &x, torch::Tensor &y) {
      std::string ip = idxPath(dir, img, "images"), lp = idxPath(dir, lab, "labels");
      torch::Tensor xi = readIdx(ip, 3, images * kMnistPixels), yl = readIdx(lp, 1, images);
      if (xi.size(0) != yl.size(0))
        fail(ip + " has " + std::to_string(xi.size(0)) + " images but " + lp + " has " +
             std::to_string(yl.size(0)) + " labels");
      if (yl.numel() && yl.max().item<int64_t>() >= 10)
        fail(lp + ": label " + std::to_string(yl.max().item<int64_t>()) + " is not in 0..9");
      x = xi.unsqueeze(1);
      y = yl.to(torch::kInt64);
    };
    load("train-images-idx3-ubyte", "train-labels-idx1-ubyte", kMnistTrainImages, trainX, trainY);
    load("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", kMnistTestImages, testX, testY);
    if (trainX.sizes().slice(1) != testX.sizes().slice(1))
      fail(dir + ": training and test images differ in size");
    setImageNormalization(s.kind, ds.info);
    trainX = normalizeImages(trainX, ds.info.inputMean, ds.info.inputStd);
    testX = normalizeImages(testX, ds.info.inputMean, ds.info.inputStd);
    ds.info.numClasses = 10;
  } else if (s.kind == "cifar10" || s.kind == "cifar100") {
    bool c100 = s.kind == "cifar100";
    int64_t classes = c100 ? 100 : 10;
    ds.info.source = s.arg;
    auto load = [&](bool train, torch::Tensor &x, torch::Tensor &y) {
      std::vector<uint8_t> img;
      std::vector<int64_t> lab;
      int64_t records = c100 && train ? kCifar100TrainRecords : kCifarBatchRecords;
      for (const auto &f : cifarFiles(s.arg, c100, train))
        readCifarFile(f, c100 ? 2 : 1, classes, records, img, lab);
      x = torch::from_blob(img.data(), {(int64_t)lab.size(), 3, 32, 32}, torch::kUInt8).clone();
      y = torch::tensor(lab, torch::kInt64);
    };
    load(true, trainX, trainY);
    load(false, testX, testY);
    setImageNormalization(s.kind, ds.info);
    trainX = normalizeImages(trainX, ds.info.inputMean, ds.info.inputStd);
    testX = normalizeImages(testX, ds.info.inputMean, ds.info.inputStd);
    ds.info.numClasses = classes;
  } else { // digits, csv: one table, a fixed-seed test split, standardized from the train part
    bool digits = s.kind == "digits";
    std::string path = digits ? (s.arg.empty() ? kDigitsFile : s.arg) : s.arg;
    ds.info.source = path;
    CsvTable t = readCsvFile(path, s.label);
    int64_t n = (int64_t)t.y.size();
    if (digits && t.features != 64)
      fail(path + ": digits rows have 64 pixels and a label, found " +
           std::to_string(t.features) + " features");
    int64_t classes = *std::max_element(t.y.begin(), t.y.end()) + 1;
    torch::Tensor x = torch::tensor(t.x, torch::kFloat64).view({n, t.features});
    torch::Tensor y = torch::tensor(t.y, torch::kInt64);
    auto perm = permutation(n, splitSeed ^ 0x7e57u);
    int64_t nTest = (int64_t)std::llround(testFraction * n);
    if (testFraction > 0 && nTest == 0)
      nTest = 1;
    if (nTest >= n)
      fail(path + ": too few rows (" + std::to_string(n) + ") for a test split");
    auto ti = indexTensor(perm, 0, nTest), tr = indexTensor(perm, nTest, n);
    testX = x.index_select(0, ti);
    testY = y.index_select(0, ti);
    trainX = x.index_select(0, tr);
    trainY = y.index_select(0, tr);
    if (digits) { // one scalar mean/std over all pixels of the training part
      double m = trainX.mean().item<double>(), sd = trainX.std().item<double>();
      trainX = ((trainX - m) / sd).view({-1, 1, 8, 8});
      testX = ((testX - m) / sd).view({-1, 1, 8, 8});
      ds.info.inputMean = {m};
      ds.info.inputStd = {sd};
      ds.info.rawFormat = "digits CSV rows: 64 pixels 0..16 (8x8), then the label";
    } else { // per-feature standardization
      auto m = trainX.mean(0, true), sd = trainX.std(0, true, true).clamp_min(1e-12);
      trainX = (trainX - m) / sd;
      testX = (testX - m) / sd;
      auto values = [](const torch::Tensor &t) {
        torch::Tensor c = t.reshape({-1}).contiguous();
        return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
      };
      ds.info.inputMean = values(m);
      ds.info.inputStd = values(sd);
      ds.info.rawFormat = "CSV rows: the feature columns in file order, without the label";
    }
    ds.info.inputScale = 1;
    trainX = trainX.to(torch::kFloat32).contiguous();
    testX = testX.to(torch::kFloat32).contiguous();
    ds.info.numClasses = classes;
  }
  ds.info.shape = std::vector<int64_t>(trainX.sizes().begin() + 1, trainX.sizes().end());
  ds.info.trainSize = trainX.size(0);
  ds.info.testSize = testX.size(0);
  int64_t n = trainX.size(0);
  int64_t nVal = (int64_t)std::llround(valFraction * n);
  if (nVal >= n)
    fail(ds.info.source + ": too few training samples (" + std::to_string(n) +
         ") for a validation split");
  auto perm = permutation(n, splitSeed);
  auto vi = indexTensor(perm, 0, nVal), ti = indexTensor(perm, nVal, n);
  ds.val = {trainX.index_select(0, vi), trainY.index_select(0, vi)};
  ds.train = {trainX.index_select(0, ti), trainY.index_select(0, ti)};
  ds.test = {testX, testY};
  return ds;
}

} // namespace runtime
} // namespace nasir
