//===- InlineSvg.cpp - a Graphviz picture, safe to inline in the report ---===//
//
// The SVG is rebuilt tag by tag from a list of the drawing elements Graphviz
// writes; everything else goes: links (<a>, whose targets come from
// attributes a graph could carry), any attribute naming a URL (href,
// xlink:href) or an event handler (on...), comments, declarations and any
// other element with its content (script, foreignObject, ...). Text between
// tags is kept as Graphviz escaped it: it cannot open a tag, since every '<'
// is read here as one.
//
//===----------------------------------------------------------------------===//
#include "lib/Search/Report.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace nasir::search;

static bool isDrawingElement(llvm::StringRef name) {
  static const llvm::StringSet<> kElements = {
      "svg",  "g",       "title",  "polygon",        "polyline",
      "path", "ellipse", "circle", "rect",           "line",
      "text", "tspan",   "defs",   "linearGradient", "radialGradient",
      "stop"};
  return kElements.contains(name);
}

static bool isSafeAttribute(llvm::StringRef name) {
  std::string lower = name.lower();
  bool plainName = llvm::all_of(name, [](char c) {
    return llvm::isAlnum(c) || c == ':' || c == '-' || c == '_';
  });
  return plainName && !llvm::StringRef(lower).contains("href") &&
         !llvm::StringRef(lower).starts_with("on");
}

/// One tag of the document: its element's name ("" for a comment or a
/// declaration) and the tag rebuilt with only its safe attributes.
struct Tag {
  std::string name, text;
  bool closing = false, selfClosing = false;
};

/// Reads the tag at the start of `s` (which begins with '<') and advances
/// `s` past it.
static Tag readTag(llvm::StringRef &s) {
  Tag t;
  auto skipPast = [&](llvm::StringRef end) {
    size_t at = s.find(end);
    s = at == llvm::StringRef::npos ? "" : s.drop_front(at + end.size());
  };
  if (s.starts_with("<!--")) {
    skipPast("-->");
    return t;
  }
  if (s.starts_with("<!") || s.starts_with("<?")) {
    skipPast(">");
    return t;
  }
  s = s.drop_front(); // '<'
  t.closing = s.consume_front("/");
  t.name = s.take_until([](char c) {
              return llvm::StringRef(" \t\r\n/>").contains(c);
            }).str();
  s = s.drop_front(t.name.size());
  std::string attrs;
  while (!s.empty()) {
    s = s.ltrim();
    if (s.consume_front(">"))
      break;
    if (s.consume_front("/")) {
      t.selfClosing = true;
      continue;
    }
    size_t e = s.find_first_of("= \t\r\n/>");
    llvm::StringRef attr = s.take_front(std::max<size_t>(e, 1));
    s = s.drop_front(attr.size()).ltrim();
    std::string value;
    if (s.consume_front("=")) {
      s = s.ltrim();
      char q = s.empty() ? 0 : s.front();
      if (q == '"' || q == '\'') {
        size_t end = s.find(q, 1);
        value = std::string(1, q) + s.slice(1, end).str() + q;
        s = end == llvm::StringRef::npos ? "" : s.drop_front(end + 1);
      } else {
        llvm::StringRef v = s.take_until(
            [](char c) { return llvm::StringRef("> \t\r\n").contains(c); });
        s = s.drop_front(v.size());
        if (v.contains('"') || v.contains('<'))
          continue;
        value = "\"" + v.str() + "\"";
      }
    }
    if (isSafeAttribute(attr))
      attrs += " " + attr.str() + (value.empty() ? "" : "=" + value);
  }
  t.text = "<" + std::string(t.closing ? "/" : "") + t.name + attrs +
           (t.selfClosing ? "/>" : ">");
  return t;
}

/// Advances `s` past the end of the element `name` whose opening tag was
/// just read, its content included.
static void skipElement(llvm::StringRef &s, llvm::StringRef name) {
  for (int depth = 1; depth > 0 && !s.empty();) {
    s = s.drop_front(std::min(s.find('<'), s.size()));
    if (s.empty())
      return;
    Tag t = readTag(s);
    if (t.name == name && !t.selfClosing)
      depth += t.closing ? -1 : 1;
  }
}

std::string nasir::search::inlineSvg(llvm::StringRef doc, llvm::StringRef cls) {
  size_t start = doc.find("<svg");
  if (start == llvm::StringRef::npos)
    return "";
  llvm::StringRef s = doc.drop_front(start);
  std::string out;
  bool classAdded = false;
  while (!s.empty()) {
    size_t lt = std::min(s.find('<'), s.size());
    out += s.take_front(lt).str();
    s = s.drop_front(lt);
    if (s.empty())
      break;
    Tag t = readTag(s);
    if (t.name.empty() || t.name == "a")
      continue; // a comment, a declaration, a link (its content stays)
    if (!isDrawingElement(t.name)) {
      if (!t.closing && !t.selfClosing)
        skipElement(s, t.name);
      continue;
    }
    // Natural size (Graphviz's points); CSS shrinks it to its box.
    if (t.name == "svg" && !t.closing && !classAdded) {
      t.text.insert(t.text.size() - (t.selfClosing ? 2 : 1),
                    " class=\"" + cls.str() + "\"");
      classAdded = true;
    }
    out += t.text;
  }
  return out;
}
