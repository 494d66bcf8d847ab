// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 objects: FormatMessageA, and the system message table: the
 * English text Windows gives for each error code of npwin32.h (from
 * Microsoft's "System Error Codes" documentation; each ends in "\r\n" when
 * formatted, as Windows' do).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "win32_core.h"

static const struct sysmsg {
	DWORD code;
	const char *text;
} sysmsgs[] = {
	{ ERROR_SUCCESS, "The operation completed successfully." },
	{ ERROR_INVALID_FUNCTION, "Incorrect function." },
	{ ERROR_FILE_NOT_FOUND, "The system cannot find the file specified." },
	{ ERROR_PATH_NOT_FOUND, "The system cannot find the path specified." },
	{ ERROR_TOO_MANY_OPEN_FILES, "The system cannot open the file." },
	{ ERROR_ACCESS_DENIED, "Access is denied." },
	{ ERROR_INVALID_HANDLE, "The handle is invalid." },
	{ ERROR_NOT_ENOUGH_MEMORY,
	  "Not enough memory resources are available to process this command." },
	{ ERROR_INVALID_DATA, "The data is invalid." },
	{ ERROR_OUTOFMEMORY,
	  "Not enough storage is available to complete this operation." },
	{ ERROR_WRITE_PROTECT, "The media is write protected." },
	{ ERROR_NOT_READY, "The device is not ready." },
	{ ERROR_GEN_FAILURE,
	  "A device attached to the system is not functioning." },
	{ ERROR_SHARING_VIOLATION,
	  "The process cannot access the file because it is being used by "
	  "another process." },
	{ ERROR_HANDLE_EOF, "Reached the end of the file." },
	{ ERROR_NOT_SUPPORTED, "The request is not supported." },
	{ ERROR_BAD_NETPATH, "The network path was not found." },
	{ ERROR_FILE_EXISTS, "The file exists." },
	{ ERROR_INVALID_PARAMETER, "The parameter is incorrect." },
	{ ERROR_BROKEN_PIPE, "The pipe has been ended." },
	{ ERROR_BUFFER_OVERFLOW, "The file name is too long." },
	{ ERROR_DISK_FULL, "There is not enough space on the disk." },
	{ ERROR_CALL_NOT_IMPLEMENTED,
	  "This function is not supported on this system." },
	{ ERROR_SEM_TIMEOUT, "The semaphore timeout period has expired." },
	{ ERROR_INSUFFICIENT_BUFFER,
	  "The data area passed to a system call is too small." },
	{ ERROR_INVALID_NAME,
	  "The filename, directory name, or volume label syntax is incorrect." },
	{ ERROR_MOD_NOT_FOUND, "The specified module could not be found." },
	{ ERROR_DISCARDED,
	  "The segment is already discarded and cannot be locked." },
	{ ERROR_NOT_LOCKED, "The segment is already unlocked." },
	{ ERROR_BAD_PATHNAME, "The specified path is invalid." },
	{ ERROR_ALREADY_EXISTS,
	  "Cannot create a file when that file already exists." },
	{ ERROR_BAD_EXE_FORMAT, "%1 is not a valid Win32 application." },
	{ ERROR_FILENAME_EXCED_RANGE, "The filename or extension is too long." },
	{ ERROR_PIPE_LOCAL, "The pipe is local." },
	{ ERROR_BAD_PIPE, "The pipe state is invalid." },
	{ ERROR_PIPE_BUSY, "All pipe instances are busy." },
	{ ERROR_NO_DATA, "The pipe is being closed." },
	{ ERROR_PIPE_NOT_CONNECTED,
	  "No process is on the other end of the pipe." },
	{ ERROR_MORE_DATA, "More data is available." },
	{ ERROR_NO_WORK_DONE,
	  "The action requested resulted in no work being done. Error-style "
	  "clean-up has been performed." },
	{ ERROR_DIRECTORY, "The directory name is invalid." },
	{ ERROR_MR_MID_NOT_FOUND,
	  "The system cannot find message text for message number 0x%1 in "
	  "the message file for %2." },
	{ ERROR_PIPE_CONNECTED, "There is a process on other end of the pipe." },
	{ ERROR_PIPE_LISTENING,
	  "Waiting for a process to open the other end of the pipe." },
	{ ERROR_OPERATION_ABORTED,
	  "The I/O operation has been aborted because of either a thread exit "
	  "or an application request." },
	{ ERROR_IO_INCOMPLETE,
	  "Overlapped I/O event is not in a signaled state." },
	{ ERROR_IO_PENDING, "Overlapped I/O operation is in progress." },
	{ ERROR_NOACCESS, "Invalid access to memory location." },
	{ ERROR_NOT_FOUND, "Element not found." },
	{ ERROR_CANNOT_IMPERSONATE,
	  "Unable to impersonate using a named pipe until data has been read "
	  "from that pipe." },
	{ ERROR_INVALID_MSGBOX_STYLE, "Invalid message box style." },
	{ ERROR_RESOURCE_TYPE_NOT_FOUND,
	  "The specified resource type cannot be found in the image file." },
	{ ERROR_RESOURCE_LANG_NOT_FOUND,
	  "The specified resource language ID cannot be found in the image "
	  "file." },
	{ ERROR_NOT_ENOUGH_QUOTA,
	  "Not enough quota is available to process this command." },
};

/* The text of system message @id (an HRESULT of FACILITY_WIN32 too). */
static const char *sysmsg_text(DWORD id)
{
	size_t i;

	if ((id & 0xFFFF0000U) == 0x80070000U)
		id &= 0xFFFF;
	for (i = 0; i < ARRAYSIZE(sysmsgs); i++)
		if (sysmsgs[i].code == id)
			return sysmsgs[i].text;
	return NULL;
}

/* ---- The output ------------------------------------------------------ */

struct out {
	char *buf;
	size_t len, cap;
	int failed;		/* ENOMEM */
};

static void put(struct out *o, const char *s, size_t n)
{
	size_t cap;
	char *b;

	if (o->failed)
		return;
	if (o->len + n + 1 > o->cap) {
		cap = o->cap ? o->cap : 256;
		while (o->len + n + 1 > cap)
			cap *= 2;
		b = realloc(o->buf, cap);
		if (!b) {
			o->failed = 1;
			return;
		}
		o->buf = b;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

/* ---- The arguments of the inserts --------------------------------------- */

#define MAX_INSERT	99
#define MAX_ARGS	(MAX_INSERT + 3)	/* an insert may take 3: *.* */

struct args {
	va_list *ap;		/* or */
	const DWORD_PTR *array;	/* FORMAT_MESSAGE_ARGUMENT_ARRAY */
	uintptr_t got[MAX_ARGS + 1];
	int ngot;		/* taken from *ap so far */
};

/* Argument @i (0-based): from the array, or the i-th of the va_list. */
static uintptr_t arg(struct args *a, int i)
{
	if (a->array)
		return a->array[i];
	while (a->ngot <= i && a->ngot <= MAX_ARGS)
		a->got[a->ngot++] = va_arg(*a->ap, uintptr_t);
	return a->got[i <= MAX_ARGS ? i : MAX_ARGS];
}

/* A 64-bit argument at @i: two slots on 32-bit. */
static uint64_t arg64(struct args *a, int i)
{
	if (sizeof(uintptr_t) >= 8)
		return arg(a, i);
	return arg(a, i) | (uint64_t)arg(a, i + 1) << 32;
}

/* A 16-bit WCHAR string as bytes (its characters below 256). */
static void put_wide(struct out *o, const uint16_t *w, const char *fmt)
{
	size_t n = 0, i;
	char *s, spec[32];
	int len;

	if (!w) {
		len = snprintf(spec, sizeof(spec), fmt, "(null)");
		put(o, spec, (size_t)(len > 0 ? len : 0));
		return;
	}
	while (w[n])
		n++;
	s = malloc(n + 1);
	if (!s) {
		o->failed = 1;
		return;
	}
	for (i = 0; i < n; i++)
		s[i] = w[i] < 256 ? (char)w[i] : '?';
	s[n] = '\0';
	len = snprintf(NULL, 0, fmt, s);
	if (len > 0) {
		char *t = malloc((size_t)len + 1);

		if (t) {
			snprintf(t, (size_t)len + 1, fmt, s);
			put(o, t, (size_t)len);
			free(t);
		} else {
			o->failed = 1;
		}
	}
	free(s);
}

/* snprintf into @o. */
static void put_fmt(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put_fmt(struct out *o, const char *fmt, ...)
{
	char small[128], *big;
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if ((size_t)len < sizeof(small)) {
		put(o, small, (size_t)len);
		return;
	}
	big = malloc((size_t)len + 1);
	if (!big) {
		o->failed = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)len + 1, fmt, ap);
	va_end(ap);
	put(o, big, (size_t)len);
	free(big);
}

/*
 * Insert @n (1-based) with the printf format @spec (between the '!', or
 * "s").  Return 0, or -1 for a format FormatMessage does not take.
 */
static int insert(struct out *o, struct args *a, int n, const char *spec,
		  size_t speclen)
{
	char fmt[40], conv;
	const char *p = spec, *end = spec + speclen;
	size_t f = 0;
	int idx = n - 1, star[2], nstar = 0, size = 0, i;

	fmt[f++] = '%';
	/* flags, width, precision */
	while (p < end && strchr("-+ #0", *p) && f < 8)
		fmt[f++] = *p++;
	for (i = 0; i < 2; i++) {
		if (i == 1) {
			if (p >= end || *p != '.')
				break;
			fmt[f++] = *p++;
		}
		if (p < end && *p == '*') {
			star[nstar++] = (int)(intptr_t)arg(a, idx++);
			fmt[f++] = '*';
			p++;
		}
		while (p < end && *p >= '0' && *p <= '9' && f < 24)
			fmt[f++] = *p++;
	}
	/* size: h, l, ll, w, I, I32, I64 */
	if (end - p >= 3 && !strncmp(p, "I64", 3)) {
		size = 64;
		p += 3;
	} else if (end - p >= 3 && !strncmp(p, "I32", 3)) {
		p += 3;
	} else if (end - p >= 2 && !strncmp(p, "ll", 2)) {
		size = 64;
		p += 2;
	} else if (p < end && *p == 'I') {
		size = sizeof(void *) * 8;
		p++;
	} else if (p < end && (*p == 'l' || *p == 'w')) {
		size = 'w';		/* wide for c/s, 32 bits for numbers */
		p++;
	} else if (p < end && *p == 'h') {
		p++;
	}
	if (p + 1 != end)
		return -1;
	conv = *p;
	switch (conv) {
	case 'c':
	case 'C':
		fmt[f++] = 'c';
		fmt[f] = '\0';
		if (nstar == 1)
			put_fmt(o, fmt, star[0], (int)(unsigned char)arg(a, idx));
		else if (nstar == 2)
			put_fmt(o, fmt, star[0], star[1],
				(int)(unsigned char)arg(a, idx));
		else
			put_fmt(o, fmt, (int)(unsigned char)arg(a, idx));
		return 0;
	case 's':
	case 'S':
		fmt[f++] = 's';
		fmt[f] = '\0';
		if (conv == 'S' || size == 'w') {
			char wfmt[48];

			/* the stars, if any, were taken already: fold them */
			if (nstar)
				return -1;
			snprintf(wfmt, sizeof(wfmt), "%s", fmt);
			put_wide(o, (const uint16_t *)arg(a, idx), wfmt);
			return 0;
		}
		{
			const char *s = (const char *)arg(a, idx);

			if (!s)
				s = "(null)";
			if (nstar == 1)
				put_fmt(o, fmt, star[0], s);
			else if (nstar == 2)
				put_fmt(o, fmt, star[0], star[1], s);
			else
				put_fmt(o, fmt, s);
		}
		return 0;
	case 'd':
	case 'i':
	case 'u':
	case 'x':
	case 'X':
	case 'o':
	case 'p': {
		uint64_t v;
		int sgn = conv == 'd' || conv == 'i';

		if (conv == 'p') {
			/* Windows: all the digits, upper case, no 0x */
			v = arg(a, idx);
			fmt[f] = '\0';
			if (nstar)
				return -1;
			put_fmt(o, "%0*" PRIX64, (int)(2 * sizeof(void *)), v);
			return 0;
		}
		if (size == 64)
			v = arg64(a, idx);
		else if (size == (int)sizeof(void *) * 8)
			v = sgn ? (uint64_t)(int64_t)(intptr_t)arg(a, idx) :
				  (uint64_t)arg(a, idx);
		else
			v = sgn ? (uint64_t)(int64_t)(int32_t)arg(a, idx) :
				  (uint64_t)(uint32_t)arg(a, idx);
		memcpy(fmt + f, "ll", 2);
		f += 2;
		fmt[f++] = conv == 'i' ? 'd' : conv;
		fmt[f] = '\0';
		if (nstar == 1)
			put_fmt(o, fmt, star[0], (unsigned long long)v);
		else if (nstar == 2)
			put_fmt(o, fmt, star[0], star[1], (unsigned long long)v);
		else
			put_fmt(o, fmt, (unsigned long long)v);
		return 0;
	}
	default:
		return -1;	/* floating point, %n...: not taken */
	}
}

/* ---- The formatting ----------------------------------------------------- */

/*
 * Format @src into @o.  Return 0, or the Win32 error.
 */
static DWORD format(struct out *o, const char *src, DWORD flags,
		    struct args *a)
{
	int ignore = !!(flags & FORMAT_MESSAGE_IGNORE_INSERTS);
	int oneline = (flags & FORMAT_MESSAGE_MAX_WIDTH_MASK) ==
		      FORMAT_MESSAGE_MAX_WIDTH_MASK;
	const char *p = src, *bang;
	int n;

	while (*p) {
		if (*p == '\r' || *p == '\n') {
			/* \r\n, \n or \r: one line end */
			if (p[0] == '\r' && p[1] == '\n')
				p++;
			p++;
			put(o, oneline ? " " : "\r\n", oneline ? 1 : 2);
			continue;
		}
		if (*p != '%') {
			put(o, p++, 1);
			continue;
		}
		p++;
		switch (*p) {
		case '0':
			return 0;
		case 'n':
			put(o, "\r\n", 2);
			p++;
			continue;
		case 'r':
			put(o, "\r", 1);
			p++;
			continue;
		case 't':
			put(o, "\t", 1);
			p++;
			continue;
		case '\0':
			if (ignore) {
				put(o, "%", 1);
				continue;
			}
			return ERROR_INVALID_PARAMETER;
		default:
			break;
		}
		if (ignore) {
			put(o, "%", 1);
			continue;
		}
		if (*p < '1' || *p > '9') {
			put(o, p++, 1);		/* %% %. %! "% " */
			continue;
		}
		n = *p++ - '0';
		if (*p >= '0' && *p <= '9')
			n = n * 10 + (*p++ - '0');
		if (!a->ap && !a->array)
			return ERROR_INVALID_PARAMETER;
		if (*p == '!' && (bang = strchr(p + 1, '!'))) {
			if (insert(o, a, n, p + 1, (size_t)(bang - p - 1)))
				return ERROR_INVALID_PARAMETER;
			p = bang + 1;
		} else {
			insert(o, a, n, "s", 1);
		}
	}
	return 0;
}

/* The formatted text is at most this long (the ANSI function's limit). */
#define MAX_TEXT	32766

DWORD WINAPI FormatMessageA(DWORD dwFlags, LPCVOID lpSource,
			    DWORD dwMessageId, DWORD dwLanguageId,
			    LPSTR lpBuffer, DWORD nSize, va_list *Arguments)
{
	struct out o = { 0 };
	struct args a = { 0 };
	char *text = NULL, *out;
	const char *src;
	WORD lang = PRIMARYLANGID(dwLanguageId);
	DWORD err;
	size_t cap;

	if (dwFlags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
		if (!lpBuffer) {
			w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
			return 0;
		}
		*(char **)lpBuffer = NULL;
	}
	if (dwFlags & FORMAT_MESSAGE_FROM_STRING) {
		src = lpSource;
		if (!src) {
			w32_set_error(ERROR_INVALID_PARAMETER);
			return 0;
		}
	} else if (dwFlags & FORMAT_MESSAGE_FROM_SYSTEM) {
		if (lang != LANG_NEUTRAL && lang != LANG_ENGLISH) {
			w32_set_error(ERROR_RESOURCE_LANG_NOT_FOUND);
			return 0;
		}
		src = sysmsg_text(dwMessageId);
		if (!src) {
			w32_set_error(ERROR_MR_MID_NOT_FOUND);
			return 0;
		}
		text = malloc(strlen(src) + 3);
		if (!text) {
			w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
			return 0;
		}
		strcpy(text, src);
		strcat(text, "\r\n");
		src = text;
	} else if (dwFlags & FORMAT_MESSAGE_FROM_HMODULE) {
		w32_set_error(ERROR_RESOURCE_TYPE_NOT_FOUND);
		return 0;
	} else {
		w32_set_error(ERROR_INVALID_PARAMETER);
		return 0;
	}
	if (dwFlags & FORMAT_MESSAGE_ARGUMENT_ARRAY)
		a.array = (const DWORD_PTR *)Arguments;
	else
		a.ap = Arguments;
	err = format(&o, src, dwFlags, &a);
	free(text);
	if (!err && o.failed)
		err = ERROR_NOT_ENOUGH_MEMORY;
	else if (!err && o.len > MAX_TEXT)
		err = ERROR_INVALID_PARAMETER;
	else if (!err && !o.len)
		err = ERROR_NO_WORK_DONE;
	if (err) {
		free(o.buf);
		w32_set_error(err);
		return 0;
	}
	if (dwFlags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
		cap = o.len + 1 > nSize ? o.len + 1 : nSize;
		out = LocalAlloc(LMEM_FIXED, cap);
		if (!out) {
			free(o.buf);
			return 0;
		}
		memcpy(out, o.buf, o.len + 1);
		*(char **)lpBuffer = out;
	} else {
		if (o.len + 1 > nSize || !lpBuffer) {
			free(o.buf);
			w32_set_error(ERROR_INSUFFICIENT_BUFFER);
			return 0;
		}
		memcpy(lpBuffer, o.buf, o.len + 1);
	}
	free(o.buf);
	return (DWORD)o.len;
}
