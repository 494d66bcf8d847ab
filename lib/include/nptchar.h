/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nptchar.h - the C runtime names of Windows-style programs, for the
 * programs of <npwin32.h> that want them: what <tchar.h> gives with TCHAR
 * char (_T, _tmain, _tprintf, _tcslen, _ttoi...), lstrlen and friends,
 * ZeroMemory and friends, _countof.  Each is a macro for the C library's
 * function; nothing here is in libnp itself.  Include it after npwin32.h
 * (or alone: it needs none of npwin32.h's types).
 *
 * _getts is left out on purpose: it is the CRT's gets(), which cannot be
 * given a buffer size (C11 removed gets for that); read a line with
 * _fgetts(buf, size, stdin), which keeps the newline as fgets does.
 */
#ifndef LIBNP_NPTCHAR_H
#define LIBNP_NPTCHAR_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define _T(x)		x
#define _TEXT(x)	x
#define _TCHAR		char
#define _tmain		main
#define _tprintf	printf
#define _ftprintf	fprintf
#define _stprintf	sprintf
#define _sntprintf	snprintf
#define _vtprintf	vprintf
#define _vftprintf	vfprintf
#define _vstprintf	vsprintf
#define _vsntprintf	vsnprintf
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
#define lstrlen		strlen
#define lstrcpy		strcpy
#define lstrcat		strcat
#define lstrcmp		strcmp
#define lstrcmpi	strcasecmp
#define ZeroMemory(p, n)	memset((p), 0, (n))
#define FillMemory(p, n, c)	memset((p), (c), (n))
#define CopyMemory(d, s, n)	memcpy((d), (s), (n))
#define MoveMemory(d, s, n)	memmove((d), (s), (n))
#ifndef _countof
#define _countof(a)		(sizeof(a) / sizeof((a)[0]))
#endif

#endif /* LIBNP_NPTCHAR_H */
