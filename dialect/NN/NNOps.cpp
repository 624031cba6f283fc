//===- NNOps.cpp - shape inference, verifiers and costs of nn ops ---------===//
//
// Shapes: every op infers its result type from its operands and attributes.
// Inside a search space a dimension may be dynamic (it depends on an open
// choice); inference then propagates `?` and checks only what is known.
//
//===----------------------------------------------------------------------===//
#include "dialect/NN/NNOps.h"
#include "dialect/Utils/TypeJoin.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/Support/Format.h"

using nasir::areCompatible;
using nasir::joinTypes;

using namespace mlir;
using namespace nasir::nn;

static constexpr int64_t kDyn = ShapedType::kDynamic;

//===----------------------------------------------------------------------===//
// Shape helpers
//===----------------------------------------------------------------------===//

std::optional<int64_t> nasir::nn::elementCount(Type type) {
  auto t = dyn_cast<RankedTensorType>(type);
  if (!t)
    return std::nullopt;
  int64_t n = 1;
  for (int64_t d : t.getShape().drop_front()) {
    if (ShapedType::isDynamic(d))
      return std::nullopt;
    n *= d;
  }
  return n;
}

static RankedTensorType tensorOf(MLIRContext *ctx, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(ctx));
}

static int64_t dimOf(Type t, unsigned i) {
  return cast<RankedTensorType>(t).getDimSize(i);
}

/// Adaptor getters of default-valued attributes are not usable while an op is
/// being parsed (its properties are not filled in yet): read them this way.
static int64_t intOr(IntegerAttr attr, int64_t dflt) {
  return attr ? attr.getInt() : dflt;
}

static int64_t rankOf(Type t) { return cast<RankedTensorType>(t).getRank(); }

/// Inference runs while an op is parsed, before its verifier: check the
/// attributes ODS declares first (present, of the right type, in range), so a
/// missing `kernel` or a `stride = 0` is reported instead of read. Without a
/// location the caller wants no diagnostics, so they are dropped.
template <typename Adaptor>
static LogicalResult verifyAttributes(MLIRContext *ctx,
                                      std::optional<Location> loc,
                                      Adaptor op) {
  if (loc)
    return op.verify(*loc);
  ScopedDiagnosticHandler drop(ctx, [](Diagnostic &) { return success(); });
  return op.verify(UnknownLoc::get(ctx));
}

/// Requires a rank-4 NCHW operand, else reports which op wanted it.
static LogicalResult expectImage(std::optional<Location> loc, StringRef op,
                                 Type t) {
  if (rankOf(t) == 4)
    return success();
  return emitOptionalError(loc, "'nn.", op,
                           "' expects an NCHW image tensor (rank 4), got ", t);
}

/// Requires an operand with `spatialRank` dimensions after the channels: an
/// NCL sequence (1) or an NCHW image (2).
static LogicalResult expectSpatial(std::optional<Location> loc, StringRef op,
                                   Type t, int spatialRank) {
  if (spatialRank == 2)
    return expectImage(loc, op, t);
  if (rankOf(t) == 2 + spatialRank)
    return success();
  return emitOptionalError(
      loc, "'nn.", op, "' expects an NCL sequence tensor (rank 3), got ", t);
}

/// The names of the spatial dimensions in messages.
static StringRef spatialDimName(int spatialRank, int i) {
  if (spatialRank == 1)
    return "length";
  return i == 0 ? "height" : "width";
}

static int64_t power(int64_t k, int r) {
  int64_t p = 1;
  while (r--)
    p *= k;
  return p;
}

/// Output extent of a sliding window, kDyn when the input extent is unknown.
static FailureOr<int64_t> windowExtent(std::optional<Location> loc,
                                       StringRef op, StringRef dim, int64_t in,
                                       int64_t kernel, int64_t stride,
                                       int64_t padding, int64_t dilation = 1) {
  if (ShapedType::isDynamic(in))
    return kDyn;
  int64_t span = dilation * (kernel - 1) + 1;
  int64_t out = (in + 2 * padding - span) / stride + 1;
  if (in + 2 * padding < span || out < 1)
    return emitOptionalError(loc, "'nn.", op, "' window of ", span,
                             " does not fit the input ", dim, " of ", in,
                             " with padding ", padding);
  return out;
}

//===----------------------------------------------------------------------===//
// input / output
//===----------------------------------------------------------------------===//

LogicalResult InputOp::verify() {
  auto t = getType();
  if (t.getRank() < 2 || !t.isDynamicDim(0))
    return emitOpError("declares ")
           << t << "; expected a dynamic batch dimension and at least one more";
  for (int64_t d : t.getShape().drop_front())
    if (!ShapedType::isDynamic(d) && d < 1)
      return emitOpError("declares a non-positive dimension in ") << t;
  return success();
}

