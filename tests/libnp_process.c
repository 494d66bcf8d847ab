// SPDX-License-Identifier: GPL-2.0
/*
 * libnp Win32 layer: processes, handle inheritance, standard handles,
 * anonymous pipes (CreatePipe) and ordinary files.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "npwin32.h"
#include "libnp_test.h"

/* The fd a handle stands for (npwin32.h: (fd + 1) * 4). */
static int hfd(HANDLE h)
{
	return (int)((uintptr_t)h / 4 - 1);
}

static BOOL run(const char *cmd, BOOL inherit, STARTUPINFO *si,
		PROCESS_INFORMATION *pi)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "%s", cmd);
	return CreateProcessA(NULL, buf, NULL, NULL, inherit, 0, NULL, NULL,
			      si, pi);
}

/* Run cmd, wait, return its exit code (or 1000 + error). */
static DWORD run_wait(const char *cmd, BOOL inherit, STARTUPINFO *si)
{
	PROCESS_INFORMATION pi;
	STARTUPINFO dflt = { sizeof(dflt) };
	DWORD code = SENT;

	if (!run(cmd, inherit, si ? si : &dflt, &pi))
		return 1000 + GetLastError();
	if (WaitForSingleObject(pi.hProcess, 10000) != WAIT_OBJECT_0)
		return 2000;
	if (!GetExitCodeProcess(pi.hProcess, &code))
		return 3000;
	CloseHandle(pi.hThread);
	CloseHandle(pi.hProcess);
	return code;
}

TEST(create_wait_exit_code)
{
	STARTUPINFO si = { sizeof(si) };
	PROCESS_INFORMATION pi;
	DWORD code = SENT;
	struct timespec t0, t1;

	memset(&pi, 0xcc, sizeof(pi));
	ASSERT_TRUE(run("/bin/sh -c \"sleep 0.3; exit 7\"", FALSE, &si, &pi));
	EXPECT_NE(NULL, pi.hProcess);
	EXPECT_NE(NULL, pi.hThread);
	EXPECT_NE(pi.hProcess, pi.hThread);
	EXPECT_NE(0, pi.dwProcessId);
	EXPECT_EQ(pi.dwProcessId, GetProcessId(pi.hProcess));
	EXPECT_TRUE(GetExitCodeProcess(pi.hProcess, &code));
	EXPECT_EQ(STILL_ACTIVE, code);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(pi.hProcess, 50));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	EXPECT_LE(45, (t1.tv_sec - t0.tv_sec) * 1000 +
		  (t1.tv_nsec - t0.tv_nsec) / 1000000);
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(pi.hThread, 0));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(pi.hProcess, INFINITE));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(pi.hProcess, 0));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(pi.hThread, 0));
	EXPECT_TRUE(GetExitCodeProcess(pi.hProcess, &code));
	EXPECT_EQ(7, code);
	EXPECT_TRUE(GetExitCodeThread(pi.hThread, &code));
	EXPECT_EQ(7, code);
	EXPECT_ERR(GetExitCodeProcess(pi.hThread, &code), ERROR_INVALID_HANDLE);
	EXPECT_TRUE(CloseHandle(pi.hThread));
	EXPECT_TRUE(CloseHandle(pi.hProcess));
	EXPECT_ERR(CloseHandle(pi.hProcess), ERROR_INVALID_HANDLE);
	EXPECT_ERR(GetExitCodeProcess(pi.hProcess, &code), ERROR_INVALID_HANDLE);
	SetLastError(SENT);
	EXPECT_EQ(WAIT_FAILED, WaitForSingleObject(pi.hProcess, 0));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	SetLastError(SENT);
	EXPECT_EQ(WAIT_FAILED, WaitForSingleObject(NULL, 0));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());
	EXPECT_EQ(0, run_wait("/bin/true", FALSE, NULL));
	EXPECT_EQ(1, run_wait("false", FALSE, NULL));	/* PATH search */
}

TEST(create_errors)
{
	STARTUPINFO si = { sizeof(si) };
	PROCESS_INFORMATION pi;
	char cmd[64] = "/bin/true";

	EXPECT_ERR(run("/no/such/program", FALSE, &si, &pi), ERROR_PATH_NOT_FOUND);
	EXPECT_ERR(run("no-such-program-libnp", FALSE, &si, &pi),
		   ERROR_FILE_NOT_FOUND);
	{
		char path[64];
		int fd;

		snprintf(path, sizeof(path), "/tmp/libnp-noexec-%d", getpid());
		fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
		ASSERT_LE(0, fd);
		close(fd);
		EXPECT_ERR(run(path, FALSE, &si, &pi), ERROR_ACCESS_DENIED);
		unlink(path);
	}
	EXPECT_ERR(run("", FALSE, &si, &pi), ERROR_PATH_NOT_FOUND);
	EXPECT_ERR(CreateProcessA(NULL, NULL, NULL, NULL, FALSE, 0, NULL, NULL,
				  &si, &pi), ERROR_INVALID_PARAMETER);
	EXPECT_ERR(CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL,
				  "/no/such/dir", &si, &pi), ERROR_DIRECTORY);
}

