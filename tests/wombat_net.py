#!/usr/bin/env python3
"""Wombat's network tests (tests/run-wombat.sh, net_*): one boot with the
virtio-net driver domain (Linux its default client) and necho (an Iguana
client of the same driver answering UDP echo on port 7), QEMU user
networking with two host port forwards. Usage: wombat_net.py BUILD [MiB]

In Wombat: eth0 gets 10.0.2.15/24 and the default route, pings the gateway,
then `nc -l` on TCP port 5000 greets the connecting host with a line and
pipes what it receives to md5sum. The host, once the console says the
network is up, connects through the forward until the greeting comes (the
connection of an attempt before nc listens is closed by QEMU), sends MiB
MiB of pseudo-random bytes and closes; meanwhile it sends UDP datagrams to
necho through the other forward and counts the answers that come while
the transfer runs. Then the other way: Wombat writes OUT_MIB MiB of
/dev/urandom to a file, prints its md5 and serves it with `nc -l` on port
5001; the host reads it through a third forward and compares (Linux's sends:
the segments of each TCP send go to the driver in batches, NET_SENDV).
Prints PASS/FAIL lines: name, then '# description'.
Every wait polls with a deadline; nothing depends on a fixed sleep."""
import hashlib, os, random, socket, subprocess, sys, threading, time

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
MIB = int(sys.argv[2]) if len(sys.argv) > 2 else 64
LOG = os.path.join(BUILD, "logs", "wombat-net.log")
BOOT_S, XFER_S = 300, 900
OUT_MIB = 16


