//===- TrainSupport.cpp - the shared pieces of the runtime's training loops ---===//
#include "lib/Runtime/TrainSupport.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nasir {
namespace runtime {

namespace {

std::string fmtTime(double s) {
  if (!std::isfinite(s) || s < 0)
    s = 0;
  int64_t t = (int64_t)std::llround(s);
  char buf[32];
  if (t >= 3600)
    snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", (long long)(t / 3600),
             (long long)(t / 60 % 60), (long long)(t % 60));
  else
    snprintf(buf, sizeof buf, "%lld:%02lld", (long long)(t / 60), (long long)(t % 60));
  return buf;
}

bool isOom(const std::string &msg) {
  return msg.find("out of memory") != std::string::npos ||
         msg.find("can't allocate memory") != std::string::npos ||
         msg.find("Cannot allocate memory") != std::string::npos;
}

std::string firstLine(const std::string &s) {
  auto p = s.find('\n');
  return p == std::string::npos ? s : s.substr(0, p);
}

} // namespace

std::string currentFailureReason() {
  try {
    throw;
  } catch (const TrainFailure &e) {
    return e.what();
  } catch (const c10::Error &e) {
    std::string m = firstLine(e.what_without_backtrace());
    return isOom(m) ? "out of memory: " + m : "torch error: " + m;
  } catch (const std::bad_alloc &) {
    return "out of memory: std::bad_alloc";
  } catch (const std::exception &e) {
    return firstLine(e.what());
  } catch (...) {
    return "unknown error";
  }
}

torch::Device chooseDevice(const TrainOptions &o) {
  torch::manual_seed(o.seed);
  bool cudaOk = torch::cuda::is_available();
  if (o.device == "cuda" && !cudaOk)
    throw TrainFailure("--device cuda: CUDA is not available to this LibTorch");
  torch::Device dev = (o.device == "cuda" || (o.device == "auto" && cudaOk))
                          ? torch::Device(torch::kCUDA)
                          : torch::Device(torch::kCPU);
  if (dev.is_cuda())
    torch::cuda::manual_seed_all(o.seed);
  if (o.amp && !dev.is_cuda())
    throw TrainFailure("--amp needs --device cuda (float16 autocast is CUDA-only here)");
  return dev;
}

Progress::Progress(const TrainOptions &o) {
  enabled_ = !o.quiet;
  bar_ = o.progress < 0 ? isatty(2) != 0 : o.progress == 1;
}

void Progress::step(int64_t epoch, int64_t epochs, int64_t step, int64_t steps, double loss,
                    double imgPerSec, double eta) {
  if (!enabled_)
    return;
  double now = secondsSince(start_);
  bool last = step == steps;
  if (bar_) {
    if (!last && now - lastPrint_ < 0.1)
      return;
    lastPrint_ = now;
    const int width = 24;
    int filled = (int)(width * step / std::max<int64_t>(steps, 1));
    std::string b(filled, '=');
    if (filled < width)
      b += '>' + std::string(width - filled - 1, ' ');
    fprintf(stderr, "\repoch %lld/%lld [%s] %lld/%lld loss %.4f %.0f img/s ETA %s   ",
            (long long)epoch, (long long)epochs, b.c_str(), (long long)step, (long long)steps,
            loss, imgPerSec, fmtTime(eta).c_str());
    fflush(stderr);
  } else {
    // Plain lines: about every 10% of an epoch and at least every 30 s.
    int64_t every = std::max<int64_t>(1, steps / 10);
    if (!last && step % every != 0 && now - lastPrint_ < 30)
      return;
    lastPrint_ = now;
    fprintf(stderr, "epoch %lld/%lld step %lld/%lld loss %.4f %.0f img/s ETA %s\n",
            (long long)epoch, (long long)epochs, (long long)step, (long long)steps, loss,
            imgPerSec, fmtTime(eta).c_str());
  }
}

void Progress::epochEnd(int64_t epoch, int64_t epochs, double loss, double valAcc, double secs) {
  if (!enabled_)
    return;
  if (bar_)
    fprintf(stderr, "\n");
  fprintf(stderr, "epoch %lld/%lld done: train loss %.4f, val accuracy %.4f, %.1f s\n",
          (long long)epoch, (long long)epochs, loss, valAcc, secs);
}

void Progress::message(const std::string &m) {
  if (enabled_)
    fprintf(stderr, "%s\n", m.c_str());
}

