# Nested repeats whose iterations share decisions: a width w decided outside
# both repeats, a width k per iteration of d used in every iteration of e
# (decided one repeat out), rules that name the outer depth, an outer choice
# and the inner depth, and a shared repeat inside a per-iteration one.
space nested(input [4], classes 2) {
  x = flatten(input)
  w = one_of [4, 16]
  repeat one_of [1, 2, 3] as d (x) {
    k = one_of [2, 4]
    x = linear(relu(linear(x, k)), 4)
    repeat one_of [0, 1] as e (x) {
      j = one_of [4, 8]
      x = linear(relu(linear(x, k * j + w)), 4)
      require k == 4 implies j == 8
      require w == 16 implies e == 0
    }
    repeat one_of [1, 2] as b (x) shared {
      x = one_of { relu: relu(x) | tanh: tanh(x) } as act
    }
    require d == 3 implies k == 2
  }
  return linear(x, classes)
}
