#!/usr/bin/env python3
"""`make bench KVM=1` part 1: the self-contained KVM bundle (issue #15).

    tools/kvm_bundle.py [OUT]     (default BUILD/kvm-bundle, BUILD from $BUILD or build)

Writes OUT/ and OUT.tar.gz: everything the x86_64 benchmarks need on another
Linux machine that has /dev/kvm and maybe no package registry:
  qemu/bin, qemu/lib     this host's qemu-system-x86_64 and every shared
                         library it loads (ldd), its own ld.so included
  qemu/modules           QEMU's TCG module (Debian builds it as one; for ACCEL=tcg)
  qemu/share             the firmware a pc machine with -kernel loads (SeaBIOS,
                         VGA BIOS, kvmvapic, the Multiboot and Linux boot ROMs)
  images/                the microkernel (kernel32.elf), its test and IPC
                         images, the same-config native bzImage and Debian's
                         kernel with one busybox initramfs that runs lmbench,
                         Wombat's modules and a boot config that runs lmbench
  images/debian-io.img   make rootfs's Debian image with tools/bench_io.py's fio/iperf3 script,
  images/wombat-io/      and Wombat's modules with the disk and network drivers (KVM_BUNDLE_IO=0: none)
  iperf3/                the host's iperf3 client and its libraries (the host side of the TCP runs)
  run.sh                 tools/kvm-run.sh: runs it all (KVM or TCG), writes results/
  kvm-check.sh           tools/kvm-check.sh: whether /dev/kvm here runs unmodified kernels (run.sh asks)
Needs what `make bench` builds first (make all, wombat/build.sh,
tools/build-native.sh); says what is missing otherwise.
"""
import os, shutil, subprocess, sys, tarfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
os.environ.setdefault("ARCH", "x86_64")
import bench_sys as b   # noqa: E402  (the same initramfs, images and lmbench as make bench)

FIRMWARE = ["bios-256k.bin", "vgabios-stdvga.bin", "kvmvapic.bin", "multiboot_dma.bin", "linuxboot_dma.bin",
            "efi-virtio.rom"]        # the last: the virtio-net card's option ROM
LMBENCH = os.environ.get("BENCH_ARGS", "")
RUNTIME = 8                  # seconds per fio job and iperf3 run, as tools/bench_io.py


def die(msg):
    sys.exit("kvm_bundle: error: " + msg)


def qemu_files(out):
    qemu = shutil.which("qemu-system-x86_64") or die("no qemu-system-x86_64 (apt-get install qemu-system-x86)")
    libs = bundle_binary(qemu, os.path.join(out, "qemu"))
    os.makedirs(os.path.join(out, "qemu", "share"))
    # Debian builds TCG as a loadable module (run.sh points QEMU_MODULE_DIR here):
    # only ACCEL=tcg needs it; its only library is libc.
    os.makedirs(os.path.join(out, "qemu", "modules"))
    for m in ("accel-tcg-x86_64.so",):
        src = os.path.join("/usr/lib/x86_64-linux-gnu/qemu", m)
        if os.path.exists(src):
            shutil.copy(src, os.path.join(out, "qemu", "modules", m))
    share = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(qemu))), "share")
    for f in FIRMWARE:
        src = next((p for p in (os.path.join(share, "qemu", f), os.path.join(share, "seabios", f),
                                os.path.join("/usr/lib/ipxe/qemu", f)) if os.path.exists(p)), None) or \
            die("no firmware %s under %s/qemu, %s/seabios or /usr/lib/ipxe/qemu" % (f, share, share))
        shutil.copy(os.path.realpath(src), os.path.join(out, "qemu", "share", f))
    return libs


def images(out):
    img = os.path.join(out, "images")
    os.makedirs(img)
    for f, dst in (("kernel32.elf", "kernel32.elf"), ("ktest.elf", "ktest.elf"), ("bench-ipc.elf", "bench-ipc.elf"),
                   ("native/bzImage", "bzImage-samecfg")):
        src = os.path.join(b.BUILD, f)
        if not os.path.exists(src):
            die("%s missing (make all; tools/build-native.sh; or make bench once)" % src)
        shutil.copy2(src, os.path.join(img, dst))
    shutil.copy2(b.guest_kernel(), os.path.join(img, "vmlinuz-debian"))
    # One initramfs for both native kernels: lmbench runs, the kernel powers off.
    c = b.base_root("native")
    c.data("cmd.sh", ("lmbench %s\n" % LMBENCH).encode(), 0o755)
    with open(os.path.join(img, "native.cpio"), "wb") as f:
        f.write(c.bytes())
    # Wombat: the images of make bench (snapshot) and the boot config of a
    # `make run CMD=` run of lmbench, 64 MiB for Linux as in make bench.
    wombat_mods(b.snapshot(), "lmbench %s" % LMBENCH, {"WOMBAT_MEM": b.WOMBAT_MEM, "QEMU_MEM": "512"}, out, "wombat")


