/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <strsafe.h> for Windows-style sources built against libnp: the
 * StringCch and StringCb functions for char strings (the A forms and the
 * unsuffixed names; TCHAR is char), inline as in Windows' own header.
 *
 * Each returns an HRESULT: S_OK; STRSAFE_E_INVALID_PARAMETER for a
 * destination size of 0 or above STRSAFE_MAX_CCH characters, a count
 * above it, or (Cat) a destination without a NUL within its size;
 * STRSAFE_E_INSUFFICIENT_BUFFER when the result did not fit: the
 * destination then holds as much as fits, NUL-terminated.  On
 * STRSAFE_E_INVALID_PARAMETER the Copy and Printf functions set the
 * destination to "" if its size is not 0; the Cat functions leave it.
 * The Length functions: the length without the NUL in *pcchLength /
 * *pcbLength (which may be NULL); no NUL within cchMax, a NULL string or
 * cchMax 0 or above STRSAFE_MAX_CCH: STRSAFE_E_INVALID_PARAMETER and 0
 * there.  Cb sizes are bytes, which for char are characters.  The Ex
 * forms are not provided.
 */
#ifndef LIBNP_WIN32_STRSAFE_H
#define LIBNP_WIN32_STRSAFE_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <npwin32.h>

#define STRSAFE_MAX_CCH			2147483647
#define STRSAFE_MAX_LENGTH		(STRSAFE_MAX_CCH - 1)
#define STRSAFE_E_INSUFFICIENT_BUFFER	((HRESULT)0x8007007A)
#define STRSAFE_E_INVALID_PARAMETER	((HRESULT)0x80070057)
#define STRSAFE_E_END_OF_FILE		((HRESULT)0x80070026)

typedef char *STRSAFE_LPSTR;
typedef const char *STRSAFE_LPCSTR;

#define NP_STRSAFE static __inline__ __attribute__((unused))

/* Copy at most @max characters of @src to @dest of @cch (valid) chars. */
NP_STRSAFE HRESULT NpStrsafeCopy(char *dest, size_t cch, const char *src,
				 size_t max)
{
	size_t i;

	for (i = 0; i < max && src[i]; i++) {
		if (i + 1 == cch) {
			dest[i] = '\0';
			return STRSAFE_E_INSUFFICIENT_BUFFER;
		}
		dest[i] = src[i];
	}
	dest[i] = '\0';
	return S_OK;
}

NP_STRSAFE HRESULT StringCchCopyNA(STRSAFE_LPSTR pszDest, size_t cchDest,
				   STRSAFE_LPCSTR pszSrc, size_t cchToCopy)
{
	if (!cchDest || cchDest > STRSAFE_MAX_CCH ||
	    cchToCopy > STRSAFE_MAX_LENGTH) {
		if (cchDest)
			pszDest[0] = '\0';
		return STRSAFE_E_INVALID_PARAMETER;
	}
	return NpStrsafeCopy(pszDest, cchDest, pszSrc, cchToCopy);
}

NP_STRSAFE HRESULT StringCchCopyA(STRSAFE_LPSTR pszDest, size_t cchDest,
				  STRSAFE_LPCSTR pszSrc)
{
	return StringCchCopyNA(pszDest, cchDest, pszSrc, STRSAFE_MAX_LENGTH);
}

NP_STRSAFE HRESULT StringCbCopyA(STRSAFE_LPSTR pszDest, size_t cbDest,
				 STRSAFE_LPCSTR pszSrc)
{
	return StringCchCopyA(pszDest, cbDest, pszSrc);
}

NP_STRSAFE HRESULT StringCbCopyNA(STRSAFE_LPSTR pszDest, size_t cbDest,
				  STRSAFE_LPCSTR pszSrc, size_t cbToCopy)
{
	return StringCchCopyNA(pszDest, cbDest, pszSrc, cbToCopy);
}

NP_STRSAFE HRESULT StringCchLengthA(STRSAFE_LPCSTR psz, size_t cchMax,
				    size_t *pcchLength)
{
	size_t len = 0;
	HRESULT hr = STRSAFE_E_INVALID_PARAMETER;

	if (psz && cchMax && cchMax <= STRSAFE_MAX_CCH) {
		while (len < cchMax && psz[len])
			len++;
		if (len < cchMax)
			hr = S_OK;
		else
			len = 0;
	}
	if (pcchLength)
		*pcchLength = len;
	return hr;
}

NP_STRSAFE HRESULT StringCbLengthA(STRSAFE_LPCSTR psz, size_t cbMax,
				   size_t *pcbLength)
{
	return StringCchLengthA(psz, cbMax, pcbLength);
}

