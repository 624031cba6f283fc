//===- NNInterfaces.td - cost and algebra of layers --------*- tablegen -*-===//
#ifndef NASIR_NN_INTERFACES
#define NASIR_NN_INTERFACES

include "mlir/IR/OpBase.td"

def LayerOpInterface : OpInterface<"LayerOpInterface"> {
  let cppNamespace = "::nasir::nn";
  let description = [{
    What the search needs to know of a layer without running it: its number of trainable
    parameters and its FLOPs per sample (convention in the dialect description), both computed
    from the static shapes of its operands and result. Both return `std::nullopt` when a shape
    they need is not static (inside an unresolved search space).
  }];
  let methods = [
    InterfaceMethod<"Number of trainable parameters.",
      "std::optional<int64_t>", "getParamCount", (ins), [{}],
      [{ return int64_t(0); }]>,
    InterfaceMethod<"Forward FLOPs per sample (1 multiply-add = 2 FLOPs).",
      "std::optional<int64_t>", "getFlops", (ins), [{}],
      [{ return ::nasir::nn::elementCount($_op->getResult(0).getType()); }]>,
    InterfaceMethod<"True when an all-zero input always gives an all-zero output.",
      "bool", "isZeroPreserving", (ins), [{}],
      [{ return $_op->template hasTrait<::nasir::nn::ZeroPreserving>(); }]>,
  ];
}

#endif // NASIR_NN_INTERFACES
