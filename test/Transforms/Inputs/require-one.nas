space s(input [4], classes 2) {
  k = one_of [3, 5]
  y = linear(input, k)
  require k == 3
  return linear(y, classes)
}
