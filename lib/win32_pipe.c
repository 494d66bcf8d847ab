// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 objects: named pipes (CreateNamedPipeA, ConnectNamedPipe,
 * DisconnectNamedPipe, WaitNamedPipeA, PeekNamedPipe, TransactNamedPipe,
 * CallNamedPipeA, handle state and info, peer process ids) and anonymous
 * pipes (CreatePipe), over the native API; the client open of CreateFileA
 * is the core's (w32_open_name()).  The kernel's errno values map one to
 * one to Win32 errors (<linux/npipe.h>), so most calls are a native call
 * and w32_errno().
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "win32_core.h"

/* np_create() flags of CreateNamedPipeA's modes; 0 if they are invalid. */
static unsigned int create_flags(DWORD open_mode, DWORD pipe_mode)
{
	static const unsigned int dir[4] = {
		0, NP_ACCESS_INBOUND, NP_ACCESS_OUTBOUND, NP_ACCESS_DUPLEX
	};
	unsigned int flags = dir[open_mode & PIPE_ACCESS_DUPLEX];

	if (pipe_mode & ~(DWORD)(PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE |
				 PIPE_NOWAIT | PIPE_REJECT_REMOTE_CLIENTS))
		return 0;
	if ((pipe_mode & PIPE_READMODE_MESSAGE) &&
	    !(pipe_mode & PIPE_TYPE_MESSAGE))
		return 0;
	if (open_mode & FILE_FLAG_FIRST_PIPE_INSTANCE)
		flags |= NP_FIRST_INSTANCE;
	if (pipe_mode & PIPE_TYPE_MESSAGE)
		flags |= NP_TYPE_MESSAGE;
	if (pipe_mode & PIPE_READMODE_MESSAGE)
		flags |= NP_READMODE_MESSAGE;
	if (pipe_mode & PIPE_NOWAIT)
		flags |= NP_NOWAIT;
	return flags;
}

HANDLE WINAPI CreateNamedPipeA(LPCSTR lpName, DWORD dwOpenMode,
			       DWORD dwPipeMode, DWORD nMaxInstances,
			       DWORD nOutBufferSize, DWORD nInBufferSize,
			       DWORD nDefaultTimeOut,
			       LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
	struct np_create_attr attr = {
		.flags = create_flags(dwOpenMode, dwPipeMode),
		.max_instances = nMaxInstances,
		.out_quota = nOutBufferSize,
		.in_quota = nInBufferSize,
		.default_timeout_ms = nDefaultTimeOut,
		.mode = w32_sa_mode(lpSecurityAttributes),
	};
	struct wname w;
	DWORD err;
	int fd;

	err = w32_parse_name(lpName, NP_NAME_PIPE, &w);
	if (err)
		return w32_fail_h(err);
	if (!w.dot)		/* only local pipes can be created */
		return w32_fail_h(ERROR_INVALID_NAME);
	if (!(attr.flags & NP_ACCESS_DUPLEX) || nMaxInstances == 0 ||
	    nMaxInstances > PIPE_UNLIMITED_INSTANCES)
		return w32_fail_h(ERROR_INVALID_PARAMETER);
	fd = np_create(w.name, &attr);
	if (fd < 0)
		return w32_fail_h(w32_errno(errno));
	w32_set_error(ERROR_SUCCESS);
	return w32_new_handle(fd, &(struct fdent){ .kind = K_PIPE,
		.inherit = w32_sa_inherit(lpSecurityAttributes) });
}

BOOL WINAPI ConnectNamedPipe(HANDLE hNamedPipe, LPOVERLAPPED lpOverlapped)
{
	int fd;

	w32_ov_start(lpOverlapped);
	fd = w32_pipe_fd(hNamedPipe);
	if (fd < 0)
		return FALSE;
	w32_io_begin(fd);
	if (np_connect(fd) < 0)
		return w32_io_end(fd, w32_fail(w32_errno(errno)));
	w32_ov_done(lpOverlapped, STATUS_SUCCESS, 0);
	return w32_io_end(fd, TRUE);
}

BOOL WINAPI DisconnectNamedPipe(HANDLE hNamedPipe)
{
	int fd = w32_pipe_fd(hNamedPipe);

	if (fd < 0)
		return FALSE;
	w32_io_begin(fd);
	if (np_disconnect(fd) < 0)
		return w32_io_end(fd, w32_fail(w32_errno(errno)));
	return w32_io_end(fd, TRUE);
}

