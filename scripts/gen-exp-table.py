"""Print the table of src/core/linalg/elementary/expTable.ts: 2^(j/256) for
j = 0 … 255 as a double (correctly rounded) and the double nearest to the
rest, and the constants of its argument reduction. Needs mpmath (200-bit
arithmetic). The unit test elementary.test.ts checks the table independently.
"""
import struct
from mpmath import mp, mpf, power, log

mp.prec = 200
N = 256
print("// prettier-ignore")
print("export const EXP2_TABLE = new Float64Array([")
for j in range(N):
    v = power(2, mpf(j) / N)
    hi = float(v)
    print(f"  {hi!r}, {float(v - mpf(hi))!r},")
print("]);")
ln2n = log(2) / N
bits = struct.unpack("<Q", struct.pack("<d", float(ln2n)))[0] & ~((1 << 20) - 1)
hi = struct.unpack("<d", struct.pack("<Q", bits))[0]
print(f"export const LN2_256_HI = {hi!r};")
print(f"export const LN2_256_LO = {float(ln2n - mpf(hi))!r};")
print(f"export const INV_LN2_256 = {float(N / log(2))!r};")
