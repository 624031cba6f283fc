//===- Bundle.h - a compiled tool with the libraries it needs ---*- C++ -*-===//
//
// `nasir compile SPACE -o NAME --bundle DIR` writes DIR/bin/NAME and, in
// DIR/lib, every shared library the tool loads but the C runtime (glibc),
// so that it runs on a Linux without nasir's packages installed.
//
// The libraries are those the running nasir has loaded (dl_iterate_phdr):
// the tool is this executable with a payload, so it loads exactly these.
// Each is copied (symlinks resolved) under its SONAME.
//
// The tool finds them through its run path. nasir's DT_RUNPATH
// ($ORIGIN/../lib:...) covers only the executable's own DT_NEEDED entries:
// glibc's loader does not use it for the dependencies of those libraries
// (libpq's libssl, libgssapi_krb5, ...), which it would take from the
// system. The bundled tool therefore carries DT_RPATH "$ORIGIN/../lib",
// which the loader applies to every library loaded on the executable's
// behalf that has no run path of its own (Debian's libLLVM.so.19.1 has
// DT_RUNPATH $ORIGIN/../lib, which is DIR/lib too).
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_TOOLS_NASIR_BUNDLE_H
#define NASIR_TOOLS_NASIR_BUNDLE_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nasir::cli {

/// The libraries a bundle leaves to the system: glibc's (libc, libm, libdl,
/// libpthread, librt, libresolv, libutil, ..., the dynamic loader). They
/// must match the system's libc (glibc's private interfaces between them).
bool isSystemRuntime(const std::string &soname);

/// The text for messages: "libc, libm, ...".
std::string systemRuntimeText();

struct BundledLibraries {
  std::vector<std::string> names; ///< SONAMEs, in load order
  uint64_t bytes = 0;
};

/// The shared libraries this process has loaded, by the paths the loader
/// found them at (the executable and the vDSO left out).
std::vector<std::string> loadedLibraries();

/// The shared libraries the executable `exe` loads, resolved by `ldd EXE`
/// (run as an argument vector). On failure (no ldd, a library not found)
/// returns nullopt with `error`.
std::optional<std::vector<std::string>>
libraryDependencies(const std::string &exe, std::string &error);

/// Copies the libraries at `paths`, but glibc's and those already in `out`,
/// into the folder `libDir` (which exists), each under its SONAME,
/// replacing a file of that name by a rename (a running tool may have it
/// mapped). On failure returns false with `error` naming the file.
bool copyLibraries(const std::vector<std::string> &paths,
                   const std::string &libDir, BundledLibraries &out,
                   std::string &error);

/// Rewrites the run path of the ELF executable `image` (in place) to
/// DT_RPATH "$ORIGIN/../lib". On failure (not a 64-bit little-endian ELF,
/// no run path to rewrite) returns false with `error`.
bool pointRunPathAtBundle(std::string &image, std::string &error);

} // namespace nasir::cli

#endif
