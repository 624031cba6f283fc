//===- DataFiles.cpp - dataset file formats, without LibTorch -------------===//
#include "lib/Runtime/DataFiles.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <sys/stat.h>

namespace nasir {
namespace runtime {

namespace {

[[noreturn]] void fail(const std::string &msg) { throw std::runtime_error(msg); }

/// The most raw bytes a file whose content may take `contentBytes` can need:
/// gzip adds a header, a trailer and 5 bytes per 16 KiB stored block.
uint64_t rawLimit(uint64_t contentBytes) {
  return contentBytes + contentBytes / 64 + (64 << 10);
}

bool isGzip(const std::vector<uint8_t> &raw) {
  return raw.size() >= 2 && raw[0] == 0x1f && raw[1] == 0x8b;
}

std::vector<uint8_t> gunzip(const std::vector<uint8_t> &raw, const std::string &name,
                            uint64_t maxBytes) {
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
    fail(name + ": cannot start zlib");
  std::unique_ptr<z_stream, int (*)(z_stream *)> end(&zs, inflateEnd);
  zs.next_in = const_cast<Bytef *>(raw.data());
  zs.avail_in = (uInt)raw.size(); // readFileBytes keeps files far below 4 GiB
  // Deflate inflates at most 1032:1: reserve what this input can give, at most the limit.
  std::vector<uint8_t> out;
  out.reserve((size_t)std::min<uint64_t>(maxBytes, 1032 * (uint64_t)raw.size() + 4096));
  const uint64_t chunk = 1 << 20;
  while (out.size() < maxBytes) {
    size_t old = out.size();
    size_t room = (size_t)std::min<uint64_t>(chunk, maxBytes - old);
    out.resize(old + room);
    zs.next_out = out.data() + old;
    zs.avail_out = (uInt)room;
    int ret = inflate(&zs, Z_NO_FLUSH);
    out.resize(old + room - zs.avail_out);
    if (ret == Z_STREAM_END) {
      // Another member follows, or bytes that gzip(1) would ignore.
      if (zs.avail_in >= 2 && zs.next_in[0] == 0x1f && zs.next_in[1] == 0x8b) {
        inflateReset(&zs);
        continue;
      }
      break;
    }
    if (ret != Z_OK && ret != Z_BUF_ERROR)
      fail(name + ": corrupt gzip data (" + (zs.msg ? zs.msg : "zlib error " +
                                                               std::to_string(ret)) +
           ")");
    if (zs.avail_in == 0 && zs.avail_out > 0)
      fail(name + ": truncated gzip data (the stream ends before its last block)");
  }
  return out;
}

uint32_t be32(const uint8_t *p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

size_t idxHeaderBytes(int dims) { return 4 + 4 * (size_t)dims; }

std::string dimsText(const std::vector<int64_t> &dims) {
  std::string s;
  for (int64_t d : dims)
    s += (s.empty() ? "" : " x ") + std::to_string(d);
  return s;
}

/// The data bytes IDX `dims` announce; fails above `maxDataBytes`.
uint64_t idxDataBytes(const std::string &name, const std::vector<int64_t> &dims,
                      uint64_t maxDataBytes) {
  uint64_t n = 1;
  for (int64_t d : dims) {
    if (d != 0 && n > maxDataBytes / (uint64_t)d)
      n = maxDataBytes + 1; // and stays above it: no overflow
    else
      n *= (uint64_t)d;
  }
  if (n > maxDataBytes)
    fail(name + ": the IDX header announces " + dimsText(dims) + " bytes of data, more than the " +
         std::to_string(maxDataBytes) + " bytes this file may hold");
  return n;
}

} // namespace

std::vector<uint8_t> readFileBytes(const std::string &path, uint64_t maxBytes) {
  std::unique_ptr<FILE, int (*)(FILE *)> f(fopen(path.c_str(), "rb"), fclose);
  if (!f)
    fail("cannot open " + path + ": " + std::strerror(errno));
  std::vector<uint8_t> out;
  struct stat st;
  if (fstat(fileno(f.get()), &st) == 0 && st.st_size > 0)
    out.reserve((size_t)std::min<uint64_t>((uint64_t)st.st_size, maxBytes + 1));
  const uint64_t chunk = 1 << 20;
  while (true) {
    size_t old = out.size();
    // One byte past the limit tells a file that is too large.
    size_t room = (size_t)std::min<uint64_t>(chunk, maxBytes + 1 - old);
    out.resize(old + room);
    size_t n = fread(out.data() + old, 1, room, f.get());
    out.resize(old + n);
    if (ferror(f.get()))
      fail(path + ": read error: " + std::strerror(errno));
    if (out.size() > maxBytes)
      fail(path + ": larger than " + std::to_string(maxBytes) +
           " bytes, the most this dataset file may take");
    if (n < room)
      return out;
  }
}

std::vector<uint8_t> fileContent(std::vector<uint8_t> raw, const std::string &name,
                                 uint64_t maxBytes) {
  if (isGzip(raw))
    return gunzip(raw, name, maxBytes);
  if (raw.size() > maxBytes)
    raw.resize((size_t)maxBytes);
  return raw;
}

std::vector<int64_t> parseIdxHeader(const std::string &name, const std::vector<uint8_t> &bytes,
                                    int expectedDims) {
  uint32_t want = 0x800u | (uint32_t)expectedDims;
  if (bytes.size() < 4)
    fail(name + ": not an IDX file (shorter than the 4-byte magic number)");
  uint32_t magic = be32(bytes.data());
  if (magic != want) {
    char buf[128];
    snprintf(buf, sizeof buf,
             ": bad IDX magic number 0x%08x, expected 0x%08x (unsigned bytes, %d dims)", magic,
             want, expectedDims);
    fail(name + buf);
  }
  if (bytes.size() < idxHeaderBytes(expectedDims))
    fail(name + ": truncated IDX header");
  std::vector<int64_t> dims;
  for (int i = 0; i < expectedDims; ++i)
    dims.push_back(be32(bytes.data() + 4 + 4 * i));
  return dims;
}

IdxArray decodeIdx(const std::string &name, std::vector<uint8_t> raw, int expectedDims,
                   uint64_t maxDataBytes) {
  const size_t header = idxHeaderBytes(expectedDims);
  IdxArray a;
  a.dims = isGzip(raw) ? parseIdxHeader(name, gunzip(raw, name, header), expectedDims)
                       : parseIdxHeader(name, raw, expectedDims);
  // The header says how much data follows: the limit of what is inflated.
  uint64_t n = idxDataBytes(name, a.dims, maxDataBytes);
  uint64_t want = header + n;
  std::vector<uint8_t> content = fileContent(std::move(raw), name, want + 1);
  if (content.size() < want)
    fail(name + ": truncated: the header announces " + std::to_string(n) + " bytes of data (" +
         std::to_string(want) + " in all), the file has " + std::to_string(content.size()));
  if (content.size() > want)
    fail(name + ": the data goes on after the " + std::to_string(want) +
         " bytes the header announces");
  content.erase(content.begin(), content.begin() + (std::ptrdiff_t)header);
  a.data = std::move(content);
  return a;
}

IdxArray readIdxFile(const std::string &path, int expectedDims, uint64_t maxDataBytes) {
  return decodeIdx(path,
                   readFileBytes(path, rawLimit(idxHeaderBytes(expectedDims) + maxDataBytes)),
                   expectedDims, maxDataBytes);
}

std::vector<int64_t> readIdxDims(const std::string &path, int expectedDims,
                                 uint64_t maxDataBytes) {
  std::vector<uint8_t> raw =
      readFileBytes(path, rawLimit(idxHeaderBytes(expectedDims) + maxDataBytes));
  std::vector<int64_t> dims = parseIdxHeader(
      path, fileContent(std::move(raw), path, idxHeaderBytes(expectedDims)), expectedDims);
  idxDataBytes(path, dims, maxDataBytes);
  return dims;
}

void decodeCifar(const std::string &name, std::vector<uint8_t> raw, int labelBytes,
                 int64_t numClasses, int64_t maxRecords, std::vector<uint8_t> &images,
                 std::vector<int64_t> &labels) {
  const size_t rec = (size_t)labelBytes + 3072;
  const uint64_t most = (uint64_t)maxRecords * rec;
  std::vector<uint8_t> bytes = fileContent(std::move(raw), name, most + 1);
  if (bytes.size() > most)
    fail(name + ": more than " + std::to_string(maxRecords) + " records of " +
         std::to_string(rec) + " bytes, the most this CIFAR file holds");
  if (bytes.empty() || bytes.size() % rec)
    fail(name + ": size " + std::to_string(bytes.size()) + " is not a positive multiple of the " +
         std::to_string(rec) + "-byte CIFAR record (" + std::to_string(labelBytes) +
         " label byte(s) + 3x32x32 pixels)");
  for (size_t off = 0; off < bytes.size(); off += rec) {
    int64_t label = bytes[off + labelBytes - 1];
    if (label >= numClasses)
      fail(name + ": record " + std::to_string(off / rec) + " has label " +
           std::to_string(label) + ", expected < " + std::to_string(numClasses));
    labels.push_back(label);
    images.insert(images.end(), bytes.begin() + off + labelBytes, bytes.begin() + off + rec);
  }
}

void readCifarFile(const std::string &path, int labelBytes, int64_t numClasses,
                   int64_t maxRecords, std::vector<uint8_t> &images,
                   std::vector<int64_t> &labels) {
  uint64_t rec = (uint64_t)labelBytes + 3072;
  decodeCifar(path, readFileBytes(path, rawLimit((uint64_t)maxRecords * rec)), labelBytes,
              numClasses, maxRecords, images, labels);
}

namespace {

std::vector<std::string> splitCsvLine(std::string_view line) {
  std::vector<std::string> f;
  std::string cur;
  for (char ch : line) {
    if (ch == ',') {
      f.push_back(cur);
      cur.clear();
    } else if (ch != '\r' && ch != '"') {
      cur += ch;
    }
  }
  f.push_back(cur);
  for (auto &s : f) {
    size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
    s = a == std::string::npos ? "" : s.substr(a, b - a + 1);
  }
  return f;
}

/// The whole cell is one number (strtod's syntax; "nan" and "inf" included).
bool parseNumber(const std::string &s, double &v) {
  if (s.empty())
    return false;
  char *end = nullptr;
  v = strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

} // namespace

CsvTable parseCsv(const std::string &name, std::string_view text, const std::string &labelName) {
  CsvTable t;
  int64_t lineNo = 0, cols = -1, labelCol = -1;
  std::vector<std::string> header;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++lineNo;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos)
      continue;
    std::vector<std::string> f = splitCsvLine(line);
    const std::string at = name + ":" + std::to_string(lineNo) + ": ";
    if (cols < 0) {
      cols = (int64_t)f.size();
      if (cols < 2)
        fail(at + "expected at least 2 columns (features and a label)");
      bool isHeader = false;
      double v;
      for (auto &s : f)
        isHeader |= !parseNumber(s, v);
      if (!labelName.empty()) {
        if (!isHeader)
          fail(name + ": label=" + labelName + " needs a header line, the first line is numeric");
        for (int64_t i = 0; i < cols; ++i)
          if (f[i] == labelName)
            labelCol = i;
        if (labelCol < 0)
          fail(name + ": no column named \"" + labelName + "\" in the header");
      } else {
        labelCol = cols - 1;
      }
      t.features = cols - 1;
      if (isHeader) {
        header = std::move(f);
        continue;
      }
    }
    if ((int64_t)f.size() != cols)
      fail(at + "expected " + std::to_string(cols) + " fields, got " + std::to_string(f.size()));
    for (int64_t i = 0; i < cols; ++i) {
      std::string column = "column " + std::to_string(i + 1) +
                           (header.empty() ? "" : " (\"" + header[i] + "\")") + ": ";
      double v;
      if (!parseNumber(f[i], v))
        fail(at + column + "\"" + f[i] + "\" is not a number");
      if (i == labelCol) {
        if (!std::isfinite(v) || v >= (double)kMaxCsvClasses)
          fail(at + column + "label \"" + f[i] + "\" is out of range (0.." +
               std::to_string(kMaxCsvClasses - 1) + ")");
        if (v != std::floor(v) || v < 0)
          fail(at + column + "label \"" + f[i] + "\" is not a non-negative integer");
        t.y.push_back((int64_t)v);
      } else {
        if (!std::isfinite(v))
          fail(at + column + "feature \"" + f[i] + "\" is not a finite number");
        t.x.push_back(v);
      }
    }
  }
  if (t.y.empty())
    fail(name + ": no data rows");
  return t;
}

CsvTable readCsvFile(const std::string &path, const std::string &labelName) {
  std::vector<uint8_t> content =
      fileContent(readFileBytes(path, rawLimit(kMaxCsvBytes)), path, kMaxCsvBytes + 1);
  if (content.size() > kMaxCsvBytes)
    fail(path + ": more than " + std::to_string(kMaxCsvBytes) +
         " bytes of CSV text, the most a CSV dataset may hold");
  return parseCsv(path,
                  std::string_view(reinterpret_cast<const char *>(content.data()),
                                   content.size()),
                  labelName);
}

} // namespace runtime
} // namespace nasir
