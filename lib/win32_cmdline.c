// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 core: command lines.  CreateProcessA splits one into argv
 * with the Microsoft C runtime rules; GetCommandLineA quotes this
 * process's argv back the same way.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "win32_core.h"

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* argv[0]: quotes group, backslashes are literal. */
static const char *copy_program(const char *p, char **o)
{
	if (*p == '"') {
		for (p++; *p && *p != '"'; p++)
			*(*o)++ = *p;
		if (*p == '"')
			p++;
	} else {
		while (*p && *p != ' ' && *p != '\t')
			*(*o)++ = *p++;
	}
	*(*o)++ = 0;
	return p;
}

/* 2n backslashes before a quote are n; 2n + 1 are n and a literal quote. */
static const char *copy_backslashes(const char *p, char **o)
{
	size_t bs = 0;

	while (*p == '\\') {
		bs++;
		p++;
	}
	if (*p != '"') {
		while (bs--)
			*(*o)++ = '\\';
		return p;
	}
	for (; bs >= 2; bs -= 2)
		*(*o)++ = '\\';
	if (bs) {
		*(*o)++ = '"';
		p++;
	}
	return p;
}

/* One argument after argv[0]. */
static const char *copy_argument(const char *p, char **o)
{
	int quoted = 0;

	while (*p && (quoted || (*p != ' ' && *p != '\t'))) {
		if (*p == '\\') {
			p = copy_backslashes(p, o);
		} else if (*p == '"' && quoted && p[1] == '"') {
			*(*o)++ = '"';	/* "" inside quotes: a quote */
			p += 2;
		} else if (*p == '"') {
			quoted = !quoted;
			p++;
		} else {
			*(*o)++ = *p++;
		}
	}
	*(*o)++ = 0;
	return p;
}

char **w32_split_cmdline(const char *cmd, int *argc_out)
{
	size_t n = strlen(cmd);
	int argc = 0, max = (int)n / 2 + 2;
	const char *p = skip_blanks(cmd);
	char **argv, *o;

	/* One block: the vector, then the strings (never longer than cmd). */
	argv = malloc((size_t)(max + 1) * sizeof(char *) + n + 1);
	if (!argv)
		return NULL;
	o = (char *)(argv + max + 1);
	if (*p) {
		argv[argc++] = o;
		p = copy_program(p, &o);
	}
	for (p = skip_blanks(p); *p; p = skip_blanks(p)) {
		argv[argc++] = o;
		p = copy_argument(p, &o);
	}
	argv[argc] = NULL;
	*argc_out = argc;
	return argv;
}

/* Append @a quoted so that w32_split_cmdline() gives it back. */
static char *quote_argument(char *o, const char *a, size_t len)
{
	size_t k, bs = 0;

	if (len && !strpbrk(a, " \t\"")) {
		memcpy(o, a, len);
		return o + len;
	}
	*o++ = '"';
	for (k = 0; k < len; k++) {
		if (a[k] == '\\') {
			bs++;
		} else if (a[k] == '"') {
			while (bs--)
				*o++ = '\\';
			*o++ = '\\';
			bs = 0;
		} else {
			bs = 0;
		}
		*o++ = a[k];
	}
	while (bs--)		/* backslashes before the closing quote */
		*o++ = '\\';
	*o++ = '"';
	return o;
}

static pthread_once_t cmdline_once = PTHREAD_ONCE_INIT;
static char *cmdline;

static void build_cmdline(void)
{
	char buf[65536], *out, *o;
	ssize_t n = 0, r;
	size_t i, len;
	int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		while (n < (ssize_t)sizeof(buf) &&
		       (r = read(fd, buf + n, sizeof(buf) - (size_t)n)) > 0)
			n += r;
		close(fd);
	}
	out = malloc((size_t)n * 4 + 3);
	if (!out) {
		cmdline = (char *)"";
		return;
	}
	o = out;
	for (i = 0; i < (size_t)n; i += len + 1) {
		len = strnlen(buf + i, (size_t)n - i);
		if (o != out)
			*o++ = ' ';
		o = quote_argument(o, buf + i, len);
	}
	*o = 0;
	cmdline = out;
}

LPSTR WINAPI GetCommandLineA(void)
{
	pthread_once(&cmdline_once, build_cmdline);
	return cmdline;
}
