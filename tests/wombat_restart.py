#!/usr/bin/env python3
"""Wombat restart without downtime for the real-time task (issue: robustness).

Boots the make-run system under -icount with Wombat marked onexit=restart and
rtmon reporting the 1 kHz real-time task every 500 ms. At the shell it panics
Linux (echo panic > /proc/wombat); Iguana reclaims the domain and starts it
again; the shell must come back and answer. The real-time task must miss no
deadline through the whole cycle, and its latency maximum during the cycle
is compared with its maximum while Linux idled at the prompt.
Usage: wombat_restart.py BUILD LOG. Prints PASS/FAIL wombat.* lines."""
import os, re, sys
from wombat_console import Console, checker

def main():
    build = sys.argv[1]
    env = dict(os.environ, QEMU_EXTRA="-icount shift=0,sleep=off", WOMBAT_ONEXIT="onexit=restart",
               WOMBAT_MODS=os.path.join(build, "iguana/rtmon.elf"),
               WOMBAT_DOMAINS="domain rtmon rtmon.elf prio=200 quota=64 -- every_ms=500")
    results = []
    check = checker(results)
    c = Console(build, sys.argv[2], env)
    marks = {}

    def mark(name):
        marks[name] = len(c.text)

    try:
        up = c.expect(b"/ # ", 900)
        if up:
            # let boot-time work settle, then take the idle baseline
            c.send("echo idle-start\r"); c.expect(b"idle-start\n", 60); c.expect(b"/ # ", 30)
            c.wait(2)
            mark("idle0")
            c.wait(10)
            mark("idle1")
            c.send("echo panic > /proc/wombat\r")
            panicked = c.expect(b"Kernel panic", 120)
            restarted = c.expect(b"iguana: domain 'wombat' started (restart 1)", 300)
            back = c.expect(b"/ # ", 900)
            if back:
                c.send("echo back-$((40+2))\r")
                back = c.expect(b"back-42\n", 120)
            c.wait(2)
            mark("cycle1")
            check("restart", panicked and restarted and back,
                  "Linux panics; Iguana reclaims Wombat and starts it again; the shell comes back and answers")
        else:
            check("restart", False, "no shell prompt at the first boot")
    finally:
        c.close()
    if "cycle1" in marks:
        text = c.text.decode("utf-8", "replace")
        def reports(a, b):
            return [tuple(int(x) for x in m) for m in re.findall(
                r"rtmon: report=\d+ periods=(\d+) misses=(\d+) max_ns=(\d+)", text[marks[a]:marks[b]])]
        idle, cycle = reports("idle0", "idle1"), reports("idle1", "cycle1")
        if idle and cycle:
            imax = max(r[2] for r in idle)
            cmax = max(r[2] for r in cycle)
            misses = sum(r[1] for r in idle + cycle)
            periods = sum(r[0] for r in cycle)
            check("restart_rt_deadlines", misses == 0 and periods >= 1000,
                  "real-time task through the restart cycle: %d periods, %d misses" % (periods, misses))
            # The kernel's timer anticipation and preemption points keep kernel
            # calls (Iguana unmapping and reloading 16,000 pages) out of the wake-up.
            check("restart_rt_latency", cmax <= imax * 1.10,
                  "latency max during the cycle %d ns vs idle max %d ns (%+.1f%%; limit: idle + 10%%)" %
                  (cmax, imax, (cmax - imax) * 100.0 / imax))
        else:
            check("restart_rt_deadlines", False, "no rtmon reports (idle %d, cycle %d)" % (len(idle), len(cycle)))
    return 0 if results and all(results) else 1

if __name__ == "__main__":
    sys.exit(main())
