#!/usr/bin/env python3
"""A server inside Wombat reachable from the host (tests/run-wombat.sh,
debian_http_server): Debian on the disk (make rootfs), the network card
(Iguana's virtio-net driver, QEMU user networking with a host port forward
to Wombat's port 8000), Debian's python3 -m http.server serving a 16 MiB
file of random bytes. The host fetches it (urllib) through the forward
and compares its md5 with the one Wombat printed, then asks for /done,
which ends the server. Every wait polls with a
deadline. Usage: wombat_debian_http.py BUILD IMAGE LOG
Prints one PASS/FAIL line: name, then '# description'."""
import hashlib, os, re, socket, subprocess, sys, time, urllib.request

BUILD, IMAGE, LOG = sys.argv[1], sys.argv[2], sys.argv[3]
CMD = ("head -c 16M /dev/urandom >/srv/blob;md5sum /srv/blob;"
       "python3 -m http.server 8000 -d /srv 2>/tmp/h &"
       "for i in $(seq 100);do python3 -c 'import socket as s;s.create_connection((\"127.0.0.1\",8000))' 2>/dev/null&&break;sleep 0.2;done;"
       "echo http-up;while ! grep -q 'GET /done' /tmp/h;do sleep 0.2;done;kill %1;echo http-done")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def console_text():
    try:
        with open(LOG + ".console", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def main():
    port = free_port()
    env = dict(os.environ, WOMBAT_ROOT="debian", WOMBAT_DISK=IMAGE, WOMBAT_NET="1",
               WOMBAT_NET_FWD="tcp:%d:8000" % port, WOMBAT_LOG=LOG + ".console")
    for f in (LOG, LOG + ".console"):        # not a previous run's markers
        if os.path.exists(f):
            os.unlink(f)
    with open(LOG, "w") as out:
        p = subprocess.Popen(["tools/wombat-run.sh", BUILD, CMD, "600"], env=env, stdout=out,
                             stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.time() + 400
            while time.time() < deadline and "http-up" not in console_text() and p.poll() is None:
                time.sleep(0.5)
            m = re.search(r"^([0-9a-f]{32})  /srv/blob$", console_text(), re.M)
            if "http-up" not in console_text() or not m:
                print("FAIL debian_http_server # the server never came up (see %s.console)" % LOG)
                return
            t0 = time.time()
            try:
                body = urllib.request.urlopen("http://127.0.0.1:%d/blob" % port, timeout=300).read()
                err = ""
            except Exception as e:          # OSError, http.client.IncompleteRead
                body, err = b"", repr(e)[:200]
            try:                                # the server stops after this request
                urllib.request.urlopen("http://127.0.0.1:%d/done" % port, timeout=30).read()
            except Exception:
                pass
            secs = time.time() - t0
            got = hashlib.md5(body).hexdigest()
            if len(body) == 16 << 20 and got == m.group(1):
                print("PASS debian_http_server # the host fetched 16 MiB from Debian's python3 "
                      "http.server in Wombat through the port forward: the same md5 (%.1f MiB/s)" % (16 / secs))
            else:
                print("FAIL debian_http_server # %d bytes, md5 %s, want %s %s(see %s.console)"
                      % (len(body), got, m.group(1), err + " " if err else "", LOG))
            deadline = time.time() + 60
            while time.time() < deadline and p.poll() is None:
                time.sleep(0.5)
        finally:
            if p.poll() is None:                # QEMU too: the whole session
                os.killpg(p.pid, 9)
            p.wait()


if __name__ == "__main__":
    main()
