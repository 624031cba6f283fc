// Dataset loaders on small files the test writes itself: IDX (plain and gzip), CIFAR binary,
// CSV; and their errors (bad magic, truncated, missing files).
#include "lib/Runtime/Internal.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace nasir::runtime;

namespace {

std::string tempDir(const std::string &name) {
  std::string d = ::testing::TempDir() + "nasir-data-" + name + "-" + std::to_string(getpid());
  mkdir(d.c_str(), 0755);
  return d;
}

void put32(std::vector<uint8_t> &b, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8)
    b.push_back((uint8_t)(v >> s));
}

std::vector<uint8_t> idxImages(int n, int h, int w, int seed) {
  std::vector<uint8_t> b;
  put32(b, 0x803);
  put32(b, n);
  put32(b, h);
  put32(b, w);
  for (int i = 0; i < n * h * w; ++i)
    b.push_back((uint8_t)((i * 7 + seed) % 256));
  return b;
}

std::vector<uint8_t> idxLabels(int n) {
  std::vector<uint8_t> b;
  put32(b, 0x801);
  put32(b, n);
  for (int i = 0; i < n; ++i)
    b.push_back((uint8_t)(i % 10));
  return b;
}

void writeFile(const std::string &p, const std::vector<uint8_t> &b, bool gz = false) {
  if (gz) {
    gzFile f = gzopen(p.c_str(), "wb");
    gzwrite(f, b.data(), (unsigned)b.size());
    gzclose(f);
    return;
  }
  std::ofstream o(p, std::ios::binary);
  o.write((const char *)b.data(), (std::streamsize)b.size());
}

void writeText(const std::string &p, const std::string &t) {
  std::ofstream o(p);
  o << t;
}

std::string errorOf(const std::function<void()> &f) {
  try {
    f();
  } catch (const std::exception &e) {
    return e.what();
  }
  return "(no error)";
}

void writeMnistDir(const std::string &d, bool gz) {
  std::string ext = gz ? ".gz" : "";
  writeFile(d + "/train-images-idx3-ubyte" + ext, idxImages(50, 6, 5, 1), gz);
  writeFile(d + "/train-labels-idx1-ubyte" + ext, idxLabels(50), gz);
  writeFile(d + "/t10k-images-idx3-ubyte" + ext, idxImages(20, 6, 5, 3), gz);
  writeFile(d + "/t10k-labels-idx1-ubyte" + ext, idxLabels(20), gz);
}

} // namespace

TEST(Data, IdxPlainAndGzip) {
  for (bool gz : {false, true}) {
    std::string d = tempDir(gz ? "idxgz" : "idx");
    writeMnistDir(d, gz);
    Dataset ds = loadDataset((gz ? "fashion-mnist:" : "mnist:") + d, 0.2, 0.0);
    EXPECT_EQ(ds.info.shape, (std::vector<int64_t>{1, 6, 5}));
    EXPECT_EQ(ds.info.numClasses, 10);
    EXPECT_EQ(ds.train.size(), 40);
    EXPECT_EQ(ds.val.size(), 10);
    EXPECT_EQ(ds.test.size(), 20);
    EXPECT_EQ(ds.train.x.sizes(), (std::vector<int64_t>{40, 1, 6, 5}));
    // test set keeps its order: image 0's first pixel is (0*7+3)%256 = 3, label 0
    float mean = gz ? 0.2860f : 0.1307f, sd = gz ? 0.3530f : 0.3081f;
    EXPECT_NEAR(ds.test.x[0][0][0][0].item<float>(), (3 / 255.0f - mean) / sd, 1e-5);
    EXPECT_NEAR(ds.test.x[0][0][0][1].item<float>(), (10 / 255.0f - mean) / sd, 1e-5);
    EXPECT_EQ(ds.test.y[13].item<int64_t>(), 3);
    // train/val split is a partition of the 50 training images
    auto all = torch::cat({ds.train.y, ds.val.y});
    EXPECT_EQ(all.sum().item<int64_t>(), 225);
    DatasetInfo info;
    std::string err;
    ASSERT_TRUE(datasetInfo((gz ? "fashion-mnist:" : "mnist:") + d, info, err)) << err;
    EXPECT_EQ(info.trainSize, 50);
    EXPECT_EQ(info.testSize, 20);
    EXPECT_EQ(info.shape, (std::vector<int64_t>{1, 6, 5}));
  }
}

