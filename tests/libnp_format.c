// SPDX-License-Identifier: GPL-2.0
/*
 * libnp Win32 layer: FormatMessageA.  The behaviours asserted are those of
 * Windows in Wine's dlls/kernel32/tests/format_msg.c (each test names the
 * Wine test it follows), and the system message texts are Windows' own
 * English ones, from Microsoft's "System Error Codes" documentation.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "np.h"
#include "npwin32.h"
#include "libnp_test.h"

/* FormatMessageA with its arguments as a va_list (Wine's doit()). */
static DWORD fmt(DWORD flags, const void *src, DWORD id, DWORD lang,
		 char *out, DWORD size, ...)
{
	va_list ap;
	DWORD r;

	va_start(ap, size);
	r = FormatMessageA(flags, src, id, lang, out, size, &ap);
	va_end(ap);
	return r;
}

#define FS	FORMAT_MESSAGE_FROM_STRING

/* The text of every error code npwin32.h defines, as Windows gives it. */
static const struct {
	DWORD code;
	const char *text;
} texts[] = {
	{ 0, "The operation completed successfully.\r\n" },
	{ 1, "Incorrect function.\r\n" },
	{ 2, "The system cannot find the file specified.\r\n" },
	{ 3, "The system cannot find the path specified.\r\n" },
	{ 4, "The system cannot open the file.\r\n" },
	{ 5, "Access is denied.\r\n" },
	{ 6, "The handle is invalid.\r\n" },
	{ 8, "Not enough memory resources are available to process this "
	     "command.\r\n" },
	{ 13, "The data is invalid.\r\n" },
	{ 14, "Not enough storage is available to complete this "
	      "operation.\r\n" },
	{ 19, "The media is write protected.\r\n" },
	{ 21, "The device is not ready.\r\n" },
	{ 31, "A device attached to the system is not functioning.\r\n" },
	{ 32, "The process cannot access the file because it is being used "
	      "by another process.\r\n" },
	{ 38, "Reached the end of the file.\r\n" },
	{ 50, "The request is not supported.\r\n" },
	{ 53, "The network path was not found.\r\n" },
	{ 80, "The file exists.\r\n" },
	{ 87, "The parameter is incorrect.\r\n" },
	{ 109, "The pipe has been ended.\r\n" },
	{ 111, "The file name is too long.\r\n" },
	{ 112, "There is not enough space on the disk.\r\n" },
	{ 120, "This function is not supported on this system.\r\n" },
	{ 121, "The semaphore timeout period has expired.\r\n" },
	{ 122, "The data area passed to a system call is too small.\r\n" },
	{ 123, "The filename, directory name, or volume label syntax is "
	       "incorrect.\r\n" },
	{ 126, "The specified module could not be found.\r\n" },
	{ 157, "The segment is already discarded and cannot be locked.\r\n" },
	{ 158, "The segment is already unlocked.\r\n" },
	{ 161, "The specified path is invalid.\r\n" },
	{ 183, "Cannot create a file when that file already exists.\r\n" },
	{ 193, "%1 is not a valid Win32 application.\r\n" },
	{ 206, "The filename or extension is too long.\r\n" },
	{ 229, "The pipe is local.\r\n" },
	{ 230, "The pipe state is invalid.\r\n" },
	{ 231, "All pipe instances are busy.\r\n" },
	{ 232, "The pipe is being closed.\r\n" },
	{ 233, "No process is on the other end of the pipe.\r\n" },
	{ 234, "More data is available.\r\n" },
	{ 235, "The action requested resulted in no work being done. "
	       "Error-style clean-up has been performed.\r\n" },
	{ 267, "The directory name is invalid.\r\n" },
	{ 317, "The system cannot find message text for message number 0x%1 "
	       "in the message file for %2.\r\n" },
	{ 535, "There is a process on other end of the pipe.\r\n" },
	{ 536, "Waiting for a process to open the other end of the "
	       "pipe.\r\n" },
	{ 995, "The I/O operation has been aborted because of either a "
	       "thread exit or an application request.\r\n" },
	{ 996, "Overlapped I/O event is not in a signaled state.\r\n" },
	{ 997, "Overlapped I/O operation is in progress.\r\n" },
	{ 998, "Invalid access to memory location.\r\n" },
	{ 1168, "Element not found.\r\n" },
	{ 1368, "Unable to impersonate using a named pipe until data has been "
		"read from that pipe.\r\n" },
	{ 1438, "Invalid message box style.\r\n" },
	{ 1813, "The specified resource type cannot be found in the image "
		"file.\r\n" },
	{ 1815, "The specified resource language ID cannot be found in the "
		"image file.\r\n" },
	{ 1816, "Not enough quota is available to process this command.\r\n" },
};

