# imported by imports.nas; imports its sibling relative to itself
import "act.nas"
def edge_block(x, C) {
  return act(conv(x, C, k=1))
}
