/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * npwin32.h - the Win32 names of libnp: named pipes, anonymous pipes,
 * mailslots, enough of the process API to redirect a child's standard
 * handles, and the runtime that pipe programs use around them (interlocked
 * operations, heaps, global and local memory, FormatMessage, the console,
 * time, temporary files), with Windows' types, constant values, error
 * codes and behaviour.  Link with lib/libnp.a (or -lnp) and -lpthread.
 *
 * Only the ANSI ("A") functions exist; the unsuffixed names are macros for
 * them and TCHAR is char.  This header declares the Win32 API only; the
 * C runtime's TCHAR names (_T, _tprintf, _tcslen...) that Windows-style
 * programs use are in <nptchar.h>, for the programs that want them.
 *
 * Handles.  A HANDLE is a pointer-sized value as on Windows.  A handle of a
 * pipe, mailslot, file or standard stream stands for a file descriptor
 * (value (fd + 1) * 4); process and thread handles come from a table of the
 * library.  Any open fd is a valid handle (so handles inherited from a
 * parent work in the child under the same value), except the library's own
 * control fd.  NULL and INVALID_HANDLE_VALUE are never valid handles.
 *
 * Security.  SECURITY_ATTRIBUTES.bInheritHandle makes a handle inheritable:
 * it then survives CreateProcess(..., bInheritHandles = TRUE, ...) in the
 * child under the same value; other handles never reach a child.  A NULL
 * lpSecurityDescriptor gives a pipe or mailslot the default access: only
 * the creating user may open it.  To widen access, pass a descriptor:
 *   - InitializeSecurityDescriptor + SetSecurityDescriptorDacl(sd, TRUE,
 *     NULL, FALSE) (Windows' "NULL DACL": everyone) gives mode 0666;
 *   - NpSecurityDescriptorFromMode(sd, 0660) sets any permission bits
 *     (read bit: may open for reading, write bit: may open for writing,
 *     for the creator's uid, gid and others).
 *
 * Not implemented yet: threads and synchronisation objects (CreateThread,
 * events, mutexes, semaphores, critical sections, WaitForMultipleObjects,
 * SleepEx), overlapped I/O (an LPOVERLAPPED makes no call
 * asynchronous; as on Windows for a synchronous handle, its Internal is
 * STATUS_PENDING until the call completes, then the NT status, and
 * InternalHigh the byte count), wide-character functions, remote pipes
 * (\\SERVER\pipe\NAME fails with ERROR_BAD_NETPATH unless SERVER is ".",
 * "localhost" or this host's name).
 */
#ifndef LIBNP_NPWIN32_H
#define LIBNP_NPWIN32_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && defined(LIBNP_BUILD)
#define NPWINAPI __attribute__((visibility("default")))
#else
#define NPWINAPI
#endif

#ifndef WINAPI
#define WINAPI
#endif
#ifndef CALLBACK
#define CALLBACK
#endif
#ifndef VOID
#define VOID void
#endif
#ifndef CONST
#define CONST const
#endif
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
/* Calling conventions: one convention on Linux (cdecl). */
#ifndef WINAPIV
#define WINAPIV
#endif
#ifndef APIENTRY
#define APIENTRY
#endif
#ifndef __cdecl
#define __cdecl
#endif
#ifndef _cdecl
#define _cdecl
#endif
#ifndef __stdcall
#define __stdcall
#endif
#ifndef _stdcall
#define _stdcall
#endif
#ifndef __fastcall
#define __fastcall
#endif

/*
 * __declspec(...) as gcc attributes: dllexport (default visibility),
 * dllimport (nothing), noreturn, thread (__thread), align(N), noinline,
 * selectany (weak), nothrow, deprecated (without a message), novtable,
 * restrict and noalias (nothing).  Another __declspec argument is a
 * compile error, naming __np_declspec_<argument>.
 */
#ifndef __declspec
#define __declspec(x)			__np_declspec_##x
#define __np_declspec_dllexport		__attribute__((visibility("default")))
#define __np_declspec_dllimport
#define __np_declspec_noreturn		__attribute__((noreturn))
#define __np_declspec_thread		__thread
#define __np_declspec_align(n)		__attribute__((aligned(n)))
#define __np_declspec_noinline		__attribute__((noinline))
#define __np_declspec_selectany		__attribute__((weak))
#define __np_declspec_nothrow		__attribute__((nothrow))
#define __np_declspec_deprecated	__attribute__((deprecated))
#define __np_declspec_novtable
#define __np_declspec_restrict
#define __np_declspec_noalias
#endif
#ifndef DECLSPEC_NORETURN
#define DECLSPEC_NORETURN		__declspec(noreturn)
#endif
#ifndef DECLSPEC_ALIGN
#define DECLSPEC_ALIGN(n)		__declspec(align(n))
#endif
#ifndef DECLSPEC_IMPORT
#define DECLSPEC_IMPORT			__declspec(dllimport)
#endif

/* ---- Basic types (the LLP64 sizes of Windows) ---------------------- */
typedef int BOOL, *PBOOL, *LPBOOL;
typedef unsigned char BYTE, *PBYTE, *LPBYTE;
typedef unsigned char UCHAR, *PUCHAR, BOOLEAN;
typedef char CHAR, *PCHAR;
typedef unsigned short WORD, *PWORD, *LPWORD;
typedef unsigned short USHORT;
typedef short SHORT;
typedef unsigned int DWORD, *PDWORD, *LPDWORD;
typedef unsigned int UINT, *PUINT;
typedef int INT, *PINT, *LPINT;
typedef int LONG, *PLONG, *LPLONG;
typedef unsigned int ULONG, *PULONG;
typedef long long LONGLONG, *PLONGLONG;
typedef unsigned long long ULONGLONG, *PULONGLONG;
/* The sized types (basetsd.h). */
typedef signed char INT8, *PINT8;
typedef unsigned char UINT8, *PUINT8;
typedef short INT16, *PINT16;
typedef unsigned short UINT16, *PUINT16;
typedef int INT32, *PINT32, LONG32, *PLONG32;
typedef unsigned int UINT32, *PUINT32, ULONG32, *PULONG32;
typedef unsigned int DWORD32, *PDWORD32;
typedef long long INT64, *PINT64, LONG64, *PLONG64;
typedef unsigned long long UINT64, *PUINT64, ULONG64, *PULONG64;
typedef unsigned long long DWORD64, *PDWORD64, DWORDLONG, *PDWORDLONG;
typedef float FLOAT;
typedef LONG HRESULT;
typedef intptr_t INT_PTR, *PINT_PTR, LONG_PTR, *PLONG_PTR;
typedef uintptr_t UINT_PTR, *PUINT_PTR, ULONG_PTR, *PULONG_PTR;
typedef uintptr_t DWORD_PTR, *PDWORD_PTR, SIZE_T, *PSIZE_T;
typedef intptr_t SSIZE_T, *PSSIZE_T;
typedef void *PVOID, *LPVOID;
typedef const void *LPCVOID;
typedef void *HANDLE, **PHANDLE, **LPHANDLE;
typedef HANDLE HINSTANCE, HMODULE, HLOCAL, HGLOBAL, HWND;
typedef char *LPSTR, *PSTR;
typedef const char *LPCSTR, *PCSTR;
typedef char TCHAR, *PTCHAR, *LPTSTR, *PTSTR;
typedef const char *LPCTSTR, *PCTSTR;
typedef unsigned char TBYTE;
#define TEXT(x)			x
typedef WORD ATOM;

typedef union _LARGE_INTEGER {
	struct {
		DWORD LowPart;
		LONG HighPart;
	};
	struct {
		DWORD LowPart;
		LONG HighPart;
	} u;
	LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
	struct {
		DWORD LowPart;
		DWORD HighPart;
	};
	struct {
		DWORD LowPart;
		DWORD HighPart;
	} u;
	ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#define INVALID_HANDLE_VALUE	((HANDLE)(LONG_PTR)-1)
#define MAX_PATH		260
#define INFINITE		0xFFFFFFFF
#ifndef ARRAYSIZE
#define ARRAYSIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif
#define MAKEWORD(lo, hi)	((WORD)(((BYTE)(lo)) | ((WORD)((BYTE)(hi))) << 8))
#define MAKELONG(lo, hi)	((LONG)(((WORD)(lo)) | ((DWORD)((WORD)(hi))) << 16))
#define LOWORD(l)		((WORD)(((DWORD_PTR)(l)) & 0xffff))
#define HIWORD(l)		((WORD)((((DWORD_PTR)(l)) >> 16) & 0xffff))
#define LOBYTE(w)		((BYTE)(((DWORD_PTR)(w)) & 0xff))
#define HIBYTE(w)		((BYTE)((((DWORD_PTR)(w)) >> 8) & 0xff))

/* ---- HRESULT (winerror.h) ------------------------------------------ */
#define S_OK				((HRESULT)0)
#define S_FALSE				((HRESULT)1)
#define SUCCEEDED(hr)			(((HRESULT)(hr)) >= 0)
#define FAILED(hr)			(((HRESULT)(hr)) < 0)
#define FACILITY_WIN32			7
#define HRESULT_CODE(hr)		((hr) & 0xFFFF)
#define HRESULT_FACILITY(hr)		(((hr) >> 16) & 0x1fff)
#define HRESULT_FROM_WIN32(x)		((HRESULT)(x) <= 0 ? ((HRESULT)(x)) : \
	((HRESULT)(((x) & 0x0000FFFF) | (FACILITY_WIN32 << 16) | 0x80000000)))
#define E_FAIL				((HRESULT)0x80004005)
#define E_NOTIMPL			((HRESULT)0x80004001)
#define E_OUTOFMEMORY			((HRESULT)0x8007000E)
#define E_INVALIDARG			((HRESULT)0x80070057)
#define E_ACCESSDENIED			((HRESULT)0x80070005)
#define E_HANDLE			((HRESULT)0x80070006)

/* ---- Error codes (GetLastError) ------------------------------------ */
#define ERROR_SUCCESS			0
#define NO_ERROR			0
#define ERROR_INVALID_FUNCTION		1
#define ERROR_FILE_NOT_FOUND		2
#define ERROR_PATH_NOT_FOUND		3
#define ERROR_TOO_MANY_OPEN_FILES	4
#define ERROR_ACCESS_DENIED		5
#define ERROR_INVALID_HANDLE		6
#define ERROR_NOT_ENOUGH_MEMORY		8
#define ERROR_INVALID_DATA		13
#define ERROR_OUTOFMEMORY		14
#define ERROR_WRITE_PROTECT		19
#define ERROR_NOT_READY			21
#define ERROR_GEN_FAILURE		31
#define ERROR_SHARING_VIOLATION		32
#define ERROR_HANDLE_EOF		38
#define ERROR_NOT_SUPPORTED		50
#define ERROR_BAD_NETPATH		53
#define ERROR_FILE_EXISTS		80
#define ERROR_INVALID_PARAMETER		87
#define ERROR_BROKEN_PIPE		109
#define ERROR_BUFFER_OVERFLOW		111
#define ERROR_DISK_FULL			112
#define ERROR_CALL_NOT_IMPLEMENTED	120
#define ERROR_SEM_TIMEOUT		121
#define ERROR_INSUFFICIENT_BUFFER	122
#define ERROR_INVALID_NAME		123
#define ERROR_MOD_NOT_FOUND		126
#define ERROR_DISCARDED			157
#define ERROR_NOT_LOCKED		158
#define ERROR_BAD_PATHNAME		161
#define ERROR_ALREADY_EXISTS		183
#define ERROR_BAD_EXE_FORMAT		193
#define ERROR_FILENAME_EXCED_RANGE	206
#define ERROR_PIPE_LOCAL		229
#define ERROR_BAD_PIPE			230
#define ERROR_PIPE_BUSY			231
#define ERROR_NO_DATA			232
#define ERROR_PIPE_NOT_CONNECTED	233
#define ERROR_MORE_DATA			234
#define ERROR_NO_WORK_DONE		235
#define ERROR_DIRECTORY			267
#define ERROR_MR_MID_NOT_FOUND		317
#define ERROR_PIPE_CONNECTED		535
#define ERROR_PIPE_LISTENING		536
#define ERROR_OPERATION_ABORTED		995
#define ERROR_IO_INCOMPLETE		996
#define ERROR_IO_PENDING		997
#define ERROR_NOACCESS			998
#define ERROR_NOT_FOUND			1168
#define ERROR_CANNOT_IMPERSONATE	1368
#define ERROR_INVALID_MSGBOX_STYLE	1438
#define ERROR_RESOURCE_TYPE_NOT_FOUND	1813
#define ERROR_RESOURCE_LANG_NOT_FOUND	1815
#define ERROR_NOT_ENOUGH_QUOTA		1816

/* ---- Access rights, sharing, creation ------------------------------ */
#define DELETE				0x00010000
#define READ_CONTROL			0x00020000
#define WRITE_DAC			0x00040000
#define WRITE_OWNER			0x00080000
#define SYNCHRONIZE			0x00100000
#define ACCESS_SYSTEM_SECURITY		0x01000000
#define MAXIMUM_ALLOWED			0x02000000
#define GENERIC_ALL			0x10000000
#define GENERIC_EXECUTE			0x20000000
#define GENERIC_WRITE			0x40000000
#define GENERIC_READ			0x80000000
#define FILE_READ_DATA			0x0001
#define FILE_WRITE_DATA			0x0002
#define FILE_APPEND_DATA		0x0004
#define FILE_READ_EA			0x0008
#define FILE_WRITE_EA			0x0010
#define FILE_EXECUTE			0x0020
#define FILE_READ_ATTRIBUTES		0x0080
#define FILE_WRITE_ATTRIBUTES		0x0100
#define FILE_CREATE_PIPE_INSTANCE	0x0004
#define FILE_GENERIC_READ		0x00120089
#define FILE_GENERIC_WRITE		0x00120116
#define FILE_ALL_ACCESS			0x001F01FF

#define FILE_SHARE_READ			0x00000001
#define FILE_SHARE_WRITE		0x00000002
#define FILE_SHARE_DELETE		0x00000004

#define CREATE_NEW			1
#define CREATE_ALWAYS			2
#define OPEN_EXISTING			3
#define OPEN_ALWAYS			4
#define TRUNCATE_EXISTING		5

#define FILE_ATTRIBUTE_READONLY		0x00000001
#define FILE_ATTRIBUTE_HIDDEN		0x00000002
#define FILE_ATTRIBUTE_SYSTEM		0x00000004
#define FILE_ATTRIBUTE_DIRECTORY	0x00000010
#define FILE_ATTRIBUTE_ARCHIVE		0x00000020
#define FILE_ATTRIBUTE_NORMAL		0x00000080
#define FILE_ATTRIBUTE_TEMPORARY	0x00000100
#define FILE_FLAG_WRITE_THROUGH		0x80000000
#define FILE_FLAG_OVERLAPPED		0x40000000
#define FILE_FLAG_NO_BUFFERING		0x20000000
#define FILE_FLAG_RANDOM_ACCESS		0x10000000
#define FILE_FLAG_SEQUENTIAL_SCAN	0x08000000
#define FILE_FLAG_DELETE_ON_CLOSE	0x04000000
#define FILE_FLAG_BACKUP_SEMANTICS	0x02000000
#define FILE_FLAG_FIRST_PIPE_INSTANCE	0x00080000
#define SECURITY_SQOS_PRESENT		0x00100000
#define SECURITY_ANONYMOUS		0x00000000
#define SECURITY_IDENTIFICATION		0x00010000
#define SECURITY_IMPERSONATION		0x00020000
#define SECURITY_DELEGATION		0x00030000

/* ---- Named pipes ---------------------------------------------------- */
#define PIPE_ACCESS_INBOUND		0x00000001
#define PIPE_ACCESS_OUTBOUND		0x00000002
#define PIPE_ACCESS_DUPLEX		0x00000003
#define PIPE_CLIENT_END			0x00000000
#define PIPE_SERVER_END			0x00000001
#define PIPE_WAIT			0x00000000
#define PIPE_NOWAIT			0x00000001
#define PIPE_READMODE_BYTE		0x00000000
#define PIPE_READMODE_MESSAGE		0x00000002
#define PIPE_TYPE_BYTE			0x00000000
#define PIPE_TYPE_MESSAGE		0x00000004
#define PIPE_ACCEPT_REMOTE_CLIENTS	0x00000000
#define PIPE_REJECT_REMOTE_CLIENTS	0x00000008
#define PIPE_UNLIMITED_INSTANCES	255
#define NMPWAIT_USE_DEFAULT_WAIT	0x00000000
#define NMPWAIT_NOWAIT			0x00000001
#define NMPWAIT_WAIT_FOREVER		0xFFFFFFFF

/* ---- Mailslots ------------------------------------------------------ */
#define MAILSLOT_NO_MESSAGE		((DWORD)-1)
#define MAILSLOT_WAIT_FOREVER		((DWORD)-1)

/* ---- Standard handles, waits, processes ------------------------------ */
#define STD_INPUT_HANDLE		((DWORD)-10)
#define STD_OUTPUT_HANDLE		((DWORD)-11)
#define STD_ERROR_HANDLE		((DWORD)-12)
#define WAIT_OBJECT_0			0x00000000
#define WAIT_ABANDONED			0x00000080
#define WAIT_ABANDONED_0		0x00000080
#define WAIT_IO_COMPLETION		0x000000C0
#define WAIT_TIMEOUT			258
#define WAIT_FAILED			((DWORD)0xFFFFFFFF)
#define STILL_ACTIVE			259
#define STATUS_PENDING			0x00000103
#define HANDLE_FLAG_INHERIT		0x00000001
#define HANDLE_FLAG_PROTECT_FROM_CLOSE	0x00000002

#define STARTF_USESHOWWINDOW		0x00000001
#define STARTF_USESIZE			0x00000002
#define STARTF_USEPOSITION		0x00000004
#define STARTF_USECOUNTCHARS		0x00000008
#define STARTF_USEFILLATTRIBUTE		0x00000010
#define STARTF_RUNFULLSCREEN		0x00000020
#define STARTF_FORCEONFEEDBACK		0x00000040
#define STARTF_FORCEOFFFEEDBACK		0x00000080
#define STARTF_USESTDHANDLES		0x00000100

#define DEBUG_PROCESS			0x00000001
#define DEBUG_ONLY_THIS_PROCESS		0x00000002
#define CREATE_SUSPENDED		0x00000004
#define DETACHED_PROCESS		0x00000008
#define CREATE_NEW_CONSOLE		0x00000010
#define NORMAL_PRIORITY_CLASS		0x00000020
#define IDLE_PRIORITY_CLASS		0x00000040
#define HIGH_PRIORITY_CLASS		0x00000080
#define CREATE_NEW_PROCESS_GROUP	0x00000200
#define CREATE_UNICODE_ENVIRONMENT	0x00000400
#define CREATE_NO_WINDOW		0x08000000

/* ---- Structures ----------------------------------------------------- */
#define SECURITY_DESCRIPTOR_REVISION	1
#define SE_DACL_PRESENT			0x0004

/*
 * SECURITY_DESCRIPTOR: only what libnp uses.  NpMode holds the permission
 * bits a pipe or mailslot created with this descriptor gets (0: default).
 */
typedef struct _SECURITY_DESCRIPTOR {
	BYTE Revision;
	BYTE Sbz1;
	WORD Control;
	PVOID Owner;
	PVOID Group;
	PVOID Sacl;
	PVOID Dacl;
	DWORD NpMode;
} SECURITY_DESCRIPTOR, *PSECURITY_DESCRIPTOR;
#define SECURITY_DESCRIPTOR_MIN_LENGTH	(sizeof(SECURITY_DESCRIPTOR))

typedef struct _SECURITY_ATTRIBUTES {
	DWORD nLength;
	LPVOID lpSecurityDescriptor;
	BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

typedef struct _OVERLAPPED {
	ULONG_PTR Internal;
	ULONG_PTR InternalHigh;
	union {
		struct {
			DWORD Offset;
			DWORD OffsetHigh;
		};
		PVOID Pointer;
	};
	HANDLE hEvent;
} OVERLAPPED, *LPOVERLAPPED;

typedef struct _STARTUPINFOA {
	DWORD cb;
	LPSTR lpReserved;
	LPSTR lpDesktop;
	LPSTR lpTitle;
	DWORD dwX;
	DWORD dwY;
	DWORD dwXSize;
	DWORD dwYSize;
	DWORD dwXCountChars;
	DWORD dwYCountChars;
	DWORD dwFillAttribute;
	DWORD dwFlags;
	WORD wShowWindow;
	WORD cbReserved2;
	LPBYTE lpReserved2;
	HANDLE hStdInput;
	HANDLE hStdOutput;
	HANDLE hStdError;
} STARTUPINFOA, *LPSTARTUPINFOA;
typedef STARTUPINFOA STARTUPINFO, *LPSTARTUPINFO;

typedef struct _PROCESS_INFORMATION {
	HANDLE hProcess;
	HANDLE hThread;
	DWORD dwProcessId;
	DWORD dwThreadId;
} PROCESS_INFORMATION, *PPROCESS_INFORMATION, *LPPROCESS_INFORMATION;

/* ---- Errors --------------------------------------------------------- */

/* The calling thread's last error code (thread-local, as on Windows). */
NPWINAPI DWORD WINAPI GetLastError(void);
NPWINAPI void WINAPI SetLastError(DWORD dwErrCode);

/* ---- Handles -------------------------------------------------------- */

/*
 * CloseHandle: closes a pipe, mailslot, file, process or thread handle.
 * Invalid or already closed handle (NULL, INVALID_HANDLE_VALUE, ...):
 * FALSE, ERROR_INVALID_HANDLE.  Closing a process handle neither waits for
 * nor ends the process.
 */
NPWINAPI BOOL WINAPI CloseHandle(HANDLE hObject);

/*
 * GetStdHandle: STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE give
 * the handles of fds 0, 1, 2 (NULL if that fd is closed); any other value
 * gives INVALID_HANDLE_VALUE with ERROR_INVALID_HANDLE.
 */
NPWINAPI HANDLE WINAPI GetStdHandle(DWORD nStdHandle);

/*
 * GetFileType: FILE_TYPE_PIPE (npipe handles and POSIX pipes, sockets),
 * FILE_TYPE_CHAR (terminals, devices), FILE_TYPE_DISK (files, mailslots
 * count as FILE_TYPE_UNKNOWN); invalid handle: FILE_TYPE_UNKNOWN with
 * ERROR_INVALID_HANDLE; success sets ERROR_SUCCESS.
 */
#define FILE_TYPE_UNKNOWN		0x0000
#define FILE_TYPE_DISK			0x0001
#define FILE_TYPE_CHAR			0x0002
#define FILE_TYPE_PIPE			0x0003
NPWINAPI DWORD WINAPI GetFileType(HANDLE hFile);

/* Get/SetHandleInformation: HANDLE_FLAG_INHERIT only (others ignored). */
NPWINAPI BOOL WINAPI GetHandleInformation(HANDLE hObject, LPDWORD lpdwFlags);
NPWINAPI BOOL WINAPI SetHandleInformation(HANDLE hObject, DWORD dwMask,
					  DWORD dwFlags);

/* ---- Files and pipes I/O -------------------------------------------- */

/*
 * CreateFileA: "\\.\pipe\NAME" opens a client end of a listening instance
 * (GENERIC_READ / GENERIC_WRITE choose the directions; neither gives a
 * handle that can only query); it starts in byte read mode and wait mode.
 * Errors: ERROR_FILE_NOT_FOUND (no such pipe), ERROR_PIPE_BUSY (no
 * instance listening), ERROR_ACCESS_DENIED (direction not offered, or the
 * pipe's access forbids it), ERROR_INVALID_NAME, ERROR_BAD_NETPATH.
 * "\\.\mailslot\NAME" (or "\\*\mailslot\NAME", broadcast) opens a
 * mailslot writer.  "CONIN$" and "CONOUT$" (any case) open the console:
 * this process's controlling terminal (/dev/tty), as console input or
 * output handle (GetConsoleMode...), whatever the standard handles are;
 * with no controlling terminal: ERROR_INVALID_HANDLE (libnp's choice).
 * Other names open ordinary files (CREATE_NEW,
 * CREATE_ALWAYS, OPEN_EXISTING, OPEN_ALWAYS, TRUNCATE_EXISTING; a new
 * file gets mode 0666 & ~umask).  Success sets ERROR_SUCCESS, or
 * ERROR_ALREADY_EXISTS for CREATE_ALWAYS / OPEN_ALWAYS of an existing file.
 * Returns INVALID_HANDLE_VALUE on failure.
 */
NPWINAPI HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess,
				   DWORD dwShareMode,
				   LPSECURITY_ATTRIBUTES lpSecurityAttributes,
				   DWORD dwCreationDisposition,
				   DWORD dwFlagsAndAttributes,
				   HANDLE hTemplateFile);

/*
 * ReadFile: on a pipe, waits for data (PIPE_NOWAIT: ERROR_NO_DATA),
 * returns at most one message in message read mode; a message that does
 * not fit returns FALSE with ERROR_MORE_DATA and *lpNumberOfBytesRead set,
 * its rest staying queued.  Errors (section 5 of the spec):
 * ERROR_BROKEN_PIPE, ERROR_PIPE_LISTENING, ERROR_PIPE_NOT_CONNECTED,
 * ERROR_ACCESS_DENIED, ERROR_INVALID_HANDLE, ERROR_NOACCESS; on a mailslot
 * ERROR_SEM_TIMEOUT and ERROR_INSUFFICIENT_BUFFER.  On files, standard
 * handles and other fds it is read(2): TRUE with 0 bytes at end of file,
 * except on a POSIX pipe, FIFO or socket (FILE_TYPE_PIPE), whose end is
 * FALSE with ERROR_BROKEN_PIPE, as the end of a pipe on Windows.
 * *lpNumberOfBytesRead is set to 0 first, whatever happens; with an
 * lpOverlapped, ERROR_MORE_DATA reports the count in InternalHigh only.
 */
NPWINAPI BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer,
			      DWORD nNumberOfBytesToRead,
			      LPDWORD lpNumberOfBytesRead,
			      LPOVERLAPPED lpOverlapped);

/*
 * WriteFile: on a pipe queues the whole buffer (one message on a
 * message-type pipe, an empty message for 0 bytes) and waits for room in
 * the reader's quota; PIPE_NOWAIT with no room: TRUE, 0 bytes written.
 * Errors: ERROR_NO_DATA (peer closed), ERROR_PIPE_LISTENING,
 * ERROR_PIPE_NOT_CONNECTED, ERROR_ACCESS_DENIED, ERROR_INVALID_HANDLE,
 * ERROR_NOACCESS; ERROR_NOT_ENOUGH_QUOTA (mailslot message too large).
 * A mailslot writer whose reader has gone: ERROR_NO_DATA.  (NT's mailslot
 * driver may fail it with STATUS_FILE_FORCED_CLOSED, i.e.
 * ERROR_HANDLE_EOF; no Wine or ReactOS conformance test checks that case,
 * so libnp keeps ERROR_NO_DATA until one does.)
 */
NPWINAPI BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer,
			       DWORD nNumberOfBytesToWrite,
			       LPDWORD lpNumberOfBytesWritten,
			       LPOVERLAPPED lpOverlapped);

/*
 * FlushFileBuffers: on a pipe, waits until the peer has read everything
 * this end wrote (TRUE at once if the peer has closed and nothing waits;
 * ERROR_BROKEN_PIPE if it closes while we wait; ERROR_PIPE_NOT_CONNECTED
 * after a disconnect); on a file, fsync(2).
 */
NPWINAPI BOOL WINAPI FlushFileBuffers(HANDLE hFile);

/*
 * DeleteFileA: unlink(2).  ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND
 * (also for NULL and ""), ERROR_ACCESS_DENIED (no permission, or a
 * directory).  Linux removes an open file's name at once, where Windows
 * waits for its last handle.
 */
NPWINAPI BOOL WINAPI DeleteFileA(LPCSTR lpFileName);

/*
 * GetTempPathA: $TMPDIR if set and not empty, else "/tmp", with a
 * trailing '/'; returns its length.  nBufferLength too small: the length
 * needed with the NUL, the buffer untouched.
 */
NPWINAPI DWORD WINAPI GetTempPathA(DWORD nBufferLength, LPSTR lpBuffer);

/*
 * GetTempFileNameA: "PATH/PPPXXXX.tmp" (PPP: up to 3 characters of the
 * prefix, XXXX: the unique number in upper-case hex; '/' is added after
 * PATH if missing).  uUnique 0: tries numbers from a time-based start
 * until it creates a new empty file (CREATE_NEW), returns the number
 * used; else only builds the name and returns uUnique (its low 16 bits
 * are used).  lpTempFileName must hold MAX_PATH characters: a longer
 * name: 0, ERROR_BUFFER_OVERFLOW.  NULL path or buffer:
 * ERROR_INVALID_PARAMETER; the directory missing or not one (uUnique 0):
 * ERROR_DIRECTORY.
 */
NPWINAPI UINT WINAPI GetTempFileNameA(LPCSTR lpPathName, LPCSTR lpPrefixString,
				      UINT uUnique, LPSTR lpTempFileName);

/* ---- Named pipes ---------------------------------------------------- */

/*
 * CreateNamedPipeA: creates an instance of "\\.\pipe\NAME".
 * dwOpenMode: PIPE_ACCESS_INBOUND / OUTBOUND / DUPLEX (one of them is
 * required), FILE_FLAG_FIRST_PIPE_INSTANCE, FILE_FLAG_OVERLAPPED and
 * FILE_FLAG_WRITE_THROUGH (accepted, no effect yet).  dwPipeMode:
 * PIPE_TYPE_*, PIPE_READMODE_*, PIPE_WAIT / PIPE_NOWAIT,
 * PIPE_ACCEPT/REJECT_REMOTE_CLIENTS.  nMaxInstances 1..255
 * (PIPE_UNLIMITED_INSTANCES).  nDefaultTimeOut in ms (0: 50 ms).
 * Errors (INVALID_HANDLE_VALUE): ERROR_PATH_NOT_FOUND (NULL name),
 * ERROR_INVALID_NAME, ERROR_FILENAME_EXCED_RANGE (path over 256
 * characters), ERROR_INVALID_PARAMETER (bad modes or counts,
 * PIPE_TYPE_BYTE | PIPE_READMODE_MESSAGE), ERROR_PIPE_BUSY (instance
 * limit), ERROR_ACCESS_DENIED (direction differs from the first
 * instance's, FILE_FLAG_FIRST_PIPE_INSTANCE on an existing name, another
 * user's pipe).  Success sets ERROR_SUCCESS.
 */
NPWINAPI HANDLE WINAPI CreateNamedPipeA(LPCSTR lpName, DWORD dwOpenMode,
					DWORD dwPipeMode, DWORD nMaxInstances,
					DWORD nOutBufferSize,
					DWORD nInBufferSize,
					DWORD nDefaultTimeOut,
					LPSECURITY_ATTRIBUTES lpSecurityAttributes);

/*
 * ConnectNamedPipe: waits for a client on a server instance (a
 * disconnected one listens again).  FALSE with ERROR_PIPE_CONNECTED if a
 * client opened before the call (a success for the caller),
 * ERROR_PIPE_LISTENING (PIPE_NOWAIT: the instance now listens),
 * ERROR_NO_DATA (the client has closed already), ERROR_INVALID_FUNCTION
 * (client handle), ERROR_INVALID_HANDLE.
 */
NPWINAPI BOOL WINAPI ConnectNamedPipe(HANDLE hNamedPipe,
				      LPOVERLAPPED lpOverlapped);

/*
 * DisconnectNamedPipe: ends the connection of a server instance,
 * discarding unread data both ways.  ERROR_PIPE_LISTENING (no client
 * yet), ERROR_PIPE_NOT_CONNECTED (already disconnected),
 * ERROR_INVALID_FUNCTION (client handle), ERROR_INVALID_HANDLE.
 */
NPWINAPI BOOL WINAPI DisconnectNamedPipe(HANDLE hNamedPipe);

/*
 * WaitNamedPipeA: TRUE once an instance listens; nTimeOut in ms,
 * NMPWAIT_USE_DEFAULT_WAIT (0: the pipe's default) or NMPWAIT_WAIT_FOREVER.
 * ERROR_FILE_NOT_FOUND (no such pipe, at once), ERROR_SEM_TIMEOUT,
 * ERROR_INVALID_NAME, ERROR_PATH_NOT_FOUND (NULL), ERROR_BAD_NETPATH.
 */
NPWINAPI BOOL WINAPI WaitNamedPipeA(LPCSTR lpNamedPipeName, DWORD nTimeOut);

/*
 * PeekNamedPipe: copies queued data without consuming it (a message-type
 * pipe: from the first message only).  Any output may be NULL.
 * *lpBytesLeftThisMessage is the message's length minus the bytes
 * copied; a byte-type pipe has no message length, so it is (DWORD)-bytes
 * copied there, as on Windows.  Errors:
 * ERROR_BAD_PIPE (listening or disconnected server), ERROR_BROKEN_PIPE
 * (peer gone, no data left), ERROR_PIPE_NOT_CONNECTED (disconnected
 * client), ERROR_INVALID_FUNCTION (not a pipe), ERROR_INVALID_HANDLE.
 * Outputs are left untouched on failure.
 */
NPWINAPI BOOL WINAPI PeekNamedPipe(HANDLE hNamedPipe, LPVOID lpBuffer,
				   DWORD nBufferSize, LPDWORD lpBytesRead,
				   LPDWORD lpTotalBytesAvail,
				   LPDWORD lpBytesLeftThisMessage);

/*
 * TransactNamedPipe: writes one message, reads one reply.  Needs a
 * message-type pipe in message read mode (else ERROR_BAD_PIPE);
 * ERROR_PIPE_BUSY if unread data waits (nothing is sent); FALSE with
 * ERROR_MORE_DATA and *lpBytesRead set if the reply does not fit (the
 * rest stays readable).
 */
NPWINAPI BOOL WINAPI TransactNamedPipe(HANDLE hNamedPipe, LPVOID lpInBuffer,
				       DWORD nInBufferSize,
				       LPVOID lpOutBuffer,
				       DWORD nOutBufferSize,
				       LPDWORD lpBytesRead,
				       LPOVERLAPPED lpOverlapped);

/*
 * CallNamedPipeA: open (after one WaitNamedPipe(nTimeOut) if the open
 * fails), message read mode, transact, close.  A reply that does not fit:
 * FALSE, ERROR_MORE_DATA, the rest discarded.  A name that is no pipe
 * path fails as WaitNamedPipeA does (a file is not opened).
 */
NPWINAPI BOOL WINAPI CallNamedPipeA(LPCSTR lpNamedPipeName,
				    LPVOID lpInBuffer, DWORD nInBufferSize,
				    LPVOID lpOutBuffer, DWORD nOutBufferSize,
				    LPDWORD lpBytesRead, DWORD nTimeOut);

/*
 * GetNamedPipeHandleStateA: *lpState = PIPE_READMODE_MESSAGE and/or
 * PIPE_NOWAIT bits of this handle; *lpCurInstances = instances of the
 * pipe.  lpMaxCollectionCount / lpCollectDataTimeout apply to remote
 * clients only: non-NULL gives ERROR_INVALID_PARAMETER.  lpUserName
 * (server end) receives the client's user name (ERROR_INSUFFICIENT_BUFFER
 * if nMaxUserNameSize is too small, ERROR_CANNOT_IMPERSONATE if no client
 * has connected); on a client end it gives ERROR_INVALID_PARAMETER.  The
 * name comes from NSS (getpwuid_r) with libnp.so, from /etc/passwd with
 * libnp.a (static programs cannot load NSS modules); a uid without a name
 * gives its number.
 */
NPWINAPI BOOL WINAPI GetNamedPipeHandleStateA(HANDLE hNamedPipe,
					      LPDWORD lpState,
					      LPDWORD lpCurInstances,
					      LPDWORD lpMaxCollectionCount,
					      LPDWORD lpCollectDataTimeout,
					      LPSTR lpUserName,
					      DWORD nMaxUserNameSize);

/*
 * SetNamedPipeHandleState: *lpMode = PIPE_READMODE_BYTE/MESSAGE |
 * PIPE_WAIT/NOWAIT.  Message read mode on a byte-type pipe, unknown mode
 * bits, or non-NULL lpMaxCollectionCount / lpCollectDataTimeout (remote
 * clients only): ERROR_INVALID_PARAMETER.  A client handle opened without
 * GENERIC_WRITE or FILE_WRITE_ATTRIBUTES: ERROR_ACCESS_DENIED, checked
 * first.  It, GetNamedPipeHandleState and GetNamedPipeInfo fail with
 * ERROR_PIPE_NOT_CONNECTED on a client end after DisconnectNamedPipe.
 */
NPWINAPI BOOL WINAPI SetNamedPipeHandleState(HANDLE hNamedPipe,
					     LPDWORD lpMode,
					     LPDWORD lpMaxCollectionCount,
					     LPDWORD lpCollectDataTimeout);

/*
 * GetNamedPipeInfo: *lpFlags = PIPE_SERVER_END or PIPE_CLIENT_END |
 * PIPE_TYPE_MESSAGE or PIPE_TYPE_BYTE; buffer sizes as given; max
 * instances (PIPE_UNLIMITED_INSTANCES for no limit).
 */
NPWINAPI BOOL WINAPI GetNamedPipeInfo(HANDLE hNamedPipe, LPDWORD lpFlags,
				      LPDWORD lpOutBufferSize,
				      LPDWORD lpInBufferSize,
				      LPDWORD lpMaxInstances);

/*
 * GetNamedPipeClientProcessId / GetNamedPipeServerProcessId: from either
 * end.  NULL pointer: ERROR_INSUFFICIENT_BUFFER.  Client id of a server
 * instance with no client (listening, disconnected): ERROR_NOT_FOUND.
 * A client end after the server disconnected it: ERROR_PIPE_NOT_CONNECTED.
 */
NPWINAPI BOOL WINAPI GetNamedPipeClientProcessId(HANDLE Pipe,
						 PULONG ClientProcessId);
NPWINAPI BOOL WINAPI GetNamedPipeServerProcessId(HANDLE Pipe,
						 PULONG ServerProcessId);

/*
 * GetNamedPipeClientComputerNameA: clients are local here, so the name is
 * this computer's as Windows reports it (GetComputerName): the host name
 * up to its first '.', in upper case, at most 15 characters.
 * ClientComputerNameLength is in bytes; the name and its NUL do not fit
 * (or a NULL buffer): ERROR_INSUFFICIENT_BUFFER.  Other errors as
 * GetNamedPipeClientProcessId: ERROR_NOT_FOUND on a server end with no
 * client, ERROR_PIPE_NOT_CONNECTED on a disconnected client end,
 * ERROR_INVALID_FUNCTION (not a pipe), ERROR_INVALID_HANDLE.  (Some
 * Windows versions fail for a local client with ERROR_PIPE_LOCAL
 * instead.)
 */
NPWINAPI BOOL WINAPI GetNamedPipeClientComputerNameA(HANDLE Pipe,
						     LPSTR ClientComputerName,
						     ULONG ClientComputerNameLength);

/*
 * CreatePipe: an anonymous one-way byte pipe; nSize 0 means 4096, and
 * GetNamedPipeInfo reports it as both buffer sizes.  The read handle is
 * the server end.  lpPipeAttributes->bInheritHandle makes both handles
 * inheritable.  Without the npipe module: ERROR_NOT_READY.
 */
NPWINAPI BOOL WINAPI CreatePipe(PHANDLE hReadPipe, PHANDLE hWritePipe,
				LPSECURITY_ATTRIBUTES lpPipeAttributes,
				DWORD nSize);

/* ---- Mailslots ------------------------------------------------------ */

/*
 * CreateMailslotA: the reader of "\\.\mailslot\NAME".  nMaxMessageSize 0:
 * any size; lReadTimeout in ms, 0: reads fail at once, MAILSLOT_WAIT_FOREVER.
 * ERROR_INVALID_NAME, ERROR_PATH_NOT_FOUND (NULL), ERROR_ALREADY_EXISTS
 * (the name has a reader).
 */
NPWINAPI HANDLE WINAPI CreateMailslotA(LPCSTR lpName, DWORD nMaxMessageSize,
				       DWORD lReadTimeout,
				       LPSECURITY_ATTRIBUTES lpSecurityAttributes);
NPWINAPI BOOL WINAPI GetMailslotInfo(HANDLE hMailslot,
				     LPDWORD lpMaxMessageSize,
				     LPDWORD lpNextSize,
				     LPDWORD lpMessageCount,
				     LPDWORD lpReadTimeout);
NPWINAPI BOOL WINAPI SetMailslotInfo(HANDLE hMailslot, DWORD lReadTimeout);

/* ---- Security descriptors ------------------------------------------- */
NPWINAPI BOOL WINAPI InitializeSecurityDescriptor(PSECURITY_DESCRIPTOR pSD,
						  DWORD dwRevision);
/* bDaclPresent with a NULL pDacl ("NULL DACL") grants everyone: 0666. */
NPWINAPI BOOL WINAPI SetSecurityDescriptorDacl(PSECURITY_DESCRIPTOR pSD,
					       BOOL bDaclPresent, PVOID pDacl,
					       BOOL bDaclDefaulted);
/* libnp: a descriptor granting permission bits @mode (e.g. 0660). */
NPWINAPI BOOL WINAPI NpSecurityDescriptorFromMode(PSECURITY_DESCRIPTOR pSD,
						  DWORD mode);

/* ---- Processes ------------------------------------------------------ */

/*
 * CreateProcessA: starts a program.  The command line is split into argv
 * with the Microsoft C runtime rules (blanks separate arguments, "..."
 * groups, \" is a quote, 2n backslashes before a quote are n backslashes);
 * without lpApplicationName the first argument is the program, searched
 * in PATH as execvp(3) does; with it, lpApplicationName is the program
 * path and the command line gives argv.  No shell runs: use
 * "/bin/sh -c \"...\"" for shell syntax (a script without a "#!" line
 * fails with ERROR_BAD_EXE_FORMAT).  bInheritHandles = TRUE passes
 * the inheritable handles (same values in the child); STARTF_USESTDHANDLES
 * installs hStdInput/hStdOutput/hStdError as the child's fds 0/1/2 (NULL
 * or INVALID_HANDLE_VALUE: /dev/null).  lpEnvironment: an ANSI block
 * "A=B\0C=D\0\0"; lpCurrentDirectory: the child's working directory.
 * dwCreationFlags are accepted and ignored.  Errors: ERROR_FILE_NOT_FOUND,
 * ERROR_PATH_NOT_FOUND, ERROR_ACCESS_DENIED, ERROR_BAD_EXE_FORMAT,
 * ERROR_DIRECTORY (bad lpCurrentDirectory), ERROR_INVALID_PARAMETER.
 * hThread is a second handle to the process (dwThreadId = dwProcessId).
 * A child killed by signal N exits with code 128 + N.
 */
NPWINAPI BOOL WINAPI CreateProcessA(LPCSTR lpApplicationName,
				    LPSTR lpCommandLine,
				    LPSECURITY_ATTRIBUTES lpProcessAttributes,
				    LPSECURITY_ATTRIBUTES lpThreadAttributes,
				    BOOL bInheritHandles,
				    DWORD dwCreationFlags,
				    LPVOID lpEnvironment,
				    LPCSTR lpCurrentDirectory,
				    LPSTARTUPINFOA lpStartupInfo,
				    LPPROCESS_INFORMATION lpProcessInformation);

/*
 * WaitForSingleObject: a process or thread handle is signaled when the
 * process has exited: WAIT_OBJECT_0, or WAIT_TIMEOUT after dwMilliseconds
 * (INFINITE: no limit).  A pipe handle has the event of a synchronous
 * Windows file object: signaled when created, reset when an I/O call
 * (ReadFile, WriteFile, FlushFileBuffers, Connect/DisconnectNamedPipe,
 * PeekNamedPipe, TransactNamedPipe) starts on it, set again when one ends
 * without an error (ERROR_MORE_DATA and ERROR_PIPE_CONNECTED count as
 * success).  Mailslot and file handles are always signaled (no overlapped
 * I/O yet).  Invalid handle: WAIT_FAILED with ERROR_INVALID_HANDLE.
 */
NPWINAPI DWORD WINAPI WaitForSingleObject(HANDLE hHandle,
					  DWORD dwMilliseconds);
/* STILL_ACTIVE while the process runs. */
NPWINAPI BOOL WINAPI GetExitCodeProcess(HANDLE hProcess, LPDWORD lpExitCode);
NPWINAPI BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode);
NPWINAPI BOOL WINAPI TerminateProcess(HANDLE hProcess, UINT uExitCode);
NPWINAPI DWORD WINAPI GetProcessId(HANDLE Process);
NPWINAPI DWORD WINAPI GetCurrentProcessId(void);
/* The command line of this process, Windows-quoted, from /proc/self. */
NPWINAPI LPSTR WINAPI GetCommandLineA(void);
/* Startup info of this process: cb, and the standard handles. */
NPWINAPI VOID WINAPI GetStartupInfoA(LPSTARTUPINFOA lpStartupInfo);
NPWINAPI VOID WINAPI ExitProcess(UINT uExitCode);