/* The codes libnp sets: every ERROR_ of npwin32.h. */
static const DWORD libnp_codes[] = {
	ERROR_SUCCESS, ERROR_INVALID_FUNCTION, ERROR_FILE_NOT_FOUND,
	ERROR_PATH_NOT_FOUND, ERROR_TOO_MANY_OPEN_FILES, ERROR_ACCESS_DENIED,
	ERROR_INVALID_HANDLE, ERROR_NOT_ENOUGH_MEMORY, ERROR_INVALID_DATA,
	ERROR_OUTOFMEMORY, ERROR_WRITE_PROTECT, ERROR_NOT_READY,
	ERROR_GEN_FAILURE, ERROR_SHARING_VIOLATION, ERROR_HANDLE_EOF,
	ERROR_NOT_SUPPORTED, ERROR_BAD_NETPATH, ERROR_FILE_EXISTS,
	ERROR_INVALID_PARAMETER, ERROR_BROKEN_PIPE, ERROR_BUFFER_OVERFLOW,
	ERROR_DISK_FULL, ERROR_CALL_NOT_IMPLEMENTED, ERROR_SEM_TIMEOUT,
	ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_NAME, ERROR_MOD_NOT_FOUND,
	ERROR_DISCARDED, ERROR_NOT_LOCKED, ERROR_BAD_PATHNAME,
	ERROR_ALREADY_EXISTS, ERROR_BAD_EXE_FORMAT, ERROR_FILENAME_EXCED_RANGE,
	ERROR_PIPE_LOCAL, ERROR_BAD_PIPE, ERROR_PIPE_BUSY, ERROR_NO_DATA,
	ERROR_PIPE_NOT_CONNECTED, ERROR_MORE_DATA, ERROR_NO_WORK_DONE,
	ERROR_DIRECTORY, ERROR_MR_MID_NOT_FOUND, ERROR_PIPE_CONNECTED,
	ERROR_PIPE_LISTENING, ERROR_OPERATION_ABORTED, ERROR_IO_INCOMPLETE,
	ERROR_IO_PENDING, ERROR_NOACCESS, ERROR_NOT_FOUND,
	ERROR_CANNOT_IMPERSONATE, ERROR_INVALID_MSGBOX_STYLE,
	ERROR_RESOURCE_TYPE_NOT_FOUND, ERROR_RESOURCE_LANG_NOT_FOUND,
	ERROR_NOT_ENOUGH_QUOTA,
};

TEST(system_texts)
{
	char out[512];
	size_t i, j;
	DWORD r;

	for (i = 0; i < ARRAYSIZE(texts); i++) {
		memset(out, 'x', sizeof(out));
		r = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM |
				   FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
				   texts[i].code,
				   MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT),
				   out, sizeof(out), NULL);
		EXPECT_EQ(strlen(texts[i].text), r);
		EXPECT_STREQ(texts[i].text, out);
	}
	/* Every code libnp can set has its text. */
	for (i = 0; i < ARRAYSIZE(libnp_codes); i++) {
		for (j = 0; j < ARRAYSIZE(texts); j++)
			if (texts[j].code == libnp_codes[i])
				break;
		EXPECT_GT(ARRAYSIZE(texts), j);
	}
	/* Also every code libnp's errno map gives. */
	for (i = 0; i < 200; i++) {
		r = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM |
				   FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
				   np_errno_to_win32((int)i), 0, out,
				   sizeof(out), NULL);
		EXPECT_LT(2, r);
	}
}