EvalResult evaluate(torch::nn::Module &net,
                    const std::function<torch::Tensor(const torch::Tensor &)> &forward,
                    const Split &s, int64_t batch, torch::Device dev,
                    const std::vector<int64_t> &input, int64_t maxBatches) {
  EvalResult r;
  if (s.size() == 0)
    return r;
  torch::NoGradGuard ng;
  net.eval();
  int64_t correct = 0, seen = 0;
  double lossSum = 0;
  for (int64_t i = 0, b = 0; i < s.size() && (maxBatches <= 0 || b < maxBatches);
       i += batch, ++b) {
    int64_t e = std::min(s.size(), i + batch);
    auto x = s.x.slice(0, i, e).to(dev);
    x = asInput(x, input);
    auto y = s.y.slice(0, i, e).to(dev);
    auto out = forward(x).to(torch::kFloat32);
    lossSum += torch::nn::functional::cross_entropy(
                   out, y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                   .item<double>();
    correct += out.argmax(1).eq(y).sum().item<int64_t>();
    seen += e - i;
  }
  r.accuracy = (double)correct / (double)seen;
  r.loss = lossSum / (double)seen;
  return r;
}

int64_t stepsPerEpoch(int64_t n, int64_t batchSize, int64_t maxStepsPerEpoch) {
  int64_t spe = (n + batchSize - 1) / batchSize;
  if (n % batchSize == 1)
    --spe; // a batch of one breaks batch norm: drop it
  if (maxStepsPerEpoch > 0)
    spe = std::min(spe, maxStepsPerEpoch);
  return spe;
}

double LrSchedule::at(int64_t s) const {
  if (s < warm)
    return lr * (double)(s + 1) / (double)warm;
  double t = total > warm ? (double)(s - warm) / (double)(total - warm) : 0.0;
  return minLr + (lr - minLr) * 0.5 * (1.0 + std::cos(M_PI * t));
}

std::vector<int64_t> shuffledIndices(int64_t n, std::mt19937_64 &rng) {
  std::vector<int64_t> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  for (int64_t i = n - 1; i > 0; --i)
    std::swap(perm[i], perm[(int64_t)(rng() % (uint64_t)(i + 1))]);
  return perm;
}

std::pair<torch::Tensor, torch::Tensor> fetchBatch(const Split &s, std::vector<int64_t> &perm,
                                                   int64_t b0, int64_t b1,
                                                   const std::vector<int64_t> &input,
                                                   torch::Device dev) {
  auto idx = torch::from_blob(perm.data() + b0, {b1 - b0}, torch::kInt64);
  auto x = s.x.index_select(0, idx);
  auto y = s.y.index_select(0, idx);
  x = asInput(x, input);
  if (dev.is_cuda()) {
    x = x.pin_memory().to(dev, true);
    y = y.pin_memory().to(dev, true);
  }
  return {x, y};
}

void checkLoss(double l, double divergeLoss, int64_t epoch, int64_t step) {
  if (!std::isfinite(l))
    throw TrainFailure("non-finite loss (" + std::to_string(l) + ") at epoch " +
                       std::to_string(epoch) + " step " + std::to_string(step));
  if (l > divergeLoss)
    throw TrainFailure("diverged: training loss " + std::to_string(l) + " > " +
                       std::to_string(divergeLoss) + " at epoch " + std::to_string(epoch) +
                       " step " + std::to_string(step));
}

void writeFileChecked(const std::string &option, const std::string &path,
                      const std::string &data) {
  // A regular file (or a new one) is replaced whole: written beside it, then renamed over it, so
  // a process killed mid-write leaves the previous file (a checkpoint --resume reads), never a
  // truncated one. Anything else (a device, a pipe) is written in place.
  struct stat st;
  bool replace = stat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode);
  std::string target = replace ? path + ".partial" : path;
  FILE *f = fopen(target.c_str(), "wb");
  if (!f)
    throw TrainFailure(option + " " + path + ": cannot open for writing: " + std::strerror(errno));
  bool written = fwrite(data.data(), 1, data.size(), f) == data.size() && fflush(f) == 0;
  int writeErrno = errno;
  if (fclose(f) != 0 && written) {
    written = false;
    writeErrno = errno;
  }
  if (written && replace && rename(target.c_str(), path.c_str()) != 0) {
    written = false;
    writeErrno = errno;
  }
  if (!written) {
    if (replace)
      unlink(target.c_str());
    throw TrainFailure(option + " " + path + ": write failed: " + std::strerror(writeErrno));
  }
}

int64_t peakRssBytes() {
  struct rusage u;
  if (getrusage(RUSAGE_SELF, &u) != 0)
    return 0;
  return (int64_t)u.ru_maxrss * 1024;
}

} // namespace runtime
} // namespace nasir
