//===- RelaxShare.cpp - weight sharing of value choices (nas-relax) -------===//
#include "lib/Transforms/RelaxShare.h"
#include "dialect/NN/NNOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace nasir;

/// An integer attribute of `op`, or `dflt` where the op leaves it out.
static int64_t intAttr(Operation *op, StringRef name, int64_t dflt) {
  auto a = op->getAttrOfType<IntegerAttr>(name);
  return a ? a.getInt() : dflt;
}

static bool isConv(Operation *op) {
  return isa<nn::Conv2dOp, nn::Conv1dOp>(op);
}

/// The attributes in which alternatives of `op` may differ and still share
/// its weights.
static bool mayDiffer(Operation *op, StringRef attr) {
  if (isConv(op))
    return attr == "out_channels" || attr == "groups" || attr == "kernel" ||
           attr == "padding";
  return isa<nn::LinearOp>(op) && attr == "out_features";
}

/// The channel dimension (1) of a ranked result, or nullopt.
static std::optional<int64_t> channelsOf(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  if (!t || t.getRank() < 2)
    return std::nullopt;
  return t.getDimSize(1);
}

/// The shape of `v` with its channel dimension blanked.
static SmallVector<int64_t> shapeWithoutChannels(Value v) {
  auto t = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> s(t.getShape());
  if (s.size() > 1)
    s[1] = 0;
  return s;
}

/// The labels of the `channels` entries of a `nas.share` list.
static SmallVector<StringRef> channelLabels(Operation *op) {
  SmallVector<StringRef> out;
  if (auto entries = op->getAttrOfType<ArrayAttr>(nas::kShareAttr))
    for (Attribute e : entries) {
      auto d = cast<DictionaryAttr>(e);
      if (d.get("channels"))
        out.push_back(d.getAs<StringAttr>("label").getValue());
    }
  return out;
}

static std::string opName(Operation *op) {
  return "'" + op->getName().getStringRef().str() + "'";
}

/// Why two kernels do not share one weight.
static std::string notCentred(int64_t k0, int64_t p0, int64_t k1, int64_t p1) {
  return "differ in kernel and padding that are not centred in one window "
         "(kernel " +
         std::to_string(k0) + " with padding " + std::to_string(p0) +
         ", kernel " + std::to_string(k1) + " with padding " +
         std::to_string(p1) + ")";
}

/// Why `b` (in alternative j) is not `a` (in alternative 0) up to what may
/// differ; empty when it is. `index` maps the ops of each alternative to
/// their position.
static std::string compareOps(Operation *a, Operation *b, StringRef label,
                              Block &blockA, Block &blockB,
                              llvm::DenseMap<Operation *, unsigned> &index) {
  if (a->getName() != b->getName())
    return "differ in ops (" + opName(a) + " and " + opName(b) + ")";
  if (a->getNumOperands() != b->getNumOperands() ||
      a->getNumResults() != b->getNumResults())
    return "differ in the inputs of " + opName(a);
  for (auto [x, y] : llvm::zip(a->getOperands(), b->getOperands())) {
    Operation *dx = x.getDefiningOp(), *dy = y.getDefiningOp();
    bool insideA = dx && dx->getBlock() == &blockA;
    bool insideB = dy && dy->getBlock() == &blockB;
    bool same = insideA && insideB
                    ? index.lookup(dx) == index.lookup(dy) &&
                          cast<OpResult>(x).getResultNumber() ==
                              cast<OpResult>(y).getResultNumber()
                    : !insideA && !insideB && x == y;
    if (!same)
      return "differ in the inputs of " + opName(a);
  }
  // Attributes first (the cause), then the shapes they give.
  bool sharesDiffer = false;
  llvm::SmallSetVector<StringAttr, 8> names;
  for (NamedAttribute n : a->getAttrs())
    names.insert(n.getName());
  for (NamedAttribute n : b->getAttrs())
    names.insert(n.getName());
  for (StringAttr name : names) {
    if (a->getAttr(name) == b->getAttr(name) || mayDiffer(a, name))
      continue;
    if (name == nas::kShareAttr) {
      sharesDiffer = true;
      continue;
    }
    return "differ in " + name.getValue().str();
  }
  for (auto [x, y] : llvm::zip(a->getResults(), b->getResults())) {
    if (!isa<RankedTensorType>(x.getType()) ||
        !isa<RankedTensorType>(y.getType()) ||
        shapeWithoutChannels(x) != shapeWithoutChannels(y)) {
      if (isConv(a) && (a->getAttr("kernel") != b->getAttr("kernel") ||
                        a->getAttr("padding") != b->getAttr("padding")))
        return notCentred(intAttr(a, "kernel", 0), intAttr(a, "padding", 0),
                          intAttr(b, "kernel", 0), intAttr(b, "padding", 0));
      return "differ in the shape of " + opName(a);
    }
    std::optional<int64_t> cx = channelsOf(x), cy = channelsOf(y);
    if (cx != cy && cx && cy &&
        (ShapedType::isDynamic(*cx) || ShapedType::isDynamic(*cy)))
      return "leave the channels of " + opName(a) + " unknown";
    if (cx != cy)
      for (Operation *op : {a, b})
        for (StringRef other : channelLabels(op))
          if (other != label)
            return "make the channels of " + opName(a) + " depend on both '" +
                   label.str() + "' and '" + other.str() + "'";
  }
  if (sharesDiffer)
    return "differ in the shared options of " + opName(a);
  return "";
}

