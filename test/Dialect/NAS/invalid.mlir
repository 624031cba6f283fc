// Every error the nas constructs report, with the values it names.
// RUN: nasir-opt %s -split-input-file -verify-diagnostics

// Sites sharing a label take one decision: they must offer the same domain.
nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-note @+1 {{the other site is here}}
  %a = nas.choice "act" -> tensor<?x16x8x8xf32>
    case "relu" {
      %r = nn.relu %x : tensor<?x16x8x8xf32>
      nas.yield %r : tensor<?x16x8x8xf32>
    }
    case "tanh" {
      %t = nn.tanh %x : tensor<?x16x8x8xf32>
      nas.yield %t : tensor<?x16x8x8xf32>
    }
  // expected-error @+1 {{'nas.choice' op label 'act' is a choice ["relu", "skip"] here but a choice ["relu", "tanh"] elsewhere; sites sharing a label must offer the same options}}
  %b = nas.choice "act" -> tensor<?x16x8x8xf32>
    case "relu" {
      %r = nn.relu %a : tensor<?x16x8x8xf32>
      nas.yield %r : tensor<?x16x8x8xf32>
    }
    case "skip" {
      nas.yield %a : tensor<?x16x8x8xf32>
    }
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-note @+1 {{the other site is here}}
  %a = nas.repeat "d" [1, 2] (%x : tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32> {
  ^bb0(%y: tensor<?x16x8x8xf32>):
    nas.yield %y : tensor<?x16x8x8xf32>
  }
  // expected-error @+1 {{'nas.select' op label 'd' is a select of 2 inputs, [1, 1] here but a repeat [1, 2] elsewhere; sites sharing a label must offer the same options}}
  %b = nas.select "d" "sum" min 1 max 1 (%x, %a) : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.choice' op needs a non-empty label}}
  %a = nas.choice "" -> tensor<?x16x8x8xf32>
    case "id" {
      nas.yield %x : tensor<?x16x8x8xf32>
    }
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{expected at least one 'case'}}
  %a = nas.choice "c" -> tensor<?x16x8x8xf32>
}

// -----

