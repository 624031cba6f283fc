//===- Passes.td - search as program transformation --------*- tablegen -*-===//
#ifndef NASIR_TRANSFORMS_PASSES
#define NASIR_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def InlineCells : Pass<"nas-inline-cells", "mlir::ModuleOp"> {
  let summary = "Instantiate every nas.apply from its nas.cell";
  let description = [{
    Replaces each `nas.apply` in a space by the body of its `nas.cell`: the cell's arguments
    become the inputs, each `nas.from` expression is evaluated with the application's
    parameters (the cell's defaults where it sets none) and becomes a plain attribute, and
    with `as "prefix"` every label of the instance becomes `prefix.label`. Applications inside
    a cell are instantiated in turn; a recursive cell is an error. The types of each space are
    then re-inferred (an instance may differ in shape from the cell's defaults) and the cells
    are erased, leaving spaces that the other passes take. Errors in an instance name the op in
    the cell and the application it came from.

    Every other pass of this project needs cells inlined and says so when a `nas.apply` is
    left; the `nasir` commands inline on load.
  }];
}

def Specialize : Pass<"nas-specialize", "mlir::ModuleOp"> {
  let summary = "Resolve the search constructs named by a set of decisions";
  let description = [{
    Replaces every `nas.choice`, `nas.repeat` and `nas.select` whose label the decisions name
    by what the decision selects, then re-infers the types downstream. Decisions come from the
    `decisions` option (JSON, docs/decisions.md) or, when it is empty, from the space's
    `nas.decisions` attribute (set by `nas-sample` or `nas-mutate`). A partial assignment is
    valid: sites it does not name stay open. A value that is not one of a site's options, or a
    label of no site (or of a site the other decisions leave out), is an error that names the
    label, the value and the options. Once no site is left, only the ops that reach the output
    are kept (docs/decisions.md).
  }];
  let options = [
    Option<"decisions", "decisions", "std::string", "\"\"",
           "decisions as a JSON object (docs/decisions.md)">,
    Option<"space", "space", "std::string", "\"\"",
           "the space to specialize (default: every space)">,
  ];
}

def Relax : Pass<"nas-relax", "mlir::ModuleOp"> {
  let summary = "Turn each whole space into a supernet for one-shot search";
  let description = [{
    Inlines the cells, then replaces every search construct by what one-shot search trains
    (docs/oneshot.md): an op or subgraph choice whose alternatives yield one type becomes its
    alternatives side by side and a `nas.mix` of their results; a value choice whose
    alternatives are one graph that differs only in channel counts (`out_channels`,
    `out_features`, depthwise `groups`) and in centred convolution kernels becomes that graph
    once, at the widest options, with `nas.share` entries on every op whose channels follow the
    choice (downstream too, until a convolution or linear layer consumes them); other value
    choices of one type are mixed copies. A repeat is unrolled to its largest depth (labels per
    iteration as decisions spell them) with a `nas.mix` over the depths; a `sum` input choice
    becomes `nas.mix_inputs`. `nas.require` is dropped. What cannot be relaxed (alternatives of
    different types that do not share, a concatenating pick of fewer than all inputs, a channel
    count that depends on two labels) is an error at the site, naming why. The space gets
    `nas.labels`, the table of its labels with their kinds and options.
  }];
}

def Sample : Pass<"nas-sample", "mlir::ModuleOp"> {
  let summary = "Draw decisions uniformly over the valid candidates";
  let description = [{
    Sets each space's `nas.decisions` to a uniformly random complete assignment (honouring
    shared labels, nesting, repeats and the `edges` bound; a params/flops bound is checked after
    specialization by the caller). Follow with `nas-specialize` to get the candidate.
  }];
  let options = [
    Option<"seed", "seed", "uint64_t", "0", "random seed">,
  ];
}

