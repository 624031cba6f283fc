# A small mobile-style CNN whose decisions obey rules, each written as a
# `require` next to the choices it ties together (docs/language.md):
#  - 1 to 3 residual blocks, each with a kernel in {3, 5, 7}, an expansion
#    in {1, 3, 6} and an activation, relu6 or hardswish;
#  - a 7x7 kernel only with an expansion of at most 3 (its FLOPs), hardswish
#    only with the 5x5 and 7x7 kernels (as MobileNetV3 pairs them), in a
#    network of three blocks a 6x expansion only with a 3x3 kernel, and a
#    wide head after a single block.
# 3,013 architectures of the 12,348 without the rules.
import "std/blocks.nas"

def block(x, depth) {
  k = one_of [3, 5, 7]
  e = one_of [1, 3, 6]
  C = channels(x)
  h = relu6(bn(conv(x, C * e, k=1)))
  h = bn(conv(h, C * e, k=k, groups=C * e))
  h = one_of { relu6: relu6(h) | hardswish: hardswish(h) } as act
  require k == 7 implies e <= 3
  require act == "hardswish" implies k in [5, 7]
  require depth == 3 and e == 6 implies k == 3   # `depth`: the repeat count
  return x + bn(conv(h, C, k=1))
}

space rules(input [3, 32, 32], classes 10) {
  x = relu6(bn(conv(input, 16, k=3, stride=2)))
  d = one_of [1, 2, 3]
  repeat d (x) {
    x = block(x, d) as block
  }
  w = one_of [64, 128]
  x = relu6(bn(conv(x, w, k=1)))
  require d == 1 implies w == 128
  return classifier(x, classes)
  maximize accuracy
  minimize flops
}
