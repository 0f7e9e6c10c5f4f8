// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: the rate limiter of a bridge's FDB events. A guest spraying source
 * MACs makes thousands of learn events a second; listeners get a bounded
 * rate and, when the flow calms down, one count of what they missed.
 */

#include <linux/minmax.h>
#include <linux/time64.h>
#include <kunit/visibility.h>
#include "ratelimit.h"

void xenbr_ratelimit_init(struct xenbr_ratelimit *rl, u32 rate, u32 burst)
{
	spin_lock_init(&rl->lock);
	rl->interval = NSEC_PER_SEC / max(rate, 1U);
	rl->tolerance = (max(burst, 1U) - 1) * rl->interval;
	rl->tat = 0;
	rl->pending = 0;
	rl->suppressed = 0;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_ratelimit_init);

/**
 * xenbr_ratelimit_allow() - whether an event may be sent at @now
 * @rl: the limiter
 * @now: monotonic time in ns
 * @report: set, when allowed, to the events suppressed since the last
 *	report, which the caller announces first
 *
 * Context: any; takes a BH-safe spinlock.
 * Return: true if the event may be sent; else it is counted as suppressed.
 */
bool xenbr_ratelimit_allow(struct xenbr_ratelimit *rl, u64 now, u64 *report)
{
	bool allow;

	*report = 0;
	spin_lock_bh(&rl->lock);
	allow = now + rl->tolerance >= rl->tat;
	if (allow) {
		rl->tat = max(rl->tat, now) + rl->interval;
		*report = rl->pending;
		rl->pending = 0;
	} else {
		rl->pending++;
		rl->suppressed++;
	}
	spin_unlock_bh(&rl->lock);
	return allow;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_ratelimit_allow);

/* Takes the count of events suppressed since the last report. */
u64 xenbr_ratelimit_take(struct xenbr_ratelimit *rl)
{
	u64 pending;

	spin_lock_bh(&rl->lock);
	pending = rl->pending;
	rl->pending = 0;
	spin_unlock_bh(&rl->lock);
	return pending;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_ratelimit_take);

/* Events suppressed since the limiter was made. */
u64 xenbr_ratelimit_total(struct xenbr_ratelimit *rl)
{
	u64 total;

	spin_lock_bh(&rl->lock);
	total = rl->suppressed;
	spin_unlock_bh(&rl->lock);
	return total;
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_ratelimit_total);
