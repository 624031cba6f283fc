//===- Bundle.cpp - a compiled tool with the libraries it needs -----------===//
//
// See Bundle.h.
//
//===----------------------------------------------------------------------===//
#include "tools/nasir/Bundle.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <cstring>
#include <elf.h>
#include <link.h>
#include <optional>
#include <set>

using namespace nasir::cli;

namespace {

/// glibc's libraries, by SONAME prefix.
const char *const kSystemRuntime[] = {"libc.so.",
                                      "libm.so.",
                                      "libdl.so.",
                                      "libpthread.so.",
                                      "librt.so.",
                                      "libresolv.so.",
                                      "libutil.so.",
                                      "libanl.so.",
                                      "libmvec.so.",
                                      "libnss_",
                                      "libthread_db.so.",
                                      "libnsl.so.1",
                                      "libBrokenLocale.so.",
                                      "libc_malloc_debug.so.",
                                      "ld-linux",
                                      "ld64.so.",
                                      "ld-2.",
                                      "linux-vdso.so.",
                                      "linux-gate.so."};

/// The dynamic section of a 64-bit little-endian ELF file held in `file`:
/// each entry with its offset in the file, and the string table.
struct ElfDynamic {
  std::vector<std::pair<size_t, Elf64_Dyn>> entries;
  size_t strtab = 0, strsz = 0; ///< file offset and size of DT_STRTAB
};

std::optional<ElfDynamic> readDynamic(llvm::StringRef file,
                                      std::string &error) {
  Elf64_Ehdr eh;
  if (file.size() < sizeof eh || std::memcmp(file.data(), ELFMAG, SELFMAG)) {
    error = "not an ELF file";
    return std::nullopt;
  }
  std::memcpy(&eh, file.data(), sizeof eh);
  if (eh.e_ident[EI_CLASS] != ELFCLASS64 ||
      eh.e_ident[EI_DATA] != ELFDATA2LSB) {
    error = "not a 64-bit little-endian ELF file";
    return std::nullopt;
  }
  if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phoff > file.size() ||
      (file.size() - eh.e_phoff) / sizeof(Elf64_Phdr) < eh.e_phnum) {
    error = "its program headers lie outside the file";
    return std::nullopt;
  }
  std::vector<Elf64_Phdr> loads;
  std::optional<Elf64_Phdr> dyn;
  for (unsigned i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph;
    std::memcpy(&ph, file.data() + eh.e_phoff + i * sizeof ph, sizeof ph);
    if (ph.p_type == PT_LOAD)
      loads.push_back(ph);
    else if (ph.p_type == PT_DYNAMIC)
      dyn = ph;
  }
  if (!dyn) {
    error = "it has no dynamic section (a static executable)";
    return std::nullopt;
  }
  if (dyn->p_offset > file.size() ||
      dyn->p_filesz > file.size() - dyn->p_offset) {
    error = "its dynamic section lies outside the file";
    return std::nullopt;
  }
  ElfDynamic d;
  uint64_t strtabAddr = 0;
  bool haveStrtab = false;
  for (size_t off = dyn->p_offset;
       off + sizeof(Elf64_Dyn) <= dyn->p_offset + dyn->p_filesz;
       off += sizeof(Elf64_Dyn)) {
    Elf64_Dyn e;
    std::memcpy(&e, file.data() + off, sizeof e);
    if (e.d_tag == DT_NULL)
      break;
    if (e.d_tag == DT_STRTAB) {
      strtabAddr = e.d_un.d_ptr;
      haveStrtab = true;
    } else if (e.d_tag == DT_STRSZ) {
      d.strsz = e.d_un.d_val;
    }
    d.entries.push_back({off, e});
  }
  bool mapped = false;
  for (const Elf64_Phdr &ph : loads)
    if (haveStrtab && strtabAddr >= ph.p_vaddr &&
        strtabAddr - ph.p_vaddr < ph.p_filesz) {
      d.strtab = strtabAddr - ph.p_vaddr + ph.p_offset;
      mapped = true;
      break;
    }
  if (!mapped || d.strtab > file.size() || d.strsz > file.size() - d.strtab) {
    error = "its dynamic string table lies outside the file";
    return std::nullopt;
  }
  return d;
}

/// The string at `offset` of the string table, empty when out of range.
llvm::StringRef dynString(llvm::StringRef file, const ElfDynamic &d,
                          uint64_t offset) {
  if (offset >= d.strsz)
    return "";
  llvm::StringRef s = file.substr(d.strtab + offset, d.strsz - offset);
  return s.take_until([](char c) { return c == '\0'; });
}

int collectLoaded(struct dl_phdr_info *info, size_t, void *data) {
  auto *paths = static_cast<std::vector<std::string> *>(data);
  // The executable has an empty name and the vDSO a bare one: a library the
  // loader found has a path.
  if (info->dlpi_name && std::strchr(info->dlpi_name, '/'))
    paths->push_back(info->dlpi_name);
  return 0;
}

} // namespace

bool nasir::cli::isSystemRuntime(const std::string &soname) {
  for (const char *prefix : kSystemRuntime)
    if (llvm::StringRef(soname).starts_with(prefix))
      return true;
  return false;
}

std::string nasir::cli::systemRuntimeText() {
  return "glibc's libc, libm, libdl, libpthread, librt, libresolv and the "
         "dynamic loader";
}

std::vector<std::string> nasir::cli::loadedLibraries() {
  std::vector<std::string> loaded;
  dl_iterate_phdr(collectLoaded, &loaded);
  return loaded;
}

