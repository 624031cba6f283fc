//===- NASOps.td - search-space constructs -----------------*- tablegen -*-===//
#ifndef NASIR_NAS_OPS
#define NASIR_NAS_OPS

include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def NAS_Dialect : Dialect {
  let name = "nas";
  let cppNamespace = "::nasir::nas";
  // Inherent attributes live in the attribute dictionary: type inference
  // then sees them while an op is parsed (properties are filled in later).
  let usePropertiesForAttributes = 0;
  // `nas.from` on ops in a cell body.
  let hasOperationAttrVerify = 1;
  // The enum attributes (#nas<combine "sum"> in the generic form).
  let useDefaultAttributePrinterParser = 1;
  let summary = "Search-space constructs, generic over the ops they wrap";
  let description = [{
    A search space is a program with holes. The `nas` dialect has the holes: a choice between
    alternative regions (`nas.choice`; value choices are choices whose alternatives differ in
    attributes), a repeated body whose depth is chosen (`nas.repeat`), a choice of inputs
    (`nas.select`), and the space's declared constraints and objectives.

    Every hole carries a *label*. A candidate is a space plus *decisions*, a map from labels to
    values: sites with the same label take the same decision (a shared cell), different labels
    are independent. A site nested in an alternative exists only when that alternative is taken;
    a site in the body of `nas.repeat` exists once per iteration, labelled `label#i` (iteration
    `i` from 0) unless the repeat is `shared`. Specialization replaces each site by what its
    decision selects; a module with no `nas` op left but `nas.space` is a concrete architecture.

    The constructs know nothing of the ops they wrap: their alternatives may hold any dialect's
    ops, and the only type rule is that every alternative yields values compatible with the
    construct's result types (equal where both are static).

    `nas-relax` turns a whole space into a supernet (docs/oneshot.md): `nas.mix` and
    `nas.mix_inputs` stand for the relaxed choices, repeats and selects, and the discardable
    attribute `nas.share` on an nn op records the options of the value choices folded into it:
    a list of entries `{label = "w", channels = [16, 32]}` and
    `{label = "k", kernel = [3, 5], padding = [1, 2]}` (option i keeps the first `channels[i]` result channels; a convolution with the largest
    kernel uses its centred `kernel[i]` window with `padding[i]`).
  }];
}

//===----------------------------------------------------------------------===//
// Enumerations: what a select combines by, what a constraint bounds, what an
// objective measures and in which direction. ODS generates them and verifies
// the attributes; no op checks a value by hand.
//===----------------------------------------------------------------------===//

// An enum of the dialect. Ops spell its values as quoted strings ("sum"),
// as the text form always has (custom<StringEnum>, NASOps.cpp); the
// attribute's `kExpected` says what a value may be, for the parse error.
class NAS_Enum<string name, string summary, list<I32EnumAttrCase> cases>
    : I32EnumAttr<name, summary, cases> {
  let cppNamespace = "::nasir::nas";
  let genSpecializedAttr = 0;
}

class NAS_EnumAttr<NAS_Enum enum, string mnemonic, string expected>
    : EnumAttr<NAS_Dialect, enum, mnemonic> {
  let extraClassDeclaration =
      "static constexpr const char *kExpected = \"" # expected # "\";";
}

def NAS_Combine : NAS_Enum<"Combine", "how nas.select combines its inputs", [
  I32EnumAttrCase<"sum", 0>,
  I32EnumAttrCase<"concat", 1>]>;
def NAS_CombineAttr : NAS_EnumAttr<NAS_Combine, "combine",
    "combines by 'sum' or 'concat'">;

def NAS_ConstraintMetric : NAS_Enum<"ConstraintMetric",
    "what nas.constraint bounds", [
  I32EnumAttrCase<"params", 0>,
  I32EnumAttrCase<"flops", 1>,
  I32EnumAttrCase<"edges", 2>,
  I32EnumAttrCase<"fits", 3>,
  I32EnumAttrCase<"macs", 4>]>;
