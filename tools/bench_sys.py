#!/usr/bin/env python3
"""Run bench/lmbench.c on whole systems and keep the results as JSON.

A *system* is a function run(cmd, timeout, log) -> console text: it boots
something, runs the shell command `cmd` there (with `lmbench` and `hello` on
PATH) and returns what the command printed. Registered systems (SYSTEMS):

  linux-samecfg the same-config native reference: Linux of ARCH from the
                same linux-source-6.1 tree, configured like Wombat's
                (tools/build-native.sh: BUILD/native/bzImage or Image), booted
                as linux-native is, with the same initramfs
  linux-native  Debian's linux-image-amd64 kernel booted directly in
                qemu-system-x86_64 (TCG, -icount), busybox initramfs
  linux-uml     Debian's user-mode-linux (linux.uml) run inside that same
                QEMU guest, with its own busybox initramfs (initrd=)
  wombat        our microkernel + Iguana + Wombat (tools/wombat-run.sh, as
                `make run CMD=`), same QEMU machine and -icount; /proc/wombat
                is read around the run, and per-operation counters and an
                instruction profile (bench/insnprof.c, bench/prof.py) come
                from extra boots (OPS below)

Subcommands (run from the repository root):
  bench_sys.py run SYSTEM... [--args "-r 5 -T 20"]   writes build/bench/SYSTEM.json
  bench_sys.py plot                                    build/bench/ctx.png from every JSON present
  bench_sys.py shell SYSTEM 'CMD'                      run any command, print its output
  bench_sys.py rt-wombat                               real-time latency, Linux idle / loaded (JSON)
  bench_sys.py ops [--only KEY,...]                    Wombat per-operation counters + profile only
  bench_sys.py snapshot                                copy the Wombat images (BENCH_WSYS_READY=1 reuses)

JSON written per system (build/bench/<system>.json), "schema": "lmbench-1":
  system, schema, date, wall_seconds, command,
  settings: {qemu, qemu_args, icount, memory, kernel, kernel_cmdline, ...},
  info:     BENCH-INFO key/values from the benchmark (release, clock_res_ns, ...),
  results:  {name: {unit, value (median), min, max, reps, iters, + extras
             such as procs, size_kb, raw, overhead, target, page}},
  ctx:      {"<size_kb>": {"<procs>": value_us}}   (pipe overhead subtracted),
  errors:   [{name, msg}], log: path of the console log.
  wombat only: settings.counters_whole_run (/proc/wombat delta over the run),
  per_op: {test: {what, ops, counters (per operation), insns, insns_by_component,
  top_functions}} (see OPS).
"""
import argparse, glob, json, os, re, shlex, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The architecture measured (ARCH): x86_64 (QEMU pc), aarch64 (QEMU virt;
# Debian's linux-image-arm64 as the distribution kernel; no UML there) or
# riscv64 (QEMU virt; Debian 12 has no riscv64 kernel: only the same-config
# native reference).
ARCH = os.environ.get("ARCH", "x86_64")
A = {"x86_64": {"deb": "amd64", "qemu": "qemu-system-x86_64", "machine": "pc", "console": "ttyS0",
                "samecfg": "bzImage", "build": "build", "cc": "gcc", "kernel": "kernel32.elf", "nm": "nm",
                "fragment": "bench/native.fragment", "cpu": "max"},
     "aarch64": {"deb": "arm64", "qemu": "qemu-system-aarch64", "machine": "virt", "console": "ttyAMA0",
                 "samecfg": "Image", "build": "build-aarch64", "cc": "aarch64-linux-gnu-gcc", "kernel": "Image",
                 "nm": "aarch64-linux-gnu-nm", "fragment": "bench/native-arm64.fragment",
                 "cpu": "max"},
     "riscv64": {"deb": "riscv64", "qemu": "qemu-system-riscv64", "machine": "virt", "console": "ttyS0",
                 "samecfg": "Image", "build": "build-riscv64", "cc": "riscv64-linux-gnu-gcc", "kernel": "Image",
                 "nm": "riscv64-linux-gnu-nm", "fragment": "bench/native-riscv64.fragment",
                 "cpu": "rv64"}}[ARCH]   # cpu: tools/qemu.sh's -cpu
# x86_64's CPU model for every system measured (tools/qemu.sh's
# QEMU_X86_CPU, inherited by wombat-run.sh and the other benchmarks this
# module starts): -cpu max without ERMS and FSRM. With them, Linux's page
# clears and copies are `rep stosb`/`rep movsb`, which -icount counts per
# byte (4,096 "instructions" to clear a page, 512 as `rep stosq`), while a
# real CPU does either at about the same speed; Wombat's arch/um Linux never
# uses them (memset_orig/memcpy_orig), so with them the native reference was
# charged up to 8x for the same work: its anonymous page fault 6,235
# instructions against 2,628 without, fork + exit 172,981 against 129,546.
# The one place this is written: tools/bench.sh reads it from this line.
BENCH_X86_CPU = "max,erms=off,fsrm=off"
if ARCH == "x86_64":
    os.environ.setdefault("QEMU_X86_CPU", BENCH_X86_CPU)
    A["cpu"] = os.environ["QEMU_X86_CPU"]
BUILD = os.environ.get("BUILD", os.path.join(ROOT, A["build"]))
OUT = os.path.join(BUILD, "bench")
ICOUNT = os.environ.get("BENCH_ICOUNT", "shift=0,sleep=off")   # as tools/bench-ipc.sh
GUEST_MEM = os.environ.get("BENCH_GUEST_MEM", "512M")
UML_MEM = os.environ.get("BENCH_UML_MEM", "128M")
KERNEL_CMDLINE = "console=%s quiet loglevel=1 rdinit=/init panic=-1" % A["console"]
UML_ARGS = ("mem=%s initrd=/uml/initrd.cpio rdinit=/init con=null con0=null,fd:1 ssl=null "
            "quiet loglevel=1 panic=-1" % UML_MEM)

# ---- initramfs (cpio "newc") ----------------------------------------------

class Cpio:
    """An in-memory newc archive: directories are added as needed."""
    def __init__(self):
        self.entries, self.dirs, self.ino = [], set(), 1

    def _hdr(self, name, mode, size, rmaj=0, rmin=0, nlink=1):
        self.ino += 1
        nb = name.encode() + b"\0"
        h = "070701" + "".join("%08x" % v for v in (
            self.ino, mode, 0, 0, nlink, 0, size, 0, 0, rmaj, rmin, len(nb), 0))
        h = h.encode() + nb
        return h + b"\0" * (-len(h) % 4)

    def _parents(self, path):
        parts = path.strip("/").split("/")[:-1]
        for i in range(len(parts)):
            self.dir("/".join(parts[:i + 1]))

    def dir(self, path):
        path = path.strip("/")
        if path and path not in self.dirs:
            self._parents(path)
            self.dirs.add(path)
            self.entries.append(self._hdr(path, 0o40755, 0, nlink=2))

    def data(self, path, data, mode=0o644):
        path = path.strip("/")
        self._parents(path)
        self.entries.append(self._hdr(path, 0o100000 | mode, len(data)) + data + b"\0" * (-len(data) % 4))

    def file(self, path, src, mode=None):
        with open(src, "rb") as f:
            data = f.read()
        self.data(path, data, mode if mode is not None else os.stat(src).st_mode & 0o777)

    def chardev(self, path, major, minor):
        self._parents(path)
        self.entries.append(self._hdr(path.strip("/"), 0o20600, 0, major, minor))

    def bytes(self):
        return b"".join(self.entries) + self._hdr("TRAILER!!!", 0, 0, nlink=1)

    def copy(self):
        c = Cpio()
        c.entries, c.dirs, c.ino = list(self.entries), set(self.dirs), self.ino
        return c

INIT = r"""#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s /bin
export PATH=/bin:/usr/bin
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/shm
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=1777 tmpfs /tmp
export TMPDIR=/tmp
sys=$(cat /etc/sysname)
echo "@@SYS-INFO $sys release=$(uname -r) clocksource=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null) cpus=$(nproc) mem_kb=$(awk '/MemTotal/{print $2}' /proc/meminfo)@@"
echo "@@CMD-BEGIN $sys@@"
sh /cmd.sh
echo "@@CMD-END $sys rc=$?@@"
# A profiled boot (-no-reboot) ends QEMU with a reset: a native x86 kernel
# without ACPI only halts at poweroff, and the profile is written at exit.
[ -e /etc/exit-by-reboot ] && reboot -f
poweroff -f
"""

def base_root(sysname):
    c = Cpio()
    for d in ("bin", "dev", "proc", "sys", "tmp", "etc", "usr/bin"):
        c.dir(d)
    c.chardev("dev/console", 5, 1)
    c.chardev("dev/null", 1, 3)
    c.data("init", INIT.encode(), 0o755)
    c.data("etc/sysname", (sysname + "\n").encode())
    c.file("bin/busybox", busybox(), 0o755)
    c.file("bin/lmbench", os.path.join(OUT, "lmbench"), 0o755)
    c.file("bin/hello", os.path.join(OUT, "hello"), 0o755)
    return c

def busybox():
    """Debian's busybox-static of ARCH: the host's, the .deb wombat/build.sh unpacked
    or, riscv64, the one it built from Debian's source and static configuration."""
    if ARCH == "x86_64":
        return "/bin/busybox"
    p = os.path.join(BUILD, "wombat", *(("busybox", "busybox") if ARCH == "riscv64" else ("debs", "bin", "busybox")))
    if not os.path.exists(p):
        raise SystemExit("bench_sys: no %s (make ARCH=%s wombat fetches it)" % (p, ARCH))
    return p

def debian_arm64_kernel():
    """Debian's linux-image-arm64, fetched as a .deb with a private apt list
    for arm64 (no multiarch install) and unpacked under BUILD/bench/debs."""
    d = os.path.join(OUT, "debs")
    ks = sorted(glob.glob(os.path.join(d, "boot", "vmlinuz-*-arm64")))
    if ks:
        return ks[-1]
    apt = os.path.join(OUT, "apt")
    for sub_ in ("lists/partial", "cache/archives/partial", "dl"):
        os.makedirs(os.path.join(apt, sub_), exist_ok=True)
    opt = ["-o", "Dir::State::Lists=" + os.path.join(apt, "lists"), "-o", "Dir::Cache=" + os.path.join(apt, "cache"),
           "-o", "Debug::NoLocking=1", "-o", "APT::Architecture=arm64", "-o", "APT::Architectures::=arm64"]
    subprocess.run(["apt-get"] + opt + ["update", "-qq"], check=True, stdout=subprocess.DEVNULL)
    dep = subprocess.run(["apt-cache"] + opt + ["depends", "linux-image-arm64"], capture_output=True, text=True).stdout
    m = re.search(r"Depends: (linux-image-[0-9][^\s]*-arm64)\b", dep)
    pkgs = ["linux-image-arm64"] + ([m.group(1)] if m else [])
    subprocess.run(["apt-get"] + opt + ["download"] + pkgs, check=True, cwd=os.path.join(apt, "dl"),
                   stdout=subprocess.DEVNULL)
    for deb in glob.glob(os.path.join(apt, "dl", "linux-image-*.deb")):
        subprocess.run(["dpkg-deb", "-x", deb, d], check=True)
    ks = sorted(glob.glob(os.path.join(d, "boot", "vmlinuz-*-arm64")))
    if not ks:
        raise SystemExit("bench_sys: no vmlinuz in Debian's linux-image-arm64 .deb")
    return ks[-1]

def uml_binary():
    for p in ("/usr/bin/linux.uml", "/usr/bin/linux"):
        if os.path.exists(p):
            return p
    raise SystemExit("bench_sys: user-mode-linux binary not found (apt-get install user-mode-linux)")

def add_with_libs(c, binary, dest):
    """Put `binary` at `dest` and every shared library ldd names at its own path."""
    c.file(dest, binary, 0o755)
    out = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    for line in out.splitlines():
        m = re.search(r"(/\S+)", line.split("=>")[-1])
        if m and os.path.exists(m.group(1)):
            c.file(m.group(1), os.path.realpath(m.group(1)), 0o755)

def guest_kernel():
    if ARCH == "aarch64":
        return debian_arm64_kernel()
    if ARCH == "riscv64":
        raise RuntimeError("Debian 12 has no riscv64 kernel: linux-native does not exist for riscv64 "
                           "(linux-samecfg is the reference)")
    ks = sorted(glob.glob("/boot/vmlinuz-*-amd64"), key=os.path.getmtime)
    if not ks:
        raise SystemExit("bench_sys: no /boot/vmlinuz-*-amd64 (apt-get install linux-image-amd64)")
    return ks[-1]

# ---- running ---------------------------------------------------------------

def between(text, sysname):
    m = re.search(r"@@CMD-BEGIN %s@@\n(.*?)@@CMD-END %s rc=(\d+)@@" % (sysname, sysname), text, re.S)
    return (m.group(1), int(m.group(2))) if m else (None, None)

def samecfg_kernel():
    k = os.path.join(BUILD, "native", A["samecfg"])
    if not os.path.exists(k):
        raise SystemExit("bench_sys: no %s (tools/build-native.sh builds it)" % k)
    return k

def qemu_args(initrd, kernel=None):
    # The same machine as every other run of ARCH (tools/qemu.sh), native Linux on it.
    # (-r packs boot modules for our kernel on aarch64: Linux's initramfs goes to QEMU as it is)
    rd = ["-r", initrd] if ARCH == "x86_64" else []
    return ["tools/qemu.sh", "-a", ARCH, "-m", GUEST_MEM.rstrip("M"), "-k", kernel or guest_kernel()] + rd + \
           ["-c", KERNEL_CMDLINE, "--", "-icount", ICOUNT] + ([] if rd else ["-initrd", initrd])

def boot_guest(root, cmd, timeout, log, tag, kernel=None, plugin_out=None):
    """Boot the native guest with /cmd.sh = cmd; return the whole console text
    (plugin_out: with bench/insnprof.c's instruction profile written there)."""
    c = root.copy()
    c.data("cmd.sh", (cmd + "\n").encode(), 0o755)
    if plugin_out:
        c.data("etc/exit-by-reboot", b"")
    initrd = os.path.join(OUT, "initramfs-%s.cpio" % tag)
    with open(initrd, "wb") as f:
        f.write(c.bytes())
    args = qemu_args(initrd, kernel) + (["-no-reboot", "-plugin", "%s,out=%s" % (PLUGIN, plugin_out)] if plugin_out else [])
    rc = subprocess.run(["nice", "-n", "10", sys.executable, os.path.join(ROOT, "tests", "qemu_run.py"),
                         "--quiet", "--timeout", str(timeout), "--idle", str(min(timeout, 600)),
                         "--marker", "@@CMD-END native", "--log", log, "--"] + args,
                        stdout=subprocess.PIPE, text=True).returncode
    text = open(log, errors="replace").read()
    if rc != 0:
        tail = "\n".join(text.splitlines()[-15:])
        raise RuntimeError("QEMU run %s failed (qemu_run.py exit %d: %s); log %s ends:\n%s"
                           % (tag, rc, {124: "timeout", 125: "QEMU exited before the end marker"}.get(rc, "?"),
                              log, tail))
    return text, args

LAST = {}   # settings of the last run, per system, for the JSON

def run_native(cmd, timeout, log):
    text, args = boot_guest(base_root("native"), cmd, timeout, log, "native")
    out, rc = between(text, "native")
    LAST["linux-native"] = {"qemu_args": args, "sysinfo": sysinfo(text, "native"), "rc": rc}
    return out

def run_samecfg(cmd, timeout, log):
    text, args = boot_guest(base_root("native"), cmd, timeout, log, "samecfg", samecfg_kernel())
    out, rc = between(text, "native")
    LAST["linux-samecfg"] = {"qemu_args": args, "sysinfo": sysinfo(text, "native"), "rc": rc,
                             "kernel": samecfg_kernel(), "kernel_package": None, "fragment": A["fragment"],
                             "config": "tinyconfig + wombat/config.fragment + %s "
                                       "(tools/build-native.sh; differences in %s/native/config.diff)"
                                       % (A["fragment"], A["build"])}
    return out

def run_uml(cmd, timeout, log):
    """UML inside the native guest: its initramfs travels as a file in the guest's."""
    uml = base_root("uml")
    uml.data("cmd.sh", (cmd + "\n").encode(), 0o755)
    guest = base_root("native")
    add_with_libs(guest, uml_binary(), "usr/bin/linux.uml")
    guest.data("uml/initrd.cpio", uml.bytes())
    outer = "linux.uml %s </dev/null; echo \"@@UML-EXIT rc=$?@@\"" % UML_ARGS
    text, args = boot_guest(guest, outer, timeout, log, "uml")
    out, rc = between(text, "uml")
    if out is None:
        raise RuntimeError("UML did not run the command inside the guest; see %s:\n%s"
                           % (log, "\n".join(text.splitlines()[-25:])))
    LAST["linux-uml"] = {"qemu_args": args, "uml_args": UML_ARGS, "uml_binary": uml_binary(),
                         "uml_package": pkg_version("user-mode-linux"), "where": "inside the native QEMU guest",
                         "sysinfo": sysinfo(text, "uml"), "guest_sysinfo": sysinfo(text, "native"), "rc": rc}
    return out

# ---- Wombat ----------------------------------------------------------------

WOMBAT_MEM = os.environ.get("BENCH_WOMBAT_MEM", "64")          # Linux RAM in MiB
PLUGIN = os.path.join(OUT, "insnprof.so")
WSYS = os.path.join(OUT, "wombat-sys")    # the images every Wombat boot uses (snapshot())
SNAP = []

def snapshot():
    """Copy the microkernel, Iguana's domains and vmlinux (with the symbols the
    profile needs) to build/bench/wombat-sys once per run: all Wombat boots of
    a benchmark use the same images even if the tree is rebuilt meanwhile."""
    if SNAP:
        return WSYS
    if os.environ.get("BENCH_WSYS_READY") == "1" and os.path.exists(os.path.join(WSYS, A["kernel"])):
        SNAP.append(time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(os.path.getmtime(
            os.path.join(WSYS, "wombat", "os-L4.syms")))))
        return WSYS           # taken once by tools/bench.sh for the whole run
    import shutil
    files = [A["kernel"], "kernel.elf", "wombat/vmlinux"] + \
            ["wombat/initramfs/bin/%s" % p for p in ("lmbench", "hello", "busybox")] + \
            ["iguana/%s.elf" % d for d in ("iguana", "uart", "timer", "rt", "rtmon", "iecho")]
    for f in files:
        src = os.path.join(BUILD, f)
        if not os.path.exists(src):
            raise RuntimeError("%s missing: build first (make all; bash wombat/build.sh)" % src)
        os.makedirs(os.path.dirname(os.path.join(WSYS, f)), exist_ok=True)
        shutil.copy2(src, os.path.join(WSYS, f))
    host = set()
    for obj in glob.glob(os.path.join(BUILD, "wombat", "kbuild", "arch", "*", "os-L4", "*.o")) + \
            glob.glob(os.path.join(BUILD, "wombat", "kbuild", "arch", "*", "*", "os-L4", "*.o")):
        out = subprocess.run([A["nm"], "--defined-only", obj], capture_output=True, text=True).stdout
        host.update(l.split()[-1] for l in out.splitlines() if len(l.split()) == 3)
    with open(os.path.join(WSYS, "wombat", "os-L4.syms"), "w") as f:
        f.write("\n".join(sorted(host)) + "\n")
    SNAP.append(time.strftime("%Y-%m-%dT%H:%M:%S"))
    return WSYS