std::optional<std::vector<std::string>>
nasir::cli::libraryDependencies(const std::string &exe, std::string &error) {
  auto ldd = llvm::sys::findProgramByName("ldd");
  if (!ldd) {
    error = "cannot find ldd to list the libraries of '" + exe + "'";
    return std::nullopt;
  }
  llvm::SmallString<128> listing;
  if (llvm::sys::fs::createTemporaryFile("nasir-ldd", "txt", listing)) {
    error = "cannot create a temporary file";
    return std::nullopt;
  }
  llvm::StringRef argv[] = {*ldd, exe};
  std::optional<llvm::StringRef> redirects[] = {
      llvm::StringRef(""), llvm::StringRef(listing), llvm::StringRef("")};
  std::string msg;
  int rc = llvm::sys::ExecuteAndWait(*ldd, argv, std::nullopt, redirects, 0, 0,
                                     &msg);
  auto buf = llvm::MemoryBuffer::getFile(listing, /*IsText=*/true);
  llvm::sys::fs::remove(listing);
  if (rc != 0 || !buf) {
    error = "ldd '" + exe + "' failed" + (msg.empty() ? "" : ": " + msg);
    return std::nullopt;
  }
  // Lines "\tNAME => PATH (0xADDRESS)"; the loader and the vDSO have none.
  std::vector<std::string> paths;
  llvm::SmallVector<llvm::StringRef> lines;
  (*buf)->getBuffer().split(lines, '\n', -1, false);
  for (llvm::StringRef line : lines) {
    auto [name, rest] = line.trim().split(" => ");
    if (rest.empty())
      continue;
    if (rest.starts_with("not found")) {
      error = "'" + exe + "' needs " + name.str() +
              ", which the loader does not find";
      return std::nullopt;
    }
    llvm::StringRef path = rest.rsplit(" (").first;
    if (path.contains('/'))
      paths.push_back(path.str());
  }
  return paths;
}

bool nasir::cli::copyLibraries(const std::vector<std::string> &paths,
                               const std::string &libDir, BundledLibraries &out,
                               std::string &error) {
  std::set<std::string> seen(out.names.begin(), out.names.end());
  for (const std::string &path : paths) {
    llvm::SmallString<256> real;
    if (std::error_code ec = llvm::sys::fs::real_path(path, real)) {
      error = "cannot find the loaded library '" + path + "': " + ec.message();
      return false;
    }
    auto buf = llvm::MemoryBuffer::getFile(real, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
    if (!buf) {
      error = "cannot read the library '" + std::string(real) +
              "': " + buf.getError().message();
      return false;
    }
    llvm::StringRef bytes = (*buf)->getBuffer();
    std::string why;
    auto dyn = readDynamic(bytes, why);
    if (!dyn) {
      error = "cannot read the library '" + std::string(real) + "': " + why;
      return false;
    }
    std::string soname;
    for (auto &[off, e] : dyn->entries)
      if (e.d_tag == DT_SONAME)
        soname = dynString(bytes, *dyn, e.d_un.d_val).str();
    if (soname.empty()) // what the loader looked for
      soname = llvm::sys::path::filename(path).str();
    if (isSystemRuntime(soname) || !seen.insert(soname).second)
      continue;
    llvm::SmallString<256> dst(libDir);
    llvm::sys::path::append(dst, soname);
    llvm::SmallString<256> dstReal;
    bool same = !llvm::sys::fs::real_path(dst, dstReal) && dstReal == real;
    if (!same) {
      int fd;
      llvm::SmallString<256> tmp;
      llvm::SmallString<256> model(libDir);
      llvm::sys::path::append(model, "." + soname + ".%%%%%%");
      if (std::error_code ec =
              llvm::sys::fs::createUniqueFile(model, fd, tmp)) {
        error = "cannot write in '" + libDir + "': " + ec.message();
        return false;
      }
      {
        llvm::raw_fd_ostream f(fd, /*shouldClose=*/true);
        f << bytes;
        f.close();
        if (f.has_error()) {
          error =
              "cannot write '" + std::string(tmp) + "': " + f.error().message();
          f.clear_error();
          llvm::sys::fs::remove(tmp);
          return false;
        }
      }
      llvm::sys::fs::setPermissions(tmp, llvm::sys::fs::all_read |
                                             llvm::sys::fs::owner_write);
      if (std::error_code ec = llvm::sys::fs::rename(tmp, dst)) {
        error = "cannot write '" + std::string(dst) + "': " + ec.message();
        llvm::sys::fs::remove(tmp);
        return false;
      }
    }
    out.names.push_back(soname);
    out.bytes += bytes.size();
  }
  return true;
}

bool nasir::cli::pointRunPathAtBundle(std::string &image, std::string &error) {
  auto dyn = readDynamic(image, error);
  if (!dyn)
    return false;
  static const char kPath[] = "$ORIGIN/../lib";
  int paths = 0;
  for (auto &[off, e] : dyn->entries)
    paths += e.d_tag == DT_RUNPATH || e.d_tag == DT_RPATH;
  if (paths > 1) {
    error = "it has more than one run path entry";
    return false;
  }
  for (auto &[off, e] : dyn->entries) {
    if (e.d_tag != DT_RUNPATH && e.d_tag != DT_RPATH)
      continue;
    llvm::StringRef old = dynString(image, *dyn, e.d_un.d_val);
    if (old.size() + 1 < sizeof kPath) {
      error = "its run path '" + old.str() + "' is too short to rewrite";
      return false;
    }
    // The new path, NUL-terminated, over the old one's start; the tag
    // becomes DT_RPATH, which the loader also applies to the dependencies
    // of the libraries it loads for the executable.
    std::memcpy(&image[dyn->strtab + e.d_un.d_val], kPath, sizeof kPath);
    e.d_tag = DT_RPATH;
    std::memcpy(&image[off], &e, sizeof e);
    return true;
  }
  error = "it has no run path (DT_RUNPATH) to point at the bundle's lib";
  return false;
}