/* ---- Interlocked operations (winnt.h) ------------------------------- */

/*
 * Atomic read-modify-write with a full memory barrier, as on Windows;
 * inline, no call into libnp.  Increment/Decrement return the new value,
 * Exchange/ExchangeAdd/CompareExchange the old one (CompareExchange
 * stores Exchange only if the old value equals Comparand).
 */
#define NP_INLINE static __inline__ __attribute__((always_inline, unused))

NP_INLINE LONG InterlockedIncrement(LONG volatile *Addend)
{
	return __atomic_add_fetch(Addend, 1, __ATOMIC_SEQ_CST);
}

NP_INLINE LONG InterlockedDecrement(LONG volatile *Addend)
{
	return __atomic_sub_fetch(Addend, 1, __ATOMIC_SEQ_CST);
}

NP_INLINE LONG InterlockedExchange(LONG volatile *Target, LONG Value)
{
	return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST);
}

NP_INLINE LONG InterlockedExchangeAdd(LONG volatile *Addend, LONG Value)
{
	return __atomic_fetch_add(Addend, Value, __ATOMIC_SEQ_CST);
}

NP_INLINE LONG InterlockedCompareExchange(LONG volatile *Destination,
					  LONG Exchange, LONG Comparand)
{
	__atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return Comparand;
}

