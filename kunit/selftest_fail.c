// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test: a KUnit suite with one case that must fail. The
 * harness counts it, so a run that loads this module must come out red.
 */
#include <kunit/test.h>
#include <linux/module.h>

static void xenbr_selftest_must_fail(struct kunit *test)
{
	KUNIT_EXPECT_EQ_MSG(test, 1, 2, "injected failure");
}

static void xenbr_selftest_passes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 2, 1 + 1);
}

static struct kunit_case xenbr_selftest_cases[] = {
	KUNIT_CASE(xenbr_selftest_passes),
	KUNIT_CASE(xenbr_selftest_must_fail),
	{}
};

static struct kunit_suite xenbr_selftest_suite = {
	.name = "xenbr_harness_selftest",
	.test_cases = xenbr_selftest_cases,
};

kunit_test_suite(xenbr_selftest_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xenbr harness self-test: a failing KUnit case");
