// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: the netback verb - the switch of the glue that attaches Xen
 * netback vifs to their bridge, and what it did.
 */

#include <stdio.h>
#include "errors.h"
#include "json.h"
#include "xenbr-ctl.h"

static const char *const glue_count_names[] = {
	[XENBR_NETBACK_STATS_A_ATTACHED] = "attached",
	[XENBR_NETBACK_STATS_A_FAILED] = "failed",
	[XENBR_NETBACK_STATS_A_FOREIGN] = "foreign",
	[XENBR_NETBACK_STATS_A_SKIPPED] = "skipped",
	[XENBR_NETBACK_STATS_A_GONE] = "gone",
	[XENBR_NETBACK_STATS_A_REATTACHED] = "reattached",
	[XENBR_NETBACK_STATS_A_ORPHANED] = "orphaned",
	[XENBR_NETBACK_STATS_A_PENDING] = "pending",
};

int cmd_netback(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct glue g = { 0 };
	int err, i;

	if (need_args(argc, 0, 1)) {
		bool on = parse_onoff(argv[0]);

		nlh = req(XENBR_CMD_NETBACK_SET, NLM_F_ACK);
		mnl_attr_put_u8(nlh, XENBR_A_NETBACK_AUTO, on);
		err = do_change(nlh);
		if (err)
			die_nl(err, "netback %s", argv[0]);
		return 0;
	}
	get_glue(&g);
	if (!json) {
		printf("netback glue: %s\n", g.on ? "on" : "off");
		return 0;
	}
	jopen('{');
	jbool("enabled", g.on);
	if (g.counted) {
		jkey("vifs");
		jopen('{');
		for (i = 1; i <= XENBR_NETBACK_STATS_A_MAX; i++)
			juint(glue_count_names[i], g.counts[i]);
		jclose('}');
	} else {
		/* Outside the host's namespace: its guests are not ours. */
		jstr("vifs", NULL);
	}
	jclose('}');
	jend();
	return 0;
}
