/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr-ctl: a tiny JSON emitter on stdout that places the commas. A NULL
 * key is an array element; jkey() alone starts a member whose value is
 * opened next.
 */
#ifndef XENBR_CTL_JSON_H
#define XENBR_CTL_JSON_H

#include <stdbool.h>

/* -j or --json was given: print JSON instead of text. */
extern bool json;
/* One member or element a line, indented (the state file). */
extern bool jpretty;

void jopen(char c);
void jclose(char c);
void jkey(const char *k);
/* A string, or null when @v is NULL. */
void jstr(const char *k, const char *v);
void juint(const char *k, unsigned long long v);
void jbool(const char *k, bool v);
/* @ms milliseconds as seconds, three decimals. */
void jsecs(const char *k, unsigned int ms);
/* Ends a document: a newline. */
void jend(void);
/* The next value starts a new document (the monitor: one per event). */
void jreset(void);

#endif