def NAS_ConstraintMetricAttr : NAS_EnumAttr<NAS_ConstraintMetric,
    "constraint_metric",
    "bounds 'params', 'flops', 'macs' or 'edges' (or is 'fits')">;

def NAS_ObjectiveMetric : NAS_Enum<"ObjectiveMetric",
    "what nas.objective measures", [
  I32EnumAttrCase<"accuracy", 0>,
  I32EnumAttrCase<"params", 1>,
  I32EnumAttrCase<"flops", 2>,
  I32EnumAttrCase<"latency", 3>,
  I32EnumAttrCase<"macs", 4>]>;
def NAS_ObjectiveMetricAttr : NAS_EnumAttr<NAS_ObjectiveMetric,
    "objective_metric",
    "metric is one of 'accuracy', 'params', 'flops', 'macs', 'latency'">;

// Spelled as a keyword: `nas.objective maximize "accuracy"`.
def NAS_Direction : NAS_Enum<"Direction", "which way nas.objective goes", [
  I32EnumAttrCase<"minimize", 0>,
  I32EnumAttrCase<"maximize", 1>]>;
def NAS_DirectionAttr : EnumAttr<NAS_Dialect, NAS_Direction, "direction">;

class NAS_Op<string mnemonic, list<Trait> traits = []> :
    Op<NAS_Dialect, mnemonic, traits>;

def NAS_SpaceOp : NAS_Op<"space", [Symbol, IsolatedFromAbove, SingleBlock,
                                   NoTerminator]> {
  let summary = "a named search space";
  let description = [{
    Holds one network body (graph-like, one block, no terminator). A module may hold several
    spaces. The body holds `nn.input`, the layers, `nn.output`, the search constructs and the
    space's `nas.constraint` and `nas.objective` declarations.

    ```mlir
    nas.space @tiny {
      %x = nn.input : tensor<?x1x28x28xf32>
      %y = nas.choice "act" -> tensor<?x1x28x28xf32>
        case "relu" { %r = nn.relu %x : tensor<?x1x28x28xf32>  nas.yield %r : tensor<?x1x28x28xf32> }
        case "tanh" { %t = nn.tanh %x : tensor<?x1x28x28xf32>  nas.yield %t : tensor<?x1x28x28xf32> }
      ...
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name attr-dict-with-keyword $body";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    mlir::Block &getBlock() { return getBody().front(); }
  }];
}

def NAS_CellOp : NAS_Op<"cell", [Symbol, IsolatedFromAbove,
    SingleBlockImplicitTerminator<"YieldOp">, HasParent<"mlir::ModuleOp">]> {
  let summary = "a reusable, parameterized block (a cell) that spaces apply";
  let description = [{
    A cell is a network fragment defined once and applied by `nas.apply` wherever a space (or
    another cell) needs it: its body maps the arguments to the values it yields, and may hold
    any ops, search constructs included (a searchable cell).

    `params` declares the cell's parameters with their default values (integers, floats or
    strings). An op in the body takes a parameter through its `nas.from` attribute, a
    dictionary from the op's attribute names to expressions over the parameters: a parameter
    name (its value is used as is, of any type) or integer arithmetic (`+`, `-`, `*`, `/`
    floor division, `%`, parentheses). The body is written, and verified, with the default
    values in the op's attributes; `nas-inline-cells` instantiates it for each application.
    A `nas.apply` in the body takes bound values as its parameters the same way.

    ```mlir
    nas.cell @conv_bn_relu(%x: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> params {C = 16, k = 3} {
      %c = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 1,
                         nas.from = {out_channels = "C", kernel = "k", padding = "k / 2"}} : tensor<?x?x?x?xf32>
      %b = nn.batch_norm %c : tensor<?x16x?x?xf32>
      %r = nn.relu %b : tensor<?x16x?x?xf32>
      nas.yield %r : tensor<?x16x?x?xf32>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<FunctionType>:$function_type,
                       DictionaryAttr:$params);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    mlir::Block &getBlock() { return getBody().front(); }
  }];
}

