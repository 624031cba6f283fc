# A small CNN space for MNIST-sized images (1x28x28, 10 classes), for CPU benchmarks of the
# training-free proxies (bench/proxies/): examples/cnn.nas's structure with narrower stages, so
# that a candidate trains in seconds on one core. Per stage: a width, the first conv's kernel, 0-2
# extra blocks (plain conv-bn-relu or residual, kernel 3 or 5, per iteration), max or avg pooling.
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

space small_cnn(input [1, 28, 28], classes 10) {
  w1 = one_of [4, 8, 16]
  w2 = one_of [8, 16, 32]
  x = stage(input, w1) as s1
  x = stage(x, w2) as s2
  return linear(global_avg_pool(x), classes)
  maximize accuracy
}
