# The label rules: <instance path>.<local name>; `as` names; duplicates get
# _1, _2; `shared op` and shared statements take one label per definition.
# RUN: nasir emit %s | FileCheck %s

def cell(x) {
  shared op edge(h) = one_of { relu: relu(h) | tanh: tanh(h) }
  op own(h) = one_of { relu: relu(h) | tanh: tanh(h) }
  a = edge(x) as e1_0
  b = edge(a)
  return own(b)
}

def unit(x) {
  k = one_of [1, 3]
  return avg_pool(x, k=k, stride=1, pad=k // 2)
}

space labels(input [3, 8, 8], classes 10) {
  x = cell(input)
  x = cell(x)
  x = unit(x)
  x = unit(x) as second
  shared x = unit(x)
  shared x = unit(x)
  x = one_of { a: relu(x) | b: one_of { c: tanh(x) | d: sigmoid(x) } }
  x = one_of { a: relu(x) | b: tanh(x) }
  repeat one_of [1, 2] as depth (x) {
    x = unit(x)
  }
  return linear(global_avg_pool(x), classes)
}

# CHECK: nas.choice "cell.e1_0"
# CHECK: nas.choice "cell.edge0"
# CHECK: nas.choice "cell0.own0"
# CHECK: nas.choice "cell.e1_0"
# CHECK: nas.choice "cell.edge0"
# CHECK: nas.choice "cell1.own0"
# CHECK: nas.choice "unit0.k"
# CHECK: nas.choice "second.k"
# CHECK: nas.choice "unit.k"
# CHECK: nas.choice "unit.k"
# CHECK: nas.choice "x"
# CHECK: case "b"
# CHECK: nas.choice "x.b"
# CHECK: nas.choice "x_1"
# CHECK: nas.repeat "depth"
# CHECK: nas.choice "unit1.k"
