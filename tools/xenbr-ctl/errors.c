// SPDX-License-Identifier: GPL-2.0
/* xenbr-ctl: errors, one line on stderr, then a non-zero exit. */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "errors.h"
#include "model.h"

const char *verb = "xenbr-ctl";

void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "xenbr-ctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static const char *attr_name(unsigned int type)
{
	static const char *const names[] = {
		[XENBR_A_BR_IFINDEX] = "bridge ifindex",
		[XENBR_A_BR_IFNAME] = "bridge name",
		[XENBR_A_BR_MAC] = "bridge MAC",
		[XENBR_A_PORT_IFINDEX] = "port ifindex",
		[XENBR_A_PORT_IFNAME] = "port name",
		[XENBR_A_FDB_MAC] = "MAC address",
		[XENBR_A_NETBACK_AUTO] = "netback glue setting",
		[XENBR_A_VLAN] = "VLAN",
		[XENBR_A_BR_VLAN_FILTERING] = "VLAN filtering setting",
		[XENBR_A_BR_VLAN_DEFAULT_PVID] = "default PVID",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return "attribute";
}

void die_nl(int err, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "xenbr-ctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (nl.ext_msg[0])
		fprintf(stderr, ": %s", nl.ext_msg);
	else if (nl.ext_miss)
		fprintf(stderr, ": missing %s", attr_name(nl.ext_miss));
	else
		fprintf(stderr, ": %s", strerror(-err));
	fputc('\n', stderr);
	exit(1);
}
