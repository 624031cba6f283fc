# A clash inside an alternative (only when mode = "wide") between a choice
# outside it and one inside, with nested repeats around the inner one.
space s(input [3, 8, 8], classes 10) {
  x = conv(input, 8, k=3)
  a = one_of { p: conv(x, 8, k=3) | q: conv(x, 16, k=3) }
  z = one_of {
    wide: conv(x, one_of [8, 16] as w, k=3) + a
  | narrow: conv(x, 8, k=3)
  } as mode
  repeat one_of [0, 1] as outer (z) {
    repeat one_of [1, 2] as inner (z) {
      z = relu(z)
    }
  }
  return linear(global_avg_pool(z), classes)
}
