# Three nested per-iteration repeats whose innermost width is ruled out in
# iterations that one repeat decides (d0 = 2: from k#1#i#i on) and in ones
# that no single repeat decides (d1 = 2 and d2 = 2: from k#i#1#1 on); w = 16
# is in no candidate at all.
space rules(input [4], classes 2) {
  x = flatten(input)
  x = linear(x, one_of [4, 16] as w)
  require w == 4
  repeat one_of [1, 2] as d0 (x) {
    repeat one_of [1, 2] as d1 (x) {
      repeat one_of [1, 2] as d2 (x) {
        k = one_of [4, 8]
        x = linear(relu(linear(x, k)), 4)
        require (d1 == 2 and d2 == 2) implies k == 4
        require d0 == 2 implies k == 4
      }
    }
  }
  return linear(x, classes)
}
