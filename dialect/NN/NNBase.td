//===- NNBase.td - the nn dialect and its op base class ----*- tablegen -*-===//
#ifndef NASIR_NN_BASE
#define NASIR_NN_BASE

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::nasir::nn";
  // Inherent attributes live in the attribute dictionary: type inference
  // then sees them while an op is parsed (properties are filled in later).
  let usePropertiesForAttributes = 0;
  let summary = "Concrete neural-network layers on ranked tensors";
  let description = [{
    The `nn` dialect holds the layers that candidate networks are made of. Values are builtin
    ranked tensors of `f32`: images are NCHW (`tensor<?x3x32x32xf32>`), feature vectors are
    `tensor<?x64xf32>`. The batch dimension is always dynamic; every other dimension is static in
    a concrete architecture. Inside a search space a dimension may be `?` when it depends on an
    unresolved choice (see the `nas` dialect); specialization makes it static again.

    Result types are inferred (`InferTypeOpInterface`), so the assembly names only operand
    types. Every op implements `LayerOpInterface`: parameter count, FLOPs and whether the op maps
    an all-zero input to zero (used by canonicalization).

    Cost convention: a *parameter* is one trainable scalar (what PyTorch's `parameters()` counts;
    batch-norm running statistics are buffers, not parameters). *FLOPs* are per sample, forward
    only, one multiply-add = 2 FLOPs; element-wise ops cost 1 FLOP per output element,
    normalizations 2 per element, pooling one per window element.
  }];
}

class NN_Op<string mnemonic, list<Trait> traits = []> :
    Op<NN_Dialect, mnemonic, traits>;

// f(0) = 0: applying the op to an all-zero input gives an all-zero output.
def ZeroPreserving : NativeOpTrait<"ZeroPreserving"> {
  let cppNamespace = "::nasir::nn";
}

#endif // NASIR_NN_BASE
