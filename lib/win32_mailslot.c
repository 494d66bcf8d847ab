// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 layer: mailslots (CreateMailslotA, the writer open of
 * CreateFileA, GetMailslotInfo, SetMailslotInfo).  Reads and writes are
 * ReadFile/WriteFile (win32_file.c): one read(2) or write(2) per message.
 */
#include <errno.h>
#include <unistd.h>

#include "win32_internal.h"

static int64_t timeout_ms(DWORD ms)
{
	return ms == MAILSLOT_WAIT_FOREVER ? NP_TIMEOUT_INFINITE : ms;
}

HANDLE w32_open_mailslot(const char *path, int wr, int inherit)
{
	struct fdent e = { .kind = K_MS_WRITE, .noread = 1 };
	struct wname w;
	DWORD err;
	int fd;

	err = w32_parse_name(path, NP_NAME_MAILSLOT, &w);
	if (err)
		return w32_fail_h(err);
	/* "\\*\mailslot\NAME" or a domain: a broadcast, 424 bytes at most. */
	fd = np_mailslot_open(w.name, w.local ? 0 : NP_OPEN_BROADCAST);
	if (fd < 0)
		return w32_fail_h(errno == ENODEV ? ERROR_FILE_NOT_FOUND :
				  w32_errno(errno));
	e.inherit = !!inherit;
	e.nowrite = !wr;
	if (w32_set_fd(fd, &e) < 0) {
		close(fd);
		return w32_fail_h(ERROR_NOT_ENOUGH_MEMORY);
	}
	w32_set_error(ERROR_SUCCESS);
	return w32_fd_handle(fd);
}

HANDLE WINAPI CreateMailslotA(LPCSTR lpName, DWORD nMaxMessageSize,
			      DWORD lReadTimeout,
			      LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
	struct wname w;
	DWORD err;
	int fd;

	err = w32_parse_name(lpName, NP_NAME_MAILSLOT, &w);
	if (err)
		return w32_fail_h(err);
	if (!w.dot)		/* only a local mailslot has a reader here */
		return w32_fail_h(ERROR_INVALID_NAME);
	fd = np_mailslot_create(w.name, nMaxMessageSize,
				timeout_ms(lReadTimeout),
				w32_sa_mode(lpSecurityAttributes));
	if (fd < 0)
		return w32_fail_h(errno == EEXIST ? ERROR_ALREADY_EXISTS :
				  w32_errno(errno));
	return w32_new_handle(fd, K_MS_READ,
			      w32_sa_inherit(lpSecurityAttributes));
}

BOOL WINAPI GetMailslotInfo(HANDLE hMailslot, LPDWORD lpMaxMessageSize,
			    LPDWORD lpNextSize, LPDWORD lpMessageCount,
			    LPDWORD lpReadTimeout)
{
	struct np_mailslot_info mi;
	int fd;

	fd = w32_get_fd(hMailslot, NULL);
	if (fd < 0)
		return w32_fail(ERROR_INVALID_HANDLE);
	if (np_mailslot_info(fd, &mi) < 0)
		return w32_fail(w32_errno(errno));
	if (lpMaxMessageSize)
		*lpMaxMessageSize = mi.max_msg_size;
	if (lpNextSize)
		*lpNextSize = mi.next_size;
	if (lpMessageCount)
		*lpMessageCount = mi.nr_msgs;
	if (lpReadTimeout)
		*lpReadTimeout = mi.read_timeout_ms == NP_TIMEOUT_INFINITE ?
			MAILSLOT_WAIT_FOREVER : (DWORD)mi.read_timeout_ms;
	return TRUE;
}

BOOL WINAPI SetMailslotInfo(HANDLE hMailslot, DWORD lReadTimeout)
{
	int fd;

	fd = w32_get_fd(hMailslot, NULL);
	if (fd < 0)
		return w32_fail(ERROR_INVALID_HANDLE);
	if (np_mailslot_set_timeout(fd, timeout_ms(lReadTimeout)) < 0)
		return w32_fail(w32_errno(errno));
	return TRUE;
}