def free_port(kind):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def console():
    try:
        with open(LOG + ".console", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def wait_console(marker, deadline, proc):
    while time.time() < deadline and proc.poll() is None:
        if marker in console():
            return True
        time.sleep(0.1)
    return marker in console()


def report(ok, name, desc):
    print("%s %s # %s" % ("PASS" if ok else "FAIL", name, desc), flush=True)


def main():
    tport, oport, uport = free_port(socket.SOCK_STREAM), free_port(socket.SOCK_STREAM), free_port(socket.SOCK_DGRAM)
    cmd = ("ifconfig eth0 10.0.2.15 netmask 255.255.255.0 up && route add default gw 10.0.2.2 && "
           "ping -c 1 -W 10 10.0.2.2 && echo NET-UP && "
           "echo WOMBAT-HELLO | nc -l -p 5000 | md5sum | sed 's/^/NET-MD5 /'; "
           "head -c %d /dev/urandom > /tmp/out && md5sum /tmp/out | sed 's/^/NET-OUT-MD5 /' && "
           "nc -l -p 5001 < /tmp/out; grep eth0 /proc/net/dev; grep ^net_ /proc/wombat") % (OUT_MIB << 20)
    env = dict(os.environ, WOMBAT_NET="1", WOMBAT_NET_FWD="tcp:%d:5000 tcp:%d:5001 udp:%d:7" % (tport, oport, uport),
               WOMBAT_NET_CLIENTS="necho", WOMBAT_DOMAINS="domain necho   necho.elf   prio=110 quota=64",
               WOMBAT_MODS=os.path.join(BUILD, "iguana", "necho.elf"), WOMBAT_LOG=LOG + ".console")
    if os.path.exists(LOG + ".console"):      # not a previous run's markers
        os.unlink(LOG + ".console")
    out = open(LOG, "w")
    proc = subprocess.Popen(["tools/wombat-run.sh", BUILD, cmd, str(BOOT_S + XFER_S)], env=env,
                            stdout=out, stderr=subprocess.STDOUT)
    data = random.Random(14).randbytes(MIB << 20)
    want = hashlib.md5(data).hexdigest()
    up = wait_console("NET-UP", time.time() + BOOT_S, proc)
    report(up and "1 packets received" in console(), "net_eth0_up",
           "eth0 (Linux's session of Iguana's network driver) gets 10.0.2.15/24 and the gateway answers a ping")
    sent = {"done": False, "err": "", "secs": 0.0}

    def transfer():
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                c = socket.create_connection(("127.0.0.1", tport), timeout=10)
                c.settimeout(10)
                greet = b""
                while not greet.endswith(b"\n"):
                    b = c.recv(64)
                    if not b:
                        break
                    greet += b
                if greet != b"WOMBAT-HELLO\n":
                    c.close()
                    time.sleep(0.2)          # nc not listening yet: poll again
                    continue
                c.settimeout(XFER_S)
                t0 = time.time()
                c.sendall(data)
                c.shutdown(socket.SHUT_WR)
                while c.recv(4096):
                    pass
                c.close()
                sent["secs"] = time.time() - t0
                return
            except OSError as e:
                sent["err"] = str(e)
                time.sleep(0.2)
        sent["err"] = sent["err"] or "no greeting from Wombat's nc"

    answered = during = 0
    if up:
        th = threading.Thread(target=transfer)
        th.start()
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.settimeout(0.5)
        n = 0
        while th.is_alive():
            msg = b"echo %d through Iguana's necho" % n
            n += 1
            u.sendto(msg, ("127.0.0.1", uport))
            try:
                while True:
                    r, _ = u.recvfrom(2048)
                    if r.startswith(b"echo "):
                        answered += 1
                        during += th.is_alive()
                    if r == msg:
                        break
            except socket.timeout:
                pass
            if during >= 20:
                th.join()
        th.join()
        sent["done"] = True
    got = wait_console("NET-MD5", time.time() + 120, proc) if up else False
    line = [l for l in console().splitlines() if l.startswith("NET-MD5 ")]
    md5 = line[0].split()[1] if line else "?"
    rate = (MIB / sent["secs"]) if sent["secs"] else 0
    report(got and md5 == want and not sent["err"], "net_tcp_%dm_md5" % MIB,
           "%d MiB host -> Wombat over TCP through the port forward, md5 %s (want %s)%s, %.1f MiB/s"
           % (MIB, md5, want, " error: " + sent["err"] if sent["err"] else "", rate))
    report(during > 0, "net_udp_echo_iguana",
           "Iguana's necho answers host UDP on port 7 through the same driver while Linux receives over TCP "
           "(%d answers, %d during the transfer)" % (answered, during))
    # Wombat -> host: connect until data comes (before nc listens QEMU
    # closes the connection at once), read OUT_MIB MiB, close.
    out_md5, out_err, out_secs = "?", "", 0.0
    if got and wait_console("NET-OUT-MD5", time.time() + 120, proc):
        deadline, h, n = time.time() + XFER_S, hashlib.md5(), 0
        while time.time() < deadline and n == 0:
            try:
                c = socket.create_connection(("127.0.0.1", oport), timeout=10)
                c.settimeout(30)
                t0 = time.time()
                while n < OUT_MIB << 20:
                    b = c.recv(min(65536, (OUT_MIB << 20) - n))
                    if not b:
                        break
                    h.update(b)
                    n += len(b)
                out_secs = time.time() - t0
                c.close()
            except OSError as e:
                out_err = str(e)
            if n == 0:
                time.sleep(0.2)
        out_md5 = h.hexdigest() if n == OUT_MIB << 20 else "%d bytes" % n
    line = [l for l in console().splitlines() if l.startswith("NET-OUT-MD5 ")]
    out_want = line[0].split()[1] if line else "(none printed)"
    report(out_md5 == out_want, "net_tcp_out_%dm_md5" % OUT_MIB,
           "%d MiB Wombat -> host over TCP (nc -l in Wombat, read through the port forward), md5 %s (Wombat's %s)%s, %.1f MiB/s"
           % (OUT_MIB, out_md5, out_want, " error: " + out_err if out_err and out_md5 != out_want else "",
              (OUT_MIB / out_secs) if out_secs else 0))
    try:
        proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
    report(proc.returncode == 0, "net_run_status", "the Wombat run ended cleanly (status %s)" % proc.returncode)


main()