namespace {
/// What the alternatives give one op of the shared graph, per option.
struct PerOption {
  SmallVector<int64_t> channels, kernel, padding, groups, out;
};
} // namespace

/// Checks the per-option attributes of a shared convolution; empty when its
/// options share one weight (depthwise groups follow the channels, kernels
/// are centred in the largest one).
static std::string checkConv(Operation *op, const PerOption &p) {
  if (!llvm::all_equal(p.groups) &&
      !llvm::equal(p.groups, p.out))
    return "differ in groups (other than depthwise)";
  if (llvm::all_equal(p.kernel) && llvm::all_equal(p.padding))
    return "";
  int64_t dilation = intAttr(op, "dilation", 1);
  int64_t largest = *llvm::max_element(p.kernel);
  for (auto [k, pad] : llvm::zip(p.kernel, p.padding))
    if ((largest - k) % 2 != 0 ||
        2 * pad - dilation * (k - 1) !=
            2 * p.padding.front() - dilation * (p.kernel.front() - 1))
      return notCentred(p.kernel.front(), p.padding.front(), k, pad);
  return "";
}

static ArrayAttr i64Array(Builder &b, ArrayRef<int64_t> v) {
  SmallVector<Attribute> a;
  for (int64_t x : v)
    a.push_back(b.getI64IntegerAttr(x));
  return b.getArrayAttr(a);
}

/// Appends `entry` to the `nas.share` list of `op`.
static void addShareEntry(Operation *op, DictionaryAttr entry) {
  SmallVector<Attribute> entries;
  if (auto old = op->getAttrOfType<ArrayAttr>(nas::kShareAttr))
    entries.assign(old.begin(), old.end());
  if (llvm::is_contained(entries, entry))
    return;
  entries.push_back(entry);
  op->setAttr(nas::kShareAttr, ArrayAttr::get(op->getContext(), entries));
}

static DictionaryAttr channelEntry(Builder &b, StringRef label,
                                   ArrayRef<int64_t> channels) {
  return b.getDictionaryAttr(
      {b.getNamedAttr("label", b.getStringAttr(label)),
       b.getNamedAttr("channels", i64Array(b, channels))});
}