def wombat_mods(build, cmd, env, out, sub):
    """The modules and boot config of `tools/wombat-run.sh BUILD CMD` (env: its
    settings) copied to out/images/SUB, their bundle paths in SUB/mods."""
    d = os.path.join(out, "images", sub)
    os.makedirs(d, exist_ok=True)
    e = dict(os.environ, WOMBAT_PRINT_MODS="1", WOMBAT_ARCH="x86_64", **env)
    r = subprocess.run(["sh", os.path.join(ROOT, "tools", "wombat-run.sh"), build, cmd],
                       capture_output=True, text=True, env=e, cwd=ROOT)
    if r.returncode != 0:
        die("tools/wombat-run.sh (%s): %s" % (sub, r.stderr.strip()))
    names = []
    for m in r.stdout.strip().split(","):
        src = m if os.path.isabs(m) else os.path.join(ROOT, m)
        if not os.path.exists(src):
            die("Wombat module %s missing (make all; bash wombat/build.sh)" % src)
        shutil.copy2(src, os.path.join(d, os.path.basename(src)))
        names.append("images/%s/%s" % (sub, os.path.basename(src)))
    with open(os.path.join(d, "mods"), "w") as f:
        f.write(",".join(names) + "\n")


def bundle_binary(binary, dest):
    """binary and every library ldd names (its own ld.so too) under dest/bin and dest/lib."""
    os.makedirs(os.path.join(dest, "bin"), exist_ok=True)
    os.makedirs(os.path.join(dest, "lib"), exist_ok=True)
    shutil.copy2(os.path.realpath(binary), os.path.join(dest, "bin", os.path.basename(binary)))
    n = 0       # ld.so is named as the binaries ask for it (run.sh calls it by that name)
    for line in subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout.splitlines():
        p = line.split("=>")[-1].split("(")[0].strip()
        if p.startswith("/"):
            name = "ld-linux-x86-64.so.2" if "ld-linux" in p else os.path.basename(p)
            shutil.copy(os.path.realpath(p), os.path.join(dest, "lib", name))
            n += 1
    if not os.path.exists(os.path.join(dest, "lib", "ld-linux-x86-64.so.2")):
        die("ldd named no ld-linux-x86-64.so.2 for %s" % binary)
    return n


def io_files(out):
    """Disk and network (tools/bench_io.py's runs): make rootfs's Debian image with
    /root/bench-io.sh, Wombat's modules with the block and network drivers, and
    the host's iperf3 client with its libraries."""
    import bench_io as io
    img = io.prepare_image()
    subprocess.run(["cp", "--sparse=always", img, os.path.join(out, "images", "debian-io.img")], check=True)
    iperf = shutil.which("iperf3") or die("no iperf3 (apt-get install iperf3, or make bench once)")
    bundle_binary(iperf, os.path.join(out, "iperf3"))
    wombat_mods(b.BUILD, io.guest_cmd(RUNTIME), {"WOMBAT_ROOT": "debian", "WOMBAT_DISK": img, "WOMBAT_NET": "1",
                "QEMU_MEM": str(io.QEMU_MEM), "WOMBAT_MEM": str(io.LINUX_MEM)}, out, "wombat-io")
    d = os.path.join(out, "images", "wombat-io")
    with open(os.path.join(d, "native-cmdline"), "w") as f:
        f.write("console=ttyS0 root=/dev/vda rw init=/sbin/wombat-init mem=%dM mitigations=off quiet panic=-1 "
                "WCMD=%s\n" % (io.LINUX_MEM, io.guest_cmd(RUNTIME).encode().hex()))


def main():
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(b.BUILD, "kvm-bundle"))
    t0 = time.time()
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    libs = qemu_files(out)
    images(out)
    if os.environ.get("KVM_BUNDLE_IO", "1") != "0":
        io_files(out)
    shutil.copy(os.path.join(ROOT, "tools", "kvm-run.sh"), os.path.join(out, "run.sh"))
    os.chmod(os.path.join(out, "run.sh"), 0o755)
    shutil.copy(os.path.join(ROOT, "tools", "kvm-check.sh"), os.path.join(out, "kvm-check.sh"))
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    with open(os.path.join(out, "VERSION"), "w") as f:
        f.write("wombat %s, built %s on %s\n" % (git or "?", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                                 os.uname().nodename))
    with tarfile.open(out + ".tar.gz", "w:gz") as t:
        t.add(out, arcname=os.path.basename(out))
    mb = os.path.getsize(out + ".tar.gz") / 1e6
    print("kvm_bundle: %s.tar.gz (%.0f MB: QEMU and %d libraries, firmware, images, run.sh) in %.0f s"
          % (out, mb, libs, time.time() - t0))
    print("kvm_bundle: on a machine with /dev/kvm: tar xzf %s.tar.gz && sh %s/run.sh"
          % (os.path.basename(out), os.path.basename(out)))


if __name__ == "__main__":
    main()
