# Nested repeats with a per-iteration width (labels w#i#j): the last
# iteration of the last outer iteration must give 16 channels.
space s(input [3, 8, 8], classes 10) {
  x = conv(input, 8, k=3)
  repeat one_of [1, 2] as o (x) {
    repeat one_of [1, 2] as i (x) {
      x = conv(x, one_of [8, 16] as w, k=3)
    }
  }
  return linear(global_avg_pool(x + conv(input, 16, k=3)), classes)
}
