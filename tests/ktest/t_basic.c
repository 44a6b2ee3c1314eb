/* Basic kernel facts: boot info, kinfo, clock, bad system calls. */
#include "ktest.h"

KTEST(boot_info, "the root task gets valid boot info with memory and itself as a module")
{
	CHECK_EQ(bootinfo->magic, L4_BOOTINFO_MAGIC);
	CHECK(bootinfo->nmods >= 1);
	CHECK(bootinfo->nmem >= 1 && bootinfo->mem[0].size >= (16UL << 20));
	CHECK_EQ(bootinfo->root_tid, root_tid);
}

KTEST(clock_advances, "the kernel clock is monotonic and moves")
{
	l4_word a = l4_clock();
	sleep_us(2000);
	l4_word b = l4_clock();
	CHECK(b > a);
	CHECK(b - a >= 2000 * 1000);
}

KTEST(unknown_syscall, "an unknown system call number gets ENOSYS")
{
	CHECK_EQ(l4_syscall2(99, 0, 0, 0), L4_ENOSYS);
	CHECK_EQ(l4_syscall2(0, 0, 0, 0), L4_ENOSYS);
}

KTEST(receive_ignores_tag, "a receive-only IPC ignores whatever tag is in r10")
{
	struct l4_msg m = { .tag = L4_TAG(0, 63, 63) };          /* invalid if it were sent */
	CHECK_EQ(l4_ipc(L4_NILTHREAD, mytid(), L4_TIMEOUTS(0, 0), &m), L4_ETIMEOUT | L4_ERR_RECV);
	m.tag = L4_TAG(0, 63, 63);
	CHECK_EQ(l4_ipc(mytid(), L4_NILTHREAD, L4_TIMEOUTS(0, 0), &m), L4_EINVAL);
}
