// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: a strict JSON reader (RFC 8259, integers only), for the state
 * file. Recursive descent over the whole text, depth bounded; a duplicate
 * member name is an error, since it would make one of the two silent.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "jsonread.h"

#define JSON_DEPTH_MAX	16

struct reader {
	const char *p, *end;
	unsigned int line, col;
	char *err;
	size_t err_size;
	bool failed;
};

static bool fail(struct reader *r, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (r->failed)
		return false;
	r->failed = true;
	n = snprintf(r->err, r->err_size, "%u:%u: ", r->line, r->col);
	if (n >= r->err_size)
		return false;
	va_start(ap, fmt);
	vsnprintf(r->err + n, r->err_size - n, fmt, ap);
	va_end(ap);
	return false;
}

static void advance(struct reader *r)
{
	if (*r->p == '\n') {
		r->line++;
		r->col = 1;
	} else {
		r->col++;
	}
	r->p++;
}

static void skip_space(struct reader *r)
{
	while (r->p < r->end &&
	       (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		advance(r);
}

static bool literal(struct reader *r, const char *word)
{
	size_t n = strlen(word), left = r->end - r->p;

	if (left < n && !memcmp(r->p, word, left))
		return fail(r, "the text ends inside '%s'", word);
	if (left < n || memcmp(r->p, word, n))
		return fail(r, "unexpected '%c': this is not JSON", *r->p);
	while (n--)
		advance(r);
	return true;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A \uXXXX escape, as UTF-8 into @out (at most 3 bytes: no surrogates). */
static bool unicode_escape(struct reader *r, char *out, size_t *n)
{
	unsigned int cp = 0;
	int i, d;

	for (i = 0; i < 4; i++) {
		d = r->p < r->end ? hex_digit(*r->p) : -1;
		if (d < 0)
			return fail(r, "bad \\u escape");
		cp = cp << 4 | d;
		advance(r);
	}
	if (!cp || (cp >= 0xd800 && cp <= 0xdfff))
		return fail(r, "\\u%04x is not allowed in the state file", cp);
	if (cp < 0x80) {
		out[(*n)++] = cp;
	} else if (cp < 0x800) {
		out[(*n)++] = 0xc0 | cp >> 6;
		out[(*n)++] = 0x80 | (cp & 0x3f);
	} else {
		out[(*n)++] = 0xe0 | cp >> 12;
		out[(*n)++] = 0x80 | (cp >> 6 & 0x3f);
		out[(*n)++] = 0x80 | (cp & 0x3f);
	}
	return true;
}

static bool string(struct reader *r, char **out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *start = ++r->p;
	char *s, *hit;
	size_t n = 0;

	r->col++;
	/* Escapes only shrink: the raw length is enough. */
	while (start < r->end && *start != '"')
		start += *start == '\\' && start + 1 < r->end ? 2 : 1;
	s = malloc(start - r->p + 1);
	if (!s)
		return fail(r, "out of memory");
	while (r->p < r->end && *r->p != '"') {
		unsigned char c = *r->p;

		if (c < 0x20) {
			free(s);
			return fail(r, "a control character in a string");
		}
		if (c != '\\') {
			s[n++] = c;
			advance(r);
			continue;
		}
		advance(r);
		if (r->p >= r->end)
			break;
		if (*r->p == 'u') {
			advance(r);
			if (!unicode_escape(r, s, &n)) {
				free(s);
				return false;
			}
			continue;
		}
		hit = *r->p ? strchr(from, *r->p) : NULL;
		if (!hit) {
			free(s);
			return fail(r, "bad escape '\\%c'", *r->p);
		}
		s[n++] = to[hit - from];
		advance(r);
	}
	if (r->p >= r->end) {
		free(s);
		return fail(r, "the text ends inside a string");
	}
	advance(r);
	s[n] = '\0';
	*out = s;
	return true;
}

static bool number(struct reader *r, struct jval *v)
{
	const char *start = r->p;
	char buf[32];
	size_t n;

	if (r->p < r->end && *r->p == '-')
		r->p++;
	if (r->p >= r->end || *r->p < '0' || *r->p > '9')
		return fail(r, "a bad number");
	if (*r->p == '0' && r->p + 1 < r->end && r->p[1] >= '0' &&
	    r->p[1] <= '9')
		return fail(r, "a number with a leading zero");
	while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
		r->p++;
	if (r->p < r->end && (*r->p == '.' || *r->p == 'e' || *r->p == 'E'))
		return fail(r, "only whole numbers are used here");
	n = r->p - start;
	if (n >= sizeof(buf))
		return fail(r, "a number too large");
	memcpy(buf, start, n);
	buf[n] = '\0';
	errno = 0;
	v->i = strtoll(buf, NULL, 10);
	if (errno)
		return fail(r, "a number too large");
	r->col += n;
	v->type = JT_INT;
	return true;
}

static bool value(struct reader *r, struct jval *v, int depth);

static struct jval *add_item(struct reader *r, struct jval *v, size_t *cap)
{
	struct jval *items;

	if (v->n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		items = realloc(v->items, *cap * sizeof(*items));
		if (!items) {
			fail(r, "out of memory");
			return NULL;
		}
		v->items = items;
	}
	memset(&v->items[v->n], 0, sizeof(*v->items));
	return &v->items[v->n++];
}

static bool container(struct reader *r, struct jval *v, int depth)
{
	bool object = *r->p == '{';
	char close = object ? '}' : ']';
	struct jval *item;
	size_t cap = 0, i;
	char *key = NULL;

	v->type = object ? JT_OBJECT : JT_ARRAY;
	if (depth >= JSON_DEPTH_MAX)
		return fail(r, "nested too deep");
	advance(r);
	skip_space(r);
	if (r->p < r->end && *r->p == close) {
		advance(r);
		return true;
	}
	for (;;) {
		unsigned int key_line, key_col;

		skip_space(r);
		key_line = r->line;
		key_col = r->col;
		if (object) {
			if (r->p >= r->end || *r->p != '"')
				return fail(r, "%s", r->p < r->end ?
					    "a member name was expected" :
					    "the text ends inside an object");
			if (!string(r, &key))
				return false;
			for (i = 0; i < v->n; i++)
				if (!strcmp(v->items[i].key, key)) {
					free(key);
					return fail(r, "\"%s\" is given twice",
						    v->items[i].key);
				}
			skip_space(r);
			if (r->p >= r->end || *r->p != ':') {
				free(key);
				return fail(r, "':' was expected");
			}
			advance(r);
		}
		item = add_item(r, v, &cap);
		if (!item) {
			free(key);
			return false;
		}
		item->key = key;
		item->key_line = key_line;
		item->key_col = key_col;
		key = NULL;
		if (!value(r, item, depth + 1))
			return false;
		skip_space(r);
		if (r->p >= r->end)
			return fail(r, "the text ends inside an %s",
				    object ? "object" : "array");
		if (*r->p == close) {
			advance(r);
			return true;
		}
		if (*r->p != ',')
			return fail(r, "',' or '%c' was expected", close);
		advance(r);
	}
}

static bool value(struct reader *r, struct jval *v, int depth)
{
	skip_space(r);
	v->line = r->line;
	v->col = r->col;
	if (r->p >= r->end)
		return fail(r, "the text ends where a value was expected");
	switch (*r->p) {
	case '{':
	case '[':
		return container(r, v, depth);
	case '"':
		v->type = JT_STR;
		return string(r, &v->s);
	case 't':
		v->type = JT_BOOL;
		v->b = true;
		return literal(r, "true");
	case 'f':
		v->type = JT_BOOL;
		return literal(r, "false");
	case 'n':
		v->type = JT_NULL;
		return literal(r, "null");
	default:
		if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
			return number(r, v);
		return fail(r, "unexpected '%c': this is not JSON", *r->p);
	}
}

int jparse(const char *text, size_t len, struct jval *root, char *err,
	   size_t err_size)
{
	struct reader r = {
		.p = text, .end = text + len, .line = 1, .col = 1,
		.err = err, .err_size = err_size,
	};

	memset(root, 0, sizeof(*root));
	if (memchr(text, '\0', len)) {
		snprintf(err, err_size, "a NUL byte: this is not a text file");
		return -1;
	}
	if (value(&r, root, 0)) {
		skip_space(&r);
		if (r.p < r.end)
			fail(&r, "more text after the end of the document");
	}
	if (!r.failed)
		return 0;
	jfree(root);
	memset(root, 0, sizeof(*root));
	return -1;
}

void jfree(struct jval *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		jfree(&v->items[i]);
		free(v->items[i].key);
	}
	free(v->items);
	free(v->s);
}

struct jval *jget(struct jval *obj, const char *key)
{
	size_t i;

	for (i = 0; i < obj->n; i++)
		if (!strcmp(obj->items[i].key, key)) {
			obj->items[i].used = true;
			return &obj->items[i];
		}
	return NULL;
}

const char *jtype_name(enum jtype t)
{
	static const char *const names[] = {
		[JT_NULL] = "null", [JT_BOOL] = "a boolean",
		[JT_INT] = "a number", [JT_STR] = "a string",
		[JT_ARRAY] = "an array", [JT_OBJECT] = "an object",
	};

	return names[t];
}
