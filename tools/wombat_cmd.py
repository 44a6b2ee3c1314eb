#!/usr/bin/env python3
"""Run one command in Wombat's shell: boot QEMU, print what the command
printed (between the init script's WOMBAT-CMD-BEGIN and WOMBAT-CMD-END
markers) and exit with its status.

Usage: wombat_cmd.py [--timeout S] [--log FILE] -- qemu-args...
Exit status: the command's; 124 on a timeout, 125 if QEMU ended before the
command did. The full console output is in --log.
"""
import argparse, os, re, select, signal, subprocess, sys, time

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--log")
    ap.add_argument("qemu", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.qemu[1:] if a.qemu and a.qemu[0] == "--" else a.qemu
    log = open(a.log, "w") if a.log else None
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + a.timeout
    buf, printed, status = b"", 0, None
    begin, end = b"WOMBAT-CMD-BEGIN\n", re.compile(rb"WOMBAT-CMD-END status=(\d+)\n")
    try:
        while time.time() < deadline and status is None:
            r, _, _ = select.select([p.stdout], [], [], 0.5)
            if not r:
                if p.poll() is not None:
                    break
                continue
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            chunk = chunk.replace(b"\r", b"")
            buf += chunk
            if log:
                log.write(chunk.decode("utf-8", "replace")); log.flush()
            i = buf.find(begin)
            if i < 0:
                continue
            body = buf[i + len(begin):]
            m = end.search(body)
            upto = m.start() if m else max(0, len(body) - 40)   # keep a possible marker back
            if upto > printed:
                sys.stdout.write(body[printed:upto].decode("utf-8", "replace")); sys.stdout.flush()
                printed = upto
            if m:
                status = int(m.group(1))
        if status is not None:               # let Linux power off: a clean end
            t = time.time() + 30
            while p.poll() is None and time.time() < t:
                r, _, _ = select.select([p.stdout], [], [], 0.5)
                if r:
                    chunk = os.read(p.stdout.fileno(), 65536)
                    if not chunk:
                        break
                    if log:
                        log.write(chunk.decode("utf-8", "replace").replace("\r", "")); log.flush()
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
        p.wait()
    if status is None and p.returncode is not None and p.returncode >= 0:
        sys.stderr.write("wombat: QEMU exited with status %d before the command ended\n" % p.returncode)
    if status is None:
        why = "timed out after %ds" % a.timeout if time.time() >= deadline else "QEMU ended first"
        sys.stderr.write("wombat: the command did not finish (%s)%s\n" % (why, "; console in " + a.log if a.log else ""))
        return 124 if time.time() >= deadline else 125
    return status

if __name__ == "__main__":
    sys.exit(main())