def NAS_ApplyOp : NAS_Op<"apply", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "an instance of a cell, with parameters and a label prefix";
  let description = [{
    Stands for the body of `cell` applied to `inputs`, with `params` overriding the cell's
    defaults. With `as "prefix"`, every label in the instance is `prefix.label`, so each
    instance decides for itself; without it the instances share their labels, so all take
    the same decisions (DARTS's one genotype for every normal cell). The result types may be
    less precise than what the instance yields; inlining sharpens them.

    ```mlir
    %y = nas.apply @conv_bn_relu(%x) {C = 32} as "stem" : (tensor<?x3x32x32xf32>) -> tensor<?x32x32x32xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$cell, Variadic<AnyType>:$inputs,
                       DictionaryAttr:$params, OptionalAttr<StrAttr>:$label);
  let results = (outs Variadic<AnyType>:$results);
  let assemblyFormat = [{
    $cell `(` $inputs `)` $params (`as` $label^)? attr-dict `:` functional-type($inputs, $results)
  }];
}

def NAS_YieldOp : NAS_Op<"yield", [Pure, Terminator, ReturnLike,
    ParentOneOf<["ChoiceOp", "RepeatOp", "CellOp"]>]> {
  let summary = "the values an alternative, a repeat body or a cell produces";
  let description = [{
    Ends each `case` of `nas.choice`, the body of `nas.repeat` and of `nas.cell`. Its values must be
    compatible with the parent's result types. An empty yield may be left out.

    ```mlir
    nas.yield %y : tensor<?x16x32x32xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$values);
  let builders = [OpBuilder<(ins), [{ build($_builder, $_state, mlir::ValueRange()); }]>];
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

def NAS_ChoiceOp : NAS_Op<"choice", [RecursiveMemoryEffects,
    SingleBlockImplicitTerminator<"YieldOp">]> {
  let summary = "one of N alternative regions (op, subgraph or value choice)";
  let description = [{
    Each `case` is an alternative: a region that may use any value in scope and ends with
    `nas.yield`. The decision for `label` names the case by its option value: a string for an
    op choice, an integer or float for a value choice (the alternatives then differ only in an
    attribute, which becomes a plain attribute after specialization). The results take the
    shape-wise join of what the alternatives yield: a dimension that differs between them is
    `?` until the choice is resolved.

    In the body of a `nas.repeat`, a choice is decided once per iteration. With `outer K` it
    is decided K per-iteration repeats further out: its label keeps the iteration suffixes of
    the enclosing repeats but the innermost K, so a width chosen once for a whole stage can
    be used by every iteration (`nas.choice "w" outer 1` inside the body: label `w` in all).

    ```mlir
    %y = nas.choice "stage1.k" -> tensor<?x32x?x?xf32>
      case 3 {
        %a = nn.conv2d %x {out_channels = 32, kernel = 3, padding = 1} : tensor<?x16x32x32xf32>
        nas.yield %a : tensor<?x32x32x32xf32>
      }
      case 5 {
        %b = nn.conv2d %x {out_channels = 32, kernel = 5, padding = 2} : tensor<?x16x32x32xf32>
        nas.yield %b : tensor<?x32x32x32xf32>
      }
    ```
  }];
  let arguments = (ins StrAttr:$label, ArrayAttr:$options,
                       OptionalAttr<ConfinedAttr<I64Attr, [IntPositive]>>:$outer);
  let results = (outs Variadic<AnyType>:$results);
  let regions = (region VariadicRegion<SizedRegion<1>>:$alternatives);
  let builders = [
    // Decided where it stands (no `outer`).
    OpBuilder<(ins "mlir::TypeRange":$types, "llvm::StringRef":$label,
                   "mlir::ArrayAttr":$options, "unsigned":$alternatives), [{
      build($_builder, $_state, types, label, options, mlir::IntegerAttr(),
            alternatives);
    }]>];
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The index of the alternative whose option equals `value`, if any.
    std::optional<unsigned> findOption(mlir::Attribute value);
  }];
}

