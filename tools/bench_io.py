#!/usr/bin/env python3
"""Disk and network throughput, Wombat against the same-config native Linux
(issue #14's `make bench` figures): Debian's fio and iperf3, run from the
Debian 12 image of `make rootfs`, on the same QEMU machine with the same
virtio devices (tools/qemu.sh -d / -n: transitional virtio-blk and
virtio-net PCI).

  wombat         microkernel + Iguana (its virtio-blk and virtio-net driver
                 domains) + Wombat, root on /dev/vda (tools/wombat-run.sh,
                 WOMBAT_ROOT=debian), QEMU 1024 MiB, Linux 256 MiB
  linux-samecfg  tools/build-native.sh's kernel (with bench/native.fragment's
                 virtio drivers), the same image as its root, mem=256M of
                 the same 1024 MiB machine, Linux's own virtio drivers

Both boot the image's /sbin/wombat-init, which runs /root/bench-io.sh
(written into a copy of the image with debugfs): fio on a 256 MiB file in
ext4 with O_DIRECT (so the page cache is out of it): sequential read and
write in 1 MiB blocks, 4 KiB random read and write, each for RUNTIME
seconds (psync, queue depth 1); then iperf3 -s twice, and the host runs
iperf3 -c through the port forward: host -> guest, then guest -> host (-R).

The clock is the host's (TCG, no -icount: a disk or network wait is the
host's I/O, which -icount cannot count; tried, a guest that waits for the
device with sleep=off has its clock jump to its next timer, so the figures
follow timer deadlines: native 4 KiB random reads came out at 555 IOPS,
Wombat, whose microkernel's next deadline is the 1 kHz real-time task's,
at 7,400). The host is shared, so each
system runs REPS times, alternating, and the median is kept; min and max
beside it. Usage:
  bench_io.py [--reps N] [--runtime S] [--systems wombat,linux-samecfg]
Writes BUILD/bench/io.json ("schema": "io-1"); BUILD from $BUILD (build).
"""
import argparse, json, os, shutil, socket, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("BUILD", os.path.join(ROOT, "build"))
OUT = os.path.join(BUILD, "bench")
IMAGE = os.path.join(BUILD, "rootfs", "debian.img")
QEMU_MEM, LINUX_MEM = 1024, 256
JOBS = [("seq_read", "read", "1M"), ("seq_write", "write", "1M"),
        ("rand_read_4k", "randread", "4k"), ("rand_write_4k", "randwrite", "4k")]

# The guest's side: bash in Debian, argument RUNTIME; one line per result.
GUEST = r"""#!/bin/bash
# Written by tools/bench_io.py into the bench's copy of the image.
rt=$1
cd /root
if [ ! -f fio.dat ]; then
	fio --name=prep --filename=fio.dat --size=256M --rw=write --bs=1M --direct=1 \
		--ioengine=psync > /tmp/prep.out 2>&1 || { echo "BENCH-IO-ERROR prep"; cat /tmp/prep.out; }
fi
for j in %s; do
	IFS=: read -r name rw bs <<< "$j"
	if fio --name="$name" --filename=fio.dat --size=256M --direct=1 --ioengine=psync \
		--rw="$rw" --bs="$bs" --runtime="$rt" --time_based --output-format=json \
		--output=/tmp/"$name".json > /tmp/"$name".err 2>&1; then
		python3 - "$name" "$rw" <<'PY'
import json, sys
name, rw = sys.argv[1], sys.argv[2]
j = json.load(open("/tmp/%%s.json" %% name))["jobs"][0]
d = j["write" if "write" in rw else "read"]
print("BENCH-IO fio %%s %%.1f %%.1f %%d" %% (name, d["bw"] / 1024.0, d["iops"], j.get("error", 0)))
PY
	else
		echo "BENCH-IO-ERROR fio $name: $(tail -3 /tmp/"$name".err | tr '\n' ' ')"
	fi
done
for dir in in out; do
	timeout 120 iperf3 -s -1 -p 5201 > /tmp/iperf-$dir.out 2>&1 &
	for i in $(seq 50); do grep -q "listening" /tmp/iperf-$dir.out && break; sleep 0.2; done
	echo "BENCH-IO-IPERF-READY $dir"
	wait $! || echo "BENCH-IO-ERROR iperf3 -s $dir: $(tail -2 /tmp/iperf-$dir.out | tr '\n' ' ')"
done
echo "BENCH-IO-END"
""" % " ".join("%s:%s:%s" % j for j in JOBS)


def say(*a):
    print("bench-io:", *a, flush=True)


