// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the rate limiter of FDB events, with a clock of the tests'.
 */

#include <linux/time64.h>
#include "xenbr_test.h"

#define XT_MS	(NSEC_PER_SEC / 1000)

static void xenbr_ratelimit_test_burst(struct kunit *test)
{
	struct xenbr_ratelimit rl;
	u64 now = 5000 * XT_MS, report;
	int i, allowed = 0;

	xenbr_ratelimit_init(&rl, XENBR_EVENT_RATE, XENBR_EVENT_BURST);
	/* A burst at one instant: exactly XENBR_EVENT_BURST get through. */
	for (i = 0; i < 10 * XENBR_EVENT_BURST; i++)
		allowed += xenbr_ratelimit_allow(&rl, now, &report);
	KUNIT_EXPECT_EQ(test, allowed, XENBR_EVENT_BURST);
	KUNIT_EXPECT_EQ(test, xenbr_ratelimit_total(&rl),
			9ULL * XENBR_EVENT_BURST);

	/* One event's worth of time later, one more, with the report. */
	now += NSEC_PER_SEC / XENBR_EVENT_RATE;
	KUNIT_EXPECT_TRUE(test, xenbr_ratelimit_allow(&rl, now, &report));
	KUNIT_EXPECT_EQ(test, report, 9ULL * XENBR_EVENT_BURST);
	KUNIT_EXPECT_FALSE(test, xenbr_ratelimit_allow(&rl, now, &report));
	KUNIT_EXPECT_EQ(test, report, 0ULL);
	KUNIT_EXPECT_EQ(test, xenbr_ratelimit_take(&rl), 1ULL);
	KUNIT_EXPECT_EQ(test, xenbr_ratelimit_take(&rl), 0ULL);
	/* Taking the report leaves the total. */
	KUNIT_EXPECT_EQ(test, xenbr_ratelimit_total(&rl),
			9ULL * XENBR_EVENT_BURST + 1);
}

static void xenbr_ratelimit_test_rate(struct kunit *test)
{
	struct xenbr_ratelimit rl;
	u64 now = 0, report;
	int i, allowed = 0;

	xenbr_ratelimit_init(&rl, XENBR_EVENT_RATE, XENBR_EVENT_BURST);
	/* Ten seconds of an event every 100 us: the rate, plus the burst. */
	for (i = 0; i < 100000; i++) {
		allowed += xenbr_ratelimit_allow(&rl, now, &report);
		now += NSEC_PER_SEC / 10000;
	}
	KUNIT_EXPECT_GE(test, allowed, 10 * XENBR_EVENT_RATE);
	KUNIT_EXPECT_LE(test, allowed,
			10 * XENBR_EVENT_RATE + XENBR_EVENT_BURST + 1);
	KUNIT_EXPECT_EQ(test, xenbr_ratelimit_total(&rl),
			(u64)(100000 - allowed));

	/* Slow enough, nothing is suppressed. */
	xenbr_ratelimit_init(&rl, XENBR_EVENT_RATE, XENBR_EVENT_BURST);
	for (i = 0; i < 1000; i++) {
		KUNIT_EXPECT_TRUE(test,
				  xenbr_ratelimit_allow(&rl, now, &report));
		now += 2 * NSEC_PER_SEC / XENBR_EVENT_RATE;
	}
}

/* A burst of one is no burst: events come one interval apart or not. */
static void xenbr_ratelimit_test_no_burst(struct kunit *test)
{
	struct xenbr_ratelimit rl;
	u64 now = XT_MS, report;

	xenbr_ratelimit_init(&rl, 10, 1);
	KUNIT_EXPECT_TRUE(test, xenbr_ratelimit_allow(&rl, now, &report));
	KUNIT_EXPECT_FALSE(test, xenbr_ratelimit_allow(&rl, now, &report));
	KUNIT_EXPECT_FALSE(test,
			   xenbr_ratelimit_allow(&rl, now + 99 * XT_MS, &report));
	KUNIT_EXPECT_TRUE(test,
			  xenbr_ratelimit_allow(&rl, now + 100 * XT_MS, &report));
	KUNIT_EXPECT_EQ(test, report, 2ULL);
}

static struct kunit_case xenbr_ratelimit_test_cases[] = {
	KUNIT_CASE(xenbr_ratelimit_test_burst),
	KUNIT_CASE(xenbr_ratelimit_test_rate),
	KUNIT_CASE(xenbr_ratelimit_test_no_burst),
	{}
};

XT_SUITE_EXIT(xenbr_ratelimit, NULL, NULL, xenbr_ratelimit_test_cases);
