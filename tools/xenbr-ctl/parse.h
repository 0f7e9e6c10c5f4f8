/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr-ctl: reading the command line's words and writing MACs. A word
 * that does not parse ends the program with a message naming the verb.
 */
#ifndef XENBR_CTL_PARSE_H
#define XENBR_CTL_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#define ETH_ALEN	6

/* An interface name: not empty, shorter than IFNAMSIZ. */
void check_name(const char *name);
/* xx:xx:xx:xx:xx:xx into @mac (ETH_ALEN bytes). */
void parse_mac(const char *s, uint8_t *mac);
/* An unsigned integer (decimal, 0x hex, 0 octal) up to @max. */
unsigned long parse_uint(const char *s, unsigned long max, const char *what);
/* A number of seconds, fractions allowed, from 0 to @max. */
double parse_seconds(const char *s, double max, const char *what);
/* on|yes|1 or off|no|0. */
bool parse_onoff(const char *s);

/* @mac as xx:xx:xx:xx:xx:xx in @out (18 bytes). */
void fmt_mac(char *out, const uint8_t *mac);

#endif