def need_host_tools():
    """iperf3 on the host (a Debian package) and debugfs (e2fsprogs)."""
    missing = [p for p, b in (("iperf3", "iperf3"), ("e2fsprogs", "debugfs"))
               if not shutil.which(b) and not os.path.exists("/sbin/" + b)]
    if missing:
        say("installing %s (Debian packages)" % " ".join(missing))
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + missing,
                       check=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
                       stdout=subprocess.DEVNULL)


def debugfs():
    return shutil.which("debugfs") or "/sbin/debugfs"


def prepare_image():
    """A copy of make rootfs's image with /root/bench-io.sh in it (sparse copy)."""
    if not os.path.exists(IMAGE):
        raise SystemExit("bench-io: no %s: `make rootfs` makes it" % IMAGE)
    img = os.path.join(OUT, "io-disk.img")
    subprocess.run(["cp", "--sparse=always", IMAGE, img], check=True)
    script = os.path.join(OUT, "bench-io.sh")
    with open(script, "w") as f:
        f.write(GUEST)
    r = subprocess.run([debugfs(), "-w", "-R", "write %s /root/bench-io.sh" % script, img],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    r2 = subprocess.run([debugfs(), "-w", "-R", "sif /root/bench-io.sh mode 0100755", img],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode or r2.returncode:
        raise SystemExit("bench-io: debugfs could not write the script into %s:\n%s%s" % (img, r.stdout, r2.stdout))
    return img


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def guest_cmd(runtime):
    return "bash /root/bench-io.sh %d" % runtime


def launch(system, img, port, runtime, log):
    """Start one system (QEMU in its own session), console into log."""
    hexcmd = guest_cmd(runtime).encode().hex()
    if system == "wombat":
        env = dict(os.environ, WOMBAT_ROOT="debian", WOMBAT_DISK=img, WOMBAT_NET="1",
                   WOMBAT_NET_FWD="tcp:%d:5201" % port, QEMU_MEM=str(QEMU_MEM),
                   WOMBAT_MEM=str(LINUX_MEM), WOMBAT_LOG=log + ".console")
        args = ["tools/wombat-run.sh", BUILD, guest_cmd(runtime), "1800"]
        con = log + ".console"
    else:
        kernel = os.path.join(BUILD, "native", "bzImage")
        if not os.path.exists(kernel):
            raise SystemExit("bench-io: no %s (tools/build-native.sh builds it)" % kernel)
        env = dict(os.environ)
        args = ["tools/qemu.sh", "-a", "x86_64", "-m", str(QEMU_MEM), "-k", kernel, "-d", img,
                "-n", "tcp:%d:5201" % port, "-s", "stdio", "-c",
                "console=ttyS0 root=/dev/vda rw init=/sbin/wombat-init mem=%dM mitigations=off quiet "
                "panic=-1 WCMD=%s" % (LINUX_MEM, hexcmd)]
        con = log
    for f in (log, con):
        if os.path.exists(f):
            os.unlink(f)
    out = open(log, "w")
    p = subprocess.Popen(args, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out,
                         stderr=subprocess.STDOUT, start_new_session=True)
    return p, con


def text_of(path):
    try:
        with open(path, errors="replace") as f:
            return f.read().replace("\r", "")
    except OSError:
        return ""


def iperf_client(port, reverse, secs):
    cmd = ["iperf3", "-c", "127.0.0.1", "-p", str(port), "-t", str(secs), "-J"] + (["-R"] if reverse else [])
    for attempt in range(20):               # the forward may take a moment to accept
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=secs + 120)
        try:
            j = json.loads(r.stdout)
        except ValueError:
            j = {"error": r.stdout[-300:]}
        if "error" not in j:
            return j["end"]["sum_received"]["bits_per_second"] / 8 / 1048576, None
        if "unable to connect" not in j["error"] and "Connection refused" not in j["error"]:
            return None, j["error"]
        time.sleep(1)
    return None, j.get("error")


def run_once(system, img, runtime, rep):
    port = free_port()
    log = os.path.join(BUILD, "logs", "bench-io-%s-%d.log" % (system, rep))
    t0 = time.time()
    p, con = launch(system, img, port, runtime, log)
    res, errors = {}, []
    deadline = time.time() + 900 + 8 * runtime
    try:
        done = set()
        while time.time() < deadline:
            t = text_of(con)
            for line in t.splitlines():
                w = line.split()
                if line.startswith("BENCH-IO fio ") and len(w) >= 5 and w[2] not in res:
                    res[w[2]] = {"MiB_s": float(w[3]), "iops": float(w[4])}
                    say("  %s %s: %s MiB/s, %s IOPS" % (system, w[2], w[3], w[4]))
                elif line.startswith("BENCH-IO-ERROR") and line not in errors:
                    errors.append(line)
                    say("  %s: %s" % (system, line))
                elif line.startswith("BENCH-IO-IPERF-READY ") and w[1] not in done:
                    done.add(w[1])
                    name = "tcp_host_to_guest" if w[1] == "in" else "tcp_guest_to_host"
                    mib, err = iperf_client(port, w[1] == "out", runtime)
                    if err:
                        errors.append("iperf3 %s: %s" % (name, err))
                        say("  %s %s: error %s" % (system, name, err))
                    else:
                        res[name] = {"MiB_s": mib}
                        say("  %s %s: %.2f MiB/s" % (system, name, mib))
            if "BENCH-IO-END" in t or p.poll() is not None:
                break
            time.sleep(0.5)
        else:
            errors.append("timed out after %d s" % (time.time() - t0))
        if "BENCH-IO-END" not in text_of(con):
            errors.append("no end marker (QEMU status %s); console %s" % (p.poll(), con))
        end = time.time() + 40                  # a clean power-off (Wombat's ends QEMU)
        while p.poll() is None and time.time() < end and system == "wombat":
            time.sleep(0.5)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, 9)
        p.wait()
    return res, errors, time.time() - t0, con


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--runtime", type=int, default=8)
    ap.add_argument("--systems", default="wombat,linux-samecfg")
    a = ap.parse_args()
    if a.reps < 1 or a.runtime < 1:
        raise SystemExit("bench-io: --reps and --runtime must be at least 1")
    systems = a.systems.split(",")
    for s in systems:
        if s not in ("wombat", "linux-samecfg"):
            raise SystemExit("bench-io: unknown system %r (wombat, linux-samecfg)" % s)
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(os.path.join(BUILD, "logs"), exist_ok=True)
    need_host_tools()
    img = prepare_image()
    runs = {s: [] for s in systems}
    errors = {s: [] for s in systems}
    t0 = time.time()
    for rep in range(a.reps):
        for s in (systems if rep % 2 == 0 else systems[::-1]):     # alternate: host load hits both
            say("rep %d/%d: %s" % (rep + 1, a.reps, s))
            res, errs, secs, con = run_once(s, img, a.runtime, rep)
            runs[s].append(res)
            errors[s] += ["rep %d: %s" % (rep + 1, e) for e in errs]
            say("  %s done in %.0f s" % (s, secs))
    names = [j[0] for j in JOBS] + ["tcp_host_to_guest", "tcp_guest_to_host"]
    doc = {"schema": "io-1", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "wall_seconds": round(time.time() - t0),
           "settings": {"qemu": subprocess.run(["qemu-system-x86_64", "--version"], stdout=subprocess.PIPE,
                                               text=True).stdout.splitlines()[0],
                        "machine": "pc, -cpu max, TCG, no -icount, %d MiB; Linux %d MiB" % (QEMU_MEM, LINUX_MEM),
                        "disk": "virtio-blk-pci disable-modern=on, raw image (make rootfs), ext4, fio O_DIRECT psync qd1, 256 MiB file",
                        "net": "virtio-net-pci disable-modern=on, QEMU user network, host port forward, iperf3 -c on the host",
                        "runtime_s": a.runtime, "reps": a.reps},
           "results": {}, "errors": errors}
    for s in systems:
        doc["results"][s] = {}
        for n in names:
            for key in ("MiB_s", "iops"):
                vals = [r[n][key] for r in runs[s] if n in r and key in r[n]]
                if vals:
                    doc["results"][s].setdefault(n, {})[key] = {
                        "median": statistics.median(vals), "min": min(vals), "max": max(vals), "n": len(vals)}
    path = os.path.join(OUT, "io.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    say("wrote %s" % path)
    if "wombat" in systems and "linux-samecfg" in systems:
        for n in names:
            w = doc["results"]["wombat"].get(n, {}).get("MiB_s", {}).get("median")
            l = doc["results"]["linux-samecfg"].get(n, {}).get("MiB_s", {}).get("median")
            if w and l:
                say("%-18s Wombat %8.2f MiB/s  native %8.2f MiB/s  %3.0f %%" % (n, w, l, 100 * w / l))
    bad = sum(len(v) for v in errors.values())
    missing = [(s, n) for s in systems for n in names if n not in doc["results"][s]]
    if bad or missing:
        say("FAILED: %d errors, missing %s" % (bad, missing))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
