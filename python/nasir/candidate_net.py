"""A torch.nn.Module from a candidate document (Candidate.to_torch).

The Python twin of the LibTorch runtime's CandidateNet (lib/Runtime/Model.cpp,
LayerBuilders.cpp): one builder per op of the layer table (lib/Layers), each
layer with a submodule registered as `n<id>_<op>` in node order, so the
state_dict has the runtime's names, shapes and order, and `forward` follows
the graph node by node with the runtime's arithmetic. The document comes from
nasir's own reader (`_nasir.read_candidate`): validated, every attribute
typed and defaulted, each node's input shapes given.
"""
import functools

import torch
from torch import nn
import torch.nn.functional as F


def _conv(rank):
    conv = {1: nn.Conv1d, 2: nn.Conv2d}[rank]

    def build(node, in_shapes):
        a = node["attrs"]
        return conv(in_shapes[0][0], a["out_channels"], a["kernel"],
                    stride=a["stride"], padding=a["padding"],
                    dilation=a["dilation"], groups=a["groups"],
                    bias=a["bias"]), None
    return build


def _max_pool(rank):
    pool = {1: nn.MaxPool1d, 2: nn.MaxPool2d}[rank]

    def build(node, in_shapes):
        a = node["attrs"]
        return pool(a["kernel"], stride=a["stride"], padding=a["padding"]), None
    return build


def _avg_pool(rank):
    pool = {1: nn.AvgPool1d, 2: nn.AvgPool2d}[rank]

    def build(node, in_shapes):
        a = node["attrs"]
        return pool(a["kernel"], stride=a["stride"], padding=a["padding"],
                    count_include_pad=a["count_include_pad"]), None
    return build


def _linear(node, in_shapes):
    a = node["attrs"]
    return nn.Linear(in_shapes[0][-1], a["out_features"], bias=a["bias"]), None


def _batch_norm(node, in_shapes):
    # BatchNorm2d on [C, H, W]; BatchNorm1d on [C, L] and [F].
    a = node["attrs"]
    norm = nn.BatchNorm2d if len(in_shapes[0]) == 3 else nn.BatchNorm1d
    return norm(in_shapes[0][0], eps=a["eps"], momentum=a["momentum"],
                affine=a["affine"]), None


def _layer_norm(node, in_shapes):
    a = node["attrs"]
    return nn.LayerNorm(tuple(in_shapes[0]), eps=a["eps"],
                        elementwise_affine=a["affine"]), None


def _dropout(node, in_shapes):
    return nn.Dropout(p=node["attrs"]["p"]), None


def _function(fn):
    """A layer without a submodule: `fn(inputs)`."""
    return lambda node, in_shapes: (None, fn)


# Module-level functions (and partials of them), so that a model pickles
# (torch.save(model)) and deep-copies.
def _relu(xs):
    return torch.relu(xs[0])


def _relu6(xs):
    return F.hardtanh(xs[0], 0.0, 6.0)


def _gelu(xs):
    return F.gelu(xs[0])


def _sigmoid(xs):
    return torch.sigmoid(xs[0])


def _silu(xs):
    return F.silu(xs[0])


def _hardswish(xs):
    return F.hardswish(xs[0])


def _tanh(xs):
    return torch.tanh(xs[0])


def _same(xs):
    return xs[0]


def _flatten(xs):
    return xs[0].flatten(1)


def _concat(xs):
    return torch.cat(xs, 1)


def _add(xs):
    r = xs[0]
    for x in xs[1:]:
        r = r + x
    return r


def _mul(xs):
    # [N, C] against [N, C, H, W]: broadcast as [N, C, 1, 1].
    a, b = xs
    if a.dim() == 4 and b.dim() == 2:
        b = b.unsqueeze(-1).unsqueeze(-1)
    elif b.dim() == 4 and a.dim() == 2:
        a = a.unsqueeze(-1).unsqueeze(-1)
    return a * b


def _mean(dims, xs):
    return xs[0].mean(dims)


def _zeros(shape, xs):
    return torch.zeros((xs[0].shape[0],) + shape, dtype=xs[0].dtype,
                       device=xs[0].device)


def _global_avg_pool(node, in_shapes):
    # The mean over every dimension after the channels.
    return None, functools.partial(_mean, tuple(range(2, len(in_shapes[0]) + 1)))


def _zero(node, in_shapes):
    # Zeros of the node's shape; the input gives batch, dtype and device.
    return None, functools.partial(_zeros, tuple(node["shape"]))


#: One builder per op of the layer table: (node, input shapes) ->
#: (submodule, None) for a layer computed by its submodule on its one input,
#: or (None, forward on the list of inputs).
BUILDERS = {
    "input": _function(None),
    "conv1d": _conv(1),
    "conv2d": _conv(2),
    "linear": _linear,
    "batch_norm": _batch_norm,
    "layer_norm": _layer_norm,
    "relu": _function(_relu),
    "relu6": _function(_relu6),
    "gelu": _function(_gelu),
    "sigmoid": _function(_sigmoid),
    "silu": _function(_silu),
    "hardswish": _function(_hardswish),
    "tanh": _function(_tanh),
    "max_pool1d": _max_pool(1),
    "max_pool2d": _max_pool(2),
    "avg_pool1d": _avg_pool(1),
    "avg_pool2d": _avg_pool(2),
    "global_avg_pool": _global_avg_pool,
    "add": _function(_add),
    "mul": _function(_mul),
    "concat": _function(_concat),
    "identity": _function(_same),
    "zero": _zero,
    "flatten": _function(_flatten),
    "dropout": _dropout,
    "output": _function(_same),
}


class CandidateNet(nn.Module):
    """A candidate's network. `forward(x)` takes a batch [N, *input] and
    returns the logits [N, num_classes]; on the first call it checks every
    node's output shape against the document, as the runtime does."""

    def __init__(self, document):
        super().__init__()
        self.space = document["space"]
        self.input_shape = tuple(document["input"])
        self.num_classes = document["num_classes"]
        position = {}
        self._steps = []
        for i, node in enumerate(document["nodes"]):
            builder = BUILDERS.get(node["op"])
            if builder is None:
                raise NotImplementedError(
                    "node %d: op %r has no PyTorch builder" % (node["id"], node["op"]))
            module, fn = builder(node, node["input_shapes"])
            name = None
            if module is not None:
                # Registered in node order: the runtime's parameter order.
                name = "n%d_%s" % (node["id"], node["op"])
                self.add_module(name, module)
            inputs = [position[j] for j in node["inputs"]]
            position[node["id"]] = i
            self._steps.append((node, name, fn, inputs))
        self._checked = False

    def forward(self, x):
        values = []
        result = None
        for node, name, fn, inputs in self._steps:
            if node["op"] == "input":
                y = x
            elif name is not None:
                y = getattr(self, name)(values[inputs[0]])
            else:
                y = fn([values[j] for j in inputs])
            if not self._checked and tuple(y.shape[1:]) != tuple(node["shape"]):
                raise ValueError(
                    "node %d (%s): output shape %s but the candidate declares %s%s"
                    % (node["id"], node["op"], list(y.shape[1:]), node["shape"],
                       " (the data does not fit the input)"
                       if node["op"] == "input" else ""))
            values.append(y)
            if node["op"] == "output":
                result = y
        self._checked = True
        return result
