// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * np_client.c: the client of np_server.
 *	Usage: np_client [REQUEST]
 * Waits for \\.\pipe\np_demo, opens it, switches to message read mode,
 * writes its request (one message) and prints each response message on a
 * line of its own until the server disconnects.
 */
#include "Everything.h"

#define PIPE_NAME	_T("\\\\.\\pipe\\np_demo")
#define BUFSIZE		4096

int _tmain(int argc, LPTSTR argv[])
{
	HANDLE hPipe;
	TCHAR buffer[BUFSIZE];
	LPCTSTR request = argc > 1 ? argv[1] : _T("");
	DWORD nRead, nWritten, dwMode, nMessages = 0, nTries = 0;
	BOOL fSuccess;

	/* Try to open the pipe; wait for it if all instances are busy. */
	for (;;) {
		hPipe = CreateFile(PIPE_NAME, GENERIC_READ | GENERIC_WRITE,
				   0, NULL, OPEN_EXISTING, 0, NULL);
		if (hPipe != INVALID_HANDLE_VALUE)
			break;
		/* The server may not have created the pipe yet: retry a while. */
		if (GetLastError() == ERROR_FILE_NOT_FOUND && ++nTries < 50) {
			Sleep(100);
			continue;
		}
		if (GetLastError() != ERROR_PIPE_BUSY)
			ReportError(_T("np_client: could not open the pipe."), 1, TRUE);
		if (!WaitNamedPipe(PIPE_NAME, 20000))
			ReportError(_T("np_client: could not open the pipe: 20 second wait timed out."), 1, TRUE);
	}

	/* The pipe is connected; change to message-read mode. */
	dwMode = PIPE_READMODE_MESSAGE;
	if (!SetNamedPipeHandleState(hPipe, &dwMode, NULL, NULL))
		ReportError(_T("np_client: SetNamedPipeHandleState failed."), 2, TRUE);

	/* Send the request. */
	if (!WriteFile(hPipe, request, (DWORD)(_tcslen(request) * sizeof(TCHAR)),
		       &nWritten, NULL))
		ReportError(_T("np_client: WriteFile failed."), 3, TRUE);

	/* Print each response message until the server disconnects. */
	for (;;) {
		fSuccess = ReadFile(hPipe, buffer, (BUFSIZE - 1) * sizeof(TCHAR), &nRead, NULL);
		if (!fSuccess && GetLastError() != ERROR_MORE_DATA)
			break;
		buffer[nRead / sizeof(TCHAR)] = _T('\0');
		_tprintf(fSuccess ? _T("%s\n") : _T("%s"), buffer);
		if (fSuccess)
			nMessages++;
	}
	if (GetLastError() != ERROR_PIPE_NOT_CONNECTED && GetLastError() != ERROR_BROKEN_PIPE)
		ReportError(_T("np_client: ReadFile failed."), 4, TRUE);
	_tprintf(_T("np_client: %u messages, then the server disconnected\n"), nMessages);

	CloseHandle(hPipe);
	return 0;
}
