//===- NNOps.td - layers of candidate networks -------------*- tablegen -*-===//
#ifndef NASIR_NN_OPS
#define NASIR_NN_OPS

include "NN/NNBase.td"
include "NN/NNInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/IR/CommonAttrConstraints.td"

def NN_Tensor : RankedTensorOf<[F32]>;

// A layer: one tensor result inferred from its operands and attributes.
// `cost` names the LayerOpInterface methods the op defines itself (the rest
// take the defaults: no parameters, 1 FLOP per element, the ZeroPreserving trait).
class NN_Layer<string mnemonic, list<Trait> traits = [],
               list<string> cost = ["getFlops"]> :
    NN_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor,
        DeclareOpInterfaceMethods<LayerOpInterface, cost>])> {
  let results = (outs NN_Tensor:$result);
}

// A one-input layer printed as `nn.op %x {attrs} : type`.
class NN_UnaryLayer<string mnemonic, list<Trait> traits = [],
                    list<string> cost = ["getFlops"]> :
    NN_Layer<mnemonic, traits, cost> {
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

// An element-wise activation: same type in and out, 1 FLOP per element, no parameters.
class NN_Activation<string mnemonic, string fn, list<Trait> traits = []> :
    NN_Op<mnemonic, !listconcat(traits, [Pure, SameOperandsAndResultType,
        DeclareOpInterfaceMethods<LayerOpInterface>])> {
  let summary = "element-wise " # fn;
  let description = "Applies `" # fn # "` to every element; the result has the "
                    "operand's type. 1 FLOP per element, no parameters.\n\n"
                    "```mlir\n%y = nn." # mnemonic # " %x : tensor<?x16x32x32xf32>\n```\n";
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

//===----------------------------------------------------------------------===//
// Graph boundary
//===----------------------------------------------------------------------===//

def NN_InputOp : NN_Op<"input", [Pure, DeclareOpInterfaceMethods<LayerOpInterface, ["getFlops"]>]> {
  let summary = "the network's input batch";
  let description = [{
    Declares the input of the network; its type is the input shape with a dynamic batch.
    A space whose input shape is bound by the dataset still declares a default here; the
    `nas-bind-input` pass replaces it and re-infers every type downstream.

    ```mlir
    %x = nn.input : tensor<?x3x32x32xf32>
    ```
  }];
  let results = (outs NN_Tensor:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def NN_OutputOp : NN_Op<"output", [DeclareOpInterfaceMethods<LayerOpInterface, ["getFlops"]>]> {
  let summary = "the network's output (logits)";
  let description = [{
    Marks the network's result, `[N, classes]` logits. Exactly one per network.

    ```mlir
    nn.output %logits : tensor<?x10xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Layers with parameters
//===----------------------------------------------------------------------===//

// A convolution over `rank` spatial dimensions (NCL or NCHW), square kernel.
class NN_Conv<string mnemonic, int rank> :
    NN_Layer<mnemonic, [], ["getParamCount", "getFlops", "isZeroPreserving"]> {
  let arguments = (ins NN_Tensor:$input,
                   ConfinedAttr<I64Attr, [IntPositive]>:$out_channels,
                   ConfinedAttr<I64Attr, [IntPositive]>:$kernel,
                   DefaultValuedAttr<ConfinedAttr<I64Attr, [IntPositive]>, "1">:$stride,
                   DefaultValuedAttr<ConfinedAttr<I64Attr, [IntNonNegative]>, "0">:$padding,
                   DefaultValuedAttr<ConfinedAttr<I64Attr, [IntPositive]>, "1">:$dilation,
                   DefaultValuedAttr<ConfinedAttr<I64Attr, [IntPositive]>, "1">:$groups,
                   DefaultValuedAttr<BoolAttr, "false">:$bias);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let extraClassDeclaration = [{
    static constexpr int kSpatialRank = }] # rank # [{;
  }];
  // Shape and cost of every rank: inferWindow, convParams, convFlops (NNOps.cpp).
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(::mlir::MLIRContext *ctx,
        ::std::optional<::mlir::Location> loc, Adaptor op,
        ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return inferWindow<$cppClass, /*IsConv=*/true>(ctx, loc, op, types);
    }
    std::optional<int64_t> $cppClass::getParamCount() { return convParams(*this); }
    std::optional<int64_t> $cppClass::getFlops() { return convFlops(*this); }
    bool $cppClass::isZeroPreserving() { return !getBias(); }
  }];
}

def NN_Conv2dOp : NN_Conv<"conv2d", 2> {
  let summary = "2-D convolution (NCHW, square kernel)";
  let description = [{
    PyTorch's `nn.Conv2d` with a square kernel. `out_channels` and `groups` must divide as
    PyTorch requires; the output spatial size is
    `(H + 2*padding - dilation*(kernel-1) - 1) / stride + 1` and must be at least 1.
    Zero-preserving exactly when it has no bias.

    ```mlir
    %y = nn.conv2d %x {out_channels = 16, kernel = 3, padding = 1} : tensor<?x3x32x32xf32>
    ```
  }];
}

def NN_Conv1dOp : NN_Conv<"conv1d", 1> {
  let summary = "1-D convolution (NCL: channels by length)";
  let description = [{
    PyTorch's `nn.Conv1d`, with the attributes of `nn.conv2d`. The output length is
    `(L + 2*padding - dilation*(kernel-1) - 1) / stride + 1` and must be at least 1.
    Zero-preserving exactly when it has no bias.

    ```mlir
    %y = nn.conv1d %x {out_channels = 16, kernel = 3, padding = 1} : tensor<?x8x8xf32>
    ```
  }];
}

def NN_LinearOp : NN_Layer<"linear", [], ["getParamCount", "getFlops", "isZeroPreserving"]> {
  let summary = "fully connected layer on the last dimension: `[N, F]` or `[N, C, F]`";
  let description = [{
    PyTorch's `nn.Linear`, applied to the last dimension (on `[N, C, F]`, to each of the `C`
    rows): `out_features * (F + bias)` parameters.

    ```mlir
    %y = nn.linear %x {out_features = 10} : tensor<?x64xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input,
                   ConfinedAttr<I64Attr, [IntPositive]>:$out_features,
                   DefaultValuedAttr<BoolAttr, "true">:$bias);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def NN_BatchNormOp : NN_Layer<"batch_norm", [], ["getParamCount", "getFlops", "isZeroPreserving"]> {
  let summary = "batch normalization over the channel (or feature) dimension";
  let description = [{
    `nn.BatchNorm2d` on NCHW, `nn.BatchNorm1d` on `[N, C, L]` and `[N, F]` (C or F the
    normalized channels). With `affine` it has 2*C parameters
    and is not zero-preserving (its shift maps 0 to beta). Without `affine` it normalizes a zero
    batch to zero, so it is.

    ```mlir
    %y = nn.batch_norm %x : tensor<?x16x32x32xf32>
    %z = nn.batch_norm %x {affine = false} : tensor<?x16x32x32xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input,
                   DefaultValuedAttr<BoolAttr, "true">:$affine,
                   DefaultValuedAttr<F64Attr, "1e-5">:$eps,
                   DefaultValuedAttr<F64Attr, "0.1">:$momentum);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def NN_LayerNormOp : NN_Layer<"layer_norm", [], ["getParamCount", "getFlops", "isZeroPreserving"]> {
  let summary = "layer normalization over all non-batch dimensions";
  let description = [{
    `nn.LayerNorm(x.shape[1:])`. With `affine`, 2 parameters per normalized element.

    ```mlir
    %y = nn.layer_norm %x : tensor<?x64xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input,
                   DefaultValuedAttr<BoolAttr, "true">:$affine,
                   DefaultValuedAttr<F64Attr, "1e-5">:$eps);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

def NN_ReluOp : NN_Activation<"relu", "max(x, 0)", [ZeroPreserving]>;
def NN_Relu6Op : NN_Activation<"relu6", "min(max(x, 0), 6)", [ZeroPreserving]>;
def NN_GeluOp : NN_Activation<"gelu", "x * Phi(x) (exact GELU)", [ZeroPreserving]>;
def NN_SigmoidOp : NN_Activation<"sigmoid", "1 / (1 + exp(-x))">;
def NN_SiluOp : NN_Activation<"silu", "x * sigmoid(x)", [ZeroPreserving]>;
def NN_HardswishOp : NN_Activation<"hardswish", "x * relu6(x + 3) / 6", [ZeroPreserving]>;
def NN_TanhOp : NN_Activation<"tanh", "tanh(x)", [ZeroPreserving]>;

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

// Pools over `rank` spatial dimensions; `stride` defaults to `kernel`.
class NN_MaxPool<string mnemonic, int rank> : NN_Layer<mnemonic, [ZeroPreserving]> {
  let arguments = (ins NN_Tensor:$input,
                   ConfinedAttr<I64Attr, [IntPositive]>:$kernel,
                   OptionalAttr<ConfinedAttr<I64Attr, [IntPositive]>>:$stride,
                   DefaultValuedAttr<ConfinedAttr<I64Attr, [IntNonNegative]>, "0">:$padding);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let extraClassDeclaration = [{
    static constexpr int kSpatialRank = }] # rank # [{;
    int64_t getEffectiveStride() { return getStride().value_or(getKernel()); }
  }];
  // Shape and cost of every rank: inferWindow, poolFlops (NNOps.cpp).
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(::mlir::MLIRContext *ctx,
        ::std::optional<::mlir::Location> loc, Adaptor op,
        ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return inferWindow<$cppClass, /*IsConv=*/false>(ctx, loc, op, types);
    }
    std::optional<int64_t> $cppClass::getFlops() { return poolFlops(*this); }
  }];
}

class NN_AvgPool<string mnemonic, int rank> : NN_Layer<mnemonic, [ZeroPreserving]> {
  let arguments = (ins NN_Tensor:$input,
                   ConfinedAttr<I64Attr, [IntPositive]>:$kernel,
                   OptionalAttr<ConfinedAttr<I64Attr, [IntPositive]>>:$stride,
                   DefaultValuedAttr<ConfinedAttr<I64Attr, [IntNonNegative]>, "0">:$padding,
                   DefaultValuedAttr<BoolAttr, "false">:$count_include_pad);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let extraClassDeclaration = [{
    static constexpr int kSpatialRank = }] # rank # [{;
    int64_t getEffectiveStride() { return getStride().value_or(getKernel()); }
  }];
  // Shape and cost of every rank: inferWindow, poolFlops (NNOps.cpp).
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(::mlir::MLIRContext *ctx,
        ::std::optional<::mlir::Location> loc, Adaptor op,
        ::llvm::SmallVectorImpl<::mlir::Type> &types) {
      return inferWindow<$cppClass, /*IsConv=*/false>(ctx, loc, op, types);
    }
    std::optional<int64_t> $cppClass::getFlops() { return poolFlops(*this); }
  }];
}

