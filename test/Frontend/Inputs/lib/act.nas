import "edge.nas"   # a cycle: each file is loaded once
def act(x) {
  return one_of { relu: relu(x) | gelu: gelu(x) }
}
