/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <tchar.h> for Windows-style sources built against libnp: the TCHAR
 * names of the C runtime (_T, _tmain, _tprintf, _tcslen, _tcscpy_s...)
 * for TCHAR = char, from nptchar.h.  No _UNICODE: the wide functions do
 * not exist here.
 */
#ifndef LIBNP_WIN32_TCHAR_H
#define LIBNP_WIN32_TCHAR_H

#include <nptchar.h>

#endif /* LIBNP_WIN32_TCHAR_H */
