# A space one-shot search cannot relax: the alternatives of 's' give
# different shapes (a stride), which no channel mask reconciles.
space strided(input [1, 8, 8], classes 10) {
  s = one_of [1, 2]
  h = conv(input, 4, k=3, pad=1, stride=s)
  return linear(flatten(h), classes)
}