// The custom syntax always has a case per option: only the generic form can
// get them out of step.
nas.space @s {
  // expected-error @+1 {{'nas.choice' op needs at least one alternative}}
  "nas.choice"() {label = "c", options = []} : () -> ()
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.choice' op has 2 options for 1 alternatives}}
  "nas.choice"() ({
    "nas.yield"() : () -> ()
  }) {label = "c", options = ["a", "b"]} : () -> ()
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.choice' op option [3] is not a string, integer or float}}
  %a = nas.choice "c" -> tensor<?x16x8x8xf32>
    case [3] {
      nas.yield %x : tensor<?x16x8x8xf32>
    }
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.choice' op option 3 appears twice}}
  %a = nas.choice "c" -> tensor<?x16x8x8xf32>
    case 3 {
      nas.yield %x : tensor<?x16x8x8xf32>
    }
    case 3 {
      nas.yield %x : tensor<?x16x8x8xf32>
    }
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.choice' op alternative "b" yields 0 values but the op has 1 results}}
  %a = nas.choice "c" -> tensor<?x16x8x8xf32>
    case "a" {
      nas.yield %x : tensor<?x16x8x8xf32>
    }
    case "b" {
      nas.yield
    }
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.choice' op alternative 5 yields 'tensor<?x32x4x4xf32>' as result #0, which cannot be 'tensor<?x32x8x8xf32>'}}
  %a = nas.choice "k" -> tensor<?x32x8x8xf32>
    case 3 {
      %c = nn.conv2d %x {out_channels = 32, kernel = 3, padding = 1} : tensor<?x16x8x8xf32>
      nas.yield %c : tensor<?x32x8x8xf32>
    }
    case 5 {
      %c = nn.conv2d %x {out_channels = 32, kernel = 5} : tensor<?x16x8x8xf32>
      nas.yield %c : tensor<?x32x4x4xf32>
    }
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.repeat' op needs a non-empty label}}
  %a = nas.repeat "" [1] (%x : tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32> {
  ^bb0(%y: tensor<?x16x8x8xf32>):
    nas.yield %y : tensor<?x16x8x8xf32>
  }
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.repeat' op needs at least one depth}}
  %a = nas.repeat "d" [] (%x : tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32> {
  ^bb0(%y: tensor<?x16x8x8xf32>):
    nas.yield %y : tensor<?x16x8x8xf32>
  }
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.repeat' op depth -1 is negative}}
  %a = nas.repeat "d" [1, -1] (%x : tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32> {
  ^bb0(%y: tensor<?x16x8x8xf32>):
    nas.yield %y : tensor<?x16x8x8xf32>
  }
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.repeat' op depth 2 appears twice}}
  %a = nas.repeat "d" [2, 3, 2] (%x : tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32> {
  ^bb0(%y: tensor<?x16x8x8xf32>):
    nas.yield %y : tensor<?x16x8x8xf32>
  }
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.repeat' op body takes (); expected one argument of the result type 'tensor<?x16x8x8xf32>'}}
  %a = nas.repeat "d" [1] (%x : tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32> {
    nas.yield %x : tensor<?x16x8x8xf32>
  }
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.repeat' op body takes ('tensor<?x16x?x?xf32>'); expected one argument of the result type 'tensor<?x16x8x8xf32>'}}
  %a = nas.repeat "d" [1] (%x : tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32> {
  ^bb0(%y: tensor<?x16x?x?xf32>):
    nas.yield %x : tensor<?x16x8x8xf32>
  }
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.repeat' op input 'tensor<?x16x8x8xf32>' cannot be the body's type 'tensor<?x32x8x8xf32>'}}
  %a = nas.repeat "d" [1] (%x : tensor<?x16x8x8xf32>) -> tensor<?x32x8x8xf32> {
  ^bb0(%y: tensor<?x32x8x8xf32>):
    nas.yield %y : tensor<?x32x8x8xf32>
  }
}

// -----

// A body that changes the type cannot be applied again to its own result.
nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.repeat' op body yields 'tensor<?x16x4x4xf32>' as result #0, which cannot be 'tensor<?x16x8x8xf32>'}}
  %a = nas.repeat "d" [1, 2] (%x : tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32> {
  ^bb0(%y: tensor<?x16x8x8xf32>):
    %p = nn.max_pool2d %y {kernel = 2} : tensor<?x16x8x8xf32>
    nas.yield %p : tensor<?x16x4x4xf32>
  }
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.repeat' op body yields 2 values but the op has 1 results}}
  %a = nas.repeat "d" [1] (%x : tensor<?x16x8x8xf32>) -> tensor<?x16x8x8xf32> {
  ^bb0(%y: tensor<?x16x8x8xf32>):
    nas.yield %y, %y : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
  }
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.select' op needs a non-empty label}}
  %a = nas.select "" "sum" min 1 max 1 (%x) : tensor<?x16x8x8xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{combines by 'sum' or 'concat', not 'mean'}}
  %a = nas.select "in" "mean" min 1 max 1 (%x) : tensor<?x16x8x8xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.select' op chooses between 2 and 1 of 2 candidates; expected 1 <= min <= max <= 2}}
  %a = nas.select "in" "sum" min 2 max 1 (%x, %x) : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.select' op chooses between 1 and 3 of 2 candidates; expected 1 <= min <= max <= 2}}
  %a = nas.select "in" "sum" min 1 max 3 (%x, %x) : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  // expected-error @+1 {{'nas.select' op attribute 'min' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %a = nas.select "in" "sum" min 0 max 1 (%x) : tensor<?x16x8x8xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  %y = nn.input : tensor<?x16x4x4xf32>
  // expected-error @+1 {{'nas.select' candidate #1 has type 'tensor<?x16x4x4xf32>' but candidate #0 has 'tensor<?x16x8x8xf32>'}}
  %a = nas.select "in" "sum" min 1 max 1 (%x, %y) : tensor<?x16x8x8xf32>, tensor<?x16x4x4xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  %y = nn.input : tensor<?x32x4x4xf32>
  // expected-error @+1 {{'nas.select' candidate #1 has type 'tensor<?x32x4x4xf32>' but candidate #0 has 'tensor<?x16x8x8xf32>'; only the channel dimension may differ}}
  %a = nas.select "in" "concat" min 1 max 1 (%x, %y) : tensor<?x16x8x8xf32>, tensor<?x32x4x4xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16x8x8xf32>
  %y = nn.input : tensor<?x16xf32>
  // expected-error @+1 {{'nas.select' candidate #2 has type 'tensor<?x16xf32>', which cannot be concatenated with 'tensor<?x16x8x8xf32>'}}
  %a = nas.select "in" "concat" min 1 max 1 (%x, %x, %y) : tensor<?x16x8x8xf32>, tensor<?x16x8x8xf32>, tensor<?x16xf32>
}

// -----

// Only the generic form can spell a select without candidates.
nas.space @s {
  // expected-error @+1 {{'nas.select' op chooses between 1 and 1 of 0 candidates; expected 1 <= min <= max <= 0}}
  %a = "nas.select"() {label = "in", combine = #nas<combine sum>, min = 1, max = 1} : () -> tensor<?x16xf32>
}

// -----

nas.space @s {
  // expected-error @+1 {{bounds 'params', 'flops', 'macs' or 'edges' (or is 'fits'), not 'latency'}}
  nas.constraint "latency" <= 10
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.constraint' op bound -5 is negative}}
  nas.constraint "params" <= -5
}

// -----

nas.space @s {
  // expected-error @+1 {{metric is one of 'accuracy', 'params', 'flops', 'macs', 'latency', not 'loss'}}
  nas.objective minimize "loss"
}

// -----

// nas.require: every message of the predicate parser, with its column.
nas.space @s {
  // expected-error @+1 {{'nas.require' op predicate: expected a comparison (==, !=, <, <=, >, >=, in), found 'and' (column 3 of "k and e == 1")}}
  nas.require "k and e == 1"
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.require' op predicate: expected a comparison at the end (column 2 of "k")}}
  nas.require "k"
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.require' op predicate: unterminated string (column 8 of "act == 'relu")}}
  nas.require "act == 'relu"
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.require' op predicate: expected ')' (column 8 of "(k == 3")}}
  nas.require "(k == 3"
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.require' op predicate: 'in' needs a label on its left (column 1 of "3 in [3]")}}
  nas.require "3 in [3]"
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.require' op predicate: expected '[' after 'in' (column 6 of "k in 3")}}
  nas.require "k in 3"
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.require' op predicate: expected ',' or ']' (column 9 of "k in [3 5]")}}
  nas.require "k in [3 5]"
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.require' op predicate: a comparison needs a label on one side (column 1 of "3 == 3")}}
  nas.require "3 == 3"
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.require' op predicate: integer '99999999999999999999' does not fit in 64 bits (column 6 of "k == 99999999999999999999")}}
  nas.require "k == 99999999999999999999"
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.require' op predicate: expected 'and', 'or', 'implies' or the end, found ')' (column 7 of "k == 3)")}}
  nas.require "k == 3)"
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.require' op predicate: expected a label or a value, found '$' (column 6 of "k == $")}}
  nas.require "k == $"
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.require' op predicate: unterminated quoted label (column 6 of "k == `k")}}
  nas.require "k == `k"
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.require' op predicate: expected a label or a value at the end (column 5 of "k <=")}}
  nas.require "k <="
}

// -----

// expected-error @+1 {{'nas.require' op must be inside a nas.space or a nas.cell}}
nas.require "true"

// -----

// A predicate names sites in scope: not one inside an alternative it is not in.
nas.space @s {
  %x = nn.input : tensor<?x16xf32>
  %a = nas.choice "outer" -> tensor<?x16xf32>
    case "plain" { nas.yield %x : tensor<?x16xf32> }
    case "deep" {
      // expected-note @+1 {{'inner' is decided here, in a block that does not enclose the constraint}}
      %b = nas.choice "inner" -> tensor<?x16xf32>
        case 1 { nas.yield %x : tensor<?x16xf32> }
        case 2 { nas.yield %x : tensor<?x16xf32> }
      nas.yield %b : tensor<?x16xf32>
    }
  // expected-error @+1 {{'nas.require' op names 'inner', which is no choice or repeat in scope here}}
  nas.require "outer == 'deep' implies inner == 2"
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16xf32>
  // expected-error @+1 {{'nas.require' op names 'nowhere', which is no choice or repeat in scope here}}
  nas.require "nowhere == 2"
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16xf32>
  %s = nas.select "in" "sum" min 1 max 1 (%x, %x) : tensor<?x16xf32>, tensor<?x16xf32>
  // expected-error @+1 {{'nas.require' op names 'in', an input choice: its decisions are sets, bounded by nas.constraint "edges"}}
  nas.require "`in` == 1"
}

// -----

// Comparisons are checked against the domains of the labels they name;
// ordering against a value outside the domain is fine.
nas.space @s {
  %x = nn.input : tensor<?x16xf32>
  %a = nas.choice "act" -> tensor<?x16xf32>
    case "relu" { nas.yield %x : tensor<?x16xf32> }
    case "tanh" { nas.yield %x : tensor<?x16xf32> }
  %k = nas.choice "k" -> tensor<?x16xf32>
    case 3 { nas.yield %a : tensor<?x16xf32> }
    case 5 { nas.yield %a : tensor<?x16xf32> }
  // expected-error @+1 {{'nas.require' op compares 'act' (choice ["relu", "tanh"]) with 'k' (choice [3, 5])}}
  nas.require "act == k"
  nas.require "k <= 4"
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16xf32>
  %a = nas.choice "act" -> tensor<?x16xf32>
    case "relu" { nas.yield %x : tensor<?x16xf32> }
    case "tanh" { nas.yield %x : tensor<?x16xf32> }
  %k = nas.choice "k" -> tensor<?x16xf32>
    case 3 { nas.yield %a : tensor<?x16xf32> }
    case 5 { nas.yield %a : tensor<?x16xf32> }
  // expected-error @+1 {{'nas.require' op orders 'act' (choice ["relu", "tanh"]), whose options are strings}}
  nas.require "act < 'tanh'"
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16xf32>
  %a = nas.choice "act" -> tensor<?x16xf32>
    case "relu" { nas.yield %x : tensor<?x16xf32> }
    case "tanh" { nas.yield %x : tensor<?x16xf32> }
  %k = nas.choice "k" -> tensor<?x16xf32>
    case 3 { nas.yield %a : tensor<?x16xf32> }
    case 5 { nas.yield %a : tensor<?x16xf32> }
  // expected-error @+1 {{'nas.require' op compares 'k' (choice [3, 5]) with "three"}}
  nas.require "k != 'three'"
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16xf32>
  %a = nas.choice "act" -> tensor<?x16xf32>
    case "relu" { nas.yield %x : tensor<?x16xf32> }
    case "tanh" { nas.yield %x : tensor<?x16xf32> }
  %k = nas.choice "k" -> tensor<?x16xf32>
    case 3 { nas.yield %a : tensor<?x16xf32> }
    case 5 { nas.yield %a : tensor<?x16xf32> }
  // expected-error @+1 {{'nas.require' op tests 'act' (choice ["relu", "tanh"]) for "rleu", which is not one of its values}}
  nas.require "act in ['rleu', 'tanh']"
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x16xf32>
  %a = nas.choice "act" -> tensor<?x16xf32>
    case "relu" { nas.yield %x : tensor<?x16xf32> }
    case "tanh" { nas.yield %x : tensor<?x16xf32> }
  %k = nas.choice "k" -> tensor<?x16xf32>
    case 3 { nas.yield %a : tensor<?x16xf32> }
    case 5 { nas.yield %a : tensor<?x16xf32> }
  // expected-error @+1 {{'nas.require' op tests 'k' (choice [3, 5]) for 4, which is not one of its values}}
  nas.require "k == 4"
}

// -----

// Cells, applications and nas.from.
// expected-error @+1 {{'nas.cell' op parameter 'C' = [16] is not an integer, float or string}}
nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = [16]} {
  nas.yield %x : tensor<?x8xf32>
}

// -----

// expected-error @+1 {{'nas.cell' op body yields 'tensor<?x8xf32>' as result #0, which cannot be 'tensor<?x4xf32>'}}
nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x4xf32> {
  nas.yield %x : tensor<?x8xf32>
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.cell' op expects parent op 'builtin.module'}}
  nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
    nas.yield %x : tensor<?x8xf32>
  }
}

