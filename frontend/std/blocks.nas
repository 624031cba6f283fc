# std/blocks.nas: common building blocks of NAS spaces.
# `import "std/blocks.nas"` finds this file from any .nas file.
# Convolutions have no bias (a batch norm follows them) and "same" padding
# (k // 2 * dilation) unless given.

# conv -> bn -> relu (NAS-Bench-101's node ops)
def conv_bn_relu(x, C, k=3, stride=1) {
  return relu(bn(conv(x, C, k=k, stride=stride)))
}

# relu -> conv -> bn (NAS-Bench-201's and DARTS' ReLUConvBN)
def relu_conv_bn(x, C, k=3, stride=1, dilation=1) {
  return bn(conv(relu(x), C, k=k, stride=stride, dilation=dilation))
}

# conv -> bn
def conv_bn(x, C, k=3, stride=1) {
  return bn(conv(x, C, k=k, stride=stride))
}

# DARTS' separable convolution: (relu, depthwise k x k, pointwise, bn) twice,
# the first with the stride.
def sep_conv(x, C, k=3, stride=1) {
  Cin = channels(x)
  h = conv(relu(x), Cin, k=k, stride=stride, groups=Cin)
  h = bn(conv(h, Cin, k=1))
  h = conv(relu(h), Cin, k=k, groups=Cin)
  return bn(conv(h, C, k=1))
}

# DARTS' dilated convolution: relu, depthwise k x k with dilation 2, pointwise, bn.
def dil_conv(x, C, k=3, stride=1) {
  Cin = channels(x)
  h = conv(relu(x), Cin, k=k, stride=stride, dilation=2, groups=Cin)
  return bn(conv(h, C, k=1))
}

# DARTS' FactorizedReduce: halves the resolution with two 1x1 stride-2 convs
# whose outputs are concatenated. (DARTS shifts the second conv's input by
# one pixel; nn has no shift, so both see the same grid here.)
def factorized_reduce(x, C) {
  h = relu(x)
  return bn(concat(conv(h, C // 2, k=1, stride=2), conv(h, C - C // 2, k=1, stride=2)))
}

# MobileNetV2's inverted residual without the skip: 1x1 expansion by `e`,
# k x k depthwise with the stride, 1x1 linear projection to `out`.
def inverted_residual(x, out, k=3, e=6, stride=1) {
  hidden = channels(x) * e
  h = relu6(bn(conv(x, hidden, k=1)))
  h = relu6(bn(conv(h, hidden, k=k, stride=stride, groups=hidden)))
  return bn(conv(h, out, k=1))
}

# NAS-Bench-201's ResNetBasicblock: two ReLUConvBN 3x3 (the first with the
# stride) plus a shortcut of 2x2 average pooling and a 1x1 conv; no ReLU
# after the sum.
def resnet_basic_block(x, C, stride=2) {
  a = relu_conv_bn(x, C, k=3, stride=stride)
  b = relu_conv_bn(a, C, k=3)
  shortcut = conv(avg_pool(x, k=2, stride=2), C, k=1)
  return b + shortcut
}

# The classifier head of image spaces: global average pool and a linear layer.
def classifier(x, classes) {
  return linear(global_avg_pool(x), classes)
}