TEST(Data, SplitIsFixedSeed) {
  std::string d = tempDir("split");
  writeMnistDir(d, false);
  Dataset a = loadDataset("mnist:" + d, 0.3, 0.0), b = loadDataset("mnist:" + d, 0.3, 0.0);
  EXPECT_TRUE(torch::equal(a.val.x, b.val.x));
  EXPECT_TRUE(torch::equal(a.train.y, b.train.y));
}

TEST(Data, IdxErrors) {
  std::string d = tempDir("idxbad");
  auto img = idxImages(10, 4, 4, 0);
  img[3] = 0x01; // labels magic in an images file
  writeFile(d + "/bad-magic", img);
  EXPECT_NE(errorOf([&] { readIdx(d + "/bad-magic", 3); })
                .find("bad IDX magic number 0x00000801, expected 0x00000803"),
            std::string::npos);
  auto tr = idxImages(10, 4, 4, 0);
  tr.resize(tr.size() - 5);
  writeFile(d + "/truncated.gz", tr, true);
  std::string e = errorOf([&] { readIdx(d + "/truncated.gz", 3); });
  EXPECT_NE(e.find(d + "/truncated.gz: truncated"), std::string::npos) << e;
  EXPECT_NE(e.find("160 bytes of data"), std::string::npos) << e;
  writeFile(d + "/short", {0, 0});
  EXPECT_NE(errorOf([&] { readIdx(d + "/short", 1); }).find("not an IDX file"), std::string::npos);
  e = errorOf([&] { loadDataset("mnist:" + d, 0.1, 0.0); });
  EXPECT_NE(e.find("missing images: none of " + d + "/train-images-idx3-ubyte"),
            std::string::npos)
      << e;
  // count mismatch between images and labels
  std::string m = tempDir("idxcount");
  writeMnistDir(m, false);
  writeFile(m + "/train-labels-idx1-ubyte", idxLabels(49));
  e = errorOf([&] { loadDataset("mnist:" + m, 0.1, 0.0); });
  EXPECT_NE(e.find("has 50 images but"), std::string::npos) << e;
  EXPECT_NE(errorOf([&] { loadDataset("imagenet", 0.1, 0.0); }).find("unknown dataset spec"),
            std::string::npos);
}

