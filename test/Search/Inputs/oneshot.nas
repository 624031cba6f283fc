# A tiny space for the one-shot tests on digits (1x8x8, 10 classes): a width
# whose alternatives share weights (a value choice) and an activation (an op
# choice), 4 candidates.
space tiny(input [1, 8, 8], classes 10) {
  width = one_of [4, 8]
  h = conv(input, width, k=3, pad=1)
  h = one_of { relu: relu(h) | tanh: tanh(h) } as act
  return linear(flatten(h), classes)
}