/* How real programs call it: ALLOCATE_BUFFER, MAKELANGID, LocalFree. */
TEST(system_allocate_buffer)
{
	char *msg = (char *)0xdeadbeef;
	DWORD r;

	r = FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER |
			   FORMAT_MESSAGE_FROM_SYSTEM |
			   FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
			   ERROR_PIPE_BUSY,
			   MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT),
			   (LPSTR)&msg, 0, NULL);
	EXPECT_EQ(30, r);
	ASSERT_NE(NULL, msg);
	EXPECT_STREQ("All pipe instances are busy.\r\n", msg);
	EXPECT_LE(31, LocalSize(msg));
	EXPECT_EQ(NULL, LocalFree(msg));
	/* nSize is a minimum size for the buffer. */
	r = FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER |
			   FORMAT_MESSAGE_FROM_SYSTEM, NULL, 5, 0,
			   (LPSTR)&msg, 1000, NULL);
	EXPECT_EQ(19, r);
	EXPECT_EQ(1000, LocalSize(msg));
	LocalFree(msg);
	/* An HRESULT of FACILITY_WIN32 (Wine: E_ACCESSDENIED). */
	r = FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER |
			   FORMAT_MESSAGE_FROM_SYSTEM, NULL,
			   (DWORD)E_ACCESSDENIED, 0, (LPSTR)&msg, 0, NULL);
	EXPECT_EQ(19, r);
	EXPECT_STREQ("Access is denied.\r\n", msg);
	LocalFree(msg);
	r = FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER |
			   FORMAT_MESSAGE_FROM_SYSTEM, NULL,
			   (DWORD)HRESULT_FROM_WIN32(ERROR_BROKEN_PIPE),
			   LANG_USER_DEFAULT, (LPSTR)&msg, 0, NULL);
	EXPECT_STREQ("The pipe has been ended.\r\n", msg);
	LocalFree(msg);
}

/* Wine format_msg.c test_message_from_hmodule: no text, and its languages;
 * Wine test_message_null_buffer: ALLOCATE_BUFFER with a NULL pointer. */
TEST(system_errors)
{
	char out[256];
	char *msg = (char *)0xdeadbeef;

	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 3044,
				    0, out, sizeof(out), NULL));
	EXPECT_EQ(ERROR_MR_MID_NOT_FOUND, GetLastError());
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM |
				    FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL,
				    0x80071234, 0, (LPSTR)&msg, 0, NULL));
	EXPECT_EQ(ERROR_MR_MID_NOT_FOUND, GetLastError());
	EXPECT_EQ(NULL, msg);
	/* English and neutral ids work; another language does not. */
	EXPECT_EQ(19, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 5,
				     MAKELANGID(LANG_ENGLISH,
						SUBLANG_ENGLISH_UK),
				     out, sizeof(out), NULL));
	EXPECT_EQ(19, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 5,
				     LANG_SYSTEM_DEFAULT, out, sizeof(out),
				     NULL));
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 5,
				    MAKELANGID(0x07, 0x01), out, sizeof(out),
				    NULL));
	EXPECT_EQ(ERROR_RESOURCE_LANG_NOT_FOUND, GetLastError());
	/* No module has a message table here. */
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE, NULL, 5, 0,
				    out, sizeof(out), NULL));
	EXPECT_EQ(ERROR_RESOURCE_TYPE_NOT_FOUND, GetLastError());
	EXPECT_EQ(19, FormatMessageA(FORMAT_MESSAGE_FROM_HMODULE |
				     FORMAT_MESSAGE_FROM_SYSTEM, NULL, 5, 0,
				     out, sizeof(out), NULL));
	/* A buffer of 0 or 1 characters, NULL or not. */
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 0, 0,
				    NULL, 0, NULL));
	EXPECT_EQ(ERROR_INSUFFICIENT_BUFFER, GetLastError());
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 0, 0,
				    NULL, 1, NULL));
	EXPECT_EQ(ERROR_INSUFFICIENT_BUFFER, GetLastError());
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM |
				    FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL, 0,
				    0, NULL, 0, NULL));
	EXPECT_EQ(ERROR_NOT_ENOUGH_MEMORY, GetLastError());
	/* One character short: untouched, ERROR_INSUFFICIENT_BUFFER. */
	memset(out, 'x', sizeof(out));
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 5, 0,
				    out, 19, NULL));
	EXPECT_EQ(ERROR_INSUFFICIENT_BUFFER, GetLastError());
	EXPECT_EQ('x', out[0]);
	EXPECT_EQ(19, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 5, 0,
				     out, 20, NULL));
}

