#!/usr/bin/env python3
"""Where the guest instructions go: symbolize bench/insnprof.c profiles.

  bench/prof.py [--build DIR] [--per N] [--top K] [--json OUT] BIG.txt [SMALL.txt]

BIG and SMALL are insnprof outputs of two boots that differ only in the
number of iterations of one benchmark; BIG - SMALL divided by --per (the
difference in iterations) is the cost of one operation. Instructions are
attributed to the function containing each block's start address (iterations of
`rep movs`/`rep stos` as "function [rep movs]"), using the
symbols of the microkernel (DIR/kernel.elf), Wombat (DIR/wombat/vmlinux, the
os-L4 host layer told apart by its object files or DIR/wombat/os-L4.syms),
Iguana and its drivers (DIR/iguana/*.elf) and the Linux programs
(DIR/wombat/initramfs/bin/{lmbench,hello,busybox}). Iguana and every Linux
process are linked at 0x400000: a block there is given to the program whose
bytes at that address match the block's first instruction. DIR is a build
directory or tools/bench_sys.py's snapshot (build/bench/wombat-sys). Under
-icount shift=0 one instruction is 1 ns of guest time.
"""
import argparse, bisect, collections, glob, json, os, struct, subprocess, sys

def nm(path):
    if not os.path.exists(path):
        return []
    out = subprocess.run(["nm", "-n", "--defined-only", path], capture_output=True, text=True).stdout
    syms = []
    for line in out.splitlines():
        p = line.split()
        if len(p) >= 3 and p[1] in "tTwW":
            syms.append((int(p[0], 16), p[2]))
    return syms

class Elf:
    """An ELF64 file's executable PT_LOAD segments, to read code bytes at a virtual address."""
    def __init__(self, path):
        self.data = open(path, "rb").read()
        d = self.data
        self.segs = []
        if d[:4] != b"\x7fELF" or d[4] != 2:
            return
        phoff, = struct.unpack_from("<Q", d, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", d, 0x36)
        for i in range(phnum):
            typ, flags, off, vaddr, _, filesz = struct.unpack_from("<IIQQQQ", d, phoff + i * phentsize)
            if typ == 1 and flags & 1:
                self.segs.append((vaddr, vaddr + filesz, off))

    def matches(self, addr, code):
        n = code >> 56
        want = (code & ((1 << 56) - 1)).to_bytes(7, "little")[:n]
        for lo, hi, off in self.segs:
            if lo <= addr and addr + n <= hi:
                return self.data[off + addr - lo: off + addr - lo + n] == want
        return False

class Symbols:
    def __init__(self, build):
        self.tabs = []          # (lo, hi, component, [(addr, name)], Elf or None)
        self.keys = {}
        k = os.path.join(build, "kernel.elf")
        ks = nm(k)
        # The upper half: x86_64 0xffffffff8..., aarch64 0xffff0000..., riscv64 0xffffffc0...
        self.add([s for s in ks if s[0] >= 0xffff000000000000], "microkernel")
        self.add([s for s in ks if s[0] < 0x200000], "microkernel")
        host = set()
        syms_file = os.path.join(build, "wombat", "os-L4.syms")     # tools/bench_sys.py's snapshot
        if os.path.exists(syms_file):
            host.update(open(syms_file).read().split())
        for obj in glob.glob(os.path.join(build, "wombat", "kbuild", "arch", "*", "*", "os-L4", "*.o")) + \
                glob.glob(os.path.join(build, "wombat", "kbuild", "arch", "*", "os-L4", "*.o")):
            host.update(n for _, n in nm(obj))
        self.host = host
        self.add(nm(os.path.join(build, "wombat", "vmlinux")), "wombat-linux")
        # Programs that may share addresses: told apart by their code bytes.
        progs = [("iguana", os.path.join(build, "iguana", "iguana.elf"))] + \
                [("iguana-" + d, os.path.join(build, "iguana", d + ".elf"))
                 for d in ("uart", "timer", "rt", "console", "rtmon", "rtbench", "blk", "net")] + \
                [("user-" + p, os.path.join(build, "wombat", "initramfs", "bin", p))
                 for p in ("lmbench", "hello", "busybox")]
        self.progs = []
        for comp, path in progs:
            if os.path.exists(path):
                elf = Elf(path)
                syms = nm(path)
                self.progs.append((comp, elf, syms or [(lo, "text") for lo, _, _ in elf.segs]))

    @classmethod
    def native(cls, vmlinux, progs):
        """A native Linux guest's: its vmlinux as "native-linux" and the
        programs of its initramfs, progs: [(component, path)]."""
        self = cls.__new__(cls)
        self.tabs, self.keys, self.host, self.progs = [], {}, set(), []
        ks = nm(vmlinux)
        self.add([s for s in ks if s[0] >= 0xffff000000000000], "native-linux")
        for comp, path in progs:
            if os.path.exists(path):
                elf = Elf(path)
                self.progs.append((comp, elf, nm(path) or [(lo, "text") for lo, _, _ in elf.segs]))
        return self

    def add(self, syms, comp):
        if syms:
            self.tabs.append((syms[0][0], syms[-1][0] + 0x10000, comp, syms))

    def name(self, syms, a):
        keys = self.keys.setdefault(id(syms), [s[0] for s in syms])
        i = bisect.bisect_right(keys, a) - 1
        return syms[i][1] if i >= 0 else "0x%x" % a

    def lookup(self, a, code=None):
        for lo, hi, comp, syms in self.tabs:
            if lo <= a < hi:
                n = self.name(syms, a)
                return ("wombat-os-L4" if comp == "wombat-linux" and n in self.host else comp), n
        if code is not None:
            for comp, elf, syms in self.progs:
                if elf.matches(a, code):
                    return comp, self.name(syms, a)
        if a < 0x800000000000:
            return "user-other", "0x%x" % (a & ~0xfff)
        return "other", "0x%x" % a

def load(path):
    """{(vaddr, code): instructions} of an insnprof file."""
    d = collections.Counter()
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) >= 3:
                d[(int(p[0], 16), int(p[3], 16) if len(p) > 3 else None)] += int(p[2])
    return d