BOOL WINAPI WaitNamedPipeA(LPCSTR lpNamedPipeName, DWORD nTimeOut)
{
	int64_t ms = nTimeOut;
	struct wname w;
	DWORD err;

	err = w32_parse_name(lpNamedPipeName, NP_NAME_PIPE, &w);
	if (err)
		return w32_fail(err);
	if (!w.local)
		return w32_fail(ERROR_BAD_NETPATH);
	if (nTimeOut == NMPWAIT_WAIT_FOREVER)
		ms = NP_TIMEOUT_INFINITE;
	else if (nTimeOut == NMPWAIT_USE_DEFAULT_WAIT)
		ms = NP_TIMEOUT_DEFAULT;
	if (np_wait(w.name, ms) < 0)
		return w32_fail(errno == ENODEV ? ERROR_FILE_NOT_FOUND :
				w32_errno(errno));
	return TRUE;
}

BOOL WINAPI PeekNamedPipe(HANDLE hNamedPipe, LPVOID lpBuffer,
			  DWORD nBufferSize, LPDWORD lpBytesRead,
			  LPDWORD lpTotalBytesAvail,
			  LPDWORD lpBytesLeftThisMessage)
{
	struct np_peek_info pi;
	void *buf = lpBuffer, *tmp = NULL;
	ssize_t r;
	int fd;

	fd = w32_pipe_fd(hNamedPipe);
	if (fd < 0)
		return FALSE;
	/* Windows peeks into a buffer of its own: the counts still hold. */
	if (!buf && nBufferSize) {
		tmp = malloc(nBufferSize);
		if (!tmp)
			return w32_fail(ERROR_NOT_ENOUGH_MEMORY);
		buf = tmp;
	}
	w32_io_begin(fd);
	r = np_peek(fd, buf, nBufferSize, &pi);
	free(tmp);
	if (r < 0)
		return w32_io_end(fd, w32_fail(w32_errno(errno)));
	if (lpBytesRead)
		*lpBytesRead = (DWORD)r;
	if (lpTotalBytesAvail)
		*lpTotalBytesAvail = (DWORD)pi.avail;
	/*
	 * The message length minus the bytes copied, in DWORD arithmetic:
	 * a byte-type pipe has no message length, so Windows reports
	 * (DWORD)-bytes copied there (Wine's tests check it).
	 */
	if (lpBytesLeftThisMessage)
		*lpBytesLeftThisMessage = (DWORD)pi.msg_left - (DWORD)r;
	return w32_io_end(fd, TRUE);
}

BOOL WINAPI TransactNamedPipe(HANDLE hNamedPipe, LPVOID lpInBuffer,
			      DWORD nInBufferSize, LPVOID lpOutBuffer,
			      DWORD nOutBufferSize, LPDWORD lpBytesRead,
			      LPOVERLAPPED lpOverlapped)
{
	size_t left = 0;
	ssize_t r;
	int fd;

	if (lpBytesRead)
		*lpBytesRead = 0;
	w32_ov_start(lpOverlapped);
	fd = w32_pipe_fd(hNamedPipe);
	if (fd < 0)
		return FALSE;
	w32_io_begin(fd);
	r = np_transact(fd, lpInBuffer, nInBufferSize, lpOutBuffer,
			nOutBufferSize, &left);
	if (r < 0)
		return w32_io_end(fd, w32_fail(w32_errno(errno)));
	if (lpBytesRead)
		*lpBytesRead = (DWORD)r;
	w32_ov_done(lpOverlapped, left ? STATUS_BUFFER_OVERFLOW :
		    STATUS_SUCCESS, (DWORD)r);
	return w32_io_end(fd, left ? w32_fail(ERROR_MORE_DATA) : TRUE);
}

/*
 * CreateFileA(GENERIC_READ | GENERIC_WRITE) as Windows' CallNamedPipe does
 * it, but of pipe and mailslot paths only: a file name fails here as
 * WaitNamedPipeA would fail on it (ERROR_INVALID_NAME) rather than be
 * opened.
 */
static HANDLE open_for_call(LPCSTR name, DWORD timeout)
{
	HANDLE h = w32_open_name(name, 1, 1, 1, 0);

	if (h != INVALID_HANDLE_VALUE || !WaitNamedPipeA(name, timeout))
		return h;
	return w32_open_name(name, 1, 1, 1, 0);
}

