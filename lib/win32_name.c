// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 layer: "\\SERVER\pipe\NAME" and "\\SERVER\mailslot\NAME"
 * paths, checked as Windows does and turned into the kernel's bare names.
 */
#include <errno.h>
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

char w32_path_kind(const char *path)
{
	const char *p;

	if (path[0] != '\\' || path[1] != '\\')
		return 0;
	p = strchr(path + 2, '\\');
	if (!p || p == path + 2)
		return 0;
	if (!strncasecmp(p + 1, "pipe\\", 5))
		return 'p';
	if (!strncasecmp(p + 1, "mailslot\\", 9))
		return 'm';
	return 0;
}

/*
 * np_parse_name() refuses backslashes in NAME; a mailslot NAME may have
 * them (pseudo-directories): split such a path by hand.
 */
static DWORD parse_mailslot_path(const char *path, const char **srv,
				 size_t *slen, const char **nm, size_t *nlen)
{
	*srv = path + 2;
	*slen = (size_t)(strchr(*srv, '\\') - *srv);
	*nm = *srv + *slen + 1 + strlen("mailslot\\");
	*nlen = strlen(*nm);
	if (!*nlen)
		return ERROR_INVALID_NAME;
	if (*nlen > NP_NAME_MAX)
		return ERROR_FILENAME_EXCED_RANGE;
	return 0;
}

DWORD w32_parse_name(const char *path, char want, struct wname *w)
{
	const char *srv, *nm;
	size_t slen, nlen, i;
	char kind;
	DWORD err;

	if (!path)
		return ERROR_PATH_NOT_FOUND;
	if (strlen(path) > PATH_MAX_CHARS)
		return ERROR_FILENAME_EXCED_RANGE;
	if (path[0] != '\\')
		return ERROR_INVALID_NAME;
	if (np_parse_name(path, &kind, &srv, &slen, &nm, &nlen) < 0) {
		if (want != 'm' || w32_path_kind(path) != 'm')
			return errno == ENAMETOOLONG ?
				ERROR_FILENAME_EXCED_RANGE : ERROR_INVALID_NAME;
		err = parse_mailslot_path(path, &srv, &slen, &nm, &nlen);
		if (err)
			return err;
		kind = 'm';
	}
	if (kind != want)
		return ERROR_INVALID_NAME;
	w->kind = kind;
	w->dot = slen == 1 && srv[0] == '.';
	w->broadcast = slen == 1 && srv[0] == '*';
	w->local = is_local_server(srv, slen);
	/* The kernel takes no backslash: mailslot directories use '/'. */
	if (kind == 'm' && memchr(nm, '\\', nlen)) {
		for (i = 0; i < nlen; i++)
			w->buf[i] = nm[i] == '\\' ? '/' : nm[i];
		nm = w->buf;
	}
	w->name = nm;
	w->len = nlen;
	return 0;
}
