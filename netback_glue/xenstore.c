// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr netback glue: the real &struct xenbr_glue_ops, on xenbus. Built
 * without Xen as stubs: the glue never starts there (see glue.c).
 */

#include <linux/device.h>
#include <linux/err.h>
#include <linux/string.h>
#include <kunit/visibility.h>
#include <xen/xenbus.h>
#include "glue_priv.h"

#if IS_ENABLED(CONFIG_XEN_BACKEND)

static char *xenbr_xs_read(void *priv, const char *node, const char *key)
{
	/* xenstore answers a missing key with ENOENT. */
	return xenbus_read(XBT_NIL, node, key, NULL);
}

static int xenbr_xs_set_status(void *priv, const char *node,
			       const char *status, const char *error)
{
	struct xenbus_transaction xbt;
	int err;

again:
	err = xenbus_transaction_start(&xbt);
	if (err)
		return err;
	/*
	 * The toolstack removes the node when the guest goes away, and a
	 * plain write would create it again: write only into a node that
	 * is still there.
	 */
	if (!xenbus_exists(xbt, node, "")) {
		xenbus_transaction_end(xbt, 1);
		return -ENOENT;
	}
	if (error) {
		err = xenbus_write(xbt, node, "hotplug-error", error);
		if (err)
			goto abort;
	}
	err = xenbus_write(xbt, node, "hotplug-status", status);
	if (err)
		goto abort;
	err = xenbus_transaction_end(xbt, 0);
	if (err == -EAGAIN)
		goto again;
	return err;

abort:
	xenbus_transaction_end(xbt, 1);
	return err;
}

/*
 * A netback vif is the child of a device on the xen-backend bus bound to
 * netback's driver, "vif". Its name says nothing: "vifname" changes it.
 */
static bool xenbr_xs_identify(void *priv, const struct net_device *dev,
			      struct xenbr_glue_id *id)
{
	struct device *parent = dev->dev.parent;
	struct xenbus_device *xdev;
	unsigned int domid, handle;
	int end = 0;

	if (!parent || !parent->bus || strcmp(parent->bus->name, "xen-backend"))
		return false;
	if (!parent->driver || strcmp(parent->driver->name, "vif"))
		return false;
	xdev = to_xenbus_device(parent);
	if (sscanf(xdev->nodename, "backend/vif/%u/%u%n", &domid, &handle,
		   &end) != 2 || xdev->nodename[end] ||
	    domid != xdev->otherend_id)
		return false;
	if (strscpy(id->node, xdev->nodename, sizeof(id->node)) < 0)
		return false;
	id->domid = domid;
	id->handle = handle;
	return true;
}

#else /* !CONFIG_XEN_BACKEND */

static char *xenbr_xs_read(void *priv, const char *node, const char *key)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static int xenbr_xs_set_status(void *priv, const char *node,
			       const char *status, const char *error)
{
	return -EOPNOTSUPP;
}

static bool xenbr_xs_identify(void *priv, const struct net_device *dev,
			      struct xenbr_glue_id *id)
{
	return false;
}

#endif /* CONFIG_XEN_BACKEND */

const struct xenbr_glue_ops xenbr_glue_xs_ops = {
	.read		= xenbr_xs_read,
	.set_status	= xenbr_xs_set_status,
	.identify	= xenbr_xs_identify,
};
EXPORT_SYMBOL_IF_KUNIT(xenbr_glue_xs_ops);
