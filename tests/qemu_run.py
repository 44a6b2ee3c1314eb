#!/usr/bin/env python3
"""Boot QEMU, stream the serial console, stop at a marker or a timeout.

Usage: qemu_run.py --timeout S --marker TEXT [--log FILE] [--idle S] -- qemu-args...
Exits 0 if the marker was seen before the timeout, 124 on timeout (or after
--idle seconds without any output), 125 if QEMU ended first. QEMU is always
killed before this returns.
"""
import argparse, os, select, signal, subprocess, sys, time

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--marker", required=True)
    ap.add_argument("--log")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--idle", type=float, default=0,
                    help="also give up after this many seconds without output (0: never)")
    ap.add_argument("qemu", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.qemu[1:] if a.qemu and a.qemu[0] == "--" else a.qemu
    log = open(a.log, "w") if a.log else None
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + a.timeout
    buf, seen, rc, idle = b"", False, 124, False
    last_output = time.time()
    try:
        while time.time() < deadline:
            if a.idle and not seen and time.time() - last_output > a.idle:
                idle = True
                break
            r, _, _ = select.select([p.stdout], [], [], 0.5)
            if r:
                last_output = time.time()
                chunk = os.read(p.stdout.fileno(), 65536)
                if not chunk:
                    rc = 0 if seen else 125
                    break
                buf += chunk
                text = chunk.decode("utf-8", "replace").replace("\r", "")
                if log:
                    log.write(text); log.flush()
                if not a.quiet:
                    sys.stdout.write(text); sys.stdout.flush()
                if not seen and a.marker.encode() in buf:
                    seen = True
                    deadline = min(deadline, time.time() + 5)   # let QEMU power off
            elif p.poll() is not None:
                rc = 0 if seen else 125
                break
        else:
            rc = 0 if seen else 124
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
        p.wait()
    if idle:
        sys.stdout.write("\nqemu_run: TIMEOUT: no output for %ds, without '%s'\n" % (a.idle, a.marker))
        if log:
            log.write("\nqemu_run: TIMEOUT: no output for %ds\n" % a.idle)
    elif rc == 124:
        sys.stdout.write("\nqemu_run: TIMEOUT after %ds without '%s'\n" % (a.timeout, a.marker))
    elif rc == 125:
        sys.stdout.write("\nqemu_run: QEMU exited without '%s'\n" % a.marker)
    return rc

if __name__ == "__main__":
    sys.exit(main())
