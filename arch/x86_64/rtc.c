// SPDX-License-Identifier: MPL-2.0
// The CMOS RTC (MC146818-compatible), read once at boot to set the realtime clock: wait out
// an update in progress, read until two passes agree, decode BCD and 12-hour formats.
#include <hal/acpi.h>
#include <hal/arch.h>
#include <hal/errno.h>
#include <hal/lib/string.h>
#include <hal/time.h>
#include <arch/cpu.h>

#define CMOS_INDEX   0x70
#define CMOS_DATA    0x71
#define RTC_SECONDS  0x00
#define RTC_MINUTES  0x02
#define RTC_HOURS    0x04
#define RTC_DAY	     0x07
#define RTC_MONTH    0x08
#define RTC_YEAR     0x09
#define RTC_STATUS_A 0x0a
#define RTC_STATUS_B 0x0b
#define RTC_A_UIP    0x80 /* an update is in progress: the registers are not stable */
#define RTC_B_24H    0x02
#define RTC_B_BINARY 0x04
#define RTC_HOUR_PM  0x80
/* An update takes under 2 ms once UIP is set; give it ten times that. */
#define RTC_SETTLE_NS (20 * NSEC_PER_MSEC)
#define RTC_TRIES     5

static u8 cmos_read(u8 reg)
{
	x86_outb(CMOS_INDEX, reg);
	return x86_inb(CMOS_DATA);
}

static bool rtc_wait_stable(void)
{
	u64 end = arch_timestamp_ns() + RTC_SETTLE_NS;

	while (cmos_read(RTC_STATUS_A) & RTC_A_UIP)
		if (arch_timestamp_ns() > end)
			return false;
	return true;
}

static void rtc_snapshot(u8 regs[7], u8 century_reg)
{
	regs[0] = cmos_read(RTC_SECONDS);
	regs[1] = cmos_read(RTC_MINUTES);
	regs[2] = cmos_read(RTC_HOURS);
	regs[3] = cmos_read(RTC_DAY);
	regs[4] = cmos_read(RTC_MONTH);
	regs[5] = cmos_read(RTC_YEAR);
	regs[6] = century_reg ? cmos_read(century_reg) : 0;
}

static u8 from_bcd(u8 v, bool binary)
{
	return binary ? v : (v >> 4) * 10 + (v & 0xf);
}

static void rtc_decode(const u8 regs[7], u8 status_b, struct rtc_time *tm)
{
	bool bin = status_b & RTC_B_BINARY;
	u8 hour = regs[2];
	bool pm = !(status_b & RTC_B_24H) && (hour & RTC_HOUR_PM);
	unsigned int century = regs[6] ? from_bcd(regs[6], bin) : 20;

	hour = from_bcd(hour & ~RTC_HOUR_PM, bin);
	if (!(status_b & RTC_B_24H))
		hour = hour % 12 + (pm ? 12 : 0); /* 12 AM is 0, 12 PM is 12 */
	tm->second = from_bcd(regs[0], bin);
	tm->minute = from_bcd(regs[1], bin);
	tm->hour = hour;
	tm->day = from_bcd(regs[3], bin);
	tm->month = from_bcd(regs[4], bin);
	tm->year = century * 100 + from_bcd(regs[5], bin);
}

int arch_rtc_read(struct rtc_time *tm)
{
	const struct acpi_fadt_info *fadt = acpi_fadt();
	u8 century_reg = fadt ? fadt->century : 0;
	u8 a[7], b[7];

	if (fadt && (fadt->boot_arch & ACPI_BOOT_NO_CMOS_RTC))
		return -ENODEV;
	for (int i = 0; i < RTC_TRIES; i++) {
		if (!rtc_wait_stable())
			return -EIO;
		rtc_snapshot(a, century_reg);
		if (!rtc_wait_stable())
			return -EIO;
		rtc_snapshot(b, century_reg);
		if (!memcmp(a, b, sizeof(a))) {
			rtc_decode(a, cmos_read(RTC_STATUS_B), tm);
			return 0;
		}
	}
	return -EIO;
}
