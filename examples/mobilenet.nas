# A MobileNetV2 / ProxylessNAS-style macro space (Sandler et al. 2018,
# Cai et al. 2019), with a CIFAR-sized stem (stride 1):
#  - a width multiplier in {0.75, 1.0} for the whole network (one value
#    choice; the depthwise convolutions follow it through channels(x));
#  - per stage a depth of 2, 3 or 4 blocks: the first block (which changes
#    the width and the resolution) plus a repeat of 1..3 residual blocks;
#  - per block a kernel in {3, 5, 7} and an expansion ratio in {3, 4, 6}
#    (decided per iteration of the repeat: labels net.stage1.block.k#0, ...).
import "std/blocks.nas"

# Channels rounded to a multiple of 8, as MobileNet does.
def make_divisible(v) {
  return max(8, round(v / 8) * 8)
}

def mb_block(x, out, stride) {
  k = one_of [3, 5, 7]
  e = one_of [3, 4, 6]
  return inverted_residual(x, out, k=k, e=e, stride=stride)
}

def stage(x, out, stride) {
  x = mb_block(x, out, stride) as first
  extra = one_of [1, 2, 3]               # depth = 1 + extra in {2, 3, 4}
  repeat extra (x) {
    x = x + mb_block(x, out, 1) as block
  }
  return x
}

def backbone(x, w, classes) {
  x = relu6(bn(conv(x, make_divisible(32 * w), k=3)))
  # the fixed first block: depthwise separable, expansion 1
  x = relu6(bn(conv(x, channels(x), k=3, groups=channels(x))))
  x = bn(conv(x, make_divisible(16 * w), k=1))
  x = stage(x, make_divisible(24 * w), 1)
  x = stage(x, make_divisible(40 * w), 2)
  x = stage(x, make_divisible(80 * w), 2)
  x = stage(x, make_divisible(96 * w), 1)
  x = stage(x, make_divisible(192 * w), 2)
  x = relu6(bn(conv(x, make_divisible(1280 * w), k=1)))
  return linear(dropout(global_avg_pool(x), p=0.2), classes)
}

space mobilenet(input [3, 32, 32], classes 10) {
  # One value choice for the whole network: every channel count (and the
  # depthwise groups, through channels(x)) is a number over its options.
  width = one_of [0.75, 1.0]
  return backbone(input, width, classes) as net
  constraint params <= 5M
  constraint flops <= 600M
  maximize accuracy
  minimize flops
}
