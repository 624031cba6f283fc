//===- DatasetFuzzer.cpp - libFuzzer harness of the dataset file readers --===//
//
// The first byte picks a format, the rest is a file's bytes (plain or gzip):
// IDX images or labels, a CIFAR-10 or CIFAR-100 binary file, or CSV text with
// or without a label column named "y". These are nasir-train's readers
// (lib/Runtime/DataFiles.h, no LibTorch), here with smaller limits than the
// real datasets' so that each input runs fast: a bomb must stop at them.
// Errors are exceptions; anything else (a crash, a sanitizer report, memory
// past the limits) is a finding.
//
//===----------------------------------------------------------------------===//
#include "lib/Runtime/DataFiles.h"
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

using namespace nasir::runtime;

namespace {
constexpr uint64_t kFuzzLimit = 1 << 20;

void read(uint8_t format, std::vector<uint8_t> raw) {
  switch (format % 6) {
  case 0:
  case 1: {
    int dims = format % 6 == 0 ? 3 : 1;
    IdxArray a = decodeIdx("fuzz.idx", std::move(raw), dims, kFuzzLimit);
    uint64_t n = 1;
    for (int64_t d : a.dims)
      n *= (uint64_t)d;
    if (a.data.size() != n)
      abort(); // decodeIdx returns exactly what the header announces
    break;
  }
  case 2:
  case 3: {
    int labelBytes = format % 6 == 2 ? 1 : 2;
    std::vector<uint8_t> images;
    std::vector<int64_t> labels;
    decodeCifar("fuzz.bin", std::move(raw), labelBytes, labelBytes == 1 ? 10 : 100, 64, images,
                labels);
    if (images.size() != labels.size() * 3072)
      abort();
    break;
  }
  default: {
    std::vector<uint8_t> text = fileContent(std::move(raw), "fuzz.csv", kFuzzLimit);
    CsvTable t = parseCsv("fuzz.csv",
                          std::string_view(reinterpret_cast<const char *>(text.data()),
                                           text.size()),
                          format % 6 == 4 ? "" : "y");
    if (t.x.size() != t.y.size() * (size_t)t.features)
      abort();
    break;
  }
  }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  try {
    read(data[0], std::vector<uint8_t>(data + 1, data + size));
  } catch (const std::runtime_error &) {
  }
  return 0;
}