def Mutate : Pass<"nas-mutate", "mlir::ModuleOp"> {
  let summary = "Change some decisions of a candidate to other legal values";
  let description = [{
    Reads each space's `nas.decisions`, changes `count` distinct active decisions to other
    values (sites the change opens are sampled, sites it closes are dropped) and writes them
    back. A space whose active decisions all have a single option is an error: nothing to mutate.
  }];
  let options = [
    Option<"seed", "seed", "uint64_t", "0", "random seed">,
    Option<"count", "count", "unsigned", "1", "how many decisions to change">,
  ];
}

def Count : Pass<"nas-count", "mlir::ModuleOp"> {
  let summary = "Count the candidates of each space exactly";
  let description = [{
    Sets `nas.count` (a decimal string: counts exceed 64 bits) on each space: the number of
    distinct decision assignments, honouring shared labels, nesting, repeats, the `edges`
    bound and `nas.require`; "more than 2^512" past that. Under a params or flops bound, the
    candidates whose network meets it, specialized one by one when there are at most `limit`
    assignments, else "<= N". The same text as `nasir count` prints.
  }];
  let options = [
    Option<"limit", "limit", "uint64_t", "2000000",
           "most assignments specialized one by one under a params/flops bound">,
  ];
}

def BindDataset : Pass<"nas-bind-dataset", "mlir::ModuleOp"> {
  let summary = "Bind the input shape and the class count of a dataset";
  let description = [{
    Gives `nn.input` the dataset's shape, the ops marked `nas.bind = "classes"` the class
    count, and re-infers every type downstream, so one space runs on MNIST and CIFAR unchanged.
  }];
  let options = [
    Option<"shape", "shape", "std::string", "\"\"", "input shape without the batch, e.g. 1x28x28">,
    Option<"classes", "classes", "int64_t", "0", "number of classes">,
  ];
}

def Canonicalize : Pass<"nas-canonicalize", "mlir::ModuleOp"> {
  let summary = "Put concrete networks in canonical form by exact algebra";
  let description = [{
    Drops contributions of zero (`nn.zero`, and zero-preserving ops of zero) from sums, folds
    `identity`, flattens and orders sums, removes dead nodes. Only concrete spaces change.
  }];
  let options = [
    Option<"zeroAbsorbing", "zero-absorbing", "bool", "false",
           "The zero-absorbing rule: every op applied to zero is zero">,
  ];
}

def Fingerprint : Pass<"nas-fingerprint", "mlir::ModuleOp"> {
  let summary = "Attach the structural fingerprint of each concrete network";
  let description = [{
    Sets `nas.fingerprint`: equal for candidates that compute the same function under the
    rules of `nas-canonicalize` (a 128-bit structural hash of the canonical graph).
  }];
  let options = [
    Option<"zeroAbsorbing", "zero-absorbing", "bool", "false",
           "The zero-absorbing rule: every op applied to zero is zero">,
  ];
}

def Cost : Pass<"nas-cost", "mlir::ModuleOp"> {
  let summary = "Attach parameter count, FLOPs and MACs";
  let description = [{
    Sets `nas.params`, `nas.flops` and `nas.macs` on each concrete space (`flops`: the
    convention of the `nn` dialect, a multiply-add counts 2; `macs`: multiply-accumulates of
    convolutions and linear layers only, as NAS-Bench-201 and most papers count); for an open
    space, `nas.params_min`/`_max`, `nas.flops_min`/`_max` and `nas.macs_min`/`_max` when the
    structure allows them without enumerating.
  }];
}

def VerifySpace : Pass<"nas-verify-space", "mlir::ModuleOp"> {
  let summary = "Check a whole space before any candidate is trained";
  let description = [{
    Types are inferred across every alternative by the dialects' verifiers (a dimension that
    depends on an open choice is `?`). This pass adds what needs the decision structure: a space
    with no valid candidate is an error, and an alternative that no valid candidate can take
    (every candidate through it breaks a bound) is a warning at the alternative.
  }];
}

#endif