/* Inserts in system texts: ERROR_BAD_EXE_FORMAT's %1. */
TEST(system_inserts)
{
	char out[256];
	DWORD_PTR args[] = { (DWORD_PTR)"prog.exe", 0 };

	/* Wine test_message_from_hmodule: no arguments, no IGNORE_INSERTS. */
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 193, 0,
				    out, sizeof(out), NULL));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, GetLastError());
	EXPECT_EQ(0, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM |
				    FORMAT_MESSAGE_ARGUMENT_ARRAY, NULL, 193,
				    0, out, sizeof(out), NULL));
	EXPECT_EQ(44, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM |
				     FORMAT_MESSAGE_ARGUMENT_ARRAY, NULL, 193,
				     0, out, sizeof(out), (va_list *)args));
	EXPECT_STREQ("prog.exe is not a valid Win32 application.\r\n", out);
	EXPECT_EQ(44, fmt(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 193, 0, out,
			  sizeof(out), "prog.exe"));
	EXPECT_STREQ("prog.exe is not a valid Win32 application.\r\n", out);
	/* FORMAT_MESSAGE_MAX_WIDTH_MASK: the line end becomes a space. */
	EXPECT_EQ(18, FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM |
				     FORMAT_MESSAGE_MAX_WIDTH_MASK, NULL, 5,
				     0, out, sizeof(out), NULL));
	EXPECT_STREQ("Access is denied. ", out);
}

