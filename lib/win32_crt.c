// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp: the Microsoft C runtime functions that the C library lacks or
 * has with other semantics (declared in nptchar.h): _snprintf and
 * _vsnprintf, the secure string and file functions, and their invalid
 * parameter handler.  They use errno, not the Win32 last error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nptchar.h"
#include "win32_core.h"

#define STATUS_STACK_BUFFER_OVERRUN	0xC0000409	/* __fastfail */

int _vsnprintf(char *buffer, size_t count, const char *format, va_list ap)
{
	va_list again;
	char *tmp;
	int len;

	va_copy(again, ap);
	len = vsnprintf(buffer, count, format, ap);
	if (len < 0 || (size_t)len < count) {
		va_end(again);
		return len;
	}
	/* It did not fit with its NUL: the first count characters, no NUL. */
	tmp = malloc((size_t)len + 1);
	if (tmp) {
		vsnprintf(tmp, (size_t)len + 1, format, again);
		memcpy(buffer, tmp, count);
		free(tmp);
	}
	va_end(again);
	return (size_t)len == count ? len : -1;
}

int _snprintf(char *buffer, size_t count, const char *format, ...)
{
	va_list ap;
	int r;

	va_start(ap, format);
	r = _vsnprintf(buffer, count, format, ap);
	va_end(ap);
	return r;
}

/* ---- The invalid parameter handler ---------------------------------- */

static _Atomic(_invalid_parameter_handler) handler;

_invalid_parameter_handler
_set_invalid_parameter_handler(_invalid_parameter_handler pNew)
{
	return atomic_exchange(&handler, pNew);
}

_invalid_parameter_handler _get_invalid_parameter_handler(void)
{
	return atomic_load(&handler);
}

/* Call the handler (the default one ends the process); return @err. */
static errno_t invalid(errno_t err)
{
	static const char msg[] =
		"Invalid parameter passed to C runtime function.\n";
	_invalid_parameter_handler h = atomic_load(&handler);

	if (!h) {
		ssize_t r = write(2, msg, sizeof(msg) - 1);

		(void)r;
		RaiseException(STATUS_STACK_BUFFER_OVERRUN,
			       EXCEPTION_NONCONTINUABLE, 0, NULL);
	}
	h(NULL, NULL, NULL, 0, 0);
	errno = err;
	return err;
}

errno_t strcpy_s(char *dest, rsize_t destsz, const char *src)
{
	size_t len;

	if (!dest || !destsz)
		return invalid(EINVAL);
	if (!src) {
		dest[0] = '\0';
		return invalid(EINVAL);
	}
	len = strlen(src);
	if (len >= destsz) {
		dest[0] = '\0';
		return invalid(ERANGE);
	}
	memcpy(dest, src, len + 1);
	return 0;
}

errno_t strncpy_s(char *dest, rsize_t destsz, const char *src, rsize_t count)
{
	size_t len;

	if (!count && !dest && !destsz)
		return 0;
	if (!dest || !destsz)
		return invalid(EINVAL);
	if (!src) {
		dest[0] = '\0';
		return invalid(EINVAL);
	}
	len = strnlen(src, count == _TRUNCATE ? destsz : count);
	if (len >= destsz) {
		if (count == _TRUNCATE) {
			memcpy(dest, src, destsz - 1);
			dest[destsz - 1] = '\0';
			return STRUNCATE;
		}
		dest[0] = '\0';
		return invalid(ERANGE);
	}
	memcpy(dest, src, len);
	dest[len] = '\0';
	return 0;
}

errno_t strcat_s(char *dest, rsize_t destsz, const char *src)
{
	size_t have, len;

	if (!dest || !destsz)
		return invalid(EINVAL);
	if (!src) {
		dest[0] = '\0';
		return invalid(EINVAL);
	}
	have = strnlen(dest, destsz);
	if (have == destsz) {		/* no NUL in the destination */
		dest[0] = '\0';
		return invalid(EINVAL);
	}
	len = strlen(src);
	if (len >= destsz - have) {
		dest[0] = '\0';
		return invalid(ERANGE);
	}
	memcpy(dest + have, src, len + 1);
	return 0;
}

int sprintf_s(char *buffer, size_t sizeOfBuffer, const char *format, ...)
{
	va_list ap;
	int len;

	if (!format || !buffer || !sizeOfBuffer) {
		if (buffer && sizeOfBuffer)
			buffer[0] = '\0';
		invalid(EINVAL);
		return -1;
	}
	va_start(ap, format);
	len = vsnprintf(buffer, sizeOfBuffer, format, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeOfBuffer) {
		buffer[0] = '\0';
		invalid(ERANGE);
		return -1;
	}
	return len;
}

errno_t fopen_s(FILE **pFile, const char *filename, const char *mode)
{
	if (!pFile)
		return invalid(EINVAL);
	*pFile = NULL;
	if (!filename || !mode)
		return invalid(EINVAL);
	*pFile = fopen(filename, mode);
	return *pFile ? 0 : errno;
}