NP_INLINE LONG64 InterlockedIncrement64(LONG64 volatile *Addend)
{
	return __atomic_add_fetch(Addend, 1, __ATOMIC_SEQ_CST);
}

NP_INLINE LONG64 InterlockedDecrement64(LONG64 volatile *Addend)
{
	return __atomic_sub_fetch(Addend, 1, __ATOMIC_SEQ_CST);
}

NP_INLINE LONG64 InterlockedExchange64(LONG64 volatile *Target, LONG64 Value)
{
	return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST);
}

NP_INLINE LONG64 InterlockedExchangeAdd64(LONG64 volatile *Addend,
					  LONG64 Value)
{
	return __atomic_fetch_add(Addend, Value, __ATOMIC_SEQ_CST);
}

NP_INLINE LONG64 InterlockedCompareExchange64(LONG64 volatile *Destination,
					      LONG64 Exchange,
					      LONG64 Comparand)
{
	__atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return Comparand;
}

NP_INLINE PVOID InterlockedExchangePointer(PVOID volatile *Target,
					   PVOID Value)
{
	return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST);
}

NP_INLINE PVOID InterlockedCompareExchangePointer(PVOID volatile *Destination,
						  PVOID Exchange,
						  PVOID Comparand)
{
	__atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return Comparand;
}