/* Wine format_msg.c test_message_from_string. */
TEST(from_string)
{
	char out[256];
	static const char init[] = "xxxxxx";

	EXPECT_EQ(4, FormatMessageA(FS, "test", 0, 0, out, sizeof(out), NULL));
	EXPECT_STREQ("test", out);
	/* An empty text: 0, ERROR_NO_WORK_DONE, the buffer untouched. */
	memcpy(out, init, sizeof(init));
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FS, "", 0, 0, out, sizeof(out), NULL));
	EXPECT_EQ(ERROR_NO_WORK_DONE, GetLastError());
	EXPECT_STREQ(init, out);
	/* A lone %, or an insert without arguments: ERROR_INVALID_PARAMETER. */
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FS, "%", 0, 0, out, sizeof(out), NULL));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, GetLastError());
	EXPECT_STREQ(init, out);
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FS, "test%", 0, 0, out, sizeof(out),
				    NULL));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, GetLastError());
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FS, "%1", 0, 0, out, sizeof(out), NULL));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, GetLastError());
	EXPECT_STREQ(init, out);
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FS | FORMAT_MESSAGE_ARGUMENT_ARRAY, "%1",
				    0, 0, out, sizeof(out), NULL));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, GetLastError());

	/* Inserts. */
	EXPECT_EQ(4, fmt(FS, "%1!s!", 0, 0, out, sizeof(out), "test"));
	EXPECT_STREQ("test", out);
	EXPECT_EQ(4, fmt(FS, "%1", 0, 0, out, sizeof(out), "test"));
	EXPECT_STREQ("test", out);
	EXPECT_EQ(4, fmt(FS, "%1%2", 0, 0, out, sizeof(out), "te", "st"));
	EXPECT_STREQ("test", out);
	EXPECT_EQ(4, fmt(FS, "%1%3%2%1", 0, 0, out, sizeof(out), "t", "s",
			 "e"));
	EXPECT_STREQ("test", out);
	EXPECT_EQ(4, fmt(FS, "%1!c!%2!c!%3!c!%1!c!", 0, 0, out, sizeof(out),
			 't', 'e', 's'));
	EXPECT_STREQ("test", out);
	EXPECT_EQ(3, fmt(FS, "%1!d!%2!d!%3!d!", 0, 0, out, sizeof(out), 1, 2,
			 3));
	EXPECT_STREQ("123", out);
	EXPECT_EQ(4, fmt(FS, "%1!4d!", 0, 0, out, sizeof(out), 1));
	EXPECT_STREQ("   1", out);
	EXPECT_EQ(4, fmt(FS, "%1!-4d!", 0, 0, out, sizeof(out), 1));
	EXPECT_STREQ("1   ", out);
	EXPECT_EQ(4, fmt(FS, "%1!4d!", 0, 0, out, sizeof(out), 11));
	EXPECT_STREQ("  11", out);
	EXPECT_EQ(4, fmt(FS, "%1!4x!", 0, 0, out, sizeof(out), 11));
	EXPECT_STREQ("   b", out);
	EXPECT_EQ(4, fmt(FS, "%1!4X!", 0, 0, out, sizeof(out), 11));
	EXPECT_STREQ("   B", out);
	EXPECT_EQ(4, fmt(FS, "%1!-4X!", 0, 0, out, sizeof(out), 11));
	EXPECT_STREQ("B   ", out);
	EXPECT_EQ(4, fmt(FS, "%1!4X!", 0, 0, out, sizeof(out), 0x1ab));
	EXPECT_STREQ(" 1AB", out);
	EXPECT_EQ(2, fmt(FS, "%1!d!", 0, 0, out, sizeof(out), -1));
	EXPECT_STREQ("-1", out);
	EXPECT_EQ(10, fmt(FS, "%1!u!", 0, 0, out, sizeof(out), -1));
	EXPECT_STREQ("4294967295", out);

	/* Escapes: %% %. %! "% " %0 %n %r %t. */
	EXPECT_EQ(4, fmt(FS, " %%%% ", 0, 0, out, sizeof(out)));
	EXPECT_STREQ(" %% ", out);
	EXPECT_EQ(8, fmt(FS, " %.%.  %1!d!", 0, 0, out, sizeof(out), 0x1ab));
	EXPECT_STREQ(" ..  427", out);
	EXPECT_EQ(4, fmt(FS, "test%0test", 0, 0, out, sizeof(out)));
	EXPECT_STREQ("test", out);
	EXPECT_EQ(4, fmt(FS, "yah%!%0   ", 0, 0, out, sizeof(out)));
	EXPECT_STREQ("yah!", out);
	EXPECT_EQ(4, fmt(FS, "% %   ", 0, 0, out, sizeof(out)));
	EXPECT_STREQ("    ", out);
	EXPECT_EQ(4, fmt(FS, "%n%r%t", 0, 0, out, sizeof(out)));
	EXPECT_STREQ("\r\n\r\t", out);

	/* Line ends become \r\n. */
	EXPECT_EQ(4, fmt(FS, "hi\n", 0, 0, out, sizeof(out)));
	EXPECT_STREQ("hi\r\n", out);
	EXPECT_EQ(4, fmt(FS, "hi\r\n", 0, 0, out, sizeof(out)));
	EXPECT_STREQ("hi\r\n", out);
	EXPECT_EQ(2, fmt(FS, "\r", 0, 0, out, sizeof(out)));
	EXPECT_STREQ("\r\n", out);
	EXPECT_EQ(4, fmt(FS, "\r\r\n", 0, 0, out, sizeof(out)));
	EXPECT_STREQ("\r\n\r\n", out);
	/* A NULL string argument. */
	EXPECT_EQ(6, fmt(FS, "%1", 0, 0, out, sizeof(out), (char *)NULL));
	EXPECT_STREQ("(null)", out);

	/* Width and precision, '*' from the arguments. */
	EXPECT_EQ(3, fmt(FS, "%1!3s!", 0, 0, out, sizeof(out), "t"));
	EXPECT_STREQ("  t", out);
	EXPECT_EQ(4, fmt(FS, "%1!*s!", 0, 0, out, sizeof(out), 4, "t"));
	EXPECT_STREQ("   t", out);
	EXPECT_EQ(4, fmt(FS, "%1!4.2u!", 0, 0, out, sizeof(out), 3));
	EXPECT_STREQ("  03", out);
	EXPECT_EQ(5, fmt(FS, "%1!*.*u!", 0, 0, out, sizeof(out), 5, 3, 1));
	EXPECT_STREQ("  001", out);
	{
		DWORD_PTR args[] = { 6, 4, 2, 5, 3, 1 };

		EXPECT_EQ(12, FormatMessageA(FS | FORMAT_MESSAGE_ARGUMENT_ARRAY,
					     "%1!*.*u!,%4!*.*u!", 0, 0, out,
					     sizeof(out), (va_list *)args));
		EXPECT_STREQ("  0002,  001", out);
	}

	/* FORMAT_MESSAGE_MAX_WIDTH_MASK: line ends are spaces, %n stays. */
	EXPECT_EQ(3, fmt(FS | FORMAT_MESSAGE_MAX_WIDTH_MASK, "hi\n", 0, 0, out,
			 sizeof(out)));
	EXPECT_STREQ("hi ", out);
	EXPECT_EQ(3, fmt(FS | FORMAT_MESSAGE_MAX_WIDTH_MASK, "hi\r\n", 0, 0,
			 out, sizeof(out)));
	EXPECT_STREQ("hi ", out);
	EXPECT_EQ(2, fmt(FS | FORMAT_MESSAGE_MAX_WIDTH_MASK, "\r\r\n", 0, 0,
			 out, sizeof(out)));
	EXPECT_STREQ("  ", out);
	EXPECT_EQ(11, fmt(FS | FORMAT_MESSAGE_MAX_WIDTH_MASK, "first%nline",
			  0, 0, out, sizeof(out)));
	EXPECT_STREQ("first\r\nline", out);
}