std::optional<int64_t> InputOp::getFlops() { return 0; }

LogicalResult OutputOp::verify() {
  if (getInput().getType().getRank() != 2)
    return emitOpError("expects logits of shape [N, classes], got ")
           << getInput().getType();
  return success();
}

std::optional<int64_t> OutputOp::getFlops() { return 0; }

//===----------------------------------------------------------------------===//
// sliding windows: conv1d, conv2d and the pools
//===----------------------------------------------------------------------===//

/// The name of an nn op in messages (`conv2d`).
template <typename Op> static StringRef nameOf() {
  return Op::getOperationName().drop_front(
      NNDialect::getDialectNamespace().size() + 1);
}

/// The sliding windows of conv1d/conv2d (IsConv) and the pools over the
/// spatial dimensions: `[N, C, spatial...]` to `[N, C', windows...]`.
template <typename Op, bool IsConv>
static LogicalResult inferWindow(MLIRContext *ctx, std::optional<Location> loc,
                                 typename Op::Adaptor op,
                                 SmallVectorImpl<Type> &types) {
  constexpr int rank = Op::kSpatialRank;
  StringRef name = nameOf<Op>();
  Type in = op.getInput().getType();
  if (failed(verifyAttributes(ctx, loc, op)) ||
      failed(expectSpatial(loc, name, in, rank)))
    return failure();
  int64_t k = op.getKernel(), pad = intOr(op.getPaddingAttr(), 0);
  int64_t channels = dimOf(in, 1), stride, dil = 1;
  if constexpr (IsConv) {
    int64_t groups = intOr(op.getGroupsAttr(), 1);
    if (!ShapedType::isDynamic(channels) && channels % groups != 0)
      return emitOptionalError(loc, "'nn.", name, "' input has ", channels,
                               " channels, not divisible by groups = ", groups);
    channels = op.getOutChannels();
    if (channels % groups != 0)
      return emitOptionalError(loc, "'nn.", name, "' out_channels = ", channels,
                               " is not divisible by groups = ", groups);
    stride = intOr(op.getStrideAttr(), 1);
    dil = intOr(op.getDilationAttr(), 1);
  } else {
    stride = intOr(op.getStrideAttr(), k);
    if (2 * pad > k)
      return emitOptionalError(loc, "'nn.", name, "' padding ", pad,
                               " is more than half the kernel ", k);
  }
  SmallVector<int64_t> shape{kDyn, channels};
  for (int i = 0; i < rank; ++i) {
    auto e = windowExtent(loc, name, spatialDimName(rank, i), dimOf(in, 2 + i),
                          k, stride, pad, dil);
    if (failed(e))
      return failure();
    shape.push_back(*e);
  }
  types.push_back(tensorOf(ctx, shape));
  return success();
}

template <typename ConvOp> static std::optional<int64_t> convParams(ConvOp op) {
  int64_t c = op.getInput().getType().getDimSize(1);
  if (ShapedType::isDynamic(c))
    return std::nullopt;
  return op.getOutChannels() * (c / op.getGroups()) *
             power(op.getKernel(), ConvOp::kSpatialRank) +
         (op.getBias() ? op.getOutChannels() : 0);
}

template <typename ConvOp> static std::optional<int64_t> convFlops(ConvOp op) {
  auto out = elementCount(op.getType());
  int64_t c = op.getInput().getType().getDimSize(1);
  if (!out || ShapedType::isDynamic(c))
    return std::nullopt;
  return *out * (2 * (c / op.getGroups()) *
                     power(op.getKernel(), ConvOp::kSpatialRank) +
                 (op.getBias() ? 1 : 0));
}

//===----------------------------------------------------------------------===//
// linear
//===----------------------------------------------------------------------===//

LogicalResult LinearOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor op,
                                         SmallVectorImpl<Type> &types) {
  Type in = op.getInput().getType();
  if (failed(verifyAttributes(ctx, loc, op)))
    return failure();
  if (rankOf(in) != 2 && rankOf(in) != 3)
    return emitOptionalError(
        loc, "'nn.linear' expects [N, features] or [N, C, features], got ", in,
        "; flatten or pool it first");
  SmallVector<int64_t> shape(cast<RankedTensorType>(in).getShape());
  shape.back() = op.getOutFeatures();
  types.push_back(tensorOf(ctx, shape));
  return success();
}

/// The features nn.Linear reads: the last dimension.
static int64_t linearFeatures(LinearOp op) {
  return op.getInput().getType().getShape().back();
}