/* A full barrier; a pause in a spin loop. */
#define MemoryBarrier()			__atomic_thread_fence(__ATOMIC_SEQ_CST)
#if defined(__i386__) || defined(__x86_64__)
#define YieldProcessor()		__builtin_ia32_pause()
#else
#define YieldProcessor()		__atomic_signal_fence(__ATOMIC_SEQ_CST)
#endif

/* ---- Memory blocks (winnt.h / minwinbase.h) -------------------------- */

/* The compiler's builtins: no C library header is needed. */
#ifndef ZeroMemory
#define ZeroMemory(Destination, Length) \
	((void)__builtin_memset((Destination), 0, (Length)))
#define FillMemory(Destination, Length, Fill) \
	((void)__builtin_memset((Destination), (Fill), (Length)))
#define CopyMemory(Destination, Source, Length) \
	((void)__builtin_memcpy((Destination), (Source), (Length)))
#define MoveMemory(Destination, Source, Length) \
	((void)__builtin_memmove((Destination), (Source), (Length)))
#endif
#define SecureZeroMemory(Destination, Length) \
	((void)__builtin_memset((Destination), 0, (Length)))
#define RtlZeroMemory			ZeroMemory
#define RtlFillMemory			FillMemory
#define RtlCopyMemory			CopyMemory
#define RtlMoveMemory			MoveMemory