// -----

// Only the generic form can spell a body that does not match the signature.
// expected-error @+1 {{'nas.cell' op body arguments do not match the signature '(tensor<?x4xf32>) -> tensor<?x8xf32>'}}
"nas.cell"() ({
^bb0(%x: tensor<?x8xf32>):
  nas.yield %x : tensor<?x8xf32>
}) {sym_name = "c", function_type = (tensor<?x4xf32>) -> tensor<?x8xf32>, params = {}} : () -> ()

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 16, p = 0.5} {
  nas.yield %x : tensor<?x8xf32>
}
nas.space @s {
  %x = nn.input : tensor<?x8xf32>
  // expected-error @+1 {{'nas.apply' op applies @nowhere, which is not a nas.cell of this module}}
  %a = nas.apply @nowhere(%x) {} : (tensor<?x8xf32>) -> tensor<?x8xf32>
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 16, p = 0.5} {
  nas.yield %x : tensor<?x8xf32>
}
nas.space @s {
  %x = nn.input : tensor<?x8xf32>
  // expected-error @+1 {{'nas.apply' op passes 2 inputs and takes 1 results, but @c is '(tensor<?x8xf32>) -> tensor<?x8xf32>'}}
  %a = nas.apply @c(%x, %x) {} : (tensor<?x8xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 16, p = 0.5} {
  nas.yield %x : tensor<?x8xf32>
}
nas.space @s {
  %x = nn.input : tensor<?x4xf32>
  // expected-error @+1 {{'nas.apply' op input #0 is 'tensor<?x4xf32>' but @c takes 'tensor<?x8xf32>'}}
  %a = nas.apply @c(%x) {} : (tensor<?x4xf32>) -> tensor<?x8xf32>
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 16, p = 0.5} {
  nas.yield %x : tensor<?x8xf32>
}
nas.space @s {
  %x = nn.input : tensor<?x8xf32>
  // expected-error @+1 {{'nas.apply' op result #0 is 'tensor<?x4xf32>' but @c yields 'tensor<?x8xf32>'}}
  %a = nas.apply @c(%x) {} : (tensor<?x8xf32>) -> tensor<?x4xf32>
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 16, p = 0.5} {
  nas.yield %x : tensor<?x8xf32>
}
nas.space @s {
  %x = nn.input : tensor<?x8xf32>
  // expected-error @+1 {{'nas.apply' op sets 'W', which is not a parameter of @c ({C = 16 : i64, p = 5.000000e-01 : f64})}}
  %a = nas.apply @c(%x) {W = 3} : (tensor<?x8xf32>) -> tensor<?x8xf32>
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 16, p = 0.5} {
  nas.yield %x : tensor<?x8xf32>
}
nas.space @s {
  %x = nn.input : tensor<?x8xf32>
  // expected-error @+1 {{'nas.apply' op sets 'C' to 1.500000e+00 : f64 but its default is 16 : i64}}
  %a = nas.apply @c(%x) {C = 1.5} : (tensor<?x8xf32>) -> tensor<?x8xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x8xf32>
  // expected-error @+1 {{'nas.from' binds cell parameters: the op must be in the body of a nas.cell}}
  %y = nn.linear %x {out_features = 8, nas.from = {out_features = "C"}} : tensor<?x8xf32>
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 8} {
  // expected-error @+1 {{'nas.from' must be a dictionary of expressions}}
  %y = nn.linear %x {out_features = 8, nas.from = "C"} : tensor<?x8xf32>
  nas.yield %y : tensor<?x8xf32>
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 8} {
  // expected-error @+1 {{'nas.from' of 'out_features' must be a string expression}}
  %y = nn.linear %x {out_features = 8, nas.from = {out_features = 8}} : tensor<?x8xf32>
  nas.yield %y : tensor<?x8xf32>
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 8} {
  // expected-error @+1 {{'nas.from' names 'out_feature', which is not an attribute of 'nn.linear'}}
  %y = nn.linear %x {out_features = 8, nas.from = {out_feature = "C"}} : tensor<?x8xf32>
  nas.yield %y : tensor<?x8xf32>
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 8} {
  // expected-error @+1 {{'nas.from' of 'out_features': no parameter 'D' at column 5 in "2 * D" (parameters of @c: {C = 8 : i64})}}
  %y = nn.linear %x {out_features = 8, nas.from = {out_features = "2 * D"}} : tensor<?x8xf32>
  nas.yield %y : tensor<?x8xf32>
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 8} {
  // expected-error @+1 {{'nas.from' of 'out_features': division by zero at column 3 in "C / (C - 8)" (parameters of @c: {C = 8 : i64})}}
  %y = nn.linear %x {out_features = 8, nas.from = {out_features = "C / (C - 8)"}} : tensor<?x8xf32>
  nas.yield %y : tensor<?x8xf32>
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 8, act = "relu"} {
  // expected-error @+1 {{'nas.from' of 'out_features': parameter 'act' is not an integer at column 5 in "C + act" (parameters of @c: {C = 8 : i64, act = "relu"})}}
  %y = nn.linear %x {out_features = 8, nas.from = {out_features = "C + act"}} : tensor<?x8xf32>
  nas.yield %y : tensor<?x8xf32>
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 8} {
  // expected-error @+1 {{'nas.from' of 'out_features': unexpected ')' at column 2 in "C)" (parameters of @c: {C = 8 : i64})}}
  %y = nn.linear %x {out_features = 8, nas.from = {out_features = "C)"}} : tensor<?x8xf32>
  nas.yield %y : tensor<?x8xf32>
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 8} {
  // expected-error @+1 {{'nas.from' of 'out_features': expected ')' at column 7 in "(C + 1" (parameters of @c: {C = 8 : i64})}}
  %y = nn.linear %x {out_features = 8, nas.from = {out_features = "(C + 1"}} : tensor<?x8xf32>
  nas.yield %y : tensor<?x8xf32>
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 8} {
  // expected-error @+1 {{'nas.from' of 'out_features': integer overflow at column 21 in "9223372036854775807 * C" (parameters of @c: {C = 8 : i64})}}
  %y = nn.linear %x {out_features = 8, nas.from = {out_features = "9223372036854775807 * C"}} : tensor<?x8xf32>
  nas.yield %y : tensor<?x8xf32>
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 8} {
  // expected-error @+1 {{'nas.from' of 'out_features': expected a value at the end at column 4 in "C +" (parameters of @c: {C = 8 : i64})}}
  %y = nn.linear %x {out_features = 8, nas.from = {out_features = "C +"}} : tensor<?x8xf32>
  nas.yield %y : tensor<?x8xf32>
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.require' op predicate: '1.2.3' is not a number (column 6 of "k == 1.2.3")}}
  nas.require "k == 1.2.3"
}

// -----

nas.cell @c(%x: tensor<?x8xf32>) -> tensor<?x8xf32> params {C = 8} {
  // expected-error @+1 {{'nas.from' of 'out_features': integer does not fit in 64 bits at column 5 in "C * 99999999999999999999" (parameters of @c: {C = 8 : i64})}}
  %y = nn.linear %x {out_features = 8, nas.from = {out_features = "C * 99999999999999999999"}} : tensor<?x8xf32>
  nas.yield %y : tensor<?x8xf32>
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x8xf32>
  %r = nas.repeat "d" [1, 2] (%x : tensor<?x8xf32>) -> tensor<?x8xf32> {
  ^bb0(%a: tensor<?x8xf32>):
    // expected-error @+1 {{'nas.choice' op is decided 2 repeats out but stands in 1 per-iteration repeat bodies}}
    %w = nas.choice "w" outer 2 -> tensor<?x8xf32>
      case 1 { nas.yield %a : tensor<?x8xf32> }
    nas.yield %w : tensor<?x8xf32>
  }
}

// -----

nas.space @s {
  %x = nn.input : tensor<?x8xf32>
  // expected-error @+1 {{'nas.choice' op attribute 'outer' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %w = nas.choice "w" outer 0 -> tensor<?x8xf32>
    case 1 { nas.yield %x : tensor<?x8xf32> }
}

// -----

nas.space @s {
  // expected-error @+1 {{'nas.constraint' op 'fits' takes no bound}}
  nas.constraint "fits" <= 3
}
