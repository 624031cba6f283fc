# A depth that shrinks the spatial size below the kernel (6 -> 4 -> 2 -> no).
space s(input [3, 6, 6], classes 10) {
  x = conv(input, 8, k=3, pad=1)
  repeat one_of [1, 2, 3] as depth (x) { x = conv(x, 8, k=3, pad=0) }
  return linear(global_avg_pool(x), classes)
}
