#!/usr/bin/env python3
"""sched_yield ping-pong, Wombat against the same-config native Linux
(issue #16's figure: within 2x of native's instructions under -icount).

Two processes hand the CPU to each other with sched_yield
(wombat/tests/sched.c, `sched yield N`: the parent's N yields timed with
clock_gettime, so a round trip); the same static binary on Wombat (in its
initramfs) and on the same-config native kernel (tools/build-native.sh,
added to the native guest's initramfs), the same QEMU machine and -icount
(guest time follows instructions: not what a privilege or address-space
switch costs on a real CPU). Each system runs REPS times in one boot: the
median, minimum and maximum. Longer runs cross more timer ticks, which
both kernels pay for (2,000 rounds is the test's count).
Usage: bench_yield.py [--reps N] [--rounds N]; writes BUILD/bench/yield.json.
"""
import argparse, json, os, re, statistics, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import bench_sys as b

LINE = re.compile(r"sched_yield round trip between two processes: ([\d.]+) us")


def figures(out, reps):
    xs = [float(x) for x in LINE.findall(out or "")]
    if len(xs) != reps:
        raise SystemExit("bench_yield: %d of %d figures in:\n%s" % (len(xs), reps, (out or "")[-2000:]))
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": reps}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=2000)
    a = ap.parse_args()
    os.chdir(ROOT)
    t0 = time.time()
    one = "S yield %d" % a.rounds
    wcmd = "; ".join(["/usr/lib/wombat-tests/sched yield %d" % a.rounds] * a.reps)
    wout, _ = b.wombat_boot(wcmd, 600, os.path.join(b.OUT, "wombat-yield.log"))
    root = b.base_root("native").copy()
    sched = os.path.join(b.BUILD, "wombat", "initramfs", "usr", "lib", "wombat-tests", "sched")
    root.data("sched", open(sched, "rb").read(), 0o755)
    text, _ = b.boot_guest(root, "; ".join(["/sched yield %d" % a.rounds] * a.reps), 600,
                           os.path.join(b.OUT, "samecfg-yield.log"), "yield", b.samecfg_kernel())
    nout, _ = b.between(text, "native")
    res = {"schema": "yield-1", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "wall_seconds": round(time.time() - t0), "rounds": a.rounds, "reps": a.reps, "icount": b.ICOUNT,
           "command": one.replace("S", "sched"),
           "wombat_us": figures(wout, a.reps), "samecfg_us": figures(nout, a.reps)}
    res["ratio"] = res["wombat_us"]["median"] / res["samecfg_us"]["median"]
    with open(os.path.join(b.OUT, "yield.json"), "w") as f:
        json.dump(res, f, indent=1)
    print("sched_yield round trip: Wombat %.2f us, same-config native %.2f us: %.2fx (target <= 2x)"
          % (res["wombat_us"]["median"], res["samecfg_us"]["median"], res["ratio"]))


if __name__ == "__main__":
    main()
