"""Typing at `make run`'s serial console from a test (tests/wombat_*.py).

Console(build, log, env) starts tools/wombat-run.sh without CMD; expect()
waits for text, send() types, close() kills QEMU. All output goes to the log;
`text` keeps everything read (CRs dropped) for tests that parse it later."""
import os, select, signal, subprocess, time

class Console:
    def __init__(self, build, logname, env=None):
        self.log = open(logname, "wb")
        self.p = subprocess.Popen(["tools/wombat-run.sh", build], stdin=subprocess.PIPE, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        self.buf = b""
        self.text = b""

    def expect(self, text, timeout):
        """True once `text` was printed (output after it stays for the next call)."""
        end = time.time() + timeout
        while time.time() < end:
            i = self.buf.find(text)
            if i >= 0:
                self.buf = self.buf[i + len(text):]
                return True
            r, _, _ = select.select([self.p.stdout], [], [], 0.5)
            if r:
                chunk = os.read(self.p.stdout.fileno(), 65536)
                if not chunk:
                    return False
                self.log.write(chunk); self.log.flush()
                chunk = chunk.replace(b"\r", b"")
                self.buf += chunk
                self.text += chunk
        return False

    def wait(self, seconds):
        """Keep reading for a while (nothing expected)."""
        self.expect(b"\0never printed\0", seconds)

    def send(self, s):
        self.p.stdin.write(s.encode()); self.p.stdin.flush()

    def ended(self, timeout):
        """True if QEMU exits by itself within timeout."""
        try:
            self.p.wait(timeout=timeout)
            return True
        except subprocess.TimeoutExpired:
            return False

    def close(self):
        if self.p.poll() is None:
            os.killpg(self.p.pid, signal.SIGKILL)
        self.p.wait()

def checker(results):
    def check(name, ok, what):
        results.append(ok)
        print("%s wombat.%s  # %s" % ("PASS" if ok else "FAIL", name, what))
    return check
