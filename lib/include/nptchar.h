/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nptchar.h - the C runtime names of Windows-style programs, for the
 * programs of <npwin32.h> that want them: what <tchar.h> gives with TCHAR
 * char (_T, _tmain, _tprintf, _tcslen, _ttoi...), lstrlen and friends,
 * _countof, and the Microsoft C runtime functions that the C library
 * lacks or has with other semantics: _snprintf and _vsnprintf, the secure
 * forms (strcpy_s, strncpy_s, strcat_s, sprintf_s, fopen_s and their _t
 * names, errno_t, _TRUNCATE) and <conio.h>'s _getch, _getche, _kbhit,
 * _putch, _ungetch.  The macros map to the C library; the functions are
 * in libnp (win32_crt.c, win32_console.c).  Include it after npwin32.h
 * (or alone: it needs none of npwin32.h's types).
 *
 * _getts is left out on purpose: it is the CRT's gets(), which cannot be
 * given a buffer size (C11 removed gets for that); read a line with
 * _fgetts(buf, size, stdin), which keeps the newline as fgets does.
 */
#ifndef LIBNP_NPTCHAR_H
#define LIBNP_NPTCHAR_H

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef NPWINAPI
#if defined(__GNUC__) && defined(LIBNP_BUILD)
#define NPWINAPI __attribute__((visibility("default")))
#else
#define NPWINAPI
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define _T(x)		x
#define _TEXT(x)	x
#define _TCHAR		char
#define _tmain		main
#define _tprintf	printf
#define _ftprintf	fprintf
#define _stprintf	sprintf
#define _sntprintf	_snprintf
#define _vtprintf	vprintf
#define _vftprintf	vfprintf
#define _vstprintf	vsprintf
#define _vsntprintf	_vsnprintf
#define _tscanf		scanf
#define _ftscanf	fscanf
#define _stscanf	sscanf
#define _tcslen		strlen
#define _tcscpy		strcpy
#define _tcsncpy	strncpy
#define _tcscat		strcat
#define _tcsncat	strncat
#define _tcscmp		strcmp
#define _tcsncmp	strncmp
#define _tcsicmp	strcasecmp
#define _tcsnicmp	strncasecmp
#define _tcschr		strchr
#define _tcsrchr	strrchr
#define _tcsstr		strstr
#define _tcstok		strtok
#define _tcsdup		strdup
#define _tcsspn		strspn
#define _tcscspn	strcspn
#define _tcspbrk	strpbrk
#define _tcstol		strtol
#define _tcstoul	strtoul
#define _tcstod		strtod
#define _ttoi		atoi
#define _tstoi		atoi
#define _ttol		atol
#define _tstol		atol
#define _tfopen		fopen
#define _tfreopen	freopen
#define _fgetts		fgets
#define _fputts		fputs
#define _fgettc		fgetc
#define _fputtc		fputc
#define _gettc		getc
#define _puttc		putc
#define _gettchar	getchar
#define _puttchar	putchar
#define _putts		puts
#define _tgetenv	getenv
#define _tsystem	system
#define _tremove	remove
#define _trename	rename
#define _tperror	perror
#define _tcserror	strerror
#define _istspace	isspace
#define _istdigit	isdigit
#define _istalpha	isalpha
#define _istalnum	isalnum
#define _istupper	isupper
#define _istlower	islower
#define _totupper	toupper
#define _totlower	tolower
#define _tcscpy_s	strcpy_s
#define _tcsncpy_s	strncpy_s
#define _tcscat_s	strcat_s
#define _stprintf_s	sprintf_s
#define _tfopen_s	fopen_s
#define _gettch		_getch
#define _gettche	_getche
#define _puttch		_putch
#define _ungettch	_ungetch
#define lstrlen		strlen
#define lstrcpy		strcpy
#define lstrcat		strcat
#define lstrcmp		strcmp
#define lstrcmpi	strcasecmp
#define lstrlenA	strlen
#define lstrcpyA	strcpy
#define lstrcatA	strcat
#define lstrcmpA	strcmp
#define lstrcmpiA	strcasecmp

/* Case-insensitive comparisons (in the "C" locale, as the MS CRT's). */
#define _stricmp	strcasecmp
#define _strnicmp	strncasecmp
#define _strcmpi	strcasecmp
#define _strdup		strdup

/* Without <npwin32.h>, which defines them with the compiler's builtins. */
#ifndef ZeroMemory
#define ZeroMemory(p, n)	memset((p), 0, (n))
#define FillMemory(p, n, c)	memset((p), (c), (n))
#define CopyMemory(d, s, n)	memcpy((d), (s), (n))
#define MoveMemory(d, s, n)	memmove((d), (s), (n))
#endif
#ifndef _countof
#define _countof(a)		(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef _MAX_PATH
#define _MAX_PATH		260
#endif

/*
 * _snprintf, _vsnprintf: the Microsoft semantics, not C99's snprintf: the
 * output and its NUL if both fit in count characters: the length; exactly
 * count characters: those, no NUL, returns count; more: the first count
 * characters, no NUL, returns -1.
 */
NPWINAPI int _snprintf(char *buffer, size_t count, const char *format, ...)
	__attribute__((format(printf, 3, 4)));
NPWINAPI int _vsnprintf(char *buffer, size_t count, const char *format,
			va_list argptr);

/* ---- The secure forms (the MS CRT's, not C11's Annex K) ----------------- */

typedef int errno_t;
#ifndef _RSIZE_T_DEFINED
#define _RSIZE_T_DEFINED
typedef size_t rsize_t;
#endif
#define _TRUNCATE	((size_t)-1)
#define STRUNCATE	80

/*
 * An invalid argument (NULL pointer, zero or too small size) calls the
 * invalid parameter handler.  The default one does what the release MS
 * CRT's does: the process ends at once, as RaiseException(0xC0000409)
 * (exit status 9), after a line on standard error.  A handler set with
 * _set_invalid_parameter_handler (it receives NULLs and 0) may return;
 * the function then returns EINVAL (NULL pointer, zero size, a
 * destination without NUL for strcat_s) or ERANGE (too small), also in
 * errno, having set the destination to "" where it can (not for a NULL
 * destination or a zero size), as documented for each function.
 */
typedef void (*_invalid_parameter_handler)(const wchar_t *expression,
					   const wchar_t *function,
					   const wchar_t *file,
					   unsigned int line,
					   uintptr_t reserved);
NPWINAPI _invalid_parameter_handler _set_invalid_parameter_handler(
	_invalid_parameter_handler pNew);
NPWINAPI _invalid_parameter_handler _get_invalid_parameter_handler(void);

/* strcpy_s: 0, or EINVAL / ERANGE as above. */
NPWINAPI errno_t strcpy_s(char *dest, rsize_t destsz, const char *src);
/*
 * strncpy_s: copies at most count characters of src and a NUL.  count
 * _TRUNCATE: as much as fits; STRUNCATE if that cut it.  count 0 with a
 * NULL dest and destsz 0 is no error (0).
 */
NPWINAPI errno_t strncpy_s(char *dest, rsize_t destsz, const char *src,
			   rsize_t count);
NPWINAPI errno_t strcat_s(char *dest, rsize_t destsz, const char *src);
/* sprintf_s: the length written; the output does not fit: -1 (ERANGE). */
NPWINAPI int sprintf_s(char *buffer, size_t sizeOfBuffer,
		       const char *format, ...)
	__attribute__((format(printf, 3, 4)));
/* fopen_s: 0 and *pFile, or the errno of fopen(3) with *pFile NULL. */
NPWINAPI errno_t fopen_s(FILE **pFile, const char *filename,
			 const char *mode);

/* ---- <conio.h> (win32_console.c) --------------------------------------- */

/*
 * The console is the controlling terminal (/dev/tty), whatever stdin is,
 * as the MS CRT reads CONIN$.  _getch: one key, without waiting for Enter
 * and without echo (Enter gives '\r'; Ctrl+C still raises SIGINT);
 * _getche: the same with echo.  _kbhit: nonzero if a key is waiting (it
 * is then what _getch returns).  _putch: writes one character, returns
 * it.  _ungetch: the next _getch returns c (one character; a second one
 * before that: EOF).  No terminal: _getch/_getche/_putch return EOF,
 * _kbhit 0.
 */
NPWINAPI int _getch(void);
NPWINAPI int _getche(void);
NPWINAPI int _kbhit(void);
NPWINAPI int _putch(int c);
NPWINAPI int _ungetch(int c);

#ifdef __cplusplus
}
#endif

#endif /* LIBNP_NPTCHAR_H */