def load_roots(path):
    """Page-table-root writes (address-space switches) in an insnprof file: its fifth column (0 for
    files written before it existed)."""
    n = 0
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) >= 5:
                n += int(p[4])
    return n

def rep_string(code):
    """' [rep movs]' or ' [rep stos]' if the block is a rep-prefixed string copy or fill: TCG runs
    one iteration per execution, so such a block's instructions are its iterations (words or bytes)."""
    if code is None:
        return ""
    b = (code & ((1 << 56) - 1)).to_bytes(7, "little")[:code >> 56]
    if len(b) >= 2 and b[0] == 0xF3:
        op = b[2] if 0x40 <= b[1] <= 0x4F and len(b) >= 3 else b[1]
        return {0xA4: " [rep movs]", 0xA5: " [rep movs]", 0xAA: " [rep stos]", 0xAB: " [rep stos]"}.get(op, "")
    return ""

def by_function(syms, counts):
    """{"component:function": instructions} of a (vaddr, code) -> instructions Counter; the
    iterations of rep movs/stos are kept apart as "component:function [rep movs]"."""
    f = collections.Counter()
    for (addr, code), n in counts.items():
        if n:
            comp, name = syms.lookup(addr, code)
            f["%s:%s%s" % (comp, name, rep_string(code))] += n
    return dict(f)

def profile(build, big, small=None, per=1):
    a = load(big)
    if small:
        for k, v in load(small).items():
            a[k] -= v
    roots = load_roots(big) - (load_roots(small) if small else 0)
    funcs = by_function(Symbols(build), a)
    comps = collections.Counter()
    for k, n in funcs.items():
        comps[k.split(":", 1)[0]] += n
    total = sum(comps.values())
    return {"per": per, "total": total / per, "space_switches": roots / per,
            "components": {c: n / per for c, n in comps.most_common()},
            "functions": [{"component": k.split(":", 1)[0], "function": k.split(":", 1)[1], "insns": n / per}
                          for k, n in sorted(funcs.items(), key=lambda x: -x[1])]}

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--per", type=float, default=1)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--json")
    ap.add_argument("big")
    ap.add_argument("small", nargs="?")
    a = ap.parse_args()
    p = profile(a.build, a.big, a.small, a.per)
    print("instructions per operation: %.0f" % p["total"])
    print("address-space switches (page-table root writes) per operation: %.2f" % p["space_switches"])
    for c, n in p["components"].items():
        print("  %-16s %8.0f  %5.1f%%" % (c, n, 100 * n / p["total"] if p["total"] else 0))
    print("top functions:")
    for f in p["functions"][:a.top]:
        print("  %-16s %-40s %8.0f" % (f["component"], f["function"], f["insns"]))
    if a.json:
        p["functions"] = p["functions"][:60]
        with open(a.json, "w") as f:
            json.dump(p, f, indent=1)

if __name__ == "__main__":
    sys.exit(main())