def NAS_RepeatOp : NAS_Op<"repeat", [RecursiveMemoryEffects,
    SingleBlockImplicitTerminator<"YieldOp">]> {
  let summary = "a body applied k times in sequence, k chosen (depth search)";
  let description = [{
    The body maps a value to a value of the same type; the result is the body applied `k` times
    to the input, `k` one of `depths` (0 = the input itself). Choices in the body are decided
    once per iteration (labels `label#i`), or once for all iterations when `shared` is set.

    ```mlir
    %y = nas.repeat "stage2.depth" [2, 3, 4] (%x : tensor<?x32x16x16xf32>) -> tensor<?x32x16x16xf32> {
    ^bb0(%a: tensor<?x32x16x16xf32>):
      %b = nn.relu %a : tensor<?x32x16x16xf32>
      nas.yield %b : tensor<?x32x16x16xf32>
    }
    ```
  }];
  let arguments = (ins StrAttr:$label, DenseI64ArrayAttr:$depths, AnyType:$input,
                   UnitAttr:$shared);
  let results = (outs AnyType:$result);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $label $depths ` ` `(` $input `:` type($input) `)` `->` type($result) (`shared` $shared^)?
    $body attr-dict
  }];
  let hasVerifier = 1;
}

def NAS_SelectOp : NAS_Op<"select", [Pure, InferTypeOpAdaptor]> {
  let summary = "choose between `min` and `max` of n candidate inputs, combined";
  let description = [{
    The input choice of cell and DAG spaces: the decision is the sorted list of the indices of
    the chosen candidates (NNI's `InputChoice`). The chosen values are summed (`sum`) or
    concatenated along dimension 1 (`concat`); one chosen value is passed through. Every chosen
    input is an *edge* for the `edges` constraint.

    ```mlir
    %n3 = nas.select "n3.in" "sum" min 1 max 2 (%n0, %n1, %n2) : tensor<?x16x32x32xf32>, tensor<?x16x32x32xf32>, tensor<?x16x32x32xf32>
    ```
  }];
  let arguments = (ins StrAttr:$label, NAS_CombineAttr:$combine,
                   ConfinedAttr<I64Attr, [IntPositive]>:$min,
                   ConfinedAttr<I64Attr, [IntPositive]>:$max,
                   Variadic<AnyRankedTensor>:$inputs);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $label custom<StringEnum>($combine) `min` $min `max` $max ` ` `(` $inputs `)` attr-dict
    `:` type($inputs)
  }];
  let hasVerifier = 1;
}

def NAS_MixOp : NAS_Op<"mix", [Pure, InferTypeOpAdaptor]> {
  let summary = "a weighted mix of one value per option (a relaxed choice)";
  let description = [{
    What `nas-relax` makes of an op or subgraph choice whose alternatives yield one type, and
    of a repeat's depth: one input per option of `label`, in option order, all of the result's
    type. A one-shot trainer weighs the inputs by its architecture parameters for `label`
    (one vector per label, shared by every site of that label); a candidate takes the input
    of its decision. For a depth, input i is the value after `options[i]` iterations of the
    unrolled body.

    ```mlir
    %y = nas.mix "act" ["relu", "tanh"] (%r, %t) : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
    ```
  }];
  let arguments = (ins StrAttr:$label, ArrayAttr:$options,
                   Variadic<AnyRankedTensor>:$inputs);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $label $options ` ` `(` $inputs `)` attr-dict `:` type($inputs)
  }];
  let hasVerifier = 1;
}

def NAS_MixInputsOp : NAS_Op<"mix_inputs", [Pure, InferTypeOpAdaptor]> {
  let summary = "every candidate input of an input choice, weighted and summed";
  let description = [{
    What `nas-relax` makes of a `nas.select` that sums its picks: all `n` inputs, each
    weighted by the architecture parameters of `label` (n entries), summed. A candidate
    picks between `min` and `max` of them (the decision is the sorted list of indices, as
    for `nas.select`). The inputs have one type, the result's.

    ```mlir
    %n3 = nas.mix_inputs "n3.in" sum min 2 max 2 (%a, %b, %c) : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
    ```
  }];
  let arguments = (ins StrAttr:$label,
                   ConfinedAttr<I64Attr, [IntPositive]>:$min,
                   ConfinedAttr<I64Attr, [IntPositive]>:$max,
                   Variadic<AnyRankedTensor>:$inputs);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $label `sum` `min` $min `max` $max ` ` `(` $inputs `)` attr-dict `:` type($inputs)
  }];
  let hasVerifier = 1;
}

