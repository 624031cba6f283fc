# A DARTS-style space (Liu et al., ICLR 2019): a normal and a reduction cell,
# each with 4 intermediate nodes; node j picks 2 of its incoming edges (from
# the two cell inputs and the earlier nodes), each edge an op; the cell output
# concatenates the 4 nodes. 8 cells, reductions at 1/3 and 2/3 of the depth.
# `shared c = ... as normal`: all normal cells take the labels normal.*, all
# reduction cells reduction.*.
import "std/blocks.nas"

def skip(h, C, stride) {
  if stride == 1 {
    return identity(h)
  }
  return factorized_reduce(h, C)
}

def darts_cell(c0, c1, C, reduce, reduce_prev) {
  op edge(h, stride) = one_of {
      none: zero(h, stride=stride)
    | max_pool_3x3: max_pool(h, k=3, stride=stride, pad=1)
    | avg_pool_3x3: avg_pool(h, k=3, stride=stride, pad=1)
    | skip_connect: skip(h, C, stride)
    | sep_conv_3x3: sep_conv(h, C, k=3, stride=stride)
    | sep_conv_5x5: sep_conv(h, C, k=5, stride=stride)
    | dil_conv_3x3: dil_conv(h, C, k=3, stride=stride)
    | dil_conv_5x5: dil_conv(h, C, k=5, stride=stride)
  }
  s = 1                                  # stride of the edges from the inputs
  if reduce {
    s = 2
  }
  if reduce_prev {
    s0 = factorized_reduce(c0, C)
  } else {
    s0 = relu_conv_bn(c0, C, k=1)
  }
  s1 = relu_conv_bn(c1, C, k=1)
  n2 = sum(pick 2 of [edge(s0, s) as e2_0, edge(s1, s) as e2_1] as in2)
  n3 = sum(pick 2 of [edge(s0, s) as e3_0, edge(s1, s) as e3_1,
                      edge(n2, 1) as e3_2] as in3)
  n4 = sum(pick 2 of [edge(s0, s) as e4_0, edge(s1, s) as e4_1,
                      edge(n2, 1) as e4_2, edge(n3, 1) as e4_3] as in4)
  n5 = sum(pick 2 of [edge(s0, s) as e5_0, edge(s1, s) as e5_1,
                      edge(n2, 1) as e5_2, edge(n3, 1) as e5_3,
                      edge(n4, 1) as e5_4] as in5)
  return concat(n2, n3, n4, n5)
}

space darts(input [3, 32, 32], classes 10) {
  C = 16
  stem = bn(conv(input, 3 * C, k=3))
  c0 = stem
  c1 = stem
  reduce_prev = false
  for i in 0..8 {
    reduce = i % 3 == 2                  # cells 2 and 5
    if reduce {
      C = C * 2
      shared c = darts_cell(c0, c1, C, true, reduce_prev) as reduction
    } else {
      shared c = darts_cell(c0, c1, C, false, reduce_prev) as normal
    }
    c0 = c1
    c1 = c
    reduce_prev = reduce
  }
  return classifier(c1, classes)
  maximize accuracy
}
