// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 core: the small runtime calls of a process that need no
 * handle: the module name, Sleep and the clocks, the version, exceptions
 * (RaiseException) and message boxes on a console program.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "win32_core.h"

/* The module handle of the program (Windows' default image base). */
#define W32_EXE_MODULE	((HMODULE)(uintptr_t)0x400000)

HMODULE WINAPI GetModuleHandleA(LPCSTR lpModuleName)
{
	if (!lpModuleName)
		return W32_EXE_MODULE;
	w32_set_error(ERROR_MOD_NOT_FOUND);
	return NULL;
}

DWORD WINAPI GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename,
				DWORD nSize)
{
	char path[4096];
	ssize_t len;

	if (hModule && hModule != W32_EXE_MODULE) {
		w32_set_error(ERROR_MOD_NOT_FOUND);
		return 0;
	}
	len = readlink("/proc/self/exe", path, sizeof(path) - 1);
	if (len < 0) {
		w32_set_error(w32_errno(errno));
		return 0;
	}
	/* As Windows since Vista: truncated to nSize with its NUL. */
	if ((size_t)len >= nSize) {
		if (nSize) {
			memcpy(lpFilename, path, nSize - 1);
			lpFilename[nSize - 1] = '\0';
		}
		w32_set_error(ERROR_INSUFFICIENT_BUFFER);
		return nSize;
	}
	memcpy(lpFilename, path, (size_t)len);
	lpFilename[len] = '\0';
	w32_set_error(ERROR_SUCCESS);
	return (DWORD)len;
}

/* ---- Sleep and the clocks ------------------------------------------- */

VOID WINAPI Sleep(DWORD dwMilliseconds)
{
	struct timespec ts;

	if (dwMilliseconds == INFINITE) {
		for (;;)
			pause();
	}
	if (!dwMilliseconds) {
		sched_yield();
		return;
	}
	ts.tv_sec = dwMilliseconds / 1000;
	ts.tv_nsec = (long)(dwMilliseconds % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

DWORD WINAPI GetTickCount(void)
{
	return (DWORD)(monotonic_ns() / 1000000ULL);
}

ULONGLONG WINAPI GetTickCount64(void)
{
	return monotonic_ns() / 1000000ULL;
}

#define QPC_FREQUENCY	10000000LL	/* 100 ns units, as current Windows */

BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount)
{
	if (!lpPerformanceCount)
		return w32_fail(ERROR_NOACCESS);
	lpPerformanceCount->QuadPart = (LONGLONG)(monotonic_ns() / 100);
	return TRUE;
}

BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency)
{
	if (!lpFrequency)
		return w32_fail(ERROR_NOACCESS);
	lpFrequency->QuadPart = QPC_FREQUENCY;
	return TRUE;
}

/* ---- Version ---------------------------------------------------------- */

/* What Windows 8.1+ reports to a program without a manifest. */
#define VER_MAJOR	6
#define VER_MINOR	2
#define VER_BUILD	9200

BOOL WINAPI GetVersionExA(LPOSVERSIONINFOA lpVersionInformation)
{
	OSVERSIONINFOEXA *ex = (OSVERSIONINFOEXA *)lpVersionInformation;
	DWORD size;

	if (!lpVersionInformation)
		return w32_fail(ERROR_NOACCESS);
	size = lpVersionInformation->dwOSVersionInfoSize;
	if (size != sizeof(OSVERSIONINFOA) && size != sizeof(OSVERSIONINFOEXA))
		return w32_fail(ERROR_INSUFFICIENT_BUFFER);
	memset(lpVersionInformation, 0, size);
	lpVersionInformation->dwOSVersionInfoSize = size;
	lpVersionInformation->dwMajorVersion = VER_MAJOR;
	lpVersionInformation->dwMinorVersion = VER_MINOR;
	lpVersionInformation->dwBuildNumber = VER_BUILD;
	lpVersionInformation->dwPlatformId = VER_PLATFORM_WIN32_NT;
	if (size == sizeof(OSVERSIONINFOEXA)) {
		ex->wSuiteMask = VER_SUITE_SINGLEUSERTS;
		ex->wProductType = VER_NT_WORKSTATION;
	}
	return TRUE;
}

DWORD WINAPI GetVersion(void)
{
	return (DWORD)VER_BUILD << 16 | VER_MINOR << 8 | VER_MAJOR;
}

/* ---- Exceptions and message boxes -------------------------------------- */

VOID WINAPI RaiseException(DWORD dwExceptionCode, DWORD dwExceptionFlags,
			   DWORD nNumberOfArguments,
			   const ULONG_PTR *lpArguments)
{
	char line[64];
	int n, status = (int)(dwExceptionCode & 0xff);
	ssize_t r;

	(void)dwExceptionFlags;
	(void)nNumberOfArguments;
	(void)lpArguments;
	n = snprintf(line, sizeof(line), "Unhandled exception 0x%08X\n",
		     (unsigned int)dwExceptionCode);
	r = write(2, line, (size_t)n);
	(void)r;
	/* No handler runs, no stdio buffer is flushed: as NtTerminateProcess. */
	_exit(status ? status : 255);
}

/* The button ids of each MB_ type, in their order on the box. */
static const unsigned char mb_buttons[][3] = {
	[MB_OK] = { IDOK },
	[MB_OKCANCEL] = { IDOK, IDCANCEL },
	[MB_ABORTRETRYIGNORE] = { IDABORT, IDRETRY, IDIGNORE },
	[MB_YESNOCANCEL] = { IDYES, IDNO, IDCANCEL },
	[MB_YESNO] = { IDYES, IDNO },
	[MB_RETRYCANCEL] = { IDRETRY, IDCANCEL },
	[MB_CANCELTRYCONTINUE] = { IDCANCEL, IDTRYAGAIN, IDCONTINUE },
};

int WINAPI MessageBoxA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption, UINT uType)
{
	unsigned int type = uType & MB_TYPEMASK;
	unsigned int def = (uType >> 8) & 3;
	int id;

	(void)hWnd;
	if (type >= ARRAYSIZE(mb_buttons)) {
		w32_set_error(ERROR_INVALID_MSGBOX_STYLE);
		return 0;
	}
	id = def < 3 ? mb_buttons[type][def] : 0;
	if (!id)
		id = mb_buttons[type][0];
	fflush(stdout);
	fprintf(stderr, "%s: %s\n", lpCaption ? lpCaption : "Error",
		lpText ? lpText : "");
	fflush(stderr);
	return id;
}
