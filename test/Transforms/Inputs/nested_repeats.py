"""Writes a space of N nested repeats (each `one_of [1, 2]`) around a conv,
in .nas or (--mlir, for more than the language's 256 nesting levels) in IR.
With --misfit (.nas), the innermost body takes 4x4 to 2x2 with a 3x3 kernel
and no padding, and only the innermost repeat may take depth 2: that depth
does not fit. With --widths, each innermost iteration picks 8 or 16
channels (the carried type then depends on which iteration is the last);
--widths-misfit adds it to a 16-channel conv after the nest, which does not
fit when the last iteration picks 8."""
import sys

n = int(sys.argv[1])
misfit = "--misfit" in sys.argv
if "--mlir" in sys.argv:
    t = "tensor<?x8x8x8xf32>"
    print("nas.space @s {")
    print("  %in = nn.input : tensor<?x3x8x8xf32>")
    print("  %x = nn.conv2d %in {kernel = 3 : i64, out_channels = 8 : i64, padding = 1 : i64} : tensor<?x3x8x8xf32>")
    arg = "%x"
    for i in range(n):
        print(f'  %r{i} = nas.repeat "r{i}" [1, 2] ({arg} : {t}) -> {t} {{')
        print(f"  ^bb0(%a{i}: {t}):")
        arg = f"%a{i}"
    print(f"  %y = nn.relu {arg} : {t}")
    result = "%y"
    for i in reversed(range(n)):
        print(f"  nas.yield {result} : {t}")
        print("  }")
        result = f"%r{i}"
    print(f"  %g = nn.global_avg_pool %r0 : {t}")
    print("  %l = nn.linear %g {out_features = 10 : i64} : tensor<?x8xf32>")
    print("  nn.output %l : tensor<?x10xf32>")
    print("}")
    sys.exit(0)
body = ("x = conv(x, 8, k=3, pad=0)" if misfit else
        "x = conv(x, one_of [8, 16] as w, k=3)" if "--widths" in sys.argv or
        "--widths-misfit" in sys.argv else
        "x = relu(conv(x, 8, k=3))")
size = 4 if misfit else 8
print(f"space s(input [3, {size}, {size}], classes 10) {{")
print("  x = conv(input, 8, k=3)")
for i in range(n):
    depths = "[1, 2]" if not misfit or i == n - 1 else "[1]"
    print("  " * (i + 1) + f"repeat one_of {depths} as r{i} (x) {{")
print("  " * (n + 1) + body)
for i in reversed(range(n)):
    print("  " * (i + 1) + "}")
if "--widths-misfit" in sys.argv:
    print("  y = conv(input, 16, k=3)")
    print("  x = x + y")
print("  return linear(global_avg_pool(x), classes)")
print("}")
