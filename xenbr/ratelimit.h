/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr: a rate limiter (generic cell rate algorithm) that also counts what
 * it refused, so that a burst of suppressed events can be reported as one.
 * A leaf: it knows nothing of bridges.
 */
#ifndef _XENBR_RATELIMIT_H
#define _XENBR_RATELIMIT_H

#include <linux/spinlock.h>
#include <linux/types.h>

/**
 * struct xenbr_ratelimit - state of one limiter
 * @lock: guards the other members; taken with BH disabled
 * @interval: ns between two events at the sustained rate
 * @tolerance: how far ahead of @tat an event may come (the burst), in ns
 * @tat: theoretical arrival time of the next event, in ns
 * @pending: events suppressed since the last report of them
 * @suppressed: events suppressed in total
 */
struct xenbr_ratelimit {
	spinlock_t lock;	/* see @lock above */
	u64 interval;
	u64 tolerance;
	u64 tat;
	u64 pending;
	u64 suppressed;
};

/* @rate events a second sustained, up to @burst (at least 1) at once. */
void xenbr_ratelimit_init(struct xenbr_ratelimit *rl, u32 rate, u32 burst);
bool xenbr_ratelimit_allow(struct xenbr_ratelimit *rl, u64 now, u64 *report);
u64 xenbr_ratelimit_take(struct xenbr_ratelimit *rl);
u64 xenbr_ratelimit_total(struct xenbr_ratelimit *rl);

#endif /* _XENBR_RATELIMIT_H */
