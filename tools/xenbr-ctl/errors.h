/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr-ctl: errors. Each is one line on stderr, "xenbr-ctl: ...", then
 * exit status 1 (wrong usage, 2, is the dispatcher's usage_of()).
 */
#ifndef XENBR_CTL_ERRORS_H
#define XENBR_CTL_ERRORS_H

/* The verb being run, as messages name it ("xenbr-ctl" before one is). */
extern const char *verb;

void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...);

/*
 * A request that failed with @err (-errno): the message, then the kernel's
 * own words when it gave some, else the attribute it missed, else errno's.
 */
void __attribute__((noreturn, format(printf, 2, 3)))
die_nl(int err, const char *fmt, ...);

#endif
