#!/usr/bin/env python3
"""Pack boot modules into one initrd for the aarch64 kernel (QEMU gives an
arm64 Image a single -initrd). Usage: pack-modules.py OUT MOD1[,MOD2,...]

Format (little endian), split by kernel/arch/aarch64/src/boot.c into the
boot info's modules in this order (the first is the root task):
  0   "L4MODS01"                  magic, 8 bytes
  8   u64 count
  16  count entries of 128 bytes: u64 offset (from the archive's start,
      a multiple of 4096), u64 size, char cmdline[112] (NUL-terminated:
      the module's path as given, like a Multiboot module string)
  then each module at its offset.
A single ELF may also be given to QEMU directly as -initrd (module "root").
"""
import struct, sys

def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out, mods = sys.argv[1], [m for m in sys.argv[2].split(",") if m]
    if not mods or len(mods) > 24:
        sys.exit("pack-modules: 1 to 24 modules (L4_BI_MAXMODS)")
    data = [open(m, "rb").read() for m in mods]
    off = (16 + 128 * len(mods) + 4095) & ~4095
    head = b"L4MODS01" + struct.pack("<Q", len(mods))
    body = b""
    for name, d in zip(mods, data):
        n = name.encode()[:111]
        head += struct.pack("<QQ", off + len(body), len(d)) + n + b"\0" * (112 - len(n))
        body += d + b"\0" * (-len(d) % 4096)
    head += b"\0" * (off - len(head))
    with open(out, "wb") as f:
        f.write(head + body)

if __name__ == "__main__":
    main()