/* Wine test_message_from_64bit_number. */
TEST(from_string_64bit)
{
	char out[64];

	EXPECT_EQ(20, fmt(FS, "%1!I64u!", 0, 0, out, sizeof(out),
			  (unsigned long long)-1));
	EXPECT_STREQ("18446744073709551615", out);
	EXPECT_EQ(19, fmt(FS, "%1!I64d!", 0, 0, out, sizeof(out),
			  0x7fffffffffffffffLL));
	EXPECT_STREQ("9223372036854775807", out);
	EXPECT_EQ(20, fmt(FS, "%1!I64d!", 0, 0, out, sizeof(out),
			  -0x7fffffffffffffffLL));
	EXPECT_STREQ("-9223372036854775807", out);
	EXPECT_EQ(2, fmt(FS, "%1!I64d!", 0, 0, out, sizeof(out), -1LL));
	EXPECT_STREQ("-1", out);
	EXPECT_EQ(10, fmt(FS, "%1!I64u!", 0, 0, out, sizeof(out),
			  1234567890ULL));
	EXPECT_STREQ("1234567890", out);
	/* A pointer: all its digits in upper case. */
	EXPECT_EQ(2 * sizeof(void *), fmt(FS, "%1!p!", 0, 0, out, sizeof(out),
					  (void *)0xabc));
	EXPECT_STREQ(sizeof(void *) == 8 ? "0000000000000ABC" : "00000ABC",
		     out);
	/* No floating point. */
	SetLastError(SENT);
	EXPECT_EQ(0, fmt(FS, "%1!f!", 0, 0, out, sizeof(out), 1.0));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, GetLastError());
}

/* Wine format_msg.c test_message_ignore_inserts. */
TEST(ignore_inserts)
{
	char out[64];
	const DWORD fl = FS | FORMAT_MESSAGE_IGNORE_INSERTS;

	EXPECT_EQ(4, FormatMessageA(fl, "test%0", 0, 0, out, sizeof(out),
				    NULL));
	EXPECT_STREQ("test", out);
	EXPECT_EQ(4, FormatMessageA(fl, "test%0test", 0, 0, out, sizeof(out),
				    NULL));
	EXPECT_STREQ("test", out);
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(fl, "%0test", 0, 0, out, sizeof(out),
				    NULL));
	EXPECT_EQ(ERROR_NO_WORK_DONE, GetLastError());
	/* Inserts are copied as they are. */
	EXPECT_EQ(17, FormatMessageA(fl, "test%1%2!*.*s!%99", 0, 0, out,
				     sizeof(out), NULL));
	EXPECT_STREQ("test%1%2!*.*s!%99", out);
	/* Only %n, %r and %t are processed. */
	EXPECT_EQ(8, FormatMessageA(fl, "%%% %.%!", 0, 0, out, sizeof(out),
				    NULL));
	EXPECT_STREQ("%%% %.%!", out);
	EXPECT_EQ(4, FormatMessageA(fl, "%n%r%t", 0, 0, out, sizeof(out),
				    NULL));
	EXPECT_STREQ("\r\n\r\t", out);
	EXPECT_EQ(4, FormatMessageA(fl, "hi\n", 0, 0, out, sizeof(out), NULL));
	EXPECT_STREQ("hi\r\n", out);
	EXPECT_EQ(2, FormatMessageA(fl, "\r", 0, 0, out, sizeof(out), NULL));
	EXPECT_STREQ("\r\n", out);
	EXPECT_EQ(3, FormatMessageA(fl | FORMAT_MESSAGE_MAX_WIDTH_MASK, "hi\n",
				    0, 0, out, sizeof(out), NULL));
	EXPECT_STREQ("hi ", out);
}

/* Wine test_message_insufficient_buffer, test_message_allocate_buffer,
 * test_message_invalid_flags. */
