// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test: a module that WARNs when loaded. With panic_on_warn the
 * VM dies; either way the harness must report the WARN and fail the run.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init xenbr_selftest_warn_init(void)
{
	WARN(1, "xenbr harness self-test: injected WARN\n");
	return 0;
}

static void __exit xenbr_selftest_warn_exit(void)
{
}

module_init(xenbr_selftest_warn_init);
module_exit(xenbr_selftest_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xenbr harness self-test: an injected WARN");
