# Imports resolve relative to the importing file, then in the std directory.
# RUN: nasir emit %s | FileCheck %s
# RUN: cd %S && nasir check imports.nas | FileCheck %s --check-prefix=CHECKED
import "Inputs/lib/edge.nas"
import "std/blocks.nas"

space imports(input [3, 8, 8], classes 10) {
  x = edge_block(input, 8)
  return classifier(conv_bn_relu(x, 8), classes)
}
# CHECK: nas.choice "edge_block0.act0.choice"
# CHECK: case "relu"
# CHECK: nn.global_avg_pool
# CHECKED: imports.nas: ok: 1 space (@imports), 1 labels, 1 choices, 0 repeats, 0 selects,