/* ---- Heaps (win32_heap.c) -------------------------------------------- */

#define HEAP_NO_SERIALIZE		0x00000001
#define HEAP_GROWABLE			0x00000002
#define HEAP_GENERATE_EXCEPTIONS	0x00000004
#define HEAP_ZERO_MEMORY		0x00000008
#define HEAP_REALLOC_IN_PLACE_ONLY	0x00000010
#define HEAP_CREATE_ENABLE_EXECUTE	0x00040000
#define STATUS_NO_MEMORY		((DWORD)0xC0000017)

/*
 * Heaps over malloc(3).  A block is aligned to 2 * sizeof(void *) (16
 * bytes on 64-bit, 8 on 32-bit, as Windows' heaps).  GetProcessHeap: the
 * process heap (HeapDestroy fails on it with ERROR_INVALID_PARAMETER).
 * HeapCreate(flOptions, dwInitialSize, dwMaximumSize): HEAP_NO_SERIALIZE
 * (no lock), HEAP_GENERATE_EXCEPTIONS (for every call on the heap);
 * HEAP_CREATE_ENABLE_EXECUTE is accepted (malloc'd memory is not
 * executable: a difference).  dwMaximumSize 0: growable; else the heap
 * holds at most dwMaximumSize bytes (rounded up to a page; the blocks'
 * own sizes count, not their overhead) and no block above 0x7F000 bytes
 * (32-bit) / 0xFE000 (64-bit), as Windows' fixed-size heaps.
 * dwInitialSize above a nonzero dwMaximumSize: NULL, ERROR_INVALID_PARAMETER.
 * HeapDestroy frees every block of the heap.
 *
 * HeapAlloc(hHeap, dwFlags, dwBytes): HEAP_ZERO_MEMORY,
 * HEAP_GENERATE_EXCEPTIONS, HEAP_NO_SERIALIZE; 0 bytes gives a valid
 * block of size 0.  Failure: NULL with ERROR_NOT_ENOUGH_MEMORY (what
 * Windows leaves in the last error), or with HEAP_GENERATE_EXCEPTIONS
 * RaiseException(STATUS_NO_MEMORY), which ends the process.
 * HeapReAlloc: NULL lpMem gives NULL (last error NO_ERROR, as Windows);
 * HEAP_REALLOC_IN_PLACE_ONLY fails with ERROR_NOT_ENOUGH_MEMORY unless
 * the block can keep its address (shrinking always can);
 * HEAP_ZERO_MEMORY zeroes the bytes added.  HeapFree(NULL lpMem): TRUE.
 * HeapSize: the size asked for; (SIZE_T)-1 for a pointer that is no
 * block of hHeap (no last error, as documented).  A block of another
 * heap: HeapFree/HeapReAlloc fail with ERROR_INVALID_PARAMETER.  A
 * pointer that is no block at all, or one already freed: undefined, as
 * on Windows.
 */
