#!/usr/bin/env python3
"""Wombat restart without downtime for the real-time task (issue: robustness).

Boots the make-run system under -icount with Wombat marked onexit=restart and
rtmon reporting the 1 kHz real-time task every 100 ms. A job armed at the
shell panics Linux (echo panic > /proc/wombat); Iguana reclaims the domain
and starts it again; the shell must come back and answer. The real-time task
must miss no deadline through the whole cycle, and its latency maximum during
the cycle (panic to prompt) is compared with its maximum while Linux idled at
the prompt before; no typing (key interrupts) falls into either window. Two
more panics check that each reclaim leaves Iguana and the kernel the same.
Usage: wombat_restart.py BUILD LOG. Prints PASS/FAIL wombat.* lines."""
import os, re, sys
from wombat_console import Console, checker

def main():
    build = sys.argv[1]
    env = dict(os.environ, QEMU_EXTRA="-icount shift=0,sleep=off", WOMBAT_ONEXIT="onexit=restart",
               WOMBAT_MODS=os.path.join(build, "iguana/rtmon.elf"),
               WOMBAT_DOMAINS="domain rtmon rtmon.elf prio=200 quota=64 -- every_ms=100")
    results = []
    check = checker(results)
    c = Console(build, sys.argv[2], env)
    marks = {}

    def mark(name):
        marks[name] = len(c.text)

    try:
        up = c.expect(b"/ # ", 900)
        if up:
            # The panic comes from a job armed now, so that no typing (each key
            # and its echo is an interrupt) falls into the measured windows:
            # idle = Linux at the prompt until the panic; cycle = the panic,
            # the reclaim, the restart and Linux's boot up to its prompt.
            c.send("(sleep 20; echo panic > /proc/wombat) & echo armed-$((1+1))\r")
            c.expect(b"armed-2\n", 60)
            c.expect(b"rtmon: report", 60)
            c.expect(b"rtmon: report", 60)
            mark("idle0")
            panicked = c.expect(b"Kernel panic", 300)
            restarted = c.expect(b"iguana: domain 'wombat' started (restart 1)", 300)
            back = c.expect(b"/ # ", 900)
            c.expect(b"rtmon: report", 60)        # covers the boot up to the prompt
            mark("prompt1")
            if back:
                c.send("echo back-$((40+2))\r")
                back = c.expect(b"back-42\n", 120)
            check("restart", panicked and restarted and back,
                  "Linux panics; Iguana reclaims Wombat and starts it again; the shell comes back and answers")
            # Two more cycles: what Iguana and the kernel have left after each
            # reclaim must be the same every time (nothing leaks per restart).
            more = bool(back)
            for n in (2, 3):
                if more:
                    c.send("echo panic > /proc/wombat\r")
                    more = c.expect(b"iguana: domain 'wombat' started (restart %d)" % n, 300) and \
                        c.expect(b"/ # ", 900)
                    if more:
                        c.send("echo again-$((40+%d))\r" % n)
                        more = c.expect(b"again-%d\n" % (40 + n), 120)
            text = c.text.decode("utf-8", "replace")
            left = re.findall(r"iguana: domain 'wombat' reclaimed: ([^\r\n]*)", text)
            same = len(left) == 3 and left[0] == left[1] == left[2]
            check("restart_no_leaks", more and same,
                  "three panics and restarts, the shell back each time; what Iguana and the kernel have left "
                  "after each reclaim is the same (%s)" % (left[0] if same else " / ".join(left) or "none"))
        else:
            check("restart", False, "no shell prompt at the first boot")
    finally:
        c.close()
    if "prompt1" in marks:
        text = c.text.decode("utf-8", "replace")
        panic_at = text.find("Kernel panic", marks["idle0"])
        def reports(a, b):
            return [tuple(int(x) for x in m) for m in re.findall(
                r"rtmon: report=\d+ periods=(\d+) misses=(\d+) max_ns=(\d+)", text[a:b])]
        idle, cycle = reports(marks["idle0"], panic_at), reports(panic_at, marks["prompt1"])
        if idle and cycle:
            imax = max(r[2] for r in idle)
            cmax = max(r[2] for r in cycle)
            misses = sum(r[1] for r in idle + cycle)
            periods = sum(r[0] for r in cycle)
            check("restart_rt_deadlines", misses == 0 and periods >= 200,
                  "real-time task from the panic to the shell's prompt (reclaim, restart, Linux boot): "
                  "%d periods, %d misses" % (periods, misses))
            # The kernel's timer anticipation and preemption points keep kernel
            # calls (Iguana unmapping and reloading 16,000 pages) out of the wake-up.
            # The limit is at least two ticks of the kernel's clock (riscv64's
            # 10 MHz timebase: 200 ns): each latency is read in that clock's
            # ticks, so two maxima can differ by two without a real difference
            # (tests/run-wombat.sh, clock_tick_ns).
            khz = re.search(r"\[kernel\] .*, clock (\d+) kHz", text)
            tick = 2 * -(-1000000 // int(khz.group(1))) if khz and int(khz.group(1)) else 0
            slack = max(imax // 10, tick)
            # riscv64: no vCPU fast path yet, its C exit path is not
            # preemptible (up to 300 ns over idle measured under load): 500 ns
            # (tests/run-wombat.sh, rt_slack_ns).
            if os.environ.get("WOMBAT_ARCH") == "riscv64":
                slack = max(slack, 500)
            check("restart_rt_latency", cmax <= imax + slack,
                  "latency max during the cycle %d ns vs idle max %d ns (%+.1f%%; limit: idle + 10%%, "
                  "at least two clock ticks, riscv64 500 ns: +%d ns)" % (cmax, imax, (cmax - imax) * 100.0 / imax, slack))
        else:
            check("restart_rt_deadlines", False, "no rtmon reports (idle %d, cycle %d)" % (len(idle), len(cycle)))
    return 0 if results and all(results) else 1

if __name__ == "__main__":
    sys.exit(main())
