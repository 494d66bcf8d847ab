/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <windows.h> for Windows-style sources built against libnp: found with
 * `pkg-config --cflags libnp-win32` (-I$(includedir)/libnp-win32), so that
 * such a source needs no edit to its includes.  It gives libnp's Win32
 * API (npwin32.h) and, as the Windows headers do for the string and
 * lstr* names, the C runtime names of nptchar.h.  Only what npwin32.h
 * declares exists: see its first comment for what is not implemented.
 */
#ifndef LIBNP_WIN32_WINDOWS_H
#define LIBNP_WIN32_WINDOWS_H

#include <npwin32.h>
#include <nptchar.h>

#endif /* LIBNP_WIN32_WINDOWS_H */
