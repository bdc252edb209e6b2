// SPDX-License-Identifier: MPL-2.0
// hal_main: the arch-neutral boot sequence, one stage per function, each logging what it found.
#define pr_fmt(fmt) "boot: " fmt

#include <hal/arch.h>
#include <hal/boot.h>
#include <hal/cmdline.h>
#include <hal/heap.h>
#include <hal/initcall.h>
#include <hal/ktest.h>
#include <hal/log.h>
#include <hal/pmm.h>
#include <hal/printk.h>
#include <hal/sched.h>
#include "init.h"

#if __has_include(<keel_version.h>)
#include <keel_version.h>
#endif
#ifndef KEEL_VERSION
#define KEEL_VERSION "0.0.0"
#endif
#ifndef KEEL_BUILD
#define KEEL_BUILD "1"
#endif
#ifndef KEEL_BUILD_DATE
#define KEEL_BUILD_DATE __DATE__
#endif

#if defined(__x86_64__)
#define KEEL_ARCH "x86_64"
#elif defined(__riscv) && __riscv_xlen == 64
#define KEEL_ARCH "riscv64"
#elif defined(__aarch64__)
#define KEEL_ARCH "aarch64"
#else
#error "unknown architecture"
#endif

/* What boot_initramfs() and boot_cmdline() hand to the kernel; set once in hal_main. */
static const void *initrd_bytes;
static size_t initrd_len;
static const char *cmdline_raw = "";

const void *boot_initramfs(size_t *len)
{
	*len = initrd_len;
	return initrd_bytes;
}

const char *boot_cmdline(void)
{
	return cmdline_raw;
}

/* Remember the initrd through the direct map, if the direct map reaches all of it. */
static void keep_boot_data(const struct boot_info *bi)
{
	cmdline_raw = bi->cmdline;
	if (!bi->initrd_size || bi->initrd_start + bi->initrd_size > arch_direct_map_limit())
		return;
	initrd_bytes = arch_phys_to_virt(bi->initrd_start);
	initrd_len = bi->initrd_size;
}

static void log_banner(void)
{
	printk_always("Keel " KEEL_VERSION " (" KEEL_ARCH ") #" KEEL_BUILD " " KEEL_BUILD_DATE
		      "\n");
}

static void log_boot(const struct boot_info *bi)
{
	pr_info("%s, cmdline \"%s\"\n", bi->protocol ? bi->protocol : "unknown protocol",
		bi->cmdline);
	if (bi->acpi_rsdp)
		pr_info("ACPI RSDP at 0x%llx\n", (unsigned long long)bi->acpi_rsdp);
	if (bi->fdt)
		pr_info("device tree at 0x%llx\n", (unsigned long long)bi->fdt);
	if (boot_info_dropped_regions())
		pr_warn("memory map: %u regions past the first %u were dropped\n",
			boot_info_dropped_regions(), BOOT_MAX_REGIONS);
	if (cmdline_boot()->nr_dropped)
		pr_warn("cmdline: %u parameters past the first %u were ignored\n",
			cmdline_boot()->nr_dropped, CMDLINE_MAX_PARAMS);
}

static void log_cpus(const struct boot_info *bi)
{
	if (bi->nr_cpus)
		printk(LOG_INFO, "cpu: %u CPU(s) reported by firmware, booted on CPU id %llu\n",
		       bi->nr_cpus, (unsigned long long)bi->boot_cpu_id);
	else
		printk(LOG_INFO, "cpu: firmware CPU count not known, booted on CPU id %llu\n",
		       (unsigned long long)bi->boot_cpu_id);
}

static void log_initrd(const struct boot_info *bi)
{
	if (!bi->initrd_size) {
		printk(LOG_INFO, "initrd: none\n");
		return;
	}
	printk(LOG_INFO, "initrd: %llu KiB at [mem 0x%016llx-0x%016llx]\n",
	       (unsigned long long)(bi->initrd_size >> 10), (unsigned long long)bi->initrd_start,
	       (unsigned long long)(bi->initrd_start + bi->initrd_size - 1));
}

static void mm_setup(const struct boot_info *bi)
{
	size_t free;

	if (bi->kernel_end > bi->kernel_start)
		printk(LOG_INFO, "mm: kernel image [mem 0x%016llx-0x%016llx] (%llu KiB)\n",
		       (unsigned long long)bi->kernel_start, (unsigned long long)bi->kernel_end - 1,
		       (unsigned long long)((bi->kernel_end - bi->kernel_start) >> 10));
	pmm_init(bi);
	free = pmm_free_frames();
	printk(LOG_INFO, "mm: buddy allocator: %zu free frames (%zu MiB), orders 0..%u\n", free,
	       free >> (20 - PAGE_SHIFT), FRAME_MAX_ORDER);
	heap_init();
	printk(LOG_INFO, "heap: slab caches ready (%u caches, kmalloc 8..%lu bytes)\n",
	       heap_nr_caches(), PAGE_SIZE);
}

/* Run the ktests the command line asked for and report the result as the exit code. */
static void __noreturn run_ktests(void)
{
	int failed = ktest_run_all(cmdline_get("ktest"));

	printk(LOG_INFO, "ktest: %s; powering off\n", failed ? "FAILED" : "all passed");
	arch_poweroff(failed ? 1 : 0);
}

void system_poweroff(int code)
{
	printk(LOG_INFO, "system: powering off (exit code %d)\n", code);
	arch_poweroff(code);
}

static void __noreturn run_init(void)
{
	/* From here on the boot code is a task: interrupts on, preemptible, may sleep. */
	if (IS_ENABLED(CONFIG_ARCH_HAS_TASKS))
		sched_start();
	if (IS_ENABLED(CONFIG_KTEST) && cmdline_has("ktest"))
		run_ktests();
	if (cmdline_has("ktest"))
		pr_warn("ktest requested, but this kernel was built without CONFIG_KTEST\n");
	/* A kernel built on the framework (KERNEL_MAIN) takes over in this task. */
	if (IS_ENABLED(CONFIG_KERNEL_MAIN))
		system_poweroff(kernel_main());
	printk(LOG_INFO, "init: no init services in this build; powering off\n");
	arch_poweroff(0);
}

void hal_main(struct boot_info *bi)
{
	cmdline_init(bi->cmdline);
	keep_boot_data(bi);
	log_init();
	log_banner();
	log_boot(bi);
	log_cpus(bi);
	log_initrd(bi);
	mm_setup(bi);
	run_initcalls();
	run_init();
}
