# A pick of 2 of 3 inputs and a depth: the decisions the tests feed it.
space p(input [4, 8, 8], classes 2) {
  a = conv(input, 4, k=1)
  b = conv(input, 4, k=3, pad=1)
  c = avg_pool(input, k=3, stride=1, pad=1)
  x = sum(pick 2 of [a, b, c] as inputs)
  repeat one_of [0, 1] as depth (x) {
    k = one_of [1, 3]
    x = conv(x, 4, k=k, pad=k // 2)
  }
  return linear(global_avg_pool(x), classes)
}