NPWINAPI HANDLE WINAPI GetProcessHeap(void);
NPWINAPI HANDLE WINAPI HeapCreate(DWORD flOptions, SIZE_T dwInitialSize,
				  SIZE_T dwMaximumSize);
NPWINAPI BOOL WINAPI HeapDestroy(HANDLE hHeap);
NPWINAPI LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes);
NPWINAPI LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem,
				   SIZE_T dwBytes);
NPWINAPI BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem);
NPWINAPI SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem);

/* ---- Global and local memory (win32_heap.c) --------------------------- */

#define GMEM_FIXED			0x0000
#define GMEM_MOVEABLE			0x0002
#define GMEM_NOCOMPACT			0x0010
#define GMEM_NODISCARD			0x0020
#define GMEM_ZEROINIT			0x0040
#define GMEM_MODIFY			0x0080
#define GMEM_DISCARDABLE		0x0100
#define GMEM_NOT_BANKED			0x1000
#define GMEM_LOWER			GMEM_NOT_BANKED
#define GMEM_SHARE			0x2000
#define GMEM_DDESHARE			0x2000
#define GMEM_NOTIFY			0x4000
#define GMEM_VALID_FLAGS		0x7F72
#define GMEM_INVALID_HANDLE		0x8000
#define GMEM_DISCARDED			0x4000
#define GMEM_LOCKCOUNT			0x00FF
#define GHND				(GMEM_MOVEABLE | GMEM_ZEROINIT)
#define GPTR				(GMEM_FIXED | GMEM_ZEROINIT)

#define LMEM_FIXED			0x0000
#define LMEM_MOVEABLE			0x0002
#define LMEM_NOCOMPACT			0x0010
#define LMEM_NODISCARD			0x0020
#define LMEM_ZEROINIT			0x0040
#define LMEM_MODIFY			0x0080
#define LMEM_DISCARDABLE		0x0F00
#define LMEM_VALID_FLAGS		0x0F72
#define LMEM_INVALID_HANDLE		0x8000
#define LMEM_DISCARDED			0x4000
#define LMEM_LOCKCOUNT			0x00FF
#define LHND				(LMEM_MOVEABLE | LMEM_ZEROINIT)
#define LPTR				(LMEM_FIXED | LMEM_ZEROINIT)
#define NONZEROLHND			LMEM_MOVEABLE
#define NONZEROLPTR			LMEM_FIXED

/*
 * GlobalAlloc / LocalAlloc: blocks of the process heap.  GMEM_FIXED
 * (GPTR with GMEM_ZEROINIT): the handle is the block's address.
 * GMEM_MOVEABLE (GHND): a handle that points at the block's address, as
 * on Windows (so *(void **)h is the address); GlobalLock returns the address and counts locks (up to
 * 255, further locks are not counted), GlobalUnlock counts down: TRUE while still locked,
 * FALSE with NO_ERROR when it reaches 0, FALSE with ERROR_NOT_LOCKED if it
 * was not locked (GlobalUnlock of a fixed block: TRUE; LocalUnlock of a
 * fixed block: FALSE, ERROR_NOT_LOCKED).  A moveable block of size 0 is
 * discarded: GlobalLock gives NULL with ERROR_DISCARDED, GlobalFlags has
 * GMEM_DISCARDED.  Flags outside GMEM_VALID_FLAGS / LMEM_VALID_FLAGS:
 * NULL, ERROR_INVALID_PARAMETER.  Memory never moves here, but
 * GlobalReAlloc keeps Windows' rule: without GMEM_MOVEABLE a fixed or
 * locked block may only change in place (else NULL,
 * ERROR_NOT_ENOUGH_MEMORY); GMEM_MODIFY changes GMEM_DISCARDABLE only.
 * GlobalFree: NULL on success (and for NULL), the handle with
 * ERROR_INVALID_HANDLE for a moveable handle already freed or unknown.
 * GlobalSize: 0 with ERROR_INVALID_HANDLE for those.  GlobalFlags:
 * GMEM_INVALID_HANDLE for those; else the lock count, GMEM_DISCARDABLE,
 * GMEM_DISCARDED.  GlobalHandle: the handle of a block's address.
 * A fixed block's address that is no block, or freed: undefined, as on
 * Windows.  The Local functions are the same with the LMEM_ values.
 */