def NN_MaxPool2dOp : NN_MaxPool<"max_pool2d", 2> {
  let summary = "2-D max pooling";
  let description = [{
    `nn.MaxPool2d`; `stride` defaults to `kernel`.

    ```mlir
    %y = nn.max_pool2d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x16x32x32xf32>
    ```
  }];
}

def NN_AvgPool2dOp : NN_AvgPool<"avg_pool2d", 2> {
  let summary = "2-D average pooling";
  let description = [{
    `nn.AvgPool2d`; `stride` defaults to `kernel`; padding is not counted in the average (as in
    the usual cell search spaces) unless `count_include_pad`.

    ```mlir
    %y = nn.avg_pool2d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x16x32x32xf32>
    ```
  }];
}

def NN_MaxPool1dOp : NN_MaxPool<"max_pool1d", 1> {
  let summary = "1-D max pooling (NCL)";
  let description = [{
    `nn.MaxPool1d`; `stride` defaults to `kernel`.

    ```mlir
    %y = nn.max_pool1d %x {kernel = 2} : tensor<?x16x8xf32>
    ```
  }];
}

def NN_AvgPool1dOp : NN_AvgPool<"avg_pool1d", 1> {
  let summary = "1-D average pooling (NCL)";
  let description = [{
    `nn.AvgPool1d`; `stride` defaults to `kernel`; padding is not counted in the average unless
    `count_include_pad`.

    ```mlir
    %y = nn.avg_pool1d %x {kernel = 3, stride = 1, padding = 1} : tensor<?x16x8xf32>
    ```
  }];
}

