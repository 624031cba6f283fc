//===- DataFiles.h - dataset file formats, without LibTorch -----*- C++ -*-===//
//
// The byte-level readers behind loadDataset (Data.cpp): a file's content
// (plain or gzip) under a size limit, IDX arrays, CIFAR binary records and CSV
// tables. No torch types, so that the fuzz build (without LibTorch) runs them.
// Each limit derives from the size of the data the file claims to hold, so a
// gzip bomb is cut off after that size instead of inflating to gigabytes. Every
// function throws std::runtime_error with a message that names the file.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_RUNTIME_DATAFILES_H
#define NASIR_RUNTIME_DATAFILES_H

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nasir {
namespace runtime {

/// The largest IDX data an IDX header may announce, unless the caller knows
/// a smaller bound.
inline constexpr uint64_t kMaxIdxDataBytes = uint64_t(1) << 30;
/// MNIST and Fashion-MNIST: 60000 training and 10000 test images of 28x28.
/// No file of theirs holds more.
inline constexpr uint64_t kMnistTrainImages = 60000, kMnistTestImages = 10000,
                          kMnistPixels = 28 * 28;
/// The records of one official CIFAR file: each CIFAR-10 batch and each test
/// file hold 10000, CIFAR-100's train.bin 50000. A larger file is an error.
inline constexpr int64_t kCifarBatchRecords = 10000;
inline constexpr int64_t kCifar100TrainRecords = 50000;
/// The largest CSV text (after gunzip): 64 MiB of text become up to 256 MiB of
/// doubles.
inline constexpr uint64_t kMaxCsvBytes = uint64_t(64) << 20;
/// CSV labels are integers in 0..kMaxCsvClasses-1.
inline constexpr int64_t kMaxCsvClasses = 100000;

/// Reads at most `maxBytes` bytes of the file at `path` as stored (no gunzip).
std::vector<uint8_t> readFileBytes(const std::string &path, uint64_t maxBytes);

/// The content of a file's bytes `raw`: `raw` itself, or its gunzipped form
/// when it starts with the gzip magic (concatenated members are read, bytes
/// after the last member ignored, as gzip does). Stops after `maxBytes` bytes:
/// a caller that must know whether more follow asks for one byte more.
std::vector<uint8_t> fileContent(std::vector<uint8_t> raw,
                                 const std::string &name, uint64_t maxBytes);

/// An IDX array of unsigned bytes: dims and the data in row-major order.
struct IdxArray {
  std::vector<int64_t> dims;
  std::vector<uint8_t> data;
};
/// The dims of the IDX header at the start of `content`; the magic number
/// must announce unsigned bytes and `expectedDims` dims (0x0803 for images,
/// 0x0801 for labels).
std::vector<int64_t> parseIdxHeader(const std::string &name,
                                    const std::vector<uint8_t> &content,
                                    int expectedDims);
/// A whole IDX file from its bytes (plain or gzip), which must hold exactly
/// the data its header announces, at most `maxDataBytes`: no more is inflated.
IdxArray decodeIdx(const std::string &name, std::vector<uint8_t> raw,
                   int expectedDims,
                   uint64_t maxDataBytes = kMaxIdxDataBytes);
IdxArray readIdxFile(const std::string &path, int expectedDims,
                     uint64_t maxDataBytes = kMaxIdxDataBytes);
/// Only the dims (for `nasir-train --info`).
std::vector<int64_t> readIdxDims(const std::string &path, int expectedDims,
                                 uint64_t maxDataBytes = kMaxIdxDataBytes);

/// CIFAR binary records: `labelBytes` label bytes + 3072 pixel bytes; the
/// label is the last label byte (CIFAR-100: the fine label) and must be below
/// `numClasses`. At most `maxRecords` records. Appends to images/labels.
void decodeCifar(const std::string &name, std::vector<uint8_t> raw,
                 int labelBytes, int64_t numClasses, int64_t maxRecords,
                 std::vector<uint8_t> &images, std::vector<int64_t> &labels);
void readCifarFile(const std::string &path, int labelBytes, int64_t numClasses,
                   int64_t maxRecords, std::vector<uint8_t> &images,
                   std::vector<int64_t> &labels);

/// A CSV table: features [rows, features] as finite doubles, integer labels.
struct CsvTable {
  std::vector<double> x;
  std::vector<int64_t> y;
  int64_t features = 0;
};
/// Parses CSV text: an optional header line (any non-numeric field), then
/// rows of numbers; the label is the column named `labelName` (which needs a
/// header), else the last one. Errors name the file, the line and the column.
CsvTable parseCsv(const std::string &name, std::string_view text,
                  const std::string &labelName);
CsvTable readCsvFile(const std::string &path, const std::string &labelName);

} // namespace runtime
} // namespace nasir

#endif
