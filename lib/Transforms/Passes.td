//===- Passes.td - search as program transformation --------*- tablegen -*-===//
#ifndef NASIR_TRANSFORMS_PASSES
#define NASIR_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def Specialize : Pass<"nas-specialize", "mlir::ModuleOp"> {
  let summary = "Resolve the search constructs named by a set of decisions";
  let description = [{
    Replaces every `nas.choice`, `nas.repeat` and `nas.select` whose label the decisions name
    by what the decision selects, then re-infers the types downstream. Decisions come from the
    `decisions` option (JSON, docs/decisions.md) or, when it is empty, from the space's
    `nas.decisions` attribute (set by `nas-sample` or `nas-mutate`). A partial assignment is
    valid: sites it does not name stay open. A value that is not one of a site's options is an
    error that names the label, the value and the options.
  }];
  let options = [
    Option<"decisions", "decisions", "std::string", "\"\"",
           "decisions as a JSON object (docs/decisions.md)">,
    Option<"space", "space", "std::string", "\"\"",
           "the space to specialize (default: every space)">,
  ];
}

#endif
