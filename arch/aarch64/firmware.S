/* SPDX-License-Identifier: MPL-2.0 */
/*
 * Calls into firmware or the debugger that a machine may not provide: semihosting (HLT
 * #0xf000), PSCI through HVC or SMC. Each call is one instruction followed by ret, so when it
 * is undefined the trap handler (a64_fixup_firmware_call) can skip it and return -1.
 */

	.text
	.balign	4
/* long a64_semihost_call(op, param): x0 = operation, x1 = parameter block; result in x0. */
	.globl	a64_semihost_call
a64_semihost_call:
	hlt	#0xf000
	ret

/* long a64_psci_hvc/smc(fn, a1, a2, a3): SMC Calling Convention, result in x0. */
	.globl	a64_psci_hvc
a64_psci_hvc:
	hvc	#0
	ret

	.globl	a64_psci_smc
a64_psci_smc:
	smc	#0
	ret
