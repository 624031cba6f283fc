# A CNN space for MNIST-sized images (1x28x28, 10 classes): three stages of
# conv blocks, each stage one width for all its layers, then a pool that
# halves the resolution (28 -> 14 -> 7 -> 3), a global average pool and a
# linear classifier. Per stage:
#  - a width (value choice), shared by the stage's first conv and its blocks;
#  - the first conv's kernel, 3 or 5 (value choice);
#  - a depth of 0, 1 or 2 extra blocks (repeat), each block plain
#    (conv-bn-relu) or residual (x + conv-bn(relu(conv-bn(x)))) with a kernel
#    of 3 or 5, decided per iteration (labels s1.block#0, s1.k#0, ...);
#  - max or average pooling.
# Every choice is of a kind that one-shot search relaxes (docs/oneshot.md):
# op choices whose alternatives have one type, width and kernel value
# choices, repeats.
import "std/blocks.nas"

def block(x, C) {
  k = one_of [3, 5]
  return one_of {
      plain: conv_bn_relu(x, C, k=k)
    | residual: relu(x + conv_bn(conv_bn_relu(x, C, k=k), C, k=k))
  } as kind
}

def stage(x, C) {
  x = conv_bn_relu(x, C, k=one_of [3, 5] as k)
  repeat one_of [0, 1, 2] as depth (x) {
    x = block(x, C) as block
  }
  return one_of { max: max_pool(x, k=2) | avg: avg_pool(x, k=2) } as pool
}

space cnn(input [1, 28, 28], classes 10) {
  w1 = one_of [16, 32]
  w2 = one_of [32, 48, 64]
  w3 = one_of [64, 96, 128]
  x = stage(input, w1) as s1
  x = stage(x, w2) as s2
  x = stage(x, w3) as s3
  return linear(global_avg_pool(x), classes)
  maximize accuracy
  minimize flops
}