std::optional<int64_t> LinearOp::getParamCount() {
  int64_t f = linearFeatures(*this);
  if (ShapedType::isDynamic(f))
    return std::nullopt;
  return f * getOutFeatures() + (getBias() ? getOutFeatures() : 0);
}

std::optional<int64_t> LinearOp::getFlops() {
  int64_t f = linearFeatures(*this);
  auto out = elementCount(getType());
  if (ShapedType::isDynamic(f) || !out)
    return std::nullopt;
  return *out * (2 * f + (getBias() ? 1 : 0));
}

bool LinearOp::isZeroPreserving() { return !getBias(); }

//===----------------------------------------------------------------------===//
// normalization
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor op,
                                            SmallVectorImpl<Type> &types) {
  Type in = op.getInput().getType();
  if (rankOf(in) < 2 || rankOf(in) > 4)
    return emitOptionalError(
        loc, "'nn.batch_norm' expects [N, F], NCL or NCHW, got ", in);
  types.push_back(in);
  return success();
}

std::optional<int64_t> BatchNormOp::getParamCount() {
  int64_t c = getInput().getType().getDimSize(1);
  if (!getAffine())
    return 0;
  if (ShapedType::isDynamic(c))
    return std::nullopt;
  return 2 * c;
}

std::optional<int64_t> BatchNormOp::getFlops() {
  auto n = elementCount(getType());
  return n ? std::optional<int64_t>(2 * *n) : std::nullopt;
}

bool BatchNormOp::isZeroPreserving() { return !getAffine(); }

LogicalResult LayerNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location>,
                                            Adaptor op,
                                            SmallVectorImpl<Type> &types) {
  types.push_back(op.getInput().getType());
  return success();
}

std::optional<int64_t> LayerNormOp::getParamCount() {
  if (!getAffine())
    return 0;
  auto n = elementCount(getType());
  return n ? std::optional<int64_t>(2 * *n) : std::nullopt;
}

std::optional<int64_t> LayerNormOp::getFlops() {
  auto n = elementCount(getType());
  return n ? std::optional<int64_t>(2 * *n) : std::nullopt;
}

bool LayerNormOp::isZeroPreserving() { return !getAffine(); }

//===----------------------------------------------------------------------===//
// pooling
//===----------------------------------------------------------------------===//

/// One FLOP per window element of every output element.
template <typename PoolOp> static std::optional<int64_t> poolFlops(PoolOp op) {
  auto n = elementCount(op.getType());
  return n ? std::optional<int64_t>(*n *
                                    power(op.getKernel(), PoolOp::kSpatialRank))
           : std::nullopt;
}

LogicalResult GlobalAvgPoolOp::inferReturnTypes(MLIRContext *ctx,
                                                std::optional<Location> loc,
                                                Adaptor op,
                                                SmallVectorImpl<Type> &types) {
  Type in = op.getInput().getType();
  if (rankOf(in) != 3 && rankOf(in) != 4)
    return emitOptionalError(
        loc,
        "'nn.global_avg_pool' expects an NCHW image tensor "
        "(rank 4) or an NCL sequence (rank 3), got ",
        in);
  types.push_back(tensorOf(ctx, {kDyn, dimOf(in, 1)}));
  return success();
}

std::optional<int64_t> GlobalAvgPoolOp::getFlops() {
  return elementCount(getInput().getType());
}

//===----------------------------------------------------------------------===//
// combinators
//===----------------------------------------------------------------------===//

/// The join of operand types that must all describe the same shape; reports
/// the first operand that cannot.
static FailureOr<Type> joinOperands(std::optional<Location> loc, StringRef op,
                                    ValueRange inputs) {
  if (inputs.empty())
    return emitOptionalError(loc, "'nn.", op, "' needs at least one operand");
  Type joined = inputs.front().getType();
  for (auto [i, v] : llvm::enumerate(inputs.drop_front())) {
    if (!areCompatible(joined, v.getType()))
      return emitOptionalError(
          loc, "'nn.", op, "' operand #", i + 1, " has type ", v.getType(),
          " but operand #0 has ", inputs.front().getType());
    joined = joinTypes(joined, v.getType());
  }
  return joined;
}

LogicalResult AddOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc, Adaptor op,
                                      SmallVectorImpl<Type> &types) {
  auto t = joinOperands(loc, "add", op.getInputs());
  if (failed(t))
    return failure();
  types.push_back(*t);
  return success();
}

std::optional<int64_t> AddOp::getFlops() {
  auto n = elementCount(getType());
  return n ? std::optional<int64_t>(*n * int64_t(getInputs().size() - 1))
           : std::nullopt;
}

