# Wombat: microkernel, root task tests, tools.  `make help` lists the targets.
ARCH    ?= x86_64
# Per-architecture settings (BUILD default, flags, image, targets): kernel/arch/$(ARCH)/arch.mk
include kernel/arch/$(ARCH)/arch.mk
BUILD   ?= build
CC      ?= gcc
V       ?= 0
Q       := $(if $(filter 1,$(V)),,@)

# --- kernel -----------------------------------------------------------------
KARCH   := kernel/arch/$(ARCH)
KINC    := -Ikernel/include -I$(KARCH)/include -Iabi -Iabi/arch/$(ARCH) -Ilib/libc/include -Ilib/libelf
KCFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-stack-protector \
           -fno-pic -fno-pie -fno-asynchronous-unwind-tables $(ARCH_KCFLAGS) $(KINC)
BOARD_x86_64 := pc
BOARD   ?= $(BOARD_$(ARCH))
KSRCS   := $(wildcard kernel/src/*/*.c) $(wildcard $(KARCH)/src/*.c) $(wildcard $(KARCH)/board/$(BOARD)/*.c) \
           lib/libc/src/fmt.c lib/libelf/elf.c
KASMS   := $(wildcard $(KARCH)/src/*.S)
KOBJS   := $(patsubst %,$(BUILD)/k/%.o,$(KSRCS) $(KASMS))
KERNEL  := $(BUILD)/kernel.elf
KERNEL32:= $(BUILD)/kernel32.elf

# --- user programs ----------------------------------------------------------
UINC    := -Iabi -Iabi/arch/$(ARCH) -Ilib/libl4/include -Ilib/libl4/arch/$(ARCH)/include -Ilib/libiguana/include -Ilib/libc/include -Ilib/libelf -Ilib/libtest
UCFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-stack-protector \
           -fno-pic -fno-pie -fno-asynchronous-unwind-tables $(ARCH_UCFLAGS) $(UINC)
LIBC    := $(patsubst %,$(BUILD)/u/%.o,$(wildcard lib/libc/src/*.c) $(wildcard lib/libc/arch/$(ARCH)/*.c) lib/libelf/elf.c)
CRT0    := $(BUILD)/u/lib/libc/arch/$(ARCH)/crt0.S.o
# The kernel tests: the portable files, and the architecture's parts
# (tests/ktest/arch/$(ARCH)/: its instructions and frames, behind ktest_arch.h).
KTEST_SRCS := $(filter-out $(ARCH_KTEST_EXCLUDE),$(wildcard tests/ktest/*.c)) $(wildcard tests/ktest/arch/$(ARCH)/*.c)
KTEST   := $(BUILD)/ktest.elf
BENCH_IPC := $(BUILD)/bench-ipc.elf
FUZZ    := $(BUILD)/fuzz.elf

all: $(ARCH_ALL)

$(BUILD)/k/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(KCFLAGS) -MMD -MP -c $< -o $@
$(KERNEL): $(KOBJS) $(KARCH)/linker.ld
	@echo "  LD      $@"
	$(Q)$(CC) $(KCFLAGS) $(ARCH_KLDFLAGS) -nostdlib -static -Wl,-z,max-page-size=0x1000 -Wl,--build-id=none -T $(KARCH)/linker.ld -o $@ $(KOBJS) -lgcc
$(KIMAGE): $(KERNEL)
	$(Q)$(KIMAGE_CMD)

$(BUILD)/u/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(UCFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/u/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(UCFLAGS) -c $< -o $@
$(BUILD)/u/tests/ktest/% $(BUILD)/u/tests/fuzz/% $(BUILD)/u/bench/ipc/%: UCFLAGS += -Itests/ktest/arch/$(ARCH)
$(KTEST): $(CRT0) $(patsubst %,$(BUILD)/u/%.o,$(KTEST_SRCS)) $(LIBC) lib/user.ld
	@echo "  LD      $@"
	$(Q)$(ULD) -nostdlib -static -T lib/user.ld -o $@ $(CRT0) $(patsubst %,$(BUILD)/u/%.o,$(KTEST_SRCS)) $(LIBC)

BENCH_IPC_OBJS := $(patsubst %,$(BUILD)/u/%.o,bench/ipc/main.c tests/ktest/env.c)
$(BENCH_IPC): $(CRT0) $(BENCH_IPC_OBJS) $(LIBC) lib/user.ld
	@echo "  LD      $@"
	$(Q)$(ULD) -nostdlib -static -T lib/user.ld -o $@ $(CRT0) $(BENCH_IPC_OBJS) $(LIBC)

# The kernel-call fuzzer (root task; the hostile code runs from its image in child spaces).
# tests/fuzz/arch/$(ARCH)/: the architecture's system calls, hostile instructions and task code.
FUZZ_OBJS := $(patsubst %,$(BUILD)/u/%.o,$(wildcard tests/fuzz/*.c tests/fuzz/arch/$(ARCH)/*.c) tests/ktest/env.c)
$(BUILD)/u/tests/fuzz/%: UCFLAGS += -Itests/fuzz/arch/$(ARCH)
$(FUZZ): $(CRT0) $(FUZZ_OBJS) $(LIBC) lib/user.ld
	@echo "  LD      $@"
	$(Q)$(ULD) -nostdlib -static -T lib/user.ld -o $@ $(CRT0) $(FUZZ_OBJS) $(LIBC)

# --- Iguana: the root server and its domains ---------------------------------
IGUANA  := $(BUILD)/iguana/iguana.elf
IG_OBJS := $(patsubst %,$(BUILD)/u/%.o,$(wildcard iguana/server/*.c))
LIBIG   := $(BUILD)/u/lib/libiguana/iguana.c.o
IGCRT0  := $(BUILD)/u/lib/libiguana/arch/$(ARCH)/crt0.S.o
$(IGUANA): $(CRT0) $(IG_OBJS) $(LIBC) lib/user.ld
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(ULD) -nostdlib -static -T lib/user.ld -o $@ $(CRT0) $(IG_OBJS) $(LIBC)

# A domain program: name, link address (unique: one shared layout), source directory.
# Its sources: the directory's, and those of the directories its base.mk lists
# in USES_name (code shared by domains: iguana/drivers/virtio).
domain_srcs = $(foreach s,$(1) $(USES_$(2)),$(wildcard $(s)/*.c $(s)/arch/$(ARCH)/*.c))
define domain
DOMAINS += $(BUILD)/iguana/$(1).elf
$(BUILD)/iguana/$(1).elf: $(IGCRT0) $(LIBIG) $(LIBC) $(patsubst %,$(BUILD)/u/%.o,$(call domain_srcs,$(3),$(1))) lib/user.ld
	@mkdir -p $$(dir $$@)
	@echo "  LD      $$@"
	$(Q)$(ULD) -nostdlib -static --defsym=IMAGE_BASE=$(2) -T lib/user.ld -o $$@ $(IGCRT0) \
		$(patsubst %,$(BUILD)/u/%.o,$(call domain_srcs,$(3),$(1))) $(LIBIG) $(LIBC)
endef
$(foreach d,$(wildcard iguana/drivers/* apps/* tests/idomains/* bench/rtbench),\
	$(if $(wildcard $(d)/base.mk),$(eval include $(d)/base.mk)\
	$(eval $(call domain,$(notdir $(d)),$(BASE_$(notdir $(d))),$(d)))))

# A deliberately truncated ELF for the bad-module test.
$(BUILD)/iguana/broken.elf: $(BUILD)/iguana/hello.elf
	$(Q)head -c 3000 $< > $@

# Boot configurations: the board's console-server line (iguana/boot/uart-$(ARCH).cfg:
# port I/O and IRQ 4 on the PC, the PL011's page and line 1 on virt), then the
# lines every board shares; built into $(BUILD)/iguana/ under the shared file's name.
UART_CFG := iguana/boot/uart-$(ARCH).cfg
# The test configuration ends with the board's block- and network-driver lines
# (tests/idomains/blk-$(ARCH).cfg, net-$(ARCH).cfg: their transports' options), where it has them.
define boot_cfg
IG_CFGS += $(BUILD)/iguana/$(notdir $(1))
$(BUILD)/iguana/$(notdir $(1)): $(UART_CFG) $(1) $(2)
	@mkdir -p $$(dir $$@)
	$(Q)cat $(UART_CFG) $(1) $(2) > $$@
endef
$(foreach c,iguana/boot/run.cfg bench/rtbench/rt.cfg,$(eval $(call boot_cfg,$(c))))
$(eval $(call boot_cfg,tests/idomains/test.cfg,$(wildcard tests/idomains/blk-$(ARCH).cfg tests/idomains/net-$(ARCH).cfg)))

IG_RUN_MODS  := $(addprefix $(BUILD)/iguana/,iguana.elf uart.elf timer.elf rt.elf console.elf run.cfg)
IG_TEST_MODS := $(addprefix $(BUILD)/iguana/,iguana.elf uart.elf timer.elf rt.elf echo.elf badmem.elf \
	broken.elf client1.elf client2.elf spinner.elf eagerd.elf wprobe.elf itest.elf blk.elf blkc.elf dmat.elf net.elf necho.elf test.cfg)
IG_BENCH_MODS := $(addprefix $(BUILD)/iguana/,iguana.elf uart.elf timer.elf rt.elf rtbench.elf rt.cfg)
comma := ,
empty :=
space := $(empty) $(empty)

iguana-all: $(IGUANA) $(DOMAINS) $(BUILD)/iguana/broken.elf $(IG_CFGS)

# (build/linux and build/wombat are Linux's tree and Kbuild output, build/rootfs
# Debian's files while make rootfs runs (/usr/sbin/invoke-rc.d): not ours to include)
-include $(shell find $(BUILD) \( -path $(BUILD)/linux -o -path $(BUILD)/wombat -o -path $(BUILD)/rootfs \) -prune -o -name '*.d' -type f -print 2>/dev/null)
# A header that dependency files written before -MP still name but that is gone
# (renamed: abi/iguana.h is abi/iguana_abi.h): counts as changed, its objects are rebuilt.
%.h:
	@:

# --- running ----------------------------------------------------------------
KCMD ?=
# Kernel arguments reach the scripts verbatim, like CMD (below).
override KCMD := $(value KCMD)
export KCMD

deps:
	@ARCH=$(ARCH) tools/deps.sh

run-ktest: deps all
	@tools/qemu.sh -a $(ARCH) -b $(BUILD) -m 256 -s mon:stdio -r $(KTEST) -c "$$KCMD"

test-host: deps
	@tests/host/run.sh $(BUILD)

test-kernel: deps all
	@tests/run-ktest.sh $(BUILD)

# Every architecture unless ARCH= is given (then that one): tests/run-all.sh.
TEST_ARCHS := $(if $(filter command line environment,$(origin ARCH)),$(ARCH),x86_64 aarch64 riscv64)
test: deps
	@ARCHS="$(TEST_ARCHS)" tests/run-all.sh build

bench-ipc: deps all
	@tools/bench-ipc.sh $(BUILD)

bench-rt: deps all
	@tools/bench-rt.sh $(BUILD) "$(subst $(space),$(comma),$(IG_BENCH_MODS))"

# Everything measured (IPC, real-time, lmbench on Wombat/native Linux/UML) and docs/benchmarks.md.
# KVM=1 (x86_64): the self-contained KVM bundle, run here when /dev/kvm works (tools/bench-kvm.sh).
bench: deps all
	@if [ "$(KVM)" = 1 ]; then tools/bench-kvm.sh $(BUILD); \
	else tools/bench.sh $(BUILD) "$(subst $(space),$(comma),$(IG_BENCH_MODS))"; fi

loc: deps
	@tools/loc.sh

debug: deps all
	@tools/debug.sh $(BUILD) "$$KCMD"

# `make run`: Wombat's busybox shell. CMD='...' runs one command and exits with
# its status; EXTRA=dir adds dir's files to the initramfs. Both reach the
# scripts through the environment, byte for byte: $(value) keeps make from
# expanding a `$` in them, and they are never spliced into a shell command
# line (a `"` in CMD cannot end a quote and run the rest on the host).
CMD ?=
EXTRA ?=
override CMD := $(value CMD)
override EXTRA := $(value EXTRA)
unexport CMD EXTRA
run: export WOMBAT_RUN_CMD := $(CMD)
run: export WOMBAT_EXTRA := $(EXTRA)
# Architectures Wombat (Linux) runs on; on the others `make run` boots the
# Iguana console (make run-iguana) and says so.
WOMBAT_ARCHS := x86_64 aarch64 riscv64
ifneq ($(filter $(ARCH),$(WOMBAT_ARCHS)),)
run: deps all
	@WOMBAT_ARCH=$(ARCH) $(if $(CMD),WOMBAT_BUILD_LOG=$(BUILD)/logs/wombat-build.log) bash wombat/build.sh $(BUILD)
	$(if $(filter debian,$(ROOT)),@WOMBAT_ARCH=$(ARCH) tools/mkrootfs.sh $(BUILD))
	@WOMBAT_ARCH=$(ARCH) WOMBAT_ROOT=$(ROOT) tools/wombat-run.sh $(BUILD) "$$WOMBAT_RUN_CMD"
else
run: deps all
	@if [ -n "$$WOMBAT_RUN_CMD" ]; then echo "make run: no Wombat (Linux) on $(ARCH) yet, so no CMD= to run (it runs on $(WOMBAT_ARCHS))" >&2; exit 2; fi
	@echo "make run: no Wombat (Linux) on $(ARCH) yet (it runs on $(WOMBAT_ARCHS)): the Iguana console instead"
	@$(MAKE) --no-print-directory ARCH=$(ARCH) BUILD=$(BUILD) run-iguana
endif

# `make rootfs`: Debian 12 for Wombat's disk (BUILD/rootfs/debian.img, mmdebstrap);
# `make run ROOT=debian` boots with / on it (ROOT= unset: the initramfs shell).
ROOT ?=
ifneq ($(filter-out debian,$(ROOT)),)
$(error ROOT=$(ROOT): the only root file system besides the initramfs is ROOT=debian)
endif
rootfs: deps
	@WOMBAT_ARCH=$(ARCH) tools/mkrootfs.sh $(BUILD)

# The Iguana console instead of Linux (list/start/stop/restart/rt/info/poweroff).
run-iguana: deps all
	@echo "Booting microkernel + Iguana + drivers + real-time task + Iguana console. Ctrl-A X quits."
	@tools/qemu.sh -a $(ARCH) -b $(BUILD) -m 256 -s mon:stdio -r "$(subst $(space),$(comma),$(IG_RUN_MODS))" -c "$$KCMD"

# `make fuzz`: 10 million calls with a fresh random seed (FUZZ_SEED=n repeats a run;
# FUZZ_FROM, FUZZ_TRACE, FUZZ_KCMD: see tests/run-fuzz.sh).
FUZZ_CALLS ?= 10000000
FUZZ_SEED  ?= random
fuzz: deps all
	@ARCH=$(ARCH) FUZZ_CALLS=$(FUZZ_CALLS) FUZZ_SEED=$(FUZZ_SEED) tests/run-fuzz.sh $(BUILD)

test-wombat: deps all
	@ARCH=$(ARCH) tests/run-wombat.sh $(BUILD)

test-iguana: deps all
	@ARCH=$(ARCH) tests/run-itest.sh $(BUILD) "$(subst $(space),$(comma),$(IG_TEST_MODS))"

# Linux 6.1 as a server (arch/um + our os-L4 layer): build/wombat/vmlinux.
wombat: deps
	@WOMBAT_ARCH=$(ARCH) bash wombat/build.sh $(BUILD)

help:
	@echo "make run          boot the system in QEMU on this terminal: a busybox shell on Wombat"
	@echo "make rootfs       Debian 12 for Wombat's disk (mmdebstrap): build/rootfs/debian.img"
	@echo "make run ROOT=debian  Wombat with / on that disk: a Debian shell (bash, python3, sqlite3...)"
	@echo "make run CMD=...  run one command in that shell, print its output, exit with its status"
	@echo "make run EXTRA=d  add the files under directory d to the initramfs"
	@echo "make run-iguana   the Iguana console instead of Linux"
	@echo "make test         build everything and run every test (host + QEMU)"
	@echo "make test-kernel  only the kernel tests in QEMU (fast path on and off; KVM=1: under KVM, -cpu host)"
	@echo "make test-host    only the host unit tests"
	@echo "make test-iguana  only the Iguana tests in QEMU"
	@echo "make test-wombat  only the Wombat (Linux) tests in QEMU"
	@echo "make fuzz         10M random kernel calls from an unprivileged space (FUZZ_CALLS, FUZZ_SEED)"
	@echo "make bench-ipc    IPC round trip (QEMU -icount and wall clock), JSON"
	@echo "make bench-rt     real-time task latency, idle and loaded, JSON"
	@echo "make bench        all benchmarks: IPC, real-time, lmbench on Wombat vs native Linux vs UML (~25 min)"
	@echo "make bench KVM=1  the KVM bundle (build/kvm-bundle.tar.gz), run here if /dev/kvm works"
	@echo "make loc          lines of code of the kernel and the rest"
	@echo "make debug        QEMU halted at start with gdb attached"
	@echo "make wombat       build Linux 6.1 with our os-L4 layer: build/wombat/vmlinux"

clean:
	rm -rf $(BUILD)

.PHONY: all deps rootfs run run-iguana run-ktest test test-host test-kernel test-iguana test-wombat fuzz bench-ipc bench-rt bench loc debug wombat help clean
