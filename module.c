// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: module entry and exit - the bridge core (xenbr/) first, then the
 * netback glue (netback_glue/), which builds on it; the core never calls
 * the glue by name.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>
#include "xenbr.h"
#include "netback_glue/glue.h"

static struct notifier_block xenbr_notifier = {
	.notifier_call = xenbr_netdev_event,
};

static int __init xenbr_init(void)
{
	int err;

	err = xenbr_fdb_cache_create();
	if (err)
		return err;
	err = register_netdevice_notifier(&xenbr_notifier);
	if (err)
		goto err_cache;
	/* Before any bridge exists, as bridges send events through it. */
	err = xenbr_nl_init();
	if (err)
		goto err_notifier;
	err = rtnl_link_register(&xenbr_link_ops);
	if (err)
		goto err_nl;
	/* Last: it attaches vifs that already exist to bridges. */
	err = xenbr_glue_init();
	if (err)
		goto err_link;

	pr_info("xenbr " XENBR_VERSION " loaded\n");
	return 0;

err_link:
	xenbr_dev_refuse_new();
	rtnl_link_unregister(&xenbr_link_ops);
err_nl:
	xenbr_nl_fini();
err_notifier:
	unregister_netdevice_notifier(&xenbr_notifier);
	/* Bridges made meanwhile freed ports and entries by RCU callbacks. */
	rcu_barrier();
err_cache:
	xenbr_fdb_cache_destroy();
	return err;
}

static void __exit xenbr_exit(void)
{
	/* First: no vif is attached to a bridge after this. */
	xenbr_glue_fini();
	/*
	 * A genetlink request may wait for RTNL to create a bridge: it is
	 * refused from here on, so that the next step removes the last one.
	 */
	xenbr_dev_refuse_new();
	/* Deletes every bridge in every netns, and so releases every port. */
	rtnl_link_unregister(&xenbr_link_ops);
	xenbr_nl_fini();
	unregister_netdevice_notifier(&xenbr_notifier);
	/* Ports and FDB entries are freed by RCU callbacks in this module. */
	rcu_barrier();
	xenbr_fdb_cache_destroy();
	pr_info("xenbr unloaded\n");
}

module_init(xenbr_init);
module_exit(xenbr_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("MAC-learning bridge for Xen dom0 guest networking");
MODULE_VERSION(XENBR_VERSION);
MODULE_ALIAS_RTNL_LINK(XENBR_LINK_KIND);
MODULE_ALIAS_GENL_FAMILY(XENBR_GENL_NAME);
