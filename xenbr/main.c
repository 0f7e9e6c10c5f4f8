// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr: module entry and exit.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/rtnetlink.h>
#include "xenbr.h"

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
	err = rtnl_link_register(&xenbr_link_ops);
	if (err)
		goto err_notifier;

	pr_info("xenbr " XENBR_VERSION " loaded\n");
	return 0;

err_notifier:
	unregister_netdevice_notifier(&xenbr_notifier);
err_cache:
	xenbr_fdb_cache_destroy();
	return err;
}

static void __exit xenbr_exit(void)
{
	/* Deletes every bridge in every netns, and so releases every port. */
	rtnl_link_unregister(&xenbr_link_ops);
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
