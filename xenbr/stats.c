// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: per-CPU counters of bridges and ports, and their snapshots.
 */

#include <linux/percpu.h>
#include <kunit/visibility.h>
#include "xenbr.h"

struct xenbr_pcpu_stats __percpu *xenbr_stats_alloc(void)
{
	struct xenbr_pcpu_stats __percpu *pcpu;
	int cpu;

	pcpu = alloc_percpu_gfp(struct xenbr_pcpu_stats, GFP_KERNEL);
	if (!pcpu)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(pcpu, cpu)->syncp);
	return pcpu;
}

/* Sums the per-CPU counters; the FDB's figures are left to the caller. */
static void xenbr_stats_read(const struct xenbr_pcpu_stats __percpu *pcpu,
			     struct xenbr_stats *stats)
{
	int cpu, i;

	memset(stats, 0, sizeof(*stats));
	for_each_possible_cpu(cpu) {
		const struct xenbr_pcpu_stats *s = per_cpu_ptr(pcpu, cpu);
		struct xenbr_stats snap;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			snap.rx_packets = u64_stats_read(&s->rx_packets);
			snap.rx_bytes = u64_stats_read(&s->rx_bytes);
			snap.tx_packets = u64_stats_read(&s->tx_packets);
			snap.tx_bytes = u64_stats_read(&s->tx_bytes);
			snap.flooded =
				u64_stats_read(&s->events[XENBR_EV_FLOODED]);
			snap.fdb_moves =
				u64_stats_read(&s->events[XENBR_EV_FDB_MOVES]);
			snap.learn_limit =
				u64_stats_read(&s->events[XENBR_EV_LEARN_LIMIT]);
			snap.tx_dropped =
				u64_stats_read(&s->events[XENBR_EV_TX_DROPPED]);
			for (i = 0; i < __XENBR_DROP_MAX; i++)
				snap.drops[i] = u64_stats_read(&s->drops[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		stats->rx_packets += snap.rx_packets;
		stats->rx_bytes += snap.rx_bytes;
		stats->tx_packets += snap.tx_packets;
		stats->tx_bytes += snap.tx_bytes;
		stats->flooded += snap.flooded;
		stats->fdb_moves += snap.fdb_moves;
		stats->learn_limit += snap.learn_limit;
		stats->tx_dropped += snap.tx_dropped;
		for (i = 0; i < __XENBR_DROP_MAX; i++)
			stats->drops[i] += snap.drops[i];
	}
}

void xenbr_get_stats(struct xenbr *br, struct xenbr_stats *stats)
{
	xenbr_stats_read(br->stats, stats);
	stats->fdb_learned = READ_ONCE(br->n_learned);
	stats->events_suppressed = xenbr_ratelimit_total(&br->evlimit);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_get_stats);

void xenbr_port_get_stats(const struct xenbr_port *port,
			  struct xenbr_stats *stats)
{
	xenbr_stats_read(port->stats, stats);
	stats->fdb_learned = READ_ONCE(port->n_learned);
}
EXPORT_SYMBOL_IF_KUNIT(xenbr_port_get_stats);
