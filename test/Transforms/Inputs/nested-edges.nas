# Input choices in nested per-iteration repeats under an edges bound: the
# edges of all iterations add up.
space edges(input [4], classes 2) {
  x = flatten(input)
  repeat one_of [1, 2] as d (x) {
    repeat one_of [1, 2] as e (x) {
      x = sum(pick 1..2 of [x, relu(x), tanh(x)])
    }
  }
  return linear(x, classes)
  constraint edges <= 5
}
