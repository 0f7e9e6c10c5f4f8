// SPDX-License-Identifier: GPL-2.0
/* xenbr-ctl: argument parsing, and MACs as text. */

#include <ctype.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "errors.h"
#include "parse.h"

void check_name(const char *name)
{
	if (!*name || strlen(name) >= IFNAMSIZ)
		die("%s: invalid interface name '%s'", verb, name);
}

void parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[ETH_ALEN];
	char end;
	int i;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &end) != ETH_ALEN || strlen(s) != 17)
		die("%s: invalid MAC address '%s' (want xx:xx:xx:xx:xx:xx)",
		    verb, s);
	for (i = 0; i < ETH_ALEN; i++) {
		if (!isxdigit((unsigned char)s[3 * i]) ||
		    !isxdigit((unsigned char)s[3 * i + 1]))
			die("%s: invalid MAC address '%s'", verb, s);
		mac[i] = b[i];
	}
}

unsigned long parse_uint(const char *s, unsigned long max, const char *what)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || *s == '-' || v > max)
		die("%s: invalid %s '%s' (0 to %lu)", verb, what, s, max);
	return v;
}

double parse_seconds(const char *s, double max, const char *what)
{
	double v;
	char *end;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0) || v > max)
		die("%s: invalid %s '%s' (0 to %.0f seconds)", verb, what, s,
		    max);
	return v;
}

bool parse_onoff(const char *s)
{
	if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "1"))
		return true;
	if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "0"))
		return false;
	die("%s: expect on or off, not '%s'", verb, s);
}

void fmt_mac(char *out, const uint8_t *mac)
{
	sprintf(out, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
		mac[3], mac[4], mac[5]);
}