TEST(command_line_and_options)
{
	STARTUPINFO si = { sizeof(si) };
	PROCESS_INFORMATION pi;
	char cmd[256];
	DWORD code;

	/* Quoting: "b c" is one argument, \" a quote. */
	EXPECT_EQ(2, run_wait("/bin/sh -c \"exit $#\" x a \"b c\"", FALSE, NULL));
	EXPECT_EQ(0, run_wait("/bin/sh -c \"test \\\"$1\\\" = 'q\\\"q'\" x q\\\"q",
			      FALSE, NULL));
	EXPECT_EQ(0, run_wait("/bin/sh -c \"test \\\"$1\\\" = 'a\\\\b'\" x a\\\\b",
			      FALSE, NULL));
	/* lpApplicationName gives the program, the command line argv. */
	snprintf(cmd, sizeof(cmd), "sh -c \"exit 5\"");
	ASSERT_TRUE(CreateProcessA("/bin/sh", cmd, NULL, NULL, FALSE, 0, NULL,
				   NULL, &si, &pi));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(pi.hProcess, INFINITE));
	EXPECT_TRUE(GetExitCodeProcess(pi.hProcess, &code));
	EXPECT_EQ(5, code);
	CloseHandle(pi.hThread);
	CloseHandle(pi.hProcess);
	/* Current directory and environment block. */
	snprintf(cmd, sizeof(cmd), "/bin/sh -c \"test `pwd` = / && test \\\"$FOO\\\" = bar\"");
	ASSERT_TRUE(CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0,
				   "FOO=bar\0X=1\0", "/", &si, &pi));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(pi.hProcess, INFINITE));
	EXPECT_TRUE(GetExitCodeProcess(pi.hProcess, &code));
	EXPECT_EQ(0, code);
	CloseHandle(pi.hThread);
	CloseHandle(pi.hProcess);
	/* TerminateProcess. */
	ASSERT_TRUE(run("/bin/sleep 10", FALSE, &si, &pi));
	EXPECT_TRUE(TerminateProcess(pi.hProcess, 42));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(pi.hProcess, 5000));
	EXPECT_TRUE(GetExitCodeProcess(pi.hProcess, &code));
	EXPECT_EQ(42, code);
	EXPECT_ERR(TerminateProcess(pi.hProcess, 1), ERROR_ACCESS_DENIED);
	CloseHandle(pi.hThread);
	CloseHandle(pi.hProcess);
	EXPECT_ERR(TerminateProcess(NULL, 1), ERROR_INVALID_HANDLE);
}

TEST(redirect_stdout_to_pipe)
{
	SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
	STARTUPINFO si;
	PROCESS_INFORMATION pi;
	HANDLE r, w;
	char buf[64];
	DWORD n, total = 0;

	ASSERT_TRUE(CreatePipe(&r, &w, &sa, 0));
	GetStartupInfo(&si);
	EXPECT_EQ(sizeof(si), si.cb);
	si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
	si.hStdOutput = w;
	si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
	si.dwFlags = STARTF_USESTDHANDLES;
	ASSERT_TRUE(run("/bin/sh -c \"echo hello; echo world\"", TRUE, &si, &pi));
	EXPECT_TRUE(CloseHandle(w));
	while (ReadFile(r, buf + total, sizeof(buf) - 1 - total, &n, NULL) && n)
		total += n;
	EXPECT_EQ(ERROR_BROKEN_PIPE, GetLastError());
	buf[total] = 0;
	EXPECT_STREQ("hello\nworld\n", buf);
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(pi.hProcess, INFINITE));
	EXPECT_TRUE(GetExitCodeProcess(pi.hProcess, &n));
	EXPECT_EQ(0, n);
	CloseHandle(pi.hThread);
	CloseHandle(pi.hProcess);
	EXPECT_TRUE(CloseHandle(r));
}