NPWINAPI HGLOBAL WINAPI GlobalAlloc(UINT uFlags, SIZE_T dwBytes);
NPWINAPI HGLOBAL WINAPI GlobalReAlloc(HGLOBAL hMem, SIZE_T dwBytes,
				      UINT uFlags);
NPWINAPI HGLOBAL WINAPI GlobalFree(HGLOBAL hMem);
NPWINAPI SIZE_T WINAPI GlobalSize(HGLOBAL hMem);
NPWINAPI LPVOID WINAPI GlobalLock(HGLOBAL hMem);
NPWINAPI BOOL WINAPI GlobalUnlock(HGLOBAL hMem);
NPWINAPI UINT WINAPI GlobalFlags(HGLOBAL hMem);
NPWINAPI HGLOBAL WINAPI GlobalHandle(LPCVOID pMem);
NPWINAPI HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes);
NPWINAPI HLOCAL WINAPI LocalReAlloc(HLOCAL hMem, SIZE_T uBytes, UINT uFlags);
NPWINAPI HLOCAL WINAPI LocalFree(HLOCAL hMem);
NPWINAPI SIZE_T WINAPI LocalSize(HLOCAL hMem);
NPWINAPI LPVOID WINAPI LocalLock(HLOCAL hMem);
NPWINAPI BOOL WINAPI LocalUnlock(HLOCAL hMem);
NPWINAPI UINT WINAPI LocalFlags(HLOCAL hMem);
NPWINAPI HLOCAL WINAPI LocalHandle(LPCVOID pMem);

/* ---- Error messages (win32_format.c) ---------------------------------- */

#define FORMAT_MESSAGE_ALLOCATE_BUFFER	0x00000100
#define FORMAT_MESSAGE_IGNORE_INSERTS	0x00000200
#define FORMAT_MESSAGE_FROM_STRING	0x00000400
#define FORMAT_MESSAGE_FROM_HMODULE	0x00000800
#define FORMAT_MESSAGE_FROM_SYSTEM	0x00001000
#define FORMAT_MESSAGE_ARGUMENT_ARRAY	0x00002000
#define FORMAT_MESSAGE_MAX_WIDTH_MASK	0x000000FF

#define LANG_NEUTRAL			0x00
#define LANG_INVARIANT			0x7f
#define LANG_ENGLISH			0x09
#define SUBLANG_NEUTRAL			0x00
#define SUBLANG_DEFAULT			0x01
#define SUBLANG_SYS_DEFAULT		0x02
#define SUBLANG_ENGLISH_US		0x01
#define SUBLANG_ENGLISH_UK		0x02
#define MAKELANGID(p, s)		((((WORD)(s)) << 10) | (WORD)(p))
#define PRIMARYLANGID(lgid)		((WORD)(lgid) & 0x3ff)
#define SUBLANGID(lgid)			((WORD)(lgid) >> 10)
#define LANG_SYSTEM_DEFAULT		MAKELANGID(LANG_NEUTRAL, SUBLANG_SYS_DEFAULT)
#define LANG_USER_DEFAULT		MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT)

/*
 * FormatMessageA.  Sources: FORMAT_MESSAGE_FROM_STRING (lpSource; it wins
 * over the other two), FORMAT_MESSAGE_FROM_SYSTEM: Windows' own English
 * text, ending in "\r\n", of every error code in this header (so of
 * every code libnp sets), also given as an HRESULT of FACILITY_WIN32
 * (0x8007xxxx); an unknown code: 0 with ERROR_MR_MID_NOT_FOUND.
 * dwLanguageId: 0, any LANG_NEUTRAL or LANG_ENGLISH id; another
 * language: ERROR_RESOURCE_LANG_NOT_FOUND.  FORMAT_MESSAGE_FROM_HMODULE
 * alone: ERROR_RESOURCE_TYPE_NOT_FOUND (no module has a message table
 * here); with FROM_SYSTEM the system table is used.  No source flag:
 * ERROR_INVALID_PARAMETER.
 *
 * The text is formatted as Windows does: %1..%99 insert the arguments
 * (Arguments: a va_list *, or with FORMAT_MESSAGE_ARGUMENT_ARRAY an array
 * of DWORD_PTR), each as a string unless followed by a printf format in
 * !...! (s, S/ls/ws: a 16-bit WCHAR string, c, C, d, i, u, x, X, o, p, with
 * flags, width, precision, '*', h, l, ll, I, I32, I64; no floating
 * point: ERROR_INVALID_PARAMETER); each insert takes one pointer-sized
 * argument (a 64-bit value takes two on 32-bit); '*' takes the
 * argument(s) after the insert's own number.  %0 ends the text, %n is
 * "\r\n", %r "\r", %t a tab, %% and %. %! and "% " the character.  A line
 * end in the text (\n, \r or \r\n) becomes "\r\n".  An insert with no
 * arguments, or a lone % at the end: 0, ERROR_INVALID_PARAMETER.
 * FORMAT_MESSAGE_IGNORE_INSERTS: only %0 %n %r %t are interpreted, the
 * rest is copied.  The low byte (FORMAT_MESSAGE_MAX_WIDTH_MASK): every
 * line end of the text becomes a space (%n stays); other widths (line
 * wrapping) are ignored here: a difference.
 *
 * Output: lpBuffer of nSize characters; too small: 0 with
 * ERROR_INSUFFICIENT_BUFFER and the buffer untouched.  With
 * FORMAT_MESSAGE_ALLOCATE_BUFFER, lpBuffer is a char ** that receives a
 * LocalAlloc'd buffer of at least nSize bytes (free it with LocalFree);
 * it is set to NULL first; a NULL lpBuffer: ERROR_NOT_ENOUGH_MEMORY.  A
 * text of 32767 characters or more: ERROR_INVALID_PARAMETER; an empty
 * text: 0 with ERROR_NO_WORK_DONE.  Returns the length without the
 * terminating NUL.
 */
NPWINAPI DWORD WINAPI FormatMessageA(DWORD dwFlags, LPCVOID lpSource,
				     DWORD dwMessageId, DWORD dwLanguageId,
				     LPSTR lpBuffer, DWORD nSize,
				     va_list *Arguments);

/* ---- Module, time, version (win32_runtime.c) --------------------------- */

/*
 * GetModuleHandleA(NULL): this program's module handle (a fixed value,
 * 0x400000); any name: NULL, ERROR_MOD_NOT_FOUND (libnp loads no DLLs).
 * GetModuleFileNameA(NULL or that handle, ...): the program's path, from
 * /proc/self/exe.  It fits: its length, ERROR_SUCCESS.  It does not fit
 * in nSize characters with the NUL: nSize - 1 characters and a NUL
 * (nothing for nSize 0), returns nSize, ERROR_INSUFFICIENT_BUFFER.
 * Another module handle: 0, ERROR_MOD_NOT_FOUND, the buffer untouched.
 */
NPWINAPI HMODULE WINAPI GetModuleHandleA(LPCSTR lpModuleName);
NPWINAPI DWORD WINAPI GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename,
					 DWORD nSize);

/*
 * Sleep: at least dwMilliseconds (signals do not end it early); 0 yields
 * the processor; INFINITE never returns.  Never alertable (SleepEx
 * comes with the synchronisation objects).
 * GetTickCount / GetTickCount64: milliseconds of CLOCK_MONOTONIC (since
 * boot, the 32-bit one wrapping after 49.7 days).
 * QueryPerformanceCounter / QueryPerformanceFrequency: CLOCK_MONOTONIC in
 * units of 100 ns, the frequency 10000000, as on current Windows; TRUE
 * (a NULL pointer: FALSE, ERROR_NOACCESS).
 */
NPWINAPI VOID WINAPI Sleep(DWORD dwMilliseconds);
NPWINAPI DWORD WINAPI GetTickCount(void);
NPWINAPI ULONGLONG WINAPI GetTickCount64(void);
NPWINAPI BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount);
NPWINAPI BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency);

#define VER_PLATFORM_WIN32s		0
#define VER_PLATFORM_WIN32_WINDOWS	1
#define VER_PLATFORM_WIN32_NT		2
#define VER_NT_WORKSTATION		0x0000001
#define VER_NT_DOMAIN_CONTROLLER	0x0000002
#define VER_NT_SERVER			0x0000003
#define VER_SUITE_SINGLEUSERTS		0x00000100

typedef struct _OSVERSIONINFOA {
	DWORD dwOSVersionInfoSize;
	DWORD dwMajorVersion;
	DWORD dwMinorVersion;
	DWORD dwBuildNumber;
	DWORD dwPlatformId;
	CHAR szCSDVersion[128];
} OSVERSIONINFOA, *POSVERSIONINFOA, *LPOSVERSIONINFOA;

typedef struct _OSVERSIONINFOEXA {
	DWORD dwOSVersionInfoSize;
	DWORD dwMajorVersion;
	DWORD dwMinorVersion;
	DWORD dwBuildNumber;
	DWORD dwPlatformId;
	CHAR szCSDVersion[128];
	WORD wServicePackMajor;
	WORD wServicePackMinor;
	WORD wSuiteMask;
	BYTE wProductType;
	BYTE wReserved;
} OSVERSIONINFOEXA, *POSVERSIONINFOEXA, *LPOSVERSIONINFOEXA;
typedef OSVERSIONINFOA OSVERSIONINFO, *POSVERSIONINFO, *LPOSVERSIONINFO;
typedef OSVERSIONINFOEXA OSVERSIONINFOEX, *POSVERSIONINFOEX, *LPOSVERSIONINFOEX;

