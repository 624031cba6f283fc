//===- Registry.h - things that register themselves by name -----*- C++ -*-===//
//
// A file that defines an evaluator (or another kind of plug-in) registers it
// with a static object, so that adding one touches no other file:
//
//   static Registration<EvaluatorFactory> reg("name", "summary", factory);
//
// The library is a CMake OBJECT library, so these objects are always linked.
//
//===----------------------------------------------------------------------===//
#ifndef NASIR_SEARCH_REGISTRY_H
#define NASIR_SEARCH_REGISTRY_H

#include <map>
#include <string>

namespace nasir::search {

template <typename Factory> struct Registration {
  struct Entry {
    std::string summary;
    Factory factory;
  };
  Registration(const char *name, const char *summary, Factory factory) {
    registry()[name] = {summary, std::move(factory)};
  }
  /// Every registered name, in order, with its entry.
  static std::map<std::string, Entry> &registry() {
    static std::map<std::string, Entry> entries;
    return entries;
  }
};

} // namespace nasir::search

#endif
