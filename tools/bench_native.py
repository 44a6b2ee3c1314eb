#!/usr/bin/env python3
"""Native mode's IPC beside Linux's pipe (issue #17's `make bench` figure;
docs/native-mode.md): one Wombat boot under -icount (guest time follows
instructions), then inside it

  native IPC   `wombat-native ntest bench N`: a native-mode Linux program's
               round trip to the Iguana server iecho (ECHO_PING): the
               program asks Wombat to wake its agent thread, which calls
               iecho, reports back, and Wombat wakes the program
  pipe         lmbench's pipe round trip between two ordinary
               (compatibility-mode) Linux processes

each REPS times; the median with minimum and maximum. The microkernel's own
IPC round trip is `make bench-ipc`'s (ipc.json), shown beside it by
bench_doc.py. Usage: bench_native.py [--reps N] [--calls N]; writes
BUILD/bench/native.json ("schema": "native-1"); BUILD from $BUILD (build).
"""
import argparse, json, os, re, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("BUILD", os.path.join(ROOT, "build"))
OUT = os.path.join(BUILD, "bench")


def stats(xs):
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--calls", type=int, default=2000)
    a = ap.parse_args()
    if a.reps < 1 or a.calls < 10:
        ap.error("--reps must be at least 1 and --calls at least 10")
    cmd = ("for i in $(seq %d); do wombat-native /usr/lib/wombat-native/ntest bench %d; done; "
           "lmbench -t pipe -r %d" % (a.reps, a.calls, a.reps))
    env = dict(os.environ, QEMU_EXTRA="-icount shift=0,sleep=off",
               WOMBAT_LOG=os.path.join(OUT, "native.console"))
    os.makedirs(OUT, exist_ok=True)
    t0 = time.time()
    p = subprocess.run(["tools/wombat-run.sh", BUILD, cmd, "900"], cwd=ROOT, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = p.stdout
    ipc = [float(x) / 1000 for x in re.findall(r"^bench: native IPC round trip to iecho: (\d+) ns", out, re.M)]
    pipe = re.search(r"^BENCH name=pipe_latency unit=us value=([\d.]+) reps=\d+ min=([\d.]+) max=([\d.]+)", out, re.M)
    if p.returncode != 0 or len(ipc) != a.reps or not pipe:
        sys.stderr.write(out[-3000:])
        sys.exit("bench_native: the run failed (status %d, %d of %d IPC figures, pipe %s)"
                 % (p.returncode, len(ipc), a.reps, "found" if pipe else "missing"))
    res = {"schema": "native-1", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "wall_seconds": round(time.time() - t0), "calls": a.calls, "reps": a.reps,
           "icount": "shift=0,sleep=off", "arch": os.environ.get("WOMBAT_ARCH", "x86_64"),
           "native_ipc_us": stats(ipc),
           "pipe_us": {"median": float(pipe.group(1)), "min": float(pipe.group(2)),
                       "max": float(pipe.group(3)), "n": a.reps}}
    with open(os.path.join(OUT, "native.json"), "w") as f:
        json.dump(res, f, indent=1)
    print("native IPC round trip %.2f us (median of %d), pipe round trip %.2f us"
          % (res["native_ipc_us"]["median"], a.reps, res["pipe_us"]["median"]))


if __name__ == "__main__":
    main()
