// SPDX-License-Identifier: GPL-2.0
/* xenbr-ctl: JSON output, a tiny emitter that places commas. */

#include <stdio.h>
#include "json.h"

bool json;
bool jpretty;

static int jdepth;
static bool jfirst[32] = { true };
/* A member's name was just written: its value follows on the same line. */
static bool after_key;

static void jindent(int depth)
{
	putchar('\n');
	while (depth-- > 0)
		fputs("  ", stdout);
}

static void jsep(void)
{
	if (!jfirst[jdepth])
		putchar(',');
	if (jpretty && jdepth && !after_key)
		jindent(jdepth);
	after_key = false;
	jfirst[jdepth] = false;
}

static void jstr_raw(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

void jopen(char c)
{
	jsep();
	putchar(c);
	jfirst[++jdepth] = true;
}

void jclose(char c)
{
	if (jpretty && !jfirst[jdepth])
		jindent(jdepth - 1);
	putchar(c);
	jdepth--;
}

void jkey(const char *k)
{
	jsep();
	jstr_raw(k);
	fputs(jpretty ? ": " : ":", stdout);
	jfirst[jdepth] = true;
	after_key = true;
}

void jstr(const char *k, const char *v)
{
	if (k)
		jkey(k);
	jsep();
	if (v)
		jstr_raw(v);
	else
		fputs("null", stdout);
}

void juint(const char *k, unsigned long long v)
{
	if (k)
		jkey(k);
	jsep();
	printf("%llu", v);
}

void jbool(const char *k, bool v)
{
	jkey(k);
	jsep();
	fputs(v ? "true" : "false", stdout);
}

void jsecs(const char *k, unsigned int ms)
{
	jkey(k);
	jsep();
	printf("%u.%03u", ms / 1000, ms % 1000);
}

void jend(void)
{
	putchar('\n');
}

void jreset(void)
{
	jfirst[0] = true;
}
