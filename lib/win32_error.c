// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 core: the calling thread's last error, and errno as Win32
 * errors where the native API's table (np_errno_to_win32) is not enough.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "win32_core.h"

static __thread DWORD last_error;

DWORD WINAPI GetLastError(void)
{
	return last_error;
}

void WINAPI SetLastError(DWORD dwErrCode)
{
	last_error = dwErrCode;
}

void w32_set_error(DWORD err)
{
	last_error = err;
}

BOOL w32_fail(DWORD err)
{
	last_error = err;
	return FALSE;
}

HANDLE w32_fail_h(DWORD err)
{
	last_error = err;
	return INVALID_HANDLE_VALUE;
}

DWORD w32_file_errno(int err, const char *path)
{
	const char *slash;
	struct stat st;
	char *dir;
	int ok;

	switch (err) {
	case ENOENT:
		/* A missing directory on the way: ERROR_PATH_NOT_FOUND. */
		slash = strrchr(path, '/');
		if (!slash || slash == path)
			return ERROR_FILE_NOT_FOUND;
		dir = strndup(path, (size_t)(slash - path));
		ok = dir && stat(dir, &st) == 0;
		free(dir);
		return ok ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
	case EEXIST:
		return ERROR_FILE_EXISTS;
	case ENOTDIR:
		return ERROR_PATH_NOT_FOUND;
	case ENAMETOOLONG:
		return ERROR_FILENAME_EXCED_RANGE;
	default:
		return w32_errno(err);
	}
}
