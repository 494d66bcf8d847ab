// SPDX-License-Identifier: LGPL-2.1-or-later
/* ReportError and SkipArg: the course's utility functions. */
#include "Everything.h"

static LPCTSTR ErrorText(DWORD e)
{
	switch (e) {
	case ERROR_SUCCESS:		return _T("The operation completed successfully.");
	case ERROR_INVALID_FUNCTION:	return _T("Incorrect function.");
	case ERROR_FILE_NOT_FOUND:	return _T("The system cannot find the file specified.");
	case ERROR_PATH_NOT_FOUND:	return _T("The system cannot find the path specified.");
	case ERROR_ACCESS_DENIED:	return _T("Access is denied.");
	case ERROR_INVALID_HANDLE:	return _T("The handle is invalid.");
	case ERROR_INVALID_PARAMETER:	return _T("The parameter is incorrect.");
	case ERROR_BROKEN_PIPE:		return _T("The pipe has been ended.");
	case ERROR_SEM_TIMEOUT:		return _T("The semaphore timeout period has expired.");
	case ERROR_INVALID_NAME:	return _T("The filename, directory name, or volume label syntax is incorrect.");
	case ERROR_BAD_PIPE:		return _T("The pipe state is invalid.");
	case ERROR_PIPE_BUSY:		return _T("All pipe instances are busy.");
	case ERROR_NO_DATA:		return _T("The pipe is being closed.");
	case ERROR_PIPE_NOT_CONNECTED:	return _T("No process is on the other end of the pipe.");
	case ERROR_MORE_DATA:		return _T("More data is available.");
	case ERROR_PIPE_CONNECTED:	return _T("There is a process on other end of the pipe.");
	case ERROR_PIPE_LISTENING:	return _T("Waiting for a process to open the other end of the pipe.");
	default:			return _T("");
	}
}

VOID ReportError(LPCTSTR userMessage, DWORD exitCode, BOOL printErrorMessage)
{
	DWORD eMsgLen = GetLastError();

	_ftprintf(stderr, _T("%s\n"), userMessage);
	if (printErrorMessage)
		_ftprintf(stderr, _T("Error %u: %s\n"), eMsgLen, ErrorText(eMsgLen));
	if (exitCode > 0)
		ExitProcess(exitCode);
}

LPTSTR SkipArg(LPTSTR targv, int argn, int argc, LPTSTR argv[])
{
	LPTSTR p = targv;
	int i;

	(void)argv;
	if (targv == NULL || argn >= argc)
		return targv ? targv + _tcslen(targv) : NULL;
	for (i = 0; i < argn && *p != _T('\0'); i++) {
		BOOL inQuotes = FALSE;

		while (*p != _T('\0') && (inQuotes || (*p != _T(' ') && *p != _T('\t')))) {
			if (*p == _T('"'))
				inQuotes = !inQuotes;
			p++;
		}
		while (*p == _T(' ') || *p == _T('\t'))
			p++;
	}
	return p;
}
