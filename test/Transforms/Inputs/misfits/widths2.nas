# nested_repeats.py 2 --widths-misfit: the last iteration's width is added to 16 channels.
space s(input [3, 8, 8], classes 10) {
  x = conv(input, 8, k=3)
  repeat one_of [1, 2] as r0 (x) {
    repeat one_of [1, 2] as r1 (x) {
      x = conv(x, one_of [8, 16] as w, k=3)
    }
  }
  y = conv(input, 16, k=3)
  x = x + y
  return linear(global_avg_pool(x), classes)
}