TEST(Data, Cifar10And100) {
  std::string d = tempDir("cifar10");
  auto record = [](int label, int fine, int bytes, int seed) {
    std::vector<uint8_t> r;
    if (bytes == 2)
      r.push_back((uint8_t)label);
    r.push_back((uint8_t)fine);
    for (int i = 0; i < 3072; ++i)
      r.push_back((uint8_t)((i + seed) % 256));
    return r;
  };
  for (int b = 1; b <= 5; ++b) {
    std::vector<uint8_t> f;
    for (int i = 0; i < 4; ++i) {
      auto r = record(0, (b + i) % 10, 1, b * 10 + i);
      f.insert(f.end(), r.begin(), r.end());
    }
    writeFile(d + "/data_batch_" + std::to_string(b) + ".bin", f);
  }
  auto t = record(0, 7, 1, 0);
  writeFile(d + "/test_batch.bin", t);
  Dataset ds = loadDataset("cifar10:" + d, 0.25, 0.0);
  EXPECT_EQ(ds.info.shape, (std::vector<int64_t>{3, 32, 32}));
  EXPECT_EQ(ds.train.size() + ds.val.size(), 20);
  EXPECT_EQ(ds.val.size(), 5);
  EXPECT_EQ(ds.test.y[0].item<int64_t>(), 7);
  // channel 1 (green) of the test image starts at byte 1024: value 1024 % 256 = 0
  EXPECT_NEAR(ds.test.x[0][1][0][0].item<float>(), (0 - 0.4822f) / 0.2435f, 1e-5);
  EXPECT_NEAR(ds.test.x[0][0][0][5].item<float>(), (5 / 255.0f - 0.4914f) / 0.2470f, 1e-5);
  DatasetInfo info;
  std::string err;
  ASSERT_TRUE(datasetInfo("cifar10:" + d, info, err)) << err;
  EXPECT_EQ(info.trainSize, 20);
  EXPECT_EQ(info.testSize, 1);

  std::string c = tempDir("cifar100");
  std::vector<uint8_t> tr;
  for (int i = 0; i < 6; ++i) {
    auto r = record(i % 20, 90 + i, 2, i);
    tr.insert(tr.end(), r.begin(), r.end());
  }
  writeFile(c + "/train.bin", tr);
  writeFile(c + "/test.bin", record(3, 42, 2, 0));
  Dataset d100 = loadDataset("cifar100:" + c, 0.0, 0.0);
  EXPECT_EQ(d100.info.numClasses, 100);
  EXPECT_EQ(d100.test.y[0].item<int64_t>(), 42); // the fine label
  // truncated record
  tr.resize(tr.size() - 1);
  writeFile(c + "/train.bin", tr);
  std::string e = errorOf([&] { loadDataset("cifar100:" + c, 0.0, 0.0); });
  EXPECT_NE(e.find(c + "/train.bin: size"), std::string::npos) << e;
  EXPECT_NE(e.find("3074-byte CIFAR record"), std::string::npos) << e;
  // label out of range
  writeFile(d + "/test_batch.bin", record(0, 11, 1, 0));
  e = errorOf([&] { loadDataset("cifar10:" + d, 0.1, 0.0); });
  EXPECT_NE(e.find("has label 11, expected < 10"), std::string::npos) << e;
  e = errorOf([&] { loadDataset("cifar10:/nonexistent", 0.1, 0.0); });
  EXPECT_NE(e.find("/nonexistent/data_batch_1.bin"), std::string::npos) << e;
}

TEST(Data, CsvAndDigits) {
  std::string d = tempDir("csv");
  std::string text = "a,b,kind\n";
  for (int i = 0; i < 40; ++i)
    text += std::to_string(i) + "," + std::to_string(2 * i + 1) + "," + std::to_string(i % 3) +
            "\n";
  writeText(d + "/t.csv", text);
  Dataset ds = loadDataset("csv:" + d + "/t.csv", 0.25, 0.25);
  EXPECT_EQ(ds.info.shape, (std::vector<int64_t>{2}));
  EXPECT_EQ(ds.info.numClasses, 3);
  EXPECT_EQ(ds.test.size(), 10);
  EXPECT_EQ(ds.val.size() + ds.train.size(), 30);
  // standardized with the training part's statistics: mean ~0 over train+val
  auto tv = torch::cat({ds.train.x, ds.val.x});
  EXPECT_NEAR(tv.mean(0)[0].item<float>(), 0.0, 1e-5);
  // label column by name (the first column here, values 0..39 -> 40 classes)
  Dataset byName = loadDataset("csv:" + d + "/t.csv:label=a", 0.0, 0.0);
  EXPECT_EQ(byName.info.numClasses, 40);
  std::string e = errorOf([&] { loadDataset("csv:" + d + "/t.csv:label=zz", 0.0, 0.0); });
  EXPECT_NE(e.find("no column named \"zz\""), std::string::npos) << e;
  writeText(d + "/bad.csv", "1,2,0\n3,4\n");
  e = errorOf([&] { loadDataset("csv:" + d + "/bad.csv", 0.0, 0.0); });
  EXPECT_NE(e.find(d + "/bad.csv:2: expected 3 fields, got 2"), std::string::npos) << e;
  writeText(d + "/lab.csv", "1,2,0.5\n3,4,1\n");
  e = errorOf([&] { loadDataset("csv:" + d + "/lab.csv", 0.0, 0.0); });
  EXPECT_NE(e.find("is not a non-negative integer"), std::string::npos) << e;

  // sklearn digits (python3-sklearn ships it); skip if absent
  const char *digits = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";
  if (access(digits, R_OK) == 0) {
    Dataset dg = loadDataset("digits", 0.1, 0.2);
    EXPECT_EQ(dg.info.shape, (std::vector<int64_t>{1, 8, 8}));
    EXPECT_EQ(dg.info.numClasses, 10);
    EXPECT_EQ(dg.train.size() + dg.val.size() + dg.test.size(), 1797);
  }
}

