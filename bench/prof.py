#!/usr/bin/env python3
"""Where the guest instructions go: symbolize bench/insnprof.c profiles.

  bench/prof.py [--build build] [--per N] [--top K] [--json OUT] BIG.txt [SMALL.txt]

BIG and SMALL are insnprof outputs of two boots that differ only in the
number of iterations of one benchmark; BIG - SMALL divided by --per (the
difference in iterations) is the cost of one operation. Instructions are
attributed to the function containing each block's start address, using the
symbols of the microkernel (build/kernel.elf), Wombat (build/wombat/vmlinux,
with the os-L4 host layer told apart by its object files), the Iguana
drivers and the benchmark. Under -icount shift=0 one instruction is 1 ns of
guest time.

Low user addresses (0x400000...) are shared by Iguana and every Linux
process; they are named after lmbench's symbols when they fall in its text.
"""
import argparse, bisect, collections, glob, json, os, re, subprocess, sys

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

class Symbols:
    def __init__(self, build):
        self.tabs = []          # (lo, hi, component, [(addr, name)])
        self.keys = {}
        k = nm(os.path.join(build, "kernel.elf"))
        self.add(k, "microkernel", lo=0xffffffff80000000)
        self.add([s for s in k if s[0] < 0x200000], "microkernel")
        v = nm(os.path.join(build, "wombat", "vmlinux"))
        host = set()
        syms_file = os.path.join(build, "wombat", "os-L4.syms")     # tools/bench_sys.py's snapshot
        if os.path.exists(syms_file):
            host.update(open(syms_file).read().split())
        for obj in glob.glob(os.path.join(build, "wombat", "kbuild", "arch", "*", "*", "os-L4", "*.o")) + \
                glob.glob(os.path.join(build, "wombat", "kbuild", "arch", "*", "os-L4", "*.o")):
            host.update(n for _, n in nm(obj))
        self.host = host
        self.add(v, "wombat-linux")
        for elf in ("uart", "timer", "rt", "console", "rtmon", "rtbench"):
            self.add(nm(os.path.join(build, "iguana", elf + ".elf")), "iguana-" + elf)
        lm = os.path.join(build, "wombat", "initramfs", "bin", "lmbench")
        self.add(nm(lm), "user")

    def add(self, syms, comp, lo=0):
        syms = [s for s in syms if s[0] >= lo]
        if syms:
            self.tabs.append((syms[0][0], syms[-1][0] + 0x10000, comp, syms))

    def lookup(self, a):
        for lo, hi, comp, syms in self.tabs:
            if lo <= a < hi:
                keys = self.keys.setdefault(id(syms), [s[0] for s in syms])
                i = bisect.bisect_right(keys, a) - 1
                if i >= 0:
                    name = syms[i][1]
                    if comp == "wombat-linux" and name in self.host:
                        return "wombat-os-L4", name
                    return comp, name
        if a < 0x800000000000:
            return "user-or-iguana", "0x%x" % (a & ~0xfff)
        return "other", "0x%x" % a

def load(path):
    d = collections.Counter()
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) == 3:
                d[int(p[0], 16)] += int(p[2])
    return d

def by_function(syms, counts):
    """{"component:function": instructions} of an address -> instructions Counter."""
    f = collections.Counter()
    for addr, n in counts.items():
        if n:
            comp, name = syms.lookup(addr)
            f["%s:%s" % (comp, name)] += n
    return dict(f)

def profile(build, big, small=None, per=1):
    a = load(big)
    if small:
        for k, v in load(small).items():
            a[k] -= v
    funcs = by_function(Symbols(build), a)
    comps = collections.Counter()
    for k, n in funcs.items():
        comps[k.split(":", 1)[0]] += n
    total = sum(comps.values())
    return {"per": per, "total": total / per,
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