TEST(redirect_stdin_from_pipe)
{
	SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
	STARTUPINFO si = { sizeof(si) };
	PROCESS_INFORMATION pi;
	HANDLE r, w;
	DWORD n;

	ASSERT_TRUE(CreatePipe(&r, &w, &sa, 0));
	si.hStdInput = r;
	si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
	si.hStdError = NULL;	/* /dev/null */
	si.dwFlags = STARTF_USESTDHANDLES;
	ASSERT_TRUE(run("/bin/sh -c \"read x; read y; test $x$y = pingpong\"",
			TRUE, &si, &pi));
	EXPECT_TRUE(CloseHandle(r));
	EXPECT_TRUE(WriteFile(w, "ping\npong\n", 10, &n, NULL));
	EXPECT_EQ(10, n);
	EXPECT_TRUE(CloseHandle(w));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(pi.hProcess, INFINITE));
	EXPECT_TRUE(GetExitCodeProcess(pi.hProcess, &n));
	EXPECT_EQ(0, n);
	CloseHandle(pi.hThread);
	CloseHandle(pi.hProcess);
}

TEST(handle_inheritance)
{
	SECURITY_ATTRIBUTES inh = { sizeof(inh), NULL, TRUE };
	HANDLE r, w, r2, w2;
	char cmd[128], buf[16];
	DWORD n, flags;

	/* Inheritable write end: the child writes to it by number. */
	ASSERT_TRUE(CreatePipe(&r, &w, &inh, 0));
	EXPECT_TRUE(GetHandleInformation(w, &flags));
	EXPECT_EQ(HANDLE_FLAG_INHERIT, flags);
	snprintf(cmd, sizeof(cmd), "/bin/sh -c \"echo inherited >&%d\"", hfd(w));
	EXPECT_EQ(0, run_wait(cmd, TRUE, NULL));
	EXPECT_TRUE(CloseHandle(w));
	EXPECT_TRUE(ReadFile(r, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(10, n);
	EXPECT_EQ(0, memcmp(buf, "inherited\n", 10));
	/* bInheritHandles = FALSE: not even inheritable handles pass. */
	ASSERT_TRUE(CreatePipe(&r2, &w2, &inh, 0));
	snprintf(cmd, sizeof(cmd), "/bin/sh -c \"echo x >&%d\" 2>/dev/null",
		 hfd(w2));
	EXPECT_NE(0, run_wait(cmd, FALSE, NULL));
	EXPECT_TRUE(CloseHandle(r2));
	EXPECT_TRUE(CloseHandle(w2));
	EXPECT_TRUE(CloseHandle(r));

	/* A non-inheritable handle does not survive, even with TRUE. */
	ASSERT_TRUE(CreatePipe(&r, &w, NULL, 0));
	EXPECT_TRUE(GetHandleInformation(w, &flags));
	EXPECT_EQ(0, flags);
	snprintf(cmd, sizeof(cmd), "/bin/sh -c \"echo x >&%d\" 2>/dev/null",
		 hfd(w));
	EXPECT_NE(0, run_wait(cmd, TRUE, NULL));
	/* SetHandleInformation makes it inheritable. */
	EXPECT_TRUE(SetHandleInformation(w, HANDLE_FLAG_INHERIT,
					 HANDLE_FLAG_INHERIT));
	snprintf(cmd, sizeof(cmd), "/bin/sh -c \"echo x >&%d\"", hfd(w));
	EXPECT_EQ(0, run_wait(cmd, TRUE, NULL));
	EXPECT_TRUE(CloseHandle(w));
	EXPECT_TRUE(ReadFile(r, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(2, n);
	EXPECT_TRUE(CloseHandle(r));
	EXPECT_ERR(GetHandleInformation(NULL, &flags), ERROR_INVALID_HANDLE);
	EXPECT_ERR(SetHandleInformation(INVALID_HANDLE_VALUE, 1, 1),
		   ERROR_INVALID_HANDLE);
}

TEST(anonymous_pipe)
{
	HANDLE r, w;
	char buf[64];
	DWORD n, flags, out, in, max, avail;

	EXPECT_ERR(CreatePipe(NULL, &w, NULL, 0), ERROR_NOACCESS);
	ASSERT_TRUE(CreatePipe(&r, &w, NULL, 0));
	check_pipe_info(r, PIPE_SERVER_END | PIPE_TYPE_BYTE, 4096, 4096, 1);
	flags = out = in = max = SENT;
	EXPECT_TRUE(GetNamedPipeInfo(w, &flags, &out, &in, &max));
	EXPECT_EQ(PIPE_CLIENT_END | PIPE_TYPE_BYTE, flags);
	EXPECT_EQ(4096, out);
	EXPECT_EQ(1, max);
	n = SENT;
	EXPECT_TRUE(WriteFile(w, "\\\\.\\PiPe\\x", 10, &n, NULL));
	EXPECT_EQ(10, n);
	EXPECT_TRUE(PeekNamedPipe(r, NULL, 0, NULL, &avail, NULL));
	EXPECT_EQ(10, avail);
	/* One-way: the wrong end is ERROR_ACCESS_DENIED. */
	EXPECT_ERR(WriteFile(r, "x", 1, &n, NULL), ERROR_ACCESS_DENIED);
	EXPECT_ERR(ReadFile(w, buf, 1, &n, NULL), ERROR_ACCESS_DENIED);
	/* Writer closed: data first, then ERROR_BROKEN_PIPE. */
	EXPECT_TRUE(CloseHandle(w));
	EXPECT_TRUE(ReadFile(r, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(10, n);
	EXPECT_ERR(ReadFile(r, buf, sizeof(buf), &n, NULL), ERROR_BROKEN_PIPE);
	EXPECT_TRUE(CloseHandle(r));
	/* Reader closed: ERROR_NO_DATA. */
	ASSERT_TRUE(CreatePipe(&r, &w, NULL, 1));
	EXPECT_TRUE(GetNamedPipeInfo(r, NULL, &out, &in, NULL));
	EXPECT_EQ(1, out);
	EXPECT_EQ(1, in);
	EXPECT_TRUE(CloseHandle(r));
	EXPECT_ERR(WriteFile(w, "x", 1, &n, NULL), ERROR_NO_DATA);
	EXPECT_TRUE(CloseHandle(w));
}

TEST(files)
{
	char path[128], buf[32];
	HANDLE h, r;
	DWORD n;

	snprintf(path, sizeof(path), "/tmp/libnp-file-%d", getpid());
	unlink(path);
	EXPECT_ERR(CreateFileA(NULL, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0,
			       NULL) != INVALID_HANDLE_VALUE, ERROR_PATH_NOT_FOUND);
	EXPECT_ERR(CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0,
			       NULL) != INVALID_HANDLE_VALUE, ERROR_FILE_NOT_FOUND);
	EXPECT_ERR(CreateFileA("/no/such/dir/f", GENERIC_READ, 0, NULL,
			       OPEN_EXISTING, 0, NULL) != INVALID_HANDLE_VALUE,
		   ERROR_PATH_NOT_FOUND);
	EXPECT_ERR(CreateFileA(path, GENERIC_READ, 0, NULL, 0, 0, NULL) !=
		   INVALID_HANDLE_VALUE, ERROR_INVALID_PARAMETER);
	SetLastError(SENT);
	h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_NEW,
			FILE_ATTRIBUTE_NORMAL, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, h);
	EXPECT_EQ(ERROR_SUCCESS, GetLastError());
	EXPECT_ERR(CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0,
			       NULL) != INVALID_HANDLE_VALUE, ERROR_FILE_EXISTS);
	EXPECT_TRUE(WriteFile(h, "line one\n", 9, &n, NULL));
	EXPECT_EQ(9, n);
	EXPECT_ERR(ReadFile(h, buf, sizeof(buf), &n, NULL), ERROR_ACCESS_DENIED);
	EXPECT_TRUE(FlushFileBuffers(h));
	EXPECT_TRUE(CloseHandle(h));
	r = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
			0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, r);
	EXPECT_ERR(WriteFile(r, "x", 1, &n, NULL), ERROR_ACCESS_DENIED);
	EXPECT_TRUE(ReadFile(r, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(9, n);
	n = SENT;
	EXPECT_TRUE(ReadFile(r, buf, sizeof(buf), &n, NULL));	/* EOF */
	EXPECT_EQ(0, n);
	EXPECT_TRUE(CloseHandle(r));
	SetLastError(SENT);
	h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, h);
	EXPECT_EQ(ERROR_ALREADY_EXISTS, GetLastError());
	EXPECT_TRUE(CloseHandle(h));
	SetLastError(SENT);
	h = CreateFileA(path, GENERIC_READ, 0, NULL, OPEN_ALWAYS, 0, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, h);
	EXPECT_EQ(ERROR_ALREADY_EXISTS, GetLastError());
	EXPECT_TRUE(ReadFile(h, buf, sizeof(buf), &n, NULL));
	EXPECT_EQ(0, n);	/* truncated by CREATE_ALWAYS */
	EXPECT_TRUE(CloseHandle(h));
	EXPECT_ERR(CreateFileA("/tmp", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0,
			       NULL) != INVALID_HANDLE_VALUE, ERROR_ACCESS_DENIED);
	EXPECT_EQ(0, unlink(path));
}

TEST(command_line_of_self)
{
	LPSTR cl = GetCommandLine();

	ASSERT_NE(NULL, cl);
	EXPECT_NE(NULL, strstr(cl, "libnp_process"));
	EXPECT_EQ((DWORD)getpid(), GetCurrentProcessId());
}

TEST_HARNESS_MAIN
