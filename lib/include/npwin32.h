/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * npwin32.h - the Win32 names of libnp: named pipes, anonymous pipes,
 * mailslots and enough of the process API to redirect a child's standard
 * handles, with Windows' types, constant values, error codes and
 * behaviour.  Link with lib/libnp.a (or -lnp) and -lpthread.
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
 * Not implemented yet: overlapped I/O (an LPOVERLAPPED makes no call
 * asynchronous; as on Windows for a synchronous handle, its Internal is
 * STATUS_PENDING until the call completes, then the NT status, and
 * InternalHigh the byte count), wide-character functions, remote pipes
 * (\\SERVER\pipe\NAME fails with ERROR_BAD_NETPATH unless SERVER is ".",
 * "localhost" or this host's name).
 */
#ifndef LIBNP_NPWIN32_H
#define LIBNP_NPWIN32_H

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
typedef long long LONGLONG;
typedef unsigned long long ULONGLONG, DWORD64;
typedef intptr_t INT_PTR, LONG_PTR;
typedef uintptr_t UINT_PTR, ULONG_PTR, DWORD_PTR, SIZE_T, *PSIZE_T;
typedef intptr_t SSIZE_T;
typedef void *PVOID, *LPVOID;
typedef const void *LPCVOID;
typedef void *HANDLE, **PHANDLE, **LPHANDLE;
typedef HANDLE HINSTANCE, HMODULE, HLOCAL;
typedef char *LPSTR, *PSTR;
typedef const char *LPCSTR, *PCSTR;
typedef char TCHAR, *PTCHAR, *LPTSTR, *PTSTR;
typedef const char *LPCTSTR, *PCTSTR;
typedef unsigned char TBYTE;
#define TEXT(x)			x
typedef WORD ATOM;

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
#define ERROR_DISK_FULL			112
#define ERROR_CALL_NOT_IMPLEMENTED	120
#define ERROR_SEM_TIMEOUT		121
#define ERROR_INSUFFICIENT_BUFFER	122
#define ERROR_INVALID_NAME		123
#define ERROR_BAD_PATHNAME		161
#define ERROR_ALREADY_EXISTS		183
#define ERROR_BAD_EXE_FORMAT		193
#define ERROR_FILENAME_EXCED_RANGE	206
#define ERROR_BAD_PIPE			230
#define ERROR_PIPE_BUSY			231
#define ERROR_NO_DATA			232
#define ERROR_PIPE_NOT_CONNECTED	233
#define ERROR_MORE_DATA			234
#define ERROR_DIRECTORY			267
#define ERROR_PIPE_CONNECTED		535
#define ERROR_PIPE_LISTENING		536
#define ERROR_OPERATION_ABORTED		995
#define ERROR_IO_INCOMPLETE		996
#define ERROR_IO_PENDING		997
#define ERROR_NOACCESS			998
#define ERROR_NOT_FOUND			1168
#define ERROR_CANNOT_IMPERSONATE	1368
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
 * mailslot writer.  Other names open ordinary files (CREATE_NEW,
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
 * handles and other fds it is read(2): TRUE with 0 bytes at end of file.
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
NPWINAPI VOID WINAPI Sleep(DWORD dwMilliseconds);
NPWINAPI DWORD WINAPI GetTickCount(void);

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

#ifdef __cplusplus
}
#endif

#endif /* LIBNP_NPWIN32_H */