def NN_GlobalAvgPoolOp : NN_UnaryLayer<"global_avg_pool", [ZeroPreserving]> {
  let summary = "mean over the spatial dimensions: `[N,C,H,W]` or `[N,C,L]` -> `[N,C]`";
  let description = [{
    `nn.AdaptiveAvgPool2d(1)` (`nn.AdaptiveAvgPool1d(1)` on `[N, C, L]`) followed by a
    flatten: one `[N, C]` feature vector per image or sequence, whatever its spatial size.

    ```mlir
    %y = nn.global_avg_pool %x : tensor<?x64x8x8xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
}

//===----------------------------------------------------------------------===//
// Combinators and structure
//===----------------------------------------------------------------------===//

def NN_AddOp : NN_Layer<"add", [ZeroPreserving]> {
  let summary = "n-ary element-wise sum";
  let description = [{
    Sums one or more tensors of the same shape.

    ```mlir
    %s = nn.add %a, %b, %c : tensor<?x16x32x32xf32>, tensor<?x16x32x32xf32>, tensor<?x16x32x32xf32>
    ```
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inputs);
  let assemblyFormat = "$inputs attr-dict `:` type($inputs)";
}

def NN_MulOp : NN_Layer<"mul", [ZeroPreserving], []> {
  let summary = "element-wise product, `[N,C]` broadcast over `[N,C,H,W]`";
  let description = [{
    Multiplies two tensors of the same shape, or scales an NCHW tensor by per-channel `[N,C]`
    factors (squeeze-and-excitation). The result has the first operand's type.

    ```mlir
    %y = nn.mul %x, %gate : tensor<?x16x32x32xf32>, tensor<?x16xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$lhs, NN_Tensor:$rhs);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)";
}