LogicalResult MulOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc, Adaptor op,
                                      SmallVectorImpl<Type> &types) {
  Type l = op.getLhs().getType(), r = op.getRhs().getType();
  bool perChannel =
      rankOf(l) == 4 && rankOf(r) == 2 &&
      areCompatible(tensorOf(l.getContext(), {kDyn, dimOf(l, 1)}), r);
  if (!perChannel && !areCompatible(l, r))
    return emitOptionalError(loc, "'nn.mul' cannot multiply ", l, " by ", r,
                             "; expected equal shapes or [N, C] scales");
  types.push_back(perChannel ? l : joinTypes(l, r));
  return success();
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor op,
                                         SmallVectorImpl<Type> &types) {
  ValueRange in = op.getInputs();
  if (in.empty())
    return emitOptionalError(loc, "'nn.concat' needs at least one operand");
  auto first = cast<RankedTensorType>(in.front().getType());
  SmallVector<int64_t> shape(first.getShape());
  shape[0] = kDyn;
  if (first.getRank() < 2)
    return emitOptionalError(loc, "'nn.concat' operand #0 has type ", first,
                             ", which has no channel dimension");
  shape[1] = 0;
  for (auto [i, v] : llvm::enumerate(in)) {
    auto t = cast<RankedTensorType>(v.getType());
    bool sameRest = t.getRank() == first.getRank();
    for (int64_t d = 2; sameRest && d < t.getRank(); ++d)
      sameRest = ShapedType::isDynamic(t.getDimSize(d)) ||
                 ShapedType::isDynamic(first.getDimSize(d)) ||
                 t.getDimSize(d) == first.getDimSize(d);
    if (!sameRest)
      return emitOptionalError(loc, "'nn.concat' operand #", i, " has type ", t,
                               " but operand #0 has ", first,
                               "; only the channel dimension may differ");
    for (int64_t d = 2; d < t.getRank(); ++d)
      if (t.getDimSize(d) != shape[d])
        shape[d] = kDyn;
    int64_t c = t.getDimSize(1);
    shape[1] = ShapedType::isDynamic(c) || ShapedType::isDynamic(shape[1])
                   ? kDyn
                   : shape[1] + c;
  }
  types.push_back(tensorOf(ctx, shape));
  return success();
}

std::optional<int64_t> ConcatOp::getFlops() { return 0; }

LogicalResult IdentityOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location>, Adaptor op,
                                           SmallVectorImpl<Type> &types) {
  types.push_back(op.getInput().getType());
  return success();
}

std::optional<int64_t> IdentityOp::getFlops() { return 0; }

LogicalResult ZeroOp::inferReturnTypes(MLIRContext *ctx,
                                       std::optional<Location> loc, Adaptor op,
                                       SmallVectorImpl<Type> &types) {
  if (failed(verifyAttributes(ctx, loc, op)))
    return failure();
  auto t = cast<RankedTensorType>(op.getInput().getType());
  int64_t stride = intOr(op.getStrideAttr(), 1);
  if (stride == 1) {
    types.push_back(t);
    return success();
  }
  if (failed(expectImage(loc, "zero", t)))
    return failure();
  auto sub = [&](int64_t d) {
    return ShapedType::isDynamic(d) ? kDyn : (d - 1) / stride + 1;
  };
  types.push_back(tensorOf(ctx, {kDyn, t.getDimSize(1), sub(t.getDimSize(2)),
                                 sub(t.getDimSize(3))}));
  return success();
}

std::optional<int64_t> ZeroOp::getFlops() { return 0; }

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *ctx,
                                          std::optional<Location> loc,
                                          Adaptor op,
                                          SmallVectorImpl<Type> &types) {
  auto n = elementCount(op.getInput().getType());
  types.push_back(tensorOf(ctx, {kDyn, n ? *n : kDyn}));
  return success();
}

std::optional<int64_t> FlattenOp::getFlops() { return 0; }

LogicalResult DropoutOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                          Adaptor op,
                                          SmallVectorImpl<Type> &types) {
  types.push_back(op.getInput().getType());
  return success();
}

LogicalResult DropoutOp::verify() {
  double p = getP().convertToDouble();
  if (p >= 0.0 && p < 1.0)
    return success();
  std::string text; // as written (0.5, not 5.000000e-01)
  llvm::raw_string_ostream(text) << llvm::format("%g", p);
  return emitOpError("probability p = ") << text << " is not in [0, 1)";
}

std::optional<int64_t> DropoutOp::getFlops() { return 0; }

#define GET_OP_CLASSES
#include "dialect/NN/NNOps.cpp.inc"

#include "dialect/NN/NNInterfaces.cpp.inc"