namespace {
std::vector<uint8_t> gz(const std::vector<uint8_t> &b) {
  uLongf n = compressBound(b.size()) + 32;
  std::vector<uint8_t> out(n);
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  zs.next_in = const_cast<Bytef *>(b.data());
  zs.avail_in = (uInt)b.size();
  zs.next_out = out.data();
  zs.avail_out = (uInt)out.size();
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}
std::vector<uint8_t> cat(std::vector<uint8_t> a, const std::vector<uint8_t> &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
} // namespace

// The byte-level readers (DataFiles.h): gzip as gzip(1) reads it, and the limits.
TEST(Data, FileContentAndLimits) {
  std::vector<uint8_t> abc = {'a', 'b', 'c'}, de = {'d', 'e'};
  EXPECT_EQ(fileContent(abc, "f", 10), abc);
  EXPECT_EQ(fileContent(abc, "f", 2), (std::vector<uint8_t>{'a', 'b'}));
  EXPECT_EQ(fileContent(gz(abc), "f", 10), abc);
  // Concatenated members; bytes after the last member are ignored.
  EXPECT_EQ(fileContent(cat(gz(abc), gz(de)), "f", 10), cat(abc, de));
  EXPECT_EQ(fileContent(cat(gz(abc), abc), "f", 10), abc);
  // A bomb stops at the limit.
  EXPECT_EQ(fileContent(gz(std::vector<uint8_t>(1 << 22)), "f", 1000).size(), 1000u);
  auto cut = gz(std::vector<uint8_t>(5000, 7));
  cut.resize(cut.size() / 2);
  EXPECT_NE(errorOf([&] { fileContent(cut, "f.gz", 1 << 20); }).find("f.gz: truncated gzip data"),
            std::string::npos);
  auto bad = gz(abc);
  bad[3] = 0xff; // reserved header flags
  EXPECT_NE(errorOf([&] { fileContent(bad, "f.gz", 1 << 20); }).find("f.gz: corrupt gzip data"),
            std::string::npos);

  // IDX: exactly the announced data, within the caller's limit.
  auto img = idxImages(3, 2, 2, 0);
  EXPECT_EQ(decodeIdx("i", gz(img), 3).data.size(), 12u);
  EXPECT_NE(errorOf([&] { decodeIdx("i", img, 3, 11); })
                .find("i: the IDX header announces 3 x 2 x 2 bytes of data, more than the 11 "
                      "bytes this file may hold"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { decodeIdx("i", cat(img, abc), 3); })
                .find("i: the data goes on after the 28 bytes the header announces"),
            std::string::npos);
  std::vector<uint8_t> huge;
  put32(huge, 0x803);
  for (int i = 0; i < 3; ++i)
    put32(huge, 0xffffffffu); // 2^96 bytes: no overflow, an error
  EXPECT_NE(errorOf([&] { decodeIdx("i", huge, 3); }).find("more than the 1073741824 bytes"),
            std::string::npos);

  // CIFAR: at most maxRecords records.
  std::vector<uint8_t> rec(3073, 1), images;
  std::vector<int64_t> labels;
  EXPECT_NE(errorOf([&] { decodeCifar("c", cat(rec, rec), 1, 10, 1, images, labels); })
                .find("c: more than 1 records of 3073 bytes"),
            std::string::npos);

  // CSV: a cell must be a number as a whole (an embedded NUL is not the end).
  std::string text = std::string("1,2\n1", 5) + std::string(1, '\0') + "9,0\n";
  EXPECT_NE(errorOf([&] { parseCsv("t.csv", text, ""); }).find("t.csv:2: column 1: "),
            std::string::npos);
}
