# A NAS-Bench-101-style space (Ying et al., ICML 2019), kept simple:
#  - one cell shared by all 9 cells (`shared` at the call: every instance
#    takes the labels nb101_cell.*);
#  - node 0 projects the cell input to C channels with a 1x1 conv-bn-relu;
#  - nodes 1..5 each pick 1 to all of the earlier nodes (summed) and an op;
#  - the output node picks 1..5 of nodes 1..5, concatenates them and projects
#    back to C channels with a 1x1 conv-bn-relu;
#  - every chosen input is an edge: at most 9 (NAS-Bench-101's limit).
import "std/blocks.nas"

def nb101_cell(x, C) {
  op node(h) = one_of {
      conv3x3_bn_relu: conv_bn_relu(h, C, k=3)
    | conv1x1_bn_relu: conv_bn_relu(h, C, k=1)
    | maxpool3x3: max_pool(h, k=3, stride=1, pad=1)
  }
  n0 = conv_bn_relu(x, C, k=1)
  n1 = node(pick 1 of [n0] as in1) as op1
  n2 = node(sum(pick 1..2 of [n0, n1] as in2)) as op2
  n3 = node(sum(pick 1..3 of [n0, n1, n2] as in3)) as op3
  n4 = node(sum(pick 1..4 of [n0, n1, n2, n3] as in4)) as op4
  n5 = node(sum(pick 1..5 of [n0, n1, n2, n3, n4] as in5)) as op5
  out = concat(pick 1..5 of [n1, n2, n3, n4, n5] as in_out)
  return conv_bn_relu(out, C, k=1)
}

space nb101(input [3, 32, 32], classes 10) {
  x = conv_bn_relu(input, 128, k=3)      # stem
  C = 128
  for stack in 0..3 {
    if stack > 0 {
      x = max_pool(x, k=2, stride=2)     # downsample, then double the width
      C = C * 2
    }
    for i in 0..3 {
      shared x = nb101_cell(x, C)
    }
  }
  return classifier(x, classes)
  constraint edges <= 9
  maximize accuracy
}
