# NAS-Bench-201 (Dong & Yang, ICLR 2020): the benchmark's network, with one
# searched cell shared by all 15 cells: 5^6 = 15,625 architectures.
import "std/blocks.nas"

# The cell: node 0 is the input, node j sums an op on every edge i -> j,
# node 3 is the output. `shared op`: each edge label (cell.e1_0 ...) takes one
# decision for all 15 cells.
def cell(x, C) {
  shared op edge(h) = one_of {
      none: zero(h)
    | skip_connect: identity(h)
    | nor_conv_1x1: relu_conv_bn(h, C, k=1)
    | nor_conv_3x3: relu_conv_bn(h, C, k=3)
    | avg_pool_3x3: avg_pool(h, k=3, stride=1, pad=1)
  }
  n1 = edge(x) as e1_0
  n2 = edge(x) as e2_0 + edge(n1) as e2_1
  return edge(x) as e3_0 + edge(n1) as e3_1 + edge(n2) as e3_2
}

space nb201(input [3, 32, 32], classes 10) {
  x = bn(conv(input, 16, k=3))           # stem
  C = 16
  for stage in 0..3 {
    if stage > 0 {
      C = C * 2
      x = resnet_basic_block(x, C, stride=2)
    }
    for i in 0..5 {
      x = cell(x, C)
    }
  }
  x = relu(bn(x))                        # lastact
  return classifier(x, classes)
  maximize accuracy
}
