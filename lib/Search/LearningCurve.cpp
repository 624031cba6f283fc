//===- LearningCurve.cpp - a trial's per-epoch values, read and written ---===//
#include "lib/Search/LearningCurve.h"
#include "lib/Support/LimitedJson.h"
#include "lib/Support/ShortestJson.h"
#include <cmath>

using namespace nasir;
using namespace nasir::search;

bool nasir::search::curveFromJson(const llvm::json::Value &value, Curve &curve,
                                  std::string &error) {
  curve.clear();
  const llvm::json::Array *a = value.getAsArray();
  if (!a) {
    error = "curve: not an array";
    return false;
  }
  if (a->size() > kMaxCurvePoints) {
    error = "curve: " + std::to_string(a->size()) + " epochs, more than " +
            std::to_string(kMaxCurvePoints);
    return false;
  }
  for (size_t i = 0; i < a->size(); ++i) {
    std::string at = "curve[" + std::to_string(i) + "]";
    const llvm::json::Object *o = (*a)[i].getAsObject();
    if (!o) {
      error = at + ": not an object";
      return false;
    }
    EpochPoint p;
    const llvm::json::Value *e = o->get("epoch");
    std::optional<int64_t> epoch = e ? e->getAsInteger() : std::nullopt;
    if (!e || !epoch || *epoch < 1) {
      error = at + ".epoch: " +
              (e ? std::string("not a positive integer") : "missing");
      return false;
    }
    if (!curve.empty() && *epoch <= curve.back().epoch) {
      error = at + ".epoch: " + std::to_string(*epoch) + " after epoch " +
              std::to_string(curve.back().epoch) + " (not increasing)";
      return false;
    }
    p.epoch = *epoch;
    struct Field {
      const char *name;
      double *into;
      bool fraction;
    } fields[] = {{"train_loss", &p.trainLoss, false},
                  {"train_accuracy", &p.trainAccuracy, true},
                  {"val_loss", &p.valLoss, false},
                  {"val_accuracy", &p.valAccuracy, true}};
    for (const Field &f : fields) {
      const llvm::json::Value *v = o->get(f.name);
      std::optional<double> n = v ? v->getAsNumber() : std::nullopt;
      if (!v) {
        error = at + "." + f.name + ": missing";
        return false;
      }
      if (!n || !std::isfinite(*n)) {
        error = at + "." + f.name + ": not a finite number";
        return false;
      }
      if (*n < 0 || (f.fraction && *n > 1)) {
        error = at + "." + f.name + ": " + formatShortest(*n) +
                (f.fraction ? " is not a fraction in [0, 1]" : " is negative");
        return false;
      }
      *f.into = *n;
    }
    curve.push_back(p);
  }
  return true;
}

llvm::json::Array nasir::search::curveToJson(const Curve &curve) {
  llvm::json::Array a;
  for (const EpochPoint &p : curve)
    a.push_back(llvm::json::Object{{"epoch", p.epoch},
                                   {"train_loss", p.trainLoss},
                                   {"train_accuracy", p.trainAccuracy},
                                   {"val_loss", p.valLoss},
                                   {"val_accuracy", p.valAccuracy}});
  return a;
}

std::string nasir::search::storedCurveJson(const Curve &curve) {
  return printJson(llvm::json::Value(curveToJson(curve)));
}

bool nasir::search::parseStoredCurve(llvm::StringRef text, Curve &curve,
                                     std::string &error) {
  auto v = parseJsonLimited(text);
  if (!v) {
    error = llvm::toString(v.takeError());
    return false;
  }
  return curveFromJson(*v, curve, error);
}
