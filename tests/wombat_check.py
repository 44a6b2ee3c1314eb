#!/usr/bin/env python3
"""Check the output of wombat/tests/suite.sh: each "=== name" section against
what Linux must print there. Prints PASS/FAIL wombat.<name> lines."""
import re, sys

# name: (regexes that must all match the section, what it proves)
EXPECT = {
    "uname":       ([r"^Linux wombat 6\.1\.\d+ .* (um|aarch64|riscv64) GNU/Linux$"], "uname -a: Linux 6.1 on um (x86_64), aarch64 or riscv64"),
    "echo":        ([r"^hello from wombat$"], "echo"),
    "ls_root":     ([r"\bbin\b", r"\bdev\b", r"\bproc\b", r"\bsys\b", r"\btmp\b", r"\binit\b"], "ls /"),
    "meminfo":     ([r"^MemTotal:\s+\d+ kB$", r"^MemFree:\s+\d+ kB$"], "cat /proc/meminfo"),
    "crng":        ([r"^random: crng init done\nRun /init as init process\n256$"],
                    "Linux's random generator ready before init runs (os-L4's boot seed from Iguana, credited): no wait on the first /dev/urandom read"),
    "exit_status": ([r"^status=3$"], "fork+exec+wait: sh -c 'exit 3' gives 3"),
    "fork_exec":   ([r"^ran 10$"], "ten fork+exec+wait of /bin/true"),
    "pipes":       ([r"^10000$"], "seq 1 10000 | wc -l"),
    "kill_job":    ([r"^status=143$"], "sleep 100 & kill %1: SIGTERM, status 143"),
    "trap_int":    ([r"^caught SIGINT\nafter trap$"], "a trapped SIGINT runs the trap, the shell goes on"),
    "tmpfs":       ([r"^data-123$"], "a file on tmpfs written by one command, read by the next"),
    "busy_loop":   ([r"^shell alive$", r"^loop status=143$"], "a while-true loop in the background does not starve the shell"),
    "dd_md5":      ([r"^7f614da9329cd3aebf59b91aadc30bf0  -$"], "dd if=/dev/zero bs=1M count=64 | md5sum"),
    "segv":        ([r"^status=139$", r"^survived$"], "a segfaulting process gets SIGSEGV (139), the shell survives"),
    "l4raw":       ([r"^l4raw: 21 refused, 0 reached the microkernel$", r"^status=0$"],
                    "raw microkernel calls (IPC to Iguana, drivers, rt; thread, space, map, kdebug, shutdown; syscall, int 0x80, sysenter) refused"),
    "confined":    ([r"^wombat probe: 2048 guessed section capabilities: 0 attached; 2048 guessed domain capabilities: 0 deleted$",
                     r"^wombat probe: stop the real-time task: refused \(not admin\); attach the UART's IRQ 4: refused$",
                     r"^wombat probe: read the real-time task's memory at 0x1800000: page fault \(not mapped\)$",
                     r"^wombat probe: confined$"],
                    "Wombat's own domain (a compromised Linux kernel) cannot attach sections or delete domains by guessed capabilities, stop the rt task, take an IRQ, read rt's memory"),
    "fpcheck":     ([r"^fpcheck: 4 processes kept their FP registers over 1000 switches; sigreturn restored an edited FP context; signal frames and forked and vforked children saw the FP registers of their system call$", r"^status=0$"],
                    "FPU/SSE registers per process across switches; a signal handler's edit of the FP context takes effect"),
    "regkeep":     ([r"^regkeep: 2 processes kept every register over 2000 pipe round trips with SIGALRM handlers and SIGSTOP/SIGCONT restarting their reads, and over 2000 getppid\(\) and getpid\(\) calls$", r"^status=0$"],
                    "every register a system call must leave alone is left alone: pipe ping-pong between two processes, SIGALRM handlers and SIGSTOP/SIGCONT restarting blocked reads, getppid() and getpid() in a loop"),
    "tls":         ([r"^tls: 4 processes kept their own TLS over 2000 switches each$", r"^status=0$"],
                    "each process keeps its own FS base (TLS) across context switches"),
    "tls_pipe":    ([r"^l4raw: 21 refused, 0 reached the microkernel$"],
                    "two glibc programs in a pipe (their stack canaries are in TLS)"),
    "nxtest":      ([r"^nxtest: PASS: PROT_EXEC honoured \(mmap page and stack\)$", r"^status=0$"],
                    "code in a PROT_READ|PROT_WRITE page and on the stack gets SIGSEGV; after mprotect(PROT_EXEC) it runs"),
    "procs300":    ([r"^holdprocs: 300 of 300 forks succeeded", r"^holdprocs: 300 reaped \(0 did not exit with 0\)", r"^status=0$"],
                    "300 processes at once, all reaped"),
    "memhog50":    ([r"^memhog: 50% of MemTotal: .*pattern ok \(0 bad pages\)$", r"^status=0$"],
                    "one process writes and checks half of Linux's memory"),
}

def main():
    text = open(sys.argv[1], errors="replace").read().replace("\r", "")
    sections, name = {}, None
    for line in text.split("\n"):
        m = re.match(r"^=== (\w+)$", line)
        if m:
            name = m.group(1)
            sections[name] = []
        elif name:
            sections[name].append(line)
    failed = 0
    for name, (pats, what) in EXPECT.items():
        body = "\n".join(sections.get(name, [])).strip("\n")
        bad = [p for p in pats if not re.search(p, body, re.M)]
        ok = name in sections and not bad
        failed += not ok
        print("%s wombat.%s  # %s%s" % ("PASS" if ok else "FAIL", name, what,
              "" if ok else ("; missing section" if name not in sections else "; got: " + body[-300:].replace("\n", " | "))))
    if "end" not in sections:
        print("FAIL wombat.suite_complete  # the suite did not reach its end")
        failed += 1
    else:
        print("PASS wombat.suite_complete  # the whole suite ran in one boot")
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