def NN_ConcatOp : NN_Layer<"concat", [ZeroPreserving]> {
  let summary = "concatenation along the channel (feature) dimension";
  let description = [{
    Concatenates one or more tensors along dimension 1 (`torch.cat(xs, 1)`); every other
    dimension must agree. The result has the sum of the operands' channels.

    ```mlir
    %y = nn.concat %a, %b : tensor<?x16x8x8xf32>, tensor<?x32x8x8xf32>
    ```
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inputs);
  let assemblyFormat = "$inputs attr-dict `:` type($inputs)";
}

def NN_IdentityOp : NN_UnaryLayer<"identity", [ZeroPreserving]> {
  let summary = "the identity (skip connection)";
  let description = [{
    Returns its operand: the `skip_connect` edge of cell spaces. Canonicalization folds it.

    ```mlir
    %y = nn.identity %x : tensor<?x16x32x32xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
}

def NN_ZeroOp : NN_UnaryLayer<"zero", [ZeroPreserving]> {
  let summary = "the all-zero result (the `none` edge of cell spaces)";
  let description = [{
    Zeros with the input's shape, spatially subsampled by `stride` (DARTS reduction cells).
    Canonicalization drops its contributions to sums.

    ```mlir
    %z = nn.zero %x : tensor<?x16x32x32xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input,
                   DefaultValuedAttr<ConfinedAttr<I64Attr, [IntPositive]>, "1">:$stride);
}

def NN_FlattenOp : NN_UnaryLayer<"flatten", [ZeroPreserving]> {
  let summary = "flatten all non-batch dimensions: `[N, ...] -> [N, F]`";
  let description = [{
    `torch.flatten(x, 1)`: `F` is the product of the non-batch dimensions (`?` if one of them
    is). Typically between the last pooling layer and `nn.linear`.

    ```mlir
    %y = nn.flatten %x : tensor<?x1x28x28xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input);
}

def NN_DropoutOp : NN_UnaryLayer<"dropout", [ZeroPreserving]> {
  let summary = "dropout with probability `p` (identity at inference)";
  let description = [{
    `nn.Dropout(p)`: in training zeroes each element with probability `p`, in `[0, 1)`
    (default 0.5), and scales the rest by `1/(1-p)`.

    ```mlir
    %y = nn.dropout %x {p = 2.000000e-01} : tensor<?x128xf32>
    ```
  }];
  let arguments = (ins NN_Tensor:$input,
                   DefaultValuedAttr<F64Attr, "0.5">:$p);
  let hasVerifier = 1;
}

#endif // NASIR_NN_OPS
