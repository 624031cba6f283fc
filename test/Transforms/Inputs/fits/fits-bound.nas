space s(input [3, 8, 8], classes 10) {
  x = conv(input, 8, k=3)
  constraint fits <= 1
  return linear(global_avg_pool(x), classes)
}
