// RUN: nasir-opt %s --split-input-file --verify-diagnostics --nas-specialize='decisions={"act":"swish"}'
// RUN: not nasir-opt %s --nas-specialize='decisions={"nope":1}' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not nasir-opt %s --nas-specialize='decisions={"act":' 2>&1 | FileCheck %s --check-prefix=JSON

// UNKNOWN: decisions name 'nope', which is not a label of space @s
// JSON: decisions are not valid JSON

nas.space @s {
  %x = nn.input : tensor<?x4xf32>
  // expected-error @+1 {{decision 'act' = "swish" is not one of its options: "relu", "tanh"}}
  %y = nas.choice "act" -> tensor<?x4xf32>
    case "relu" {
      %r = nn.relu %x : tensor<?x4xf32>
      nas.yield %r : tensor<?x4xf32>
    }
    case "tanh" {
      %t = nn.tanh %x : tensor<?x4xf32>
      nas.yield %t : tensor<?x4xf32>
    }
  nn.output %y : tensor<?x4xf32>
}