def wombat_boot(cmd, timeout, log, plugin_out=None, env=None):
    """Boot microkernel + Iguana + Wombat (tools/wombat-run.sh, as `make run CMD=`)
    under the same -icount, run `cmd` in Linux's shell; return (its output, console text)."""
    qemu = "-icount " + ICOUNT
    if plugin_out:
        qemu += " -plugin %s,out=%s" % (PLUGIN, plugin_out)
    e = dict(os.environ, QEMU_EXTRA=qemu, WOMBAT_MEM=WOMBAT_MEM, WOMBAT_LOG=log, WOMBAT_ARCH=ARCH)
    e.update(env or {})
    t0 = time.time()
    p = subprocess.run(["nice", "-n", "10", "sh", os.path.join(ROOT, "tools", "wombat-run.sh"), snapshot(), cmd,
                        str(timeout)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=e, cwd=ROOT)
    default = os.path.join(WSYS, "logs", "wombat-run.log")      # a wombat-run.sh without WOMBAT_LOG
    if (not os.path.exists(log) or os.path.getmtime(log) < t0) and os.path.exists(default):
        with open(default, errors="replace") as f, open(log, "w") as g:
            g.write(f.read())
    text = open(log, errors="replace").read() if os.path.exists(log) else ""
    if p.returncode in (124, 125) or "WOMBAT-CMD-END" not in text:
        tail = "\n".join(text.splitlines()[-15:])
        raise RuntimeError("Wombat run failed (wombat-run.sh exit %d: %s%s); log %s ends:\n%s"
                           % (p.returncode, {124: "timeout", 125: "QEMU ended before the command"}.get(
                               p.returncode, "?"), (" " + p.stderr.strip()) if p.stderr.strip() else "", log, tail))
    return p.stdout, text

STAT = re.compile(r"^([a-z_0-9]+) (\d+)$", re.M)

def counters(text):
    """The /proc/wombat key/value lines in text, in order, as one dict."""
    return {k: int(v) for k, v in STAT.findall(text)}

def delta(a, b):
    return {k: b[k] - a.get(k, 0) for k in b}

def sha(path):
    import hashlib
    try:
        return hashlib.sha256(open(path, "rb").read()).hexdigest()[:16]
    except OSError:
        return None

def wombat_settings():
    return {"kernel": "microkernel %s + Iguana (uart, timer, rt) + Wombat %s/wombat/vmlinux" % ("build/kernel32.elf" if ARCH == "x86_64" else A["build"] + "/Image", A["build"]),
            "kernel_package": "linux-source-6.1 " + str(pkg_version("linux-source-6.1")),
            "kernel_cmdline": "mem=%sM lpj=1000000 quiet WCMD=<command, hex>" % WOMBAT_MEM,
            "linux_memory": WOMBAT_MEM + "M", "guest_memory": "512M",
            "qemu_args": "tools/wombat-run.sh: tools/qemu.sh -a %s -m 512 -- -icount %s" % (ARCH, ICOUNT),
            "images": "copied to build/bench/wombat-sys at " + SNAP[0] if SNAP else None,
            "lmbench_sha256": sha(os.path.join(WSYS, "wombat", "initramfs", "bin", "lmbench")),
            "lmbench_native_sha256": sha(os.path.join(OUT, "lmbench"))}

def run_wombat(cmd, timeout, log):
    """`cmd` in Wombat's shell, with /proc/wombat read before and after it."""
    out, text = wombat_boot("cat /proc/wombat; echo @@LM-BEGIN; %s; echo @@LM-END; cat /proc/wombat" % cmd,
                            timeout, log)
    m = re.search(r"^(.*)@@LM-BEGIN\n(.*)@@LM-END\n(.*)$", out, re.S)
    if not m:
        return None
    LAST["wombat"] = dict(wombat_settings(), counters_whole_run=delta(counters(m.group(1)), counters(m.group(3))))
    return m.group(2)

# Per-operation counters and instruction profile: one boot runs every test
# below with its small iteration count (lmbench -n SMALL -r 1, /proc/wombat
# read around each); then one boot per test runs that test with BIG instead.
# (BIG boot - small boot) / (BIG - SMALL) is one operation's cost, free of
# start-up (fork of the pipe partner, ring set-up, lmbench's own exec).
OPS = [   # key, one operation, lmbench arguments, SMALL, BIG
    ("null_syscall", "getppid()", "-t null", 100, 20100),
    ("read", "read of 1 byte from /dev/zero", "-t read", 100, 20100),
    ("write", "write of 1 byte to /dev/null", "-t write", 100, 20100),
    ("pipe_latency", "pipe round trip between 2 processes", "-t pipe", 50, 5050),
    ("ctx_overhead_0k", "write + read of a pipe to itself (the overhead lat_ctx subtracts)",
     "-t ctx -s 0 -p ''", 50, 5050),
    ("ctx_ring_2p_0k", "ring of 2: overhead iteration + 2 hops", "-t ctx -s 0 -p 2", 50, 5050),
    ("fork_exit", "fork + _exit + waitpid", "-t fork", 5, 305),
    ("fork_exec", "fork + exec /bin/hello + waitpid", "-t exec", 5, 205),
    ("page_fault", "first write to a fresh anonymous page", "-t pagefault", 1024, 11264),
    ("stat", "stat of a tmpfs file", "-t stat", 50, 5050),
    ("fstat", "glibc's fstat (newfstatat with \"\")", "-t fstat", 50, 5050),
    ("open_close", "open + close of a tmpfs file", "-t open", 50, 5050),
    ("file_fault", "read of each page of a mapped tmpfs file (mapped 256 pages at a time)",
     "-t filefault", 256, 2816),
    ("fork_sh", "fork + /bin/sh -c /bin/hello + waitpid", "-t sh", 2, 42),
]

def ops_cmd(big=None):
    parts = ['t(){ i=$1;shift;echo "@@T $i";cat /proc/wombat;lmbench -r 1 "$@";echo "@@E $i";cat /proc/wombat;}']
    for i, (key, what, args, small, bigs) in enumerate(OPS):
        parts.append("t %d %s -n %d" % (i, args, bigs if i == big else small))
    return ";".join(parts)

def ops_parse(out):
    """{index: counter delta of that test's lmbench run}; checks each run finished."""
    res = {}
    for m in re.finditer(r"@@T (\d+)\n(.*?)@@E \1\n(.*?)(?=@@T |\Z)", out, re.S):
        i = int(m.group(1))
        if "BENCH-DONE" not in m.group(2) or "BENCH-ERROR" in m.group(2):
            raise RuntimeError("lmbench %s failed in the per-operation run:\n%s" % (OPS[i][2], m.group(2)))
        res[i] = delta(counters(m.group(2)), counters(m.group(3)))
    return res

def build_plugin():
    src = os.path.join(ROOT, "bench", "insnprof.c")
    if os.path.exists(PLUGIN) and os.path.getmtime(PLUGIN) >= os.path.getmtime(src):
        return True
    return subprocess.run(["gcc", "-shared", "-fPIC", "-O2", "-Wall", "-o", PLUGIN, src]).returncode == 0

def lin(terms):
    """sum of coef * dict over (coef, dict) terms."""
    r = {}
    for c, d in terms:
        for k, v in d.items():
            r[k] = r.get(k, 0) + c * v
    return r

def samecfg_symbols():
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    import prof
    return prof.Symbols.native(os.path.join(BUILD, "native", "kbuild", "vmlinux"),
                               [("user-lmbench", os.path.join(OUT, "lmbench")), ("user-hello", os.path.join(OUT, "hello")),
                                ("user-busybox", busybox())])

def samecfg_ops_boot(cmd, timeout, log, plugin_out):
    """The same-config native reference booted with the per-operation command
    (no /proc/wombat there: its counters come out empty)."""
    text, _ = boot_guest(base_root("native"), cmd, timeout, log, "samecfg-ops", samecfg_kernel(), plugin_out)
    out, rc = between(text, "native")
    if out is None:
        raise RuntimeError("no command output in %s" % log)
    return out, text

def wombat_per_op(timeout, only=None, system="wombat"):
    """Counters and instructions per operation (OPS), from len(OPS) + 1 boots
    (only: the indexes of OPS to run big, for debugging). system "linux-samecfg":
    the same boots of the same-config native reference, for comparison."""
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    import prof
    plug = build_plugin()
    if system == "wombat":
        syms = prof.Symbols(snapshot()) if plug else None
        boot, prefix = wombat_boot, "wombat"
    else:
        syms = samecfg_symbols() if plug else None
        boot, prefix = samecfg_ops_boot, "samecfg"
    runs = {}
    for big in [None] + [i for i in range(len(OPS)) if only is None or i in only]:
        tag = "base" if big is None else OPS[big][0]
        pout = os.path.join(OUT, "%s-prof-%s.txt" % (prefix, tag))
        print("bench_sys: %s per-operation run %s (%d/%d)" % (system, tag, 0 if big is None else big + 1, len(OPS)),
              flush=True)
        if os.path.exists(pout):
            os.unlink(pout)
        out, _ = boot(ops_cmd(big), timeout, os.path.join(OUT, "%s-ops-%s.log" % (prefix, tag)),
                      pout if plug else None)
        p = prof.by_function(syms, prof.load(pout)) if plug and os.path.exists(pout) else None
        roots = prof.load_roots(pout) if p is not None else None
        runs[big] = (ops_parse(out), p, roots)
    base_c, base_p, base_r = runs[None]
    per = {}
    for i, (key, what, args, small, bigs) in enumerate(OPS):
        if i not in runs:
            continue
        c, p, r = runs[i]
        n = bigs - small
        e = {"what": what, "lmbench": "%s -n %d/%d -r 1" % (args, small, bigs), "ops": n,
             "counters": {k: v / n for k, v in delta(base_c[i], c[i]).items()}}
        if p is not None and base_p is not None:
            e["functions"] = {k: v / n for k, v in lin([(1, p), (-1, base_p)]).items()}
            e["space_switches"] = (r - base_r) / n
        per[key] = e
    # lat_ctx's figure: a ring hop minus the overhead; ring = overhead + 2 hops.
    ov, ring = per.get("ctx_overhead_0k"), per.get("ctx_ring_2p_0k")
    sw = {} if not (ov and ring) else {"what": "context switch (ring of 2, 0 KB): (ring - 3 x overhead) / 2, as the figure",
          "counters": lin([(0.5, ring["counters"]), (-1.5, ov["counters"])])}
    if sw and "functions" in ring and "functions" in ov:
        sw["functions"] = lin([(0.5, ring["functions"]), (-1.5, ov["functions"])])
        sw["space_switches"] = 0.5 * ring["space_switches"] - 1.5 * ov["space_switches"]
    if sw:
        per["ctx_2p_0k"] = sw
    for e in per.values():
        if "functions" in e:
            f = e.pop("functions")
            e["insns"] = sum(f.values())
            comp = {}
            for k, v in f.items():
                comp[k.split(":", 1)[0]] = comp.get(k.split(":", 1)[0], 0) + v
            e["insns_by_component"] = dict(sorted(comp.items(), key=lambda x: -x[1]))
            e["top_functions"] = [[k, round(v, 1)] for k, v in sorted(f.items(), key=lambda x: -x[1])[:40]]
            e["functions"] = {k: round(v, 1) for k, v in f.items() if abs(v) >= 0.5}
            # Copying and filling memory: memcpy/memset-like functions and rep movs/stos iterations.
            cp = {}
            for k, v in f.items():
                comp_, fname = k.split(":", 1)
                if re.match(r"(__)?(mem(cpy|move|set)|copy_words|copy)(_orig|_erms)?$", fname) or "[rep " in fname:
                    cp[comp_] = cp.get(comp_, 0) + v
            e["copy_insns_by_component"] = cp
    return per

OPS_JSON = {"wombat": "wombat-ops.json", "linux-samecfg": "samecfg-ops.json"}

def fn_name(k):
    """A profile key without its component, Linux's own functions under one name
    in both systems: "wombat-linux:f" and "native-linux:f" are "linux:f"."""
    comp, f = k.split(":", 1)
    return ("linux:" + f) if comp in ("wombat-linux", "native-linux") else k

def ops_diff(top=25):
    """Per operation: Wombat's instructions against the same-config native
    reference's, by component, and the functions that differ most."""
    try:
        w, n = [json.load(open(os.path.join(OUT, OPS_JSON[s]))) for s in ("wombat", "linux-samecfg")]
    except OSError as e:
        print("bench_sys: ops-diff needs both per-operation runs (bench_sys.py ops; "
              "bench_sys.py ops --system linux-samecfg): %s" % e, file=sys.stderr)
        return 1
    shown = 0
    for key in w:
        if key not in n or "functions" not in w[key] or "functions" not in n[key]:
            continue
        shown += 1
        wi, ni = w[key]["insns"], n[key]["insns"]
        print("%s (%s): Wombat %.0f, same-config native %.0f instructions: %.2fx, %+.0f"
              % (key, w[key]["what"], wi, ni, wi / ni if ni else float("inf"), wi - ni))
        print("  Wombat by component: " + ", ".join("%s %.0f" % (c, v) for c, v in w[key]["insns_by_component"].items() if abs(v) >= 1))
        print("  native by component: " + ", ".join("%s %.0f" % (c, v) for c, v in n[key]["insns_by_component"].items() if abs(v) >= 1))
        fw, fn = {}, {}
        for k, v in w[key]["functions"].items():
            fw[fn_name(k)] = fw.get(fn_name(k), 0) + v
        for k, v in n[key]["functions"].items():
            fn[fn_name(k)] = fn.get(fn_name(k), 0) + v
        d = sorted(((fw.get(k, 0) - fn.get(k, 0), k) for k in set(fw) | set(fn)), key=lambda x: -abs(x[0]))
        print("  %-58s %8s %8s %8s" % ("function (Linux's own: linux:)", "Wombat", "native", "diff"))
        for v, k in d[:top]:
            print("  %-58s %8.0f %8.0f %+8.0f" % (k[:58], fw.get(k, 0), fn.get(k, 0), v))
    if not shown:
        print("bench_sys: ops-diff: no operation in both runs with a profile", file=sys.stderr)
        return 1
    return 0

SYSTEMS = {"linux-samecfg": run_samecfg, "linux-native": run_native, "linux-uml": run_uml, "wombat": run_wombat}

# ---- parsing and JSON ------------------------------------------------------

KV = re.compile(r'(\w+)=("[^"]*"|\S+)')

def num(v):
    v = v.strip('"')
    for t in (int, float):
        try:
            return t(v)
        except ValueError:
            pass
    return v

def sysinfo(text, sysname):
    m = re.search(r"@@SYS-INFO %s (.*?)@@" % sysname, text)
    return {k: num(v) for k, v in KV.findall(m.group(1))} if m else {}

def parse(out):
    res, info, errors = {}, {}, []
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("BENCH "):
            kv = {k: num(v) for k, v in KV.findall(line)}
            res[kv.pop("name")] = kv
        elif line.startswith("BENCH-INFO "):
            info = {k: num(v) for k, v in KV.findall(line)}
        elif line.startswith("BENCH-ERROR "):
            kv = {k: num(v) for k, v in KV.findall(line)}
            errors.append(kv)
    ctx = {}
    for name, r in res.items():
        if "procs" in r and "size_kb" in r:
            ctx.setdefault(str(r["size_kb"]), {})[str(r["procs"])] = r["value"]
    return res, info, errors, ctx, "BENCH-DONE" in out

def pkg_version(p):
    r = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", p], capture_output=True, text=True)
    return r.stdout.strip() or None

def run_system(name, bench_args, timeout):
    os.makedirs(OUT, exist_ok=True)
    log = os.path.join(OUT, name + ".log")
    cmd = "lmbench " + bench_args
    t0 = time.time()
    out = SYSTEMS[name](cmd, timeout, log)
    wall = time.time() - t0
    if out is None:
        raise RuntimeError("%s: no command output between markers; see %s" % (name, log))
    res, info, errors, ctx, done = parse(out)
    if not done:
        raise RuntimeError("%s: benchmark did not finish (no BENCH-DONE); see %s" % (name, log))
    qver = subprocess.run([A["qemu"], "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    settings = {"arch": ARCH, "qemu": qver, "machine": A["machine"], "cpu": A["cpu"], "icount": ICOUNT,
                "guest_memory": GUEST_MEM, "kernel": guest_kernel() if ARCH != "riscv64" else None,
                "kernel_package": pkg_version("linux-image-amd64") if ARCH == "x86_64" else
                "Debian linux-image-arm64 (.deb, %s)" % os.path.basename(guest_kernel()) if ARCH == "aarch64" else None,
                "kernel_cmdline": KERNEL_CMDLINE, "busybox": pkg_version("busybox-static"),
                "lmbench_sha256": sha(os.path.join(OUT, "lmbench")),
                "time_base": "guest CLOCK_MONOTONIC; under -icount shift=0 1 ns = 1 guest instruction"}
    settings.update(LAST.get(name, {}))
    doc = {"system": name, "schema": "lmbench-1", "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
           "wall_seconds": round(wall, 1), "command": cmd, "settings": settings, "info": info,
           "results": res, "ctx": ctx, "errors": errors, "log": os.path.relpath(log, ROOT)}
    if name == "wombat" and os.environ.get("BENCH_WOMBAT_OPS", "1") != "0":
        t1 = time.time()
        try:
            doc["per_op"] = wombat_per_op(timeout)
        except (RuntimeError, OSError) as e:
            doc["errors"].append({"name": "per_op", "msg": str(e)})
            print("bench_sys: wombat per-operation runs failed: %s" % e, file=sys.stderr)
        doc["per_op_wall_seconds"] = round(time.time() - t1, 1)
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    return doc, path

def summary(doc):
    r = doc["results"]
    def v(k):
        return "%.2f" % r[k]["value"] if k in r else "-"
    lines = ["%s (%.0f s wall): null syscall %s us, pipe rtt %s us, fork+exit %s us, fork+exec %s us, "
             "page fault %s us" % (doc["system"], doc["wall_seconds"], v("null_syscall"), v("pipe_latency"),
                                   v("fork_exit"), v("fork_exec"), v("page_fault"))]
    for kb, row in sorted(doc["ctx"].items(), key=lambda x: int(x[0])):
        lines.append("  ctx %2s KB: " % kb + "  ".join("%sp=%.2f" % (p, row[p]) for p in sorted(row, key=int)))
    for e in doc["errors"]:
        lines.append("  ERROR %s: %s" % (e.get("name"), e.get("msg")))
    return "\n".join(lines)

def plot():
    n = 0
    for path in sorted(glob.glob(os.path.join(OUT, "*.json"))):
        try:
            d = json.load(open(path))
        except ValueError:
            continue
        if not isinstance(d, dict) or d.get("schema") != "lmbench-1" or not d.get("ctx"):
            continue
        with open(os.path.join(OUT, "ctx-%s.dat" % d["system"]), "w") as f:
            f.write("# procs " + " ".join("%sKB" % kb for kb in sorted(d["ctx"], key=int)) + "  (us per switch)\n")
            procs = sorted({int(p) for row in d["ctx"].values() for p in row})
            for p in procs:
                f.write("%d %s\n" % (p, " ".join("%.4f" % d["ctx"][kb].get(str(p), float("nan"))
                                                  for kb in sorted(d["ctx"], key=int))))
        n += 1
    if not n:
        raise SystemExit("bench_sys: no lmbench JSON with ctx results in %s" % OUT)
    png = os.path.join(OUT, "ctx.png")     # a build output: docs/benchmarks.md links it, git ignores it
    subprocess.run(["gnuplot", "-e", "datadir='%s'; out='%s'" % (OUT, png),
                    os.path.join(ROOT, "tools", "ctx.gp")], check=True)
    print("wrote %s (%d systems)" % (os.path.relpath(png), n))

# ---- real-time task while Wombat runs ----------------------------------------

RT_LOAD = ('sh -c "while :; do :; done" & sh -c "while :; do echo x | cat > /dev/null; done" & ')

def rt_wombat(timeout, idle_s=8, load_s=15, every_ms=1000):
    """The 1 kHz real-time task (rt, priority 250) with the rtmon domain reporting
    every second, as tests/run-wombat.sh's rt_under_load: first Linux idle, then a
    busy loop + a fork/pipe loop in Linux. Reports straddling a phase change are
    dropped. Returns {"idle": stats, "linux_load": stats, ...}."""
    cmd = ("echo @@RT-IDLE; sleep %d; echo @@RT-LOAD; %s sleep %d; kill %%1 %%2; echo @@RT-DONE"
           % (idle_s, RT_LOAD, load_s))
    log = os.path.join(OUT, "rt-wombat.log")
    snapshot()
    env = {"WOMBAT_MODS": os.path.join(WSYS, "iguana", "rtmon.elf"),
           "WOMBAT_DOMAINS": "domain rtmon rtmon.elf prio=200 quota=64 -- every_ms=%d" % every_ms}
    t0 = time.time()
    _, text = wombat_boot(cmd, timeout, log, env=env)
    rep = re.compile(r"rtmon: report=(\d+) periods=(\d+) misses=(\d+) max_ns=(\d+) p99_ns=(\d+) mean_ns=(\d+)")
    marks = {m: text.find(m + "\n") for m in ("@@RT-IDLE", "@@RT-LOAD", "@@RT-DONE")}
    if min(marks.values()) < 0:
        raise RuntimeError("rt-wombat: phase markers missing; see %s" % log)
    phases = {"idle": (marks["@@RT-IDLE"], marks["@@RT-LOAD"]), "linux_load": (marks["@@RT-LOAD"], marks["@@RT-DONE"])}
    res = {"settings": {"icount": ICOUNT, "rt": "rt.elf prio=250 period_us=1000", "rtmon_every_ms": every_ms,
                        "idle_s": idle_s, "load_s": load_s, "load": RT_LOAD.strip(" &"),
                        "linux_memory": WOMBAT_MEM + "M"},
           "log": os.path.relpath(log, ROOT)}
    for ph, (a, b) in phases.items():
        rs = [tuple(int(x) for x in m.groups()) for m in rep.finditer(text, a, b)][1:]   # the first straddles
        per = sum(r[1] for r in rs)
        res[ph] = {"reports": len(rs), "periods": per, "misses": sum(r[2] for r in rs),
                   "max_ns": max((r[3] for r in rs), default=0), "p99_ns": max((r[4] for r in rs), default=0),
                   "mean_ns": round(sum(r[5] * r[1] for r in rs) / per) if per else 0,
                   "p99_of": "highest p99 of the 1-second reports"}
    res["wall_seconds"] = round(time.time() - t0, 1)
    return res

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    r = sub.add_parser("run")
    r.add_argument("systems", nargs="+", choices=sorted(SYSTEMS))
    r.add_argument("--args", default="", help="lmbench arguments")
    r.add_argument("--timeout", type=int, default=1200)
    sub.add_parser("plot")
    sub.add_parser("snapshot")
    o = sub.add_parser("ops")
    o.add_argument("--only", help="comma-separated OPS keys")
    o.add_argument("--timeout", type=int, default=900)
    o.add_argument("--system", default="wombat", choices=["wombat", "linux-samecfg"],
                   help="linux-samecfg: the same boots of the same-config native reference")
    sub.add_parser("ops-diff")
    rt = sub.add_parser("rt-wombat")
    rt.add_argument("--timeout", type=int, default=900)
    s = sub.add_parser("shell")
    s.add_argument("system", choices=sorted(SYSTEMS))
    s.add_argument("cmd")
    s.add_argument("--timeout", type=int, default=600)
    a = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    if a.what == "plot":
        plot()
    elif a.what == "snapshot":
        snapshot()
        print("bench_sys: Wombat images copied to %s" % os.path.relpath(WSYS, ROOT))
    elif a.what == "ops":
        keys = [k for k, *_ in OPS]
        only = None if not a.only else [keys.index(k) for k in a.only.split(",")]
        per = wombat_per_op(a.timeout, only, a.system)
        json.dump(per, open(os.path.join(OUT, OPS_JSON[a.system]), "w"), indent=1)
        for k, e in per.items():
            print("%s: %.0f insns, %.2f space switches %s" % (k, e.get("insns", 0), e.get("space_switches", 0), {c: round(v, 2) for c, v in e["counters"].items()
                                                                  if abs(v) >= 0.005}))
            for f, v in e.get("top_functions", [])[:10]:
                print("    %-50s %9.0f" % (f, v))
    elif a.what == "ops-diff":
        return ops_diff()
    elif a.what == "rt-wombat":
        try:
            print(json.dumps(rt_wombat(a.timeout)))
        except (RuntimeError, OSError) as e:
            print("bench_sys: rt-wombat: %s" % e, file=sys.stderr)
            print("null")
            return 1
    elif a.what == "shell":
        print(SYSTEMS[a.system](a.cmd, a.timeout, os.path.join(OUT, a.system + "-shell.log")))
    else:
        failed = 0
        for name in a.systems:
            try:
                doc, path = run_system(name, a.args, a.timeout)
                print("wrote %s" % os.path.relpath(path, ROOT))
                print(summary(doc))
            except (RuntimeError, NotImplementedError, OSError) as e:
                print("bench_sys: %s: %s" % (name, e), file=sys.stderr)
                failed += 1
        return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
