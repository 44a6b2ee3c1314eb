#!/usr/bin/env python3
"""`make run` without CMD: the interactive busybox shell on the serial
console. Types into it like a user (a command, ^C on a sleep, poweroff) and
checks the answers and that QEMU ends by itself.
Usage: wombat_interactive.py BUILD LOG. Prints PASS/FAIL wombat.* lines."""
import os, select, signal, subprocess, sys, time

def main():
    build, logname = sys.argv[1], sys.argv[2]
    log = open(logname, "wb")
    p = subprocess.Popen(["tools/wombat-run.sh", build], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    buf = b""
    results = []

    def expect(text, timeout):
        nonlocal buf
        end = time.time() + timeout
        while time.time() < end:
            i = buf.find(text)
            if i >= 0:
                buf = buf[i + len(text):]
                return True
            r, _, _ = select.select([p.stdout], [], [], 0.5)
            if r:
                chunk = os.read(p.stdout.fileno(), 65536)
                if not chunk:
                    return False
                log.write(chunk); log.flush()
                buf += chunk.replace(b"\r", b"")
        return False

    def send(s):
        p.stdin.write(s.encode()); p.stdin.flush()

    def check(name, ok, what):
        results.append(ok)
        print("%s wombat.%s  # %s" % ("PASS" if ok else "FAIL", name, what))

    try:
        ok = expect(b"/ # ", 600)
        check("shell_prompt", ok, "make run boots to an interactive busybox shell prompt")
        if ok:
            send("echo answer=$((6*7))\r")
            check("shell_command", expect(b"answer=42\n", 60) and expect(b"/ # ", 60),
                  "a command typed at the prompt runs and the prompt comes back")
            send("sleep 100\r")
            time.sleep(3)
            send("\x03")
            ok = expect(b"/ # ", 30)
            send("echo st=$?\r")
            check("ctrl_c", ok and expect(b"st=130\n", 30), "^C stops a foreground sleep (status 130)")
            send("poweroff\r")
            ok = expect(b"ended (0): powering off", 120)
            try:
                p.wait(timeout=30)
                ended = True
            except subprocess.TimeoutExpired:
                ended = False
            check("poweroff", ok and ended, "poweroff at the prompt: Linux halts, Wombat exits 0, QEMU ends by itself")
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
        p.wait()
    return 0 if results and all(results) else 1

if __name__ == "__main__":
    sys.exit(main())
