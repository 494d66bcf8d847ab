/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Everything.h - the course programs' common header, as in "Windows System
 * Programming": the Win32 names (here from libnp's npwin32.h), the C
 * runtime's TCHAR names (nptchar.h) and the two helper functions of the
 * course, ReportError and SkipArg.
 */
#ifndef EVERYTHING_H
#define EVERYTHING_H

#include "npwin32.h"
#include "nptchar.h"

/* Print userMessage (and, if printErrorMessage, GetLastError's code and
 * meaning) to stderr; exit with exitCode if it is not 0. */
VOID ReportError(LPCTSTR userMessage, DWORD exitCode, BOOL printErrorMessage);

/* The command line targv with its first argn arguments skipped (quoted
 * arguments count as one), or an empty string. */
LPTSTR SkipArg(LPTSTR targv, int argn, int argc, LPTSTR argv[]);

#endif
