// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 objects: mailslots (CreateMailslotA, GetMailslotInfo,
 * SetMailslotInfo).  The writer open of CreateFileA is the core's
 * (w32_open_name()); reads and writes are ReadFile/WriteFile
 * (win32_file.c): one read(2) or write(2) per message.
 */
#include <errno.h>
#include <unistd.h>

#include "win32_core.h"

static int64_t timeout_ms(DWORD ms)
{
	return ms == MAILSLOT_WAIT_FOREVER ? NP_TIMEOUT_INFINITE : ms;
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
	return w32_new_handle(fd, &(struct fdent){ .kind = K_MS_READ,
		.inherit = w32_sa_inherit(lpSecurityAttributes) });
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