BOOL WINAPI CallNamedPipeA(LPCSTR lpNamedPipeName, LPVOID lpInBuffer,
			   DWORD nInBufferSize, LPVOID lpOutBuffer,
			   DWORD nOutBufferSize, LPDWORD lpBytesRead,
			   DWORD nTimeOut)
{
	DWORD mode = PIPE_READMODE_MESSAGE, err;
	HANDLE h;
	BOOL ok;

	if (lpBytesRead)
		*lpBytesRead = 0;
	h = open_for_call(lpNamedPipeName, nTimeOut);
	if (h == INVALID_HANDLE_VALUE)
		return FALSE;
	ok = SetNamedPipeHandleState(h, &mode, NULL, NULL) &&
	     TransactNamedPipe(h, lpInBuffer, nInBufferSize, lpOutBuffer,
			       nOutBufferSize, lpBytesRead, NULL);
	/* The rest of a reply that did not fit goes with the handle. */
	err = GetLastError();
	CloseHandle(h);
	w32_set_error(err);
	return ok;
}

/*
 * The name of @uid, or its number.  libnp.so asks NSS (getpwuid_r: files,
 * LDAP, systemd...).  libnp.a reads /etc/passwd with fgetpwent_r instead:
 * in a static program glibc's getpwuid_r needs the shared NSS modules of
 * the glibc it was linked with at run time (the linker warns so in every
 * program using libnp.a), which a static program run elsewhere, such as
 * the tests' busybox VM, does not have.
 */
static void user_name(uid_t uid, char *out, size_t size)
{
	struct passwd pw, *res = NULL;
	char buf[1024];
#ifdef LIBNP_SHARED
	getpwuid_r(uid, &pw, buf, sizeof(buf), &res);
#else
	FILE *f = fopen("/etc/passwd", "re");

	while (f && !fgetpwent_r(f, &pw, buf, sizeof(buf), &res) &&
	       res->pw_uid != uid)
		res = NULL;
	if (f)
		fclose(f);
#endif
	if (res && strlen(res->pw_name) < size)
		strcpy(out, res->pw_name);
	else
		snprintf(out, size, "%u", (unsigned int)uid);
}

static DWORD pipe_state(unsigned int mode)
{
	return ((mode & NP_READMODE_MESSAGE) ? PIPE_READMODE_MESSAGE : 0) |
	       ((mode & NP_NOWAIT) ? PIPE_NOWAIT : 0);
}

/* lpUserName: the client's user name, server ends only. */
static BOOL client_user_name(const struct np_info *info, LPSTR out,
			     DWORD size)
{
	char name[256];

	if (!(info->flags & NP_INFO_SERVER_END))
		return w32_fail(ERROR_INVALID_PARAMETER);
	if (info->client_uid == (uid_t)-1)
		return w32_fail(ERROR_CANNOT_IMPERSONATE);
	user_name(info->client_uid, name, sizeof(name));
	if (strlen(name) + 1 > size)
		return w32_fail(ERROR_INSUFFICIENT_BUFFER);
	strcpy(out, name);
	return TRUE;
}

/*
 * A client end after DisconnectNamedPipe: Windows fails queries and mode
 * changes on it with ERROR_PIPE_NOT_CONNECTED (Wine's ntdll pipe.c,
 * test_pipe_local_info; ReactOS NpfsConnect).  Return: @fd's information,
 * or FALSE with the last error set.
 */
static BOOL connected_info(int fd, struct np_info *info)
{
	if (np_get_info(fd, info) < 0)
		return w32_fail(w32_errno(errno));
	if (!(info->flags & NP_INFO_SERVER_END) &&
	    info->state == NP_STATE_DISCONNECTED)
		return w32_fail(ERROR_PIPE_NOT_CONNECTED);
	return TRUE;
}

BOOL WINAPI GetNamedPipeHandleStateA(HANDLE hNamedPipe, LPDWORD lpState,
				     LPDWORD lpCurInstances,
				     LPDWORD lpMaxCollectionCount,
				     LPDWORD lpCollectDataTimeout,
				     LPSTR lpUserName, DWORD nMaxUserNameSize)
{
	struct np_info info;
	int fd;

	fd = w32_pipe_fd(hNamedPipe);
	if (fd < 0 || !connected_info(fd, &info))
		return FALSE;
	/* Windows fills these before it looks at the remote-only outputs. */
	if (lpState)
		*lpState = pipe_state(info.mode);
	if (lpCurInstances)
		*lpCurInstances = info.cur_instances;
	if (lpMaxCollectionCount || lpCollectDataTimeout)
		return w32_fail(ERROR_INVALID_PARAMETER);	/* local pipe */
	if (lpUserName)
		return client_user_name(&info, lpUserName, nMaxUserNameSize);
	return TRUE;
}