bool nasir::shareAlternatives(nas::ChoiceOp choice, std::string &why,
                              unsigned &differingOption) {
  StringRef label = choice.getLabel();
  SmallVector<SmallVector<Operation *>> ops;
  llvm::DenseMap<Operation *, unsigned> index;
  for (Region &r : choice.getAlternatives()) {
    ops.emplace_back();
    for (Operation &op : r.front().without_terminator()) {
      index[&op] = ops.back().size();
      ops.back().push_back(&op);
    }
  }
  Block &first = choice.getAlternatives().front().front();
  for (unsigned j = 1; j < ops.size(); ++j) {
    differingOption = j;
    Block &other = choice.getAlternatives()[j].front();
    if (ops[j].size() != ops[0].size()) {
      why = "differ in their number of ops (" + std::to_string(ops[0].size()) +
            " and " + std::to_string(ops[j].size()) + ")";
      return false;
    }
    for (auto [a, b] : llvm::zip(ops[0], ops[j])) {
      why = compareOps(a, b, label, first, other, index);
      if (!why.empty())
        return false;
    }
    // The yields take the values at the same positions.
    for (auto [x, y] : llvm::zip(first.getTerminator()->getOperands(),
                                 other.getTerminator()->getOperands())) {
      Operation *dx = x.getDefiningOp(), *dy = y.getDefiningOp();
      bool insideX = dx && dx->getBlock() == &first;
      bool insideY = dy && dy->getBlock() == &other;
      if (insideX != insideY || (!insideX && x != y) ||
          (insideX && index.lookup(dx) != index.lookup(dy))) {
        why = "differ in what they yield";
        return false;
      }
    }
  }
  // Per op: what each option gives it; check, then widen.
  std::vector<PerOption> per(ops[0].size());
  for (auto [k, op] : llvm::enumerate(ops[0])) {
    for (auto &alt : ops) {
      Operation *o = alt[k];
      std::optional<int64_t> c =
          o->getNumResults() ? channelsOf(o->getResult(0)) : std::nullopt;
      per[k].channels.push_back(c.value_or(0));
      per[k].kernel.push_back(intAttr(o, "kernel", 0));
      per[k].padding.push_back(intAttr(o, "padding", 0));
      per[k].groups.push_back(intAttr(o, "groups", 1));
      per[k].out.push_back(intAttr(o, "out_channels", 0));
    }
    if (isConv(op)) {
      why = checkConv(op, per[k]);
      if (!why.empty()) {
        differingOption = 1;
        return false;
      }
    }
  }
  Builder b(choice.getContext());
  for (auto [k, op] : llvm::enumerate(ops[0])) {
    const PerOption &p = per[k];
    bool nnLayer = isa<nn::LayerOpInterface>(op);
    if (!llvm::all_equal(p.channels) && nnLayer) {
      addShareEntry(op, channelEntry(b, label, p.channels));
      int64_t widest = *llvm::max_element(p.channels);
      if (isConv(op)) {
        op->setAttr("out_channels", b.getI64IntegerAttr(widest));
        if (!llvm::all_equal(p.groups))
          op->setAttr("groups", b.getI64IntegerAttr(widest));
      } else if (isa<nn::LinearOp>(op)) {
        op->setAttr("out_features", b.getI64IntegerAttr(widest));
      }
    }
    if (isConv(op) &&
        (!llvm::all_equal(p.kernel) || !llvm::all_equal(p.padding))) {
      unsigned largest = llvm::max_element(p.kernel) - p.kernel.begin();
      op->setAttr("kernel", b.getI64IntegerAttr(p.kernel[largest]));
      op->setAttr("padding", b.getI64IntegerAttr(p.padding[largest]));
      addShareEntry(op, b.getDictionaryAttr(
                            {b.getNamedAttr("label", b.getStringAttr(label)),
                             b.getNamedAttr("kernel", i64Array(b, p.kernel)),
                             b.getNamedAttr("padding",
                                            i64Array(b, p.padding))}));
    }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Channel masks downstream
//===----------------------------------------------------------------------===//

namespace {
/// A channel count that follows a label: option i has `channels[i]`.
struct ChannelCount {
  StringAttr label;
  SmallVector<int64_t> channels;
  bool operator==(const ChannelCount &o) const {
    return label == o.label && channels == o.channels;
  }
};
using ChannelCounts = SmallVector<ChannelCount, 1>;
} // namespace

/// The `channels` entries of `op`'s `nas.share` list.
static ChannelCounts ownCounts(Operation *op) {
  ChannelCounts out;
  if (auto entries = op->getAttrOfType<ArrayAttr>(nas::kShareAttr))
    for (Attribute e : entries) {
      auto d = cast<DictionaryAttr>(e);
      auto list = d.getAs<ArrayAttr>("channels");
      if (!list)
        continue;
      ChannelCount c{d.getAs<StringAttr>("label"), {}};
      for (Attribute a : list)
        c.channels.push_back(cast<IntegerAttr>(a).getInt());
      out.push_back(c);
    }
  return out;
}

static void addCount(ChannelCounts &to, ChannelCount c) {
  if (!llvm::is_contained(to, c))
    to.push_back(std::move(c));
}

/// The product of the dimensions of `v` after the channels (flatten).
static int64_t perChannel(Value v) {
  int64_t n = 1;
  for (int64_t d : cast<RankedTensorType>(v.getType()).getShape().drop_front(2))
    n *= d;
  return n;
}

LogicalResult nasir::propagateChannelMasks(nas::SpaceOp space) {
  llvm::DenseMap<Value, ChannelCounts> counts;
  Builder b(space.getContext());
  for (Operation &op : space.getBlock()) {
    if (op.getNumResults() != 1)
      continue;
    Value result = op.getResult(0);
    if (ChannelCounts own = ownCounts(&op); !own.empty()) {
      counts[result] = own;
      continue;
    }
    if (isConv(&op) || isa<nn::LinearOp>(&op))
      continue; // consumes the channels: its own count is fixed
    ChannelCounts in;
    for (auto [i, v] : llvm::enumerate(op.getOperands())) {
      auto it = counts.find(v);
      if (it == counts.end())
        continue;
      if (isa<nn::ConcatOp>(op) && i + 1 != op.getNumOperands())
        return op.emitError("concatenates channels that '")
               << it->second.front().label.getValue()
               << "' masks before its last input; one-shot search cannot "
                  "keep such a mask";
      for (ChannelCount c : it->second) {
        if (isa<nn::ConcatOp>(op)) {
          int64_t before = 0;
          for (Value w : op.getOperands().drop_back())
            before += *channelsOf(w);
          for (int64_t &n : c.channels)
            n += before;
        } else if (isa<nn::FlattenOp>(op)) {
          for (int64_t &n : c.channels)
            n *= perChannel(v);
        }
        addCount(in, std::move(c));
      }
    }
    if (in.empty())
      continue;
    // A mix of inputs of which some follow no count (or another one): its
    // channel count follows the mix's label too.
    if (isa<nas::MixOp, nas::MixInputsOp>(op) &&
        llvm::any_of(op.getOperands(),
                     [&](Value v) { return !counts.count(v); }))
      in.push_back({op.getAttrOfType<StringAttr>("label"), {}});
    counts[result] = in;
    auto layer = dyn_cast<nn::LayerOpInterface>(op);
    if (!layer)
      continue; // nas.mix and nas.mix_inputs keep masked channels zero
    if (isa<nn::OutputOp>(op))
      return op.emitError("the output's classes follow the channels that '")
             << in.front().label.getValue() << "' chooses";
    if (isa<nn::LayerNormOp>(op))
      return op.emitError("layer_norm normalizes over channels that '")
             << in.front().label.getValue()
             << "' masks; one-shot search cannot share them";
    if (in.size() == 1) {
      addShareEntry(&op, channelEntry(b, in.front().label.getValue(),
                                      in.front().channels));
      continue;
    }
    // Zeros stay zero through this op: the masks upstream suffice.
    if (layer.isZeroPreserving())
      continue;
    InFlightDiagnostic d = op.emitError("the channels of ")
                           << opName(&op) << " depend on ";
    if (in[0].label == in[1].label)
      return d << "'" << in[0].label.getValue()
               << "' in two ways; one-shot search masks a channel count once";
    return d << "both '" << in[0].label.getValue() << "' and '"
             << in[1].label.getValue()
             << "'; one-shot search masks a channel count by one label";
  }
  return success();
}
