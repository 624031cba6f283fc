# Writes gzip bombs for the dataset loaders' tests:
#   gzip_bomb.py mnist DIR MB   an MNIST folder whose training images announce
#                               60000 x 28 x 28 (47 MB) but inflate to MB MiB
#   gzip_bomb.py csv FILE MB    a CSV file that inflates to MB MiB
# A MiB of zeros deflates to about 1 KiB: the files stay small.
import gzip
import os
import struct
import sys


def bomb(path, header, mib, fill):
    chunk = fill * (1 << 20)
    with gzip.open(path, "wb", compresslevel=9) as f:
        f.write(header)
        for _ in range(mib):
            f.write(chunk)


def idx(path, magic, dims, data):
    with gzip.open(path, "wb") as f:
        f.write(struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims))
        f.write(data)


kind, where, mib = sys.argv[1], sys.argv[2], int(sys.argv[3])
if kind == "mnist":
    os.makedirs(where, exist_ok=True)
    header = struct.pack(">IIII", 0x803, 60000, 28, 28)
    bomb(os.path.join(where, "train-images-idx3-ubyte.gz"), header, mib, b"\0")
    idx(os.path.join(where, "train-labels-idx1-ubyte.gz"), 0x801, [60000], bytes(60000))
    idx(os.path.join(where, "t10k-images-idx3-ubyte.gz"), 0x803, [10, 28, 28], bytes(7840))
    idx(os.path.join(where, "t10k-labels-idx1-ubyte.gz"), 0x801, [10], bytes(10))
else:
    bomb(where, b"a,b,label\n", mib, b"0")