BOOL WINAPI SetNamedPipeHandleState(HANDLE hNamedPipe, LPDWORD lpMode,
				    LPDWORD lpMaxCollectionCount,
				    LPDWORD lpCollectDataTimeout)
{
	struct np_info info;
	struct fdent e;
	unsigned int mode;
	int fd;

	fd = w32_pipe_fd_ent(hNamedPipe, &e);
	if (fd < 0)
		return FALSE;
	/* It needs FILE_WRITE_ATTRIBUTES access, checked before anything. */
	if (e.noattr)
		return w32_fail(ERROR_ACCESS_DENIED);
	if (!connected_info(fd, &info))
		return FALSE;
	if (lpMode) {
		if (*lpMode & ~(DWORD)(PIPE_READMODE_MESSAGE | PIPE_NOWAIT))
			return w32_fail(ERROR_INVALID_PARAMETER);
		mode = ((*lpMode & PIPE_READMODE_MESSAGE) ?
			NP_READMODE_MESSAGE : 0) |
		       ((*lpMode & PIPE_NOWAIT) ? NP_NOWAIT : 0);
		/* EINVAL: message read mode on a byte-type pipe. */
		if (np_set_mode(fd, mode) < 0)
			return w32_fail(w32_errno(errno));
	}
	if (lpMaxCollectionCount || lpCollectDataTimeout)
		return w32_fail(ERROR_INVALID_PARAMETER);	/* local pipe */
	return TRUE;
}

BOOL WINAPI GetNamedPipeInfo(HANDLE hNamedPipe, LPDWORD lpFlags,
			     LPDWORD lpOutBufferSize, LPDWORD lpInBufferSize,
			     LPDWORD lpMaxInstances)
{
	struct np_info info;
	int fd;

	fd = w32_pipe_fd(hNamedPipe);
	if (fd < 0 || !connected_info(fd, &info))
		return FALSE;
	if (lpFlags)
		*lpFlags = ((info.flags & NP_INFO_SERVER_END) ?
			    PIPE_SERVER_END : PIPE_CLIENT_END) |
			   ((info.flags & NP_INFO_MESSAGE_TYPE) ?
			    PIPE_TYPE_MESSAGE : PIPE_TYPE_BYTE);
	if (lpOutBufferSize)
		*lpOutBufferSize = info.out_quota;
	if (lpInBufferSize)
		*lpInBufferSize = info.in_quota;
	if (lpMaxInstances)
		*lpMaxInstances = info.max_instances;
	return TRUE;
}

static BOOL peer_pid(HANDLE h, PULONG out, int client)
{
	struct np_info info;
	int fd;

	fd = w32_pipe_fd(h);
	if (fd < 0)
		return FALSE;
	if (!out)
		return w32_fail(ERROR_INSUFFICIENT_BUFFER);
	if (np_get_info(fd, &info) < 0)
		return w32_fail(w32_errno(errno));
	if (info.flags & NP_INFO_SERVER_END) {
		/* No client since the last connect: none to report. */
		if (client && (info.state == NP_STATE_LISTENING ||
			       info.state == NP_STATE_DISCONNECTED ||
			       !info.client_pid))
			return w32_fail(ERROR_NOT_FOUND);
	} else if (info.state == NP_STATE_DISCONNECTED) {
		return w32_fail(ERROR_PIPE_NOT_CONNECTED);
	}
	*out = (ULONG)(client ? info.client_pid : info.server_pid);
	return TRUE;
}

BOOL WINAPI GetNamedPipeClientProcessId(HANDLE Pipe, PULONG ClientProcessId)
{
	return peer_pid(Pipe, ClientProcessId, 1);
}

BOOL WINAPI GetNamedPipeServerProcessId(HANDLE Pipe, PULONG ServerProcessId)
{
	return peer_pid(Pipe, ServerProcessId, 0);
}

BOOL WINAPI CreatePipe(PHANDLE hReadPipe, PHANDLE hWritePipe,
		       LPSECURITY_ATTRIBUTES lpPipeAttributes, DWORD nSize)
{
	const struct fdent e = { .kind = K_PIPE,
		.inherit = w32_sa_inherit(lpPipeAttributes) };
	int fds[2];
	HANDLE r, w;

	if (!hReadPipe || !hWritePipe)
		return w32_fail(ERROR_NOACCESS);
	if (np_pipe(fds, nSize, 0) < 0)
		return w32_fail(w32_errno(errno));
	r = w32_new_handle(fds[0], &e);
	if (r == INVALID_HANDLE_VALUE) {
		close(fds[1]);
		return FALSE;
	}
	w = w32_new_handle(fds[1], &e);
	if (w == INVALID_HANDLE_VALUE) {
		CloseHandle(r);
		w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
		return FALSE;
	}
	*hReadPipe = r;
	*hWritePipe = w;
	return TRUE;
}
