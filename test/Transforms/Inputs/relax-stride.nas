# A width whose options also change the stride: not one graph, and the
# results differ in type, so neither shared nor mixed.
space stride(input [3, 8, 8], classes 10) {
  w = one_of [16, 32]
  x = conv(input, w, k=3, pad=1, stride=w // 16)
  return linear(global_avg_pool(x), classes)
}
