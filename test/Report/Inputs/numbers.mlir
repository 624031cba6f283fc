// A space for the number and CSV tests: a dropout rate of 0.0, 0.1 or 0.3
// (doubles that %.17g prints as 0.10000000000000001 and 0.29999999999999999),
// and labels that CSV and HTML must quote or escape: a comma, a quote, an
// angle bracket. numbers.csv gives each of the 6 candidates its metrics.
nas.space @numbers {
  %x = nn.input : tensor<?x16xf32>
  %w = nas.choice "a,\"b\"<i>" -> tensor<?x?xf32>
    case "wide,one" {
      %a = nn.linear %x {out_features = 8} : tensor<?x16xf32>
      nas.yield %a : tensor<?x8xf32>
    }
    case "narrow" {
      %b = nn.linear %x {out_features = 4} : tensor<?x16xf32>
      nas.yield %b : tensor<?x4xf32>
    }
  %p = nas.choice "p" -> tensor<?x?xf32>
    case 0.0 {
      %c = nn.dropout %w {p = 0.0} : tensor<?x?xf32>
      nas.yield %c : tensor<?x?xf32>
    }
    case 0.1 {
      %d = nn.dropout %w {p = 0.1} : tensor<?x?xf32>
      nas.yield %d : tensor<?x?xf32>
    }
    case 0.3 {
      %e = nn.dropout %w {p = 0.3} : tensor<?x?xf32>
      nas.yield %e : tensor<?x?xf32>
    }
  %l = nn.linear %p {out_features = 2} : tensor<?x?xf32>
  nn.output %l : tensor<?x2xf32>
  nas.objective maximize "accuracy"
}
