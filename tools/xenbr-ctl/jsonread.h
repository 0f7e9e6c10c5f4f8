/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenbr-ctl: a strict JSON reader for the state file (save/restore). The
 * whole text becomes a tree; every value knows its line and column, so that
 * an error can name the place. Numbers are integers: the state file has no
 * other kind.
 */
#ifndef XENBR_CTL_JSONREAD_H
#define XENBR_CTL_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>

enum jtype { JT_NULL, JT_BOOL, JT_INT, JT_STR, JT_ARRAY, JT_OBJECT };

struct jval {
	enum jtype type;
	unsigned int line, col;
	bool b;
	long long i;
	char *s;		/* JT_STR */
	char *key;		/* a member of an object: its name, */
	unsigned int key_line, key_col;	/* and where the name is */
	struct jval *items;	/* JT_ARRAY, JT_OBJECT */
	size_t n;
	bool used;		/* a member the reader took: the rest are unknown */
};

/*
 * Parses @len bytes of @text into @root. Returns 0, or -1 with "LINE:COL:
 * what" in @err; @root is then empty.
 */
int jparse(const char *text, size_t len, struct jval *root, char *err,
	   size_t err_size);
void jfree(struct jval *v);
/* The member @key of object @obj, marked used; NULL when absent. */
struct jval *jget(struct jval *obj, const char *key);
const char *jtype_name(enum jtype t);

#endif
