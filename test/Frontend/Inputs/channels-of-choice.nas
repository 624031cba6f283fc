# A width choice and the depthwise convolutions of a MobileNet block:
# channels(x) after the choice is a number over its options.
space dw(input [3, 8, 8], classes 10) {
  w = one_of [8, 16] as width
  x = relu(bn(conv(input, w, k=3)))
  x = relu(bn(conv(x, channels(x), k=3, groups=channels(x))))
  x = conv(x, channels(x) * one_of [1, 2] as e, k=1)
  repeat one_of [1, 2] as d (x) {
    x = x + bn(conv(x, channels(x), k=3, groups=channels(x)))
  }
  return linear(global_avg_pool(x), classes)
}