TEST(buffers_and_flags)
{
	char out[5], *big, *buf;
	static const char init[] = { 'x', 'x', 'x', 'x', 'x' };
	DWORD size;

	/* Too small (0, 1, length): 0, ERROR_INSUFFICIENT_BUFFER, untouched. */
	memcpy(out, init, sizeof(init));
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FS, "test", 0, 0, out, 0, NULL));
	EXPECT_EQ(ERROR_INSUFFICIENT_BUFFER, GetLastError());
	EXPECT_EQ(0, memcmp(out, init, sizeof(init)));
	EXPECT_EQ(0, FormatMessageA(FS, "test", 0, 0, out, 1, NULL));
	EXPECT_EQ(0, memcmp(out, init, sizeof(init)));
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FS, "test", 0, 0, out, 4, NULL));
	EXPECT_EQ(ERROR_INSUFFICIENT_BUFFER, GetLastError());
	EXPECT_EQ(0, memcmp(out, init, sizeof(init)));

	/* Up to 32766 characters; 32767: ERROR_INVALID_PARAMETER. */
	big = malloc(40000);
	buf = malloc(40000);
	ASSERT_NE(NULL, big);
	ASSERT_NE(NULL, buf);
	for (size = 32766; size <= 32767; size++) {
		memset(big, 'A', size);
		big[size] = '\0';
		SetLastError(SENT);
		if (size == 32766) {
			EXPECT_EQ(size, FormatMessageA(FS, big, 0, 0, buf,
						       40000, NULL));
			EXPECT_EQ(size, fmt(FS, "%1", 0, 0, buf, 40000, big));
		} else {
			EXPECT_EQ(0, FormatMessageA(FS, big, 0, 0, buf, 40000,
						    NULL));
			EXPECT_EQ(ERROR_INVALID_PARAMETER, GetLastError());
		}
	}
	free(big);
	free(buf);

	/* ALLOCATE_BUFFER: the pointer set to NULL first; the text in it. */
	buf = (char *)0xdeadbeef;
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FS | FORMAT_MESSAGE_ALLOCATE_BUFFER, "",
				    0, 0, (char *)&buf, 0, NULL));
	EXPECT_EQ(NULL, buf);
	EXPECT_EQ(ERROR_NO_WORK_DONE, GetLastError());
	for (size = 0; size < 6; size++) {
		buf = (char *)0xdeadbeef;
		EXPECT_EQ(4, FormatMessageA(FS | FORMAT_MESSAGE_ALLOCATE_BUFFER,
					    "test", 0, 0, (char *)&buf, size,
					    NULL));
		ASSERT_NE(NULL, buf);
		EXPECT_STREQ("test", buf);
		EXPECT_EQ(NULL, LocalFree(buf));
	}

	/* No source flag: ERROR_INVALID_PARAMETER, untouched. */
	memcpy(out, init, sizeof(init));
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(0, "test", 0, 0, out, sizeof(out), NULL));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, GetLastError());
	EXPECT_EQ(0, memcmp(out, init, sizeof(init)));
	buf = (char *)0xdeadbeef;
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER, "test", 0,
				    0, (char *)&buf, 0, NULL));
	EXPECT_EQ(NULL, buf);
	EXPECT_EQ(ERROR_INVALID_PARAMETER, GetLastError());
	EXPECT_EQ(0, FormatMessageA(FORMAT_MESSAGE_IGNORE_INSERTS, "test", 0,
				    0, out, sizeof(out), NULL));
	EXPECT_EQ(0, FormatMessageA(FORMAT_MESSAGE_ARGUMENT_ARRAY, "test", 0,
				    0, out, sizeof(out), NULL));
	SetLastError(SENT);
	EXPECT_EQ(0, FormatMessageA(FORMAT_MESSAGE_MAX_WIDTH_MASK, "test", 0,
				    0, out, sizeof(out), NULL));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, GetLastError());
	EXPECT_EQ(0, memcmp(out, init, sizeof(init)));
	/* FROM_STRING wins over the other sources. */
	EXPECT_EQ(4, FormatMessageA(FS | FORMAT_MESSAGE_FROM_SYSTEM, "test", 0,
				    0, out, sizeof(out), NULL));
	EXPECT_STREQ("test", out);
	EXPECT_EQ(4, FormatMessage(FS | FORMAT_MESSAGE_FROM_HMODULE |
				   FORMAT_MESSAGE_FROM_SYSTEM, "test", 0, 0,
				   out, sizeof(out), NULL));
	EXPECT_STREQ("test", out);
}

TEST_HARNESS_MAIN
