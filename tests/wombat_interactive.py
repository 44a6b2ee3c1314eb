#!/usr/bin/env python3
"""`make run` without CMD: the interactive busybox shell on the serial
console. Types into it like a user (a command, ^C on a sleep, reboot, poweroff) and
checks the answers and that QEMU ends by itself.
Usage: wombat_interactive.py BUILD LOG. Prints PASS/FAIL wombat.* lines."""
import sys, time
from wombat_console import Console, checker

def main():
    results = []
    check = checker(results)
    c = Console(sys.argv[1], sys.argv[2])
    try:
        ok = c.expect(b"/ # ", 600)
        check("shell_prompt", ok, "make run boots to an interactive busybox shell prompt")
        if ok:
            c.send("echo answer=$((6*7))\r")
            check("shell_command", c.expect(b"answer=42\n", 60) and c.expect(b"/ # ", 60),
                  "a command typed at the prompt runs and the prompt comes back")
            c.send("sleep 100\r")
            time.sleep(3)
            c.send("\x03")
            ok = c.expect(b"/ # ", 30)
            c.send("echo st=$?\r")
            check("ctrl_c", ok and c.expect(b"st=130\n", 30), "^C stops a foreground sleep (status 130)")
            c.send("reboot\r")
            ok = c.expect(b"asked to be started again", 120) and c.expect(b"/ # ", 600)
            c.send("echo again=$((7*6))\r")
            check("reboot", ok and c.expect(b"again=42\n", 60) and c.expect(b"/ # ", 60),
                  "reboot at the prompt: Iguana starts Wombat again and the shell comes back")
            mark = len(c.text)
            c.send("poweroff\r")
            ok = c.expect(b"ended (0): powering off", 120)
            check("poweroff", ok and c.ended(30),
                  "poweroff at the prompt: Linux halts, Wombat exits 0, QEMU ends by itself")
            # after the shell echoed the command (the prompt that took it asked before that)
            down = c.text.find(b"poweroff\n", mark)
            check("poweroff_no_terminal_query", ok and down >= 0 and b"\x1b[6n" not in c.text[down:],
                  "after poweroff nothing asks the terminal for an answer (ESC[6n) that would land in the "
                  "host's shell once QEMU is gone (the stray ^[[2;5R)")
    finally:
        c.close()
    return 0 if results and all(results) else 1

if __name__ == "__main__":
    sys.exit(main())
