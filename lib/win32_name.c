// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 core: "\\SERVER\pipe\NAME" and "\\SERVER\mailslot\NAME"
 * paths, checked as Windows does, and the client opens of what they name.
 * np_parse_name() splits them (the library's one parser); this adds
 * Windows' rules on top: the length of the whole path, which servers are
 * this machine, and the name the native calls are given.
 *
 * The opens are here, below the pipe and mailslot files, because both
 * CreateFileA (win32_file.c) and CallNamedPipeA (win32_pipe.c) open pipes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "win32_core.h"

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

/* Failed opens: without the module there is no pipe of that name either. */
static HANDLE open_failed(int err)
{
	return w32_fail_h(err == ENODEV ? ERROR_FILE_NOT_FOUND : w32_errno(err));
}

static HANDLE open_pipe(const struct wname *w, int rd, int wr, int attr,
			int inherit)
{
	int fd;

	if (!w->local)
		return w32_fail_h(ERROR_BAD_NETPATH);
	fd = np_open(w->name, (rd ? NP_OPEN_READ : 0) | (wr ? NP_OPEN_WRITE : 0));
	if (fd < 0)
		return open_failed(errno);
	w32_set_error(ERROR_SUCCESS);
	return w32_new_handle(fd, &(struct fdent){ .kind = K_PIPE,
		.inherit = inherit, .noattr = !attr });
}

/* "\\*\mailslot\NAME" or a domain: a broadcast, 424 bytes at most. */
static HANDLE open_mailslot(const struct wname *w, int wr, int inherit)
{
	HANDLE h;
	int fd;

	fd = np_mailslot_open(w->name, w->local ? 0 : NP_OPEN_BROADCAST);
	if (fd < 0)
		return open_failed(errno);
	h = w32_new_handle(fd, &(struct fdent){ .kind = K_MS_WRITE,
		.inherit = inherit, .noread = 1, .nowrite = !wr });
	if (h != INVALID_HANDLE_VALUE)
		w32_set_error(ERROR_SUCCESS);
	return h;
}

HANDLE w32_open_name(const char *path, int rd, int wr, int attr, int inherit)
{
	enum np_name_kind kind = w32_path_kind(path);
	struct wname w;
	DWORD err;

	if (kind != NP_NAME_MAILSLOT)
		kind = NP_NAME_PIPE;
	err = w32_parse_name(path, kind, &w);
	if (err)
		return w32_fail_h(err);
	if (kind == NP_NAME_MAILSLOT)
		return open_mailslot(&w, wr, inherit);
	return open_pipe(&w, rd, wr, attr, inherit);
}
