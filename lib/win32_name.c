// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 core: "\\SERVER\pipe\NAME" and "\\SERVER\mailslot\NAME"
 * paths, checked as Windows does.  np_parse_name() splits them (the
 * library's one parser); this adds Windows' rules on top: the length of
 * the whole path, which servers are this machine, and the name the native
 * calls are given.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "win32_internal.h"

#define PATH_MAX_CHARS	256	/* the whole "\\.\pipe\NAME", as Windows */

static int is_local_server(const char *s, size_t len)
{
	char host[256];

	if (len == 1 && s[0] == '.')
		return 1;
	if (len == 9 && !strncasecmp(s, "localhost", 9))
		return 1;
	if (gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = 0;
		if (strlen(host) == len && !strncasecmp(s, host, len))
			return 1;
	}
	return 0;
}

enum np_name_kind w32_path_kind(const char *path)
{
	enum np_name_kind kind;

	if (!path || path[0] != '\\')
		return NP_NAME_NONE;	/* a bare name is a file name here */
	np_parse_name(path, &kind, NULL, NULL, NULL, NULL);
	return kind;
}

DWORD w32_parse_name(const char *path, enum np_name_kind want,
		     struct wname *w)
{
	enum np_name_kind kind;
	const char *srv, *nm;
	size_t slen, nlen;

	if (!path)
		return ERROR_PATH_NOT_FOUND;
	if (strlen(path) > PATH_MAX_CHARS)
		return ERROR_FILENAME_EXCED_RANGE;
	if (path[0] != '\\')
		return ERROR_INVALID_NAME;
	if (np_parse_name(path, &kind, &srv, &slen, &nm, &nlen) < 0)
		return errno == ENAMETOOLONG ? ERROR_FILENAME_EXCED_RANGE :
			ERROR_INVALID_NAME;
	if (kind != want)
		return ERROR_INVALID_NAME;
	w->dot = slen == 1 && srv[0] == '.';
	w->local = is_local_server(srv, slen);
	/* The native calls take local paths only: "\\.\" + the rest. */
	w->name = path;
	if (!w->dot) {
		snprintf(w->buf, sizeof(w->buf), "\\\\.\\%s\\%s",
			 kind == NP_NAME_PIPE ? "pipe" : "mailslot", nm);
		w->name = w->buf;
	}
	return 0;
}