NP_STRSAFE HRESULT StringCchCatNA(STRSAFE_LPSTR pszDest, size_t cchDest,
				  STRSAFE_LPCSTR pszSrc, size_t cchToAppend)
{
	size_t len;

	if (!cchDest || cchDest > STRSAFE_MAX_CCH ||
	    cchToAppend > STRSAFE_MAX_LENGTH)
		return STRSAFE_E_INVALID_PARAMETER;
	len = strnlen(pszDest, cchDest);
	if (len == cchDest)
		return STRSAFE_E_INVALID_PARAMETER;
	return NpStrsafeCopy(pszDest + len, cchDest - len, pszSrc,
			     cchToAppend);
}

NP_STRSAFE HRESULT StringCchCatA(STRSAFE_LPSTR pszDest, size_t cchDest,
				 STRSAFE_LPCSTR pszSrc)
{
	return StringCchCatNA(pszDest, cchDest, pszSrc, STRSAFE_MAX_LENGTH);
}

NP_STRSAFE HRESULT StringCbCatA(STRSAFE_LPSTR pszDest, size_t cbDest,
				STRSAFE_LPCSTR pszSrc)
{
	return StringCchCatA(pszDest, cbDest, pszSrc);
}

NP_STRSAFE HRESULT StringCbCatNA(STRSAFE_LPSTR pszDest, size_t cbDest,
				 STRSAFE_LPCSTR pszSrc, size_t cbToAppend)
{
	return StringCchCatNA(pszDest, cbDest, pszSrc, cbToAppend);
}

NP_STRSAFE HRESULT StringCchVPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest,
				     STRSAFE_LPCSTR pszFormat, va_list argList)
{
	int len;

	if (!cchDest || cchDest > STRSAFE_MAX_CCH) {
		if (cchDest)
			pszDest[0] = '\0';
		return STRSAFE_E_INVALID_PARAMETER;
	}
	len = vsnprintf(pszDest, cchDest, pszFormat, argList);
	if (len < 0) {
		pszDest[0] = '\0';
		return STRSAFE_E_INVALID_PARAMETER;
	}
	return (size_t)len < cchDest ? S_OK : STRSAFE_E_INSUFFICIENT_BUFFER;
}

NP_STRSAFE HRESULT StringCbVPrintfA(STRSAFE_LPSTR pszDest, size_t cbDest,
				    STRSAFE_LPCSTR pszFormat, va_list argList)
{
	return StringCchVPrintfA(pszDest, cbDest, pszFormat, argList);
}

NP_STRSAFE HRESULT StringCchPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest,
				    STRSAFE_LPCSTR pszFormat, ...)
	__attribute__((format(printf, 3, 4)));

NP_STRSAFE HRESULT StringCchPrintfA(STRSAFE_LPSTR pszDest, size_t cchDest,
				    STRSAFE_LPCSTR pszFormat, ...)
{
	va_list ap;
	HRESULT hr;

	va_start(ap, pszFormat);
	hr = StringCchVPrintfA(pszDest, cchDest, pszFormat, ap);
	va_end(ap);
	return hr;
}

NP_STRSAFE HRESULT StringCbPrintfA(STRSAFE_LPSTR pszDest, size_t cbDest,
				   STRSAFE_LPCSTR pszFormat, ...)
	__attribute__((format(printf, 3, 4)));

NP_STRSAFE HRESULT StringCbPrintfA(STRSAFE_LPSTR pszDest, size_t cbDest,
				   STRSAFE_LPCSTR pszFormat, ...)
{
	va_list ap;
	HRESULT hr;

	va_start(ap, pszFormat);
	hr = StringCchVPrintfA(pszDest, cbDest, pszFormat, ap);
	va_end(ap);
	return hr;
}

#define StringCchCopy		StringCchCopyA
#define StringCchCopyN		StringCchCopyNA
#define StringCchCat		StringCchCatA
#define StringCchCatN		StringCchCatNA
#define StringCchPrintf		StringCchPrintfA
#define StringCchVPrintf	StringCchVPrintfA
#define StringCchLength		StringCchLengthA
#define StringCbCopy		StringCbCopyA
#define StringCbCopyN		StringCbCopyNA
#define StringCbCat		StringCbCatA
#define StringCbCatN		StringCbCatNA
#define StringCbPrintf		StringCbPrintfA
#define StringCbVPrintf		StringCbVPrintfA
#define StringCbLength		StringCbLengthA

#endif /* LIBNP_WIN32_STRSAFE_H */