def NAS_ConstraintOp : NAS_Op<"constraint", [HasParent<"SpaceOp">]> {
  let summary = "an upper bound every candidate of the space must meet";
  let description = [{
    `metric` is `params` (trainable parameters), `flops` (per sample, 1 multiply-add = 2, plus
    the element-wise, normalization and pooling work), `macs` (per sample, the
    multiply-accumulates of convolutions and linear layers only, the convention of
    NAS-Bench-201 and of most papers' "FLOPs") or `edges` (inputs chosen by all `nas.select`
    sites). Candidates that exceed a bound are not
    part of the space: counting, sampling and mutation skip them.

    `"fits"` (no bound) makes the combinations of decisions whose shapes do not fit
    exclusions instead of errors: whole-space verification finds each one (the decisions and
    values under which an op's type inference fails) and the decision tree rules it out, so
    counting, uniform sampling, enumeration, mutation and every strategy skip exactly the
    candidates that would fail to specialize.

    ```mlir
    nas.constraint "params" <= 5000000
    nas.constraint "fits"
    ```
  }];
  let arguments = (ins NAS_ConstraintMetricAttr:$metric, I64Attr:$bound);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
}

def NAS_RequireOp : NAS_Op<"require"> {
  let summary = "a predicate on decisions every candidate must satisfy";
  let description = [{
    Rules out the assignments whose decisions make `predicate` false: counting, sampling,
    mutation and enumeration skip them, and specializing by such decisions is an error.
    The predicate compares decision labels with values or with each other (`==`, `!=`, `<`,
    `<=`, `>`, `>=`, `in [...]`; strings in single quotes) and joins comparisons with `not`,
    `and`, `or` and `implies`.

    It may stand anywhere in a space body and names the choices and repeats *in scope* where
    it stands: the sites of its own block and of the blocks around it, and the choices and
    repeats that enclose it. It holds where it stands: inside an alternative it binds only
    the candidates that take that alternative, and inside the body of a `nas.repeat` it binds
    every iteration (naming that iteration's sites). Input choices are not named: their
    decisions are sets, constrained by `nas.constraint "edges"`.

    ```mlir
    nas.require "k == 7 implies e <= 4"
    nas.require "act in ['relu', 'gelu'] or width >= 64"
    ```
  }];
  let arguments = (ins StrAttr:$predicate);
  let assemblyFormat = "$predicate attr-dict";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The site `label` names where this op stands (a choice or repeat of
    /// its block or an enclosing one, or an enclosing choice or repeat).
    mlir::Operation *resolveLabel(llvm::StringRef label);
    /// The predicate, parsed (nullopt when it does not parse: the verifier
    /// reports why).
    std::optional<Predicate> parsePredicate() {
      std::string error;
      unsigned column;
      return Predicate::parse(getPredicate(), getContext(), error, column);
    }
  }];
}

def NAS_ObjectiveOp : NAS_Op<"objective", [HasParent<"SpaceOp">]> {
  let summary = "what the search optimizes";
  let description = [{
    Declared before searching, as users are told to: `accuracy` (validation accuracy of the
    trained candidate), `params`, `flops`, `macs` (as in `nas.constraint`), `latency`. Several objectives make the search
    multi-objective (a Pareto front).

    ```mlir
    nas.objective maximize "accuracy"
    nas.objective minimize "params"
    ```
  }];
  let arguments = (ins NAS_DirectionAttr:$direction,
                   NAS_ObjectiveMetricAttr:$metric);
  let assemblyFormat = "$direction custom<StringEnum>($metric) attr-dict";
  let extraClassDeclaration = [{
    bool isMaximize() { return getDirection() == Direction::maximize; }
  }];
}

#endif // NASIR_NAS_OPS
