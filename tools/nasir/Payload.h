//===- Payload.h - a space embedded in the nasir executable -----*- C++ -*-===//
//
// `nasir compile SPACE -o TOOL` writes a copy of nasir with the compiled
// space (its MLIR) appended, followed by a trailer:
//
//   [executable][space MLIR][u64 little-endian length]["NASIRSPC"]
//
// At start-up nasir looks for the trailer in its own file; when it finds
// one, the space commands use the embedded space (see nasir.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TOOLS_NASIR_PAYLOAD_H
#define NASIR_TOOLS_NASIR_PAYLOAD_H

#include <cstdint>
#include <optional>
#include <string>

namespace nasir::cli {

constexpr char kPayloadMagic[9] = "NASIRSPC";

/// The bytes of the executable at `path`, and its payload when it has one.
struct ExecutableImage {
  std::string program;                ///< without the payload and trailer
  std::optional<std::string> payload; ///< the embedded space's MLIR
};
std::optional<ExecutableImage> readExecutableImage(const std::string &path);

/// The path of the running executable.
std::string selfPath();

/// The runtime's executable: `nasir-train` next to this one, else on PATH;
/// empty when neither exists.
std::string findNasirTrain();

/// The error for a missing nasir-train: `what` ("train", "--evaluator
/// train", ...) needs the LibTorch runtime, which neither nasir nor a
/// compiled tool carries; where it was looked for and how to provide it
/// (`withOption`: the command takes --nasir-train PATH).
std::string nasirTrainMissing(const std::string &what, bool withOption = false);

} // namespace nasir::cli

#endif