/*
 * GetVersionExA: what Windows 8.1 and later tell a program without a
 * compatibility manifest: 6.2, build 9200, VER_PLATFORM_WIN32_NT, no
 * service pack (the EX form: VER_NT_WORKSTATION, VER_SUITE_SINGLEUSERTS).
 * dwOSVersionInfoSize must be sizeof(OSVERSIONINFOA) or
 * sizeof(OSVERSIONINFOEXA), else FALSE with ERROR_INSUFFICIENT_BUFFER.
 * GetVersion: the same as 0x23F00206 (build << 16 | minor << 8 | major).
 */
NPWINAPI BOOL WINAPI GetVersionExA(LPOSVERSIONINFOA lpVersionInformation);
NPWINAPI DWORD WINAPI GetVersion(void);

/* ---- Exceptions, message boxes (win32_runtime.c) ---------------------- */

#define EXCEPTION_NONCONTINUABLE	0x1
#define EXCEPTION_MAXIMUM_PARAMETERS	15
#define EXCEPTION_ACCESS_VIOLATION	((DWORD)0xC0000005)
#define EXCEPTION_INT_DIVIDE_BY_ZERO	((DWORD)0xC0000094)
#define EXCEPTION_STACK_OVERFLOW	((DWORD)0xC00000FD)

/*
 * RaiseException: there are no exception handlers here, so it does what
 * an unhandled exception does on Windows: the process ends at once (no
 * atexit handlers, stdio buffers not flushed), with the exception code
 * as its exit code.  A Linux exit status has 8 bits: the child's status
 * is the code's low byte, or 255 if that byte is 0 (so that it never
 * reads as success).  A line "Unhandled exception 0xXXXXXXXX" goes to
 * standard error first.
 */
NPWINAPI DECLSPEC_NORETURN VOID WINAPI RaiseException(
	DWORD dwExceptionCode, DWORD dwExceptionFlags, DWORD nNumberOfArguments,
	const ULONG_PTR *lpArguments);

#define MB_OK				0x00000000
#define MB_OKCANCEL			0x00000001
#define MB_ABORTRETRYIGNORE		0x00000002
#define MB_YESNOCANCEL			0x00000003
#define MB_YESNO			0x00000004
#define MB_RETRYCANCEL			0x00000005
#define MB_CANCELTRYCONTINUE		0x00000006
#define MB_TYPEMASK			0x0000000F
#define MB_ICONHAND			0x00000010
#define MB_ICONQUESTION			0x00000020
#define MB_ICONEXCLAMATION		0x00000030
#define MB_ICONASTERISK			0x00000040
#define MB_ICONERROR			MB_ICONHAND
#define MB_ICONSTOP			MB_ICONHAND
#define MB_ICONWARNING			MB_ICONEXCLAMATION
#define MB_ICONINFORMATION		MB_ICONASTERISK
#define MB_DEFBUTTON1			0x00000000
#define MB_DEFBUTTON2			0x00000100
#define MB_DEFBUTTON3			0x00000200
#define MB_DEFBUTTON4			0x00000300
#define MB_APPLMODAL			0x00000000
#define MB_SYSTEMMODAL			0x00001000
#define MB_TASKMODAL			0x00002000
#define MB_HELP				0x00004000
#define MB_SETFOREGROUND		0x00010000
#define MB_TOPMOST			0x00040000
#define IDOK				1
#define IDCANCEL			2
#define IDABORT				3
#define IDRETRY				4
#define IDIGNORE			5
#define IDYES				6
#define IDNO				7
#define IDTRYAGAIN			10
#define IDCONTINUE			11

/*
 * MessageBoxA on a console program: writes "CAPTION: TEXT\n" to standard
 * error (a NULL lpCaption is "Error", as on Windows) and returns the id of
 * the default button (MB_DEFBUTTONn of the buttons of the MB_ type, the
 * first one if there are fewer; MB_HELP's button never ends a message
 * box, so a default on it gives the first button's id).  An unknown MB_
 * type: 0,
 * ERROR_INVALID_MSGBOX_STYLE.  Nothing is read from the user.
 */
NPWINAPI int WINAPI MessageBoxA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption,
				UINT uType);

/* ---- Console (win32_console.c) ------------------------------------- */

#define ENABLE_PROCESSED_INPUT		0x0001
#define ENABLE_LINE_INPUT		0x0002
#define ENABLE_ECHO_INPUT		0x0004
#define ENABLE_WINDOW_INPUT		0x0008
#define ENABLE_MOUSE_INPUT		0x0010
#define ENABLE_INSERT_MODE		0x0020
#define ENABLE_QUICK_EDIT_MODE		0x0040
#define ENABLE_EXTENDED_FLAGS		0x0080
#define ENABLE_AUTO_POSITION		0x0100
#define ENABLE_VIRTUAL_TERMINAL_INPUT	0x0200
#define ENABLE_PROCESSED_OUTPUT		0x0001
#define ENABLE_WRAP_AT_EOL_OUTPUT	0x0002
#define ENABLE_VIRTUAL_TERMINAL_PROCESSING 0x0004
#define DISABLE_NEWLINE_AUTO_RETURN	0x0008
#define ENABLE_LVB_GRID_WORLDWIDE	0x0010

typedef struct _CONSOLE_READCONSOLE_CONTROL {
	ULONG nLength;
	ULONG nInitialChars;
	ULONG dwCtrlWakeupMask;
	ULONG dwControlKeyState;
} CONSOLE_READCONSOLE_CONTROL, *PCONSOLE_READCONSOLE_CONTROL;

/*
 * The console is a terminal.  A console handle is a handle of a terminal
 * fd: an input handle (CONIN$, fd 0, or a terminal opened read-only or
 * read-write) or an output handle (CONOUT$, fds 1 and 2, or one opened
 * write-only).  Any other handle: FALSE with ERROR_INVALID_HANDLE, as on
 * Windows for files and pipes.
 *
 * GetConsoleMode / SetConsoleMode, input: ENABLE_PROCESSED_INPUT is the
 * terminal's ISIG (Ctrl+C raises SIGINT), ENABLE_LINE_INPUT its ICANON
 * (and ICRNL: without line input Enter reads as '\r', as on Windows),
 * ENABLE_ECHO_INPUT its ECHO; the other ENABLE_ input bits are kept and
 * reported, without effect.  ENABLE_ECHO_INPUT without ENABLE_LINE_INPUT,
 * or an unknown bit: ERROR_INVALID_PARAMETER (Windows documents echo as
 * line mode only).  Output: ENABLE_PROCESSED_OUTPUT is OPOST; the other
 * ENABLE_ output bits are kept (a terminal wraps and interprets VT
 * sequences anyway).  The terminal's settings are shared by every
 * process using it, as a console's mode is.
 *
 * ReadConsoleA: reads from an input handle.  With ENABLE_LINE_INPUT, a
 * line ends in "\r\n" as on Windows (the terminal's "\n" becomes "\r\n";
 * what does not fit comes with the next call).  pInputControl is
 * ignored.  End of input (Ctrl+D at the start of a line): TRUE, 0
 * characters.  WriteConsoleA: writes all of it to an output handle.
 * Characters are bytes (the A functions, no code page conversion).
 */
NPWINAPI BOOL WINAPI GetConsoleMode(HANDLE hConsoleHandle, LPDWORD lpMode);
NPWINAPI BOOL WINAPI SetConsoleMode(HANDLE hConsoleHandle, DWORD dwMode);
NPWINAPI BOOL WINAPI ReadConsoleA(HANDLE hConsoleInput, LPVOID lpBuffer,
				  DWORD nNumberOfCharsToRead,
				  LPDWORD lpNumberOfCharsRead,
				  PCONSOLE_READCONSOLE_CONTROL pInputControl);
NPWINAPI BOOL WINAPI WriteConsoleA(HANDLE hConsoleOutput, const VOID *lpBuffer,
				   DWORD nNumberOfCharsToWrite,
				   LPDWORD lpNumberOfCharsWritten,
				   LPVOID lpReserved);

/* ---- Unsuffixed names ----------------------------------------------- */
#define CreateFile			CreateFileA
#define CreateNamedPipe			CreateNamedPipeA
#define WaitNamedPipe			WaitNamedPipeA
#define CallNamedPipe			CallNamedPipeA
#define GetNamedPipeHandleState		GetNamedPipeHandleStateA
#define CreateMailslot			CreateMailslotA
#define CreateProcess			CreateProcessA
#define GetCommandLine			GetCommandLineA
#define GetStartupInfo			GetStartupInfoA
#define GetNamedPipeClientComputerName	GetNamedPipeClientComputerNameA
#define DeleteFile			DeleteFileA
#define GetTempPath			GetTempPathA
#define GetTempFileName			GetTempFileNameA
#define FormatMessage			FormatMessageA
#define GetModuleHandle			GetModuleHandleA
#define GetModuleFileName		GetModuleFileNameA
#define GetVersionEx			GetVersionExA
#define MessageBox			MessageBoxA
#define ReadConsole			ReadConsoleA
#define WriteConsole			WriteConsoleA

#ifdef __cplusplus
}
#endif

#endif /* LIBNP_NPWIN32_H */
