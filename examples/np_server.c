// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * np_server.c: a named-pipe server.
 *	Usage: np_server FILE [NCLIENTS]
 * Creates \\.\pipe\np_demo (message type, message read mode, duplex, one
 * instance) and loops: wait for a client (ConnectNamedPipe), read its
 * request, answer with the lines of FILE that contain the request text
 * (all lines for an empty request), one message per line, then flush and
 * disconnect.  Stops after NCLIENTS clients (0 or absent: never).
 */
#include "Everything.h"

#define PIPE_NAME	_T("\\\\.\\pipe\\np_demo")
#define BUFSIZE		4096
#define MAX_LINE	1024

int _tmain(int argc, LPTSTR argv[])
{
	HANDLE hPipe;
	TCHAR request[BUFSIZE], line[MAX_LINE];
	DWORD nRead, nWritten, nClients = 0, served, nLines;
	BOOL fConnected;
	FILE *fp;

	if (argc < 2)
		ReportError(_T("Usage: np_server FILE [NCLIENTS]"), 1, FALSE);
	if (argc > 2)
		nClients = (DWORD)_ttoi(argv[2]);

	hPipe = CreateNamedPipe(PIPE_NAME,
			PIPE_ACCESS_DUPLEX,		/* read/write access */
			PIPE_TYPE_MESSAGE |		/* message type pipe */
			PIPE_READMODE_MESSAGE |		/* message-read mode */
			PIPE_WAIT,			/* blocking mode */
			1,				/* one instance */
			BUFSIZE,			/* output buffer size */
			BUFSIZE,			/* input buffer size */
			0,				/* client time-out: default */
			NULL);				/* default security attribute */
	if (hPipe == INVALID_HANDLE_VALUE)
		ReportError(_T("np_server: CreateNamedPipe failed."), 2, TRUE);
	_tprintf(_T("np_server: serving %s on %s\n"), argv[1], PIPE_NAME);
	fflush(stdout);

	for (served = 0; nClients == 0 || served < nClients; served++) {
		/* Wait for a client; a client that connected between
		   CreateNamedPipe and ConnectNamedPipe gives ERROR_PIPE_CONNECTED. */
		fConnected = ConnectNamedPipe(hPipe, NULL) ?
			TRUE : (GetLastError() == ERROR_PIPE_CONNECTED);
		if (!fConnected) {
			ReportError(_T("np_server: ConnectNamedPipe failed."), 0, TRUE);
			DisconnectNamedPipe(hPipe);
			continue;
		}

		/* Read the client's request: one message. */
		if (!ReadFile(hPipe, request, BUFSIZE - 1, &nRead, NULL)) {
			ReportError(_T("np_server: ReadFile failed."), 0, TRUE);
			DisconnectNamedPipe(hPipe);
			continue;
		}
		request[nRead] = _T('\0');
		_tprintf(_T("np_server: client %u asks for \"%s\"\n"), served + 1, request);

		/* Answer: one message per matching line of the file. */
		nLines = 0;
		fp = _tfopen(argv[1], _T("r"));
		if (fp == NULL) {
			ReportError(_T("np_server: cannot open the file."), 0, FALSE);
		} else {
			while (_fgetts(line, MAX_LINE, fp) != NULL) {
				size_t len = _tcslen(line);

				if (len > 0 && line[len - 1] == _T('\n'))
					line[--len] = _T('\0');
				if (request[0] != _T('\0') && _tcsstr(line, request) == NULL)
					continue;
				if (!WriteFile(hPipe, line, (DWORD)(len * sizeof(TCHAR)),
					       &nWritten, NULL)) {
					ReportError(_T("np_server: WriteFile failed."), 0, TRUE);
					break;
				}
				nLines++;
			}
			fclose(fp);
		}
		_tprintf(_T("np_server: sent %u lines\n"), nLines);
		fflush(stdout);

		/* Let the client read everything, then end the connection. */
		FlushFileBuffers(hPipe);
		DisconnectNamedPipe(hPipe);
	}
	CloseHandle(hPipe);
	return 0;
}
