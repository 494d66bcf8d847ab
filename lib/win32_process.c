// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 objects: processes.  CreateProcessA (posix_spawn, with
 * handle inheritance and standard handle redirection), process and thread
 * handles (waits, exit codes, TerminateProcess), and the small process
 * calls (GetStartupInfoA, ExitProcess, Sleep, GetTickCount).
 *
 * A child is a struct prec, an object of the core's handle table
 * (struct w32_obj) referred to by two handles, hProcess and hThread (a
 * process has one thread here), and by the calls using it.  The core
 * closes and waits on them through proc_ops.  When the last reference
 * goes before the child is reaped it goes on the orphan list, reaped
 * later, so that no zombie outlives the library's interest.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "win32_core.h"

struct prec {			/* a child process */
	struct w32_obj obj;
	pid_t pid;
	int pidfd;		/* -1 if pidfd_open is not available */
	int exited;
	int terminated;		/* by TerminateProcess: keep its code */
	DWORD code;
	struct prec *next;	/* orphan list */
};

/* The state of every prec and the orphan list. */
static pthread_mutex_t proc_lock = PTHREAD_MUTEX_INITIALIZER;
static struct prec *orphans;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static struct prec *prec_of(struct w32_obj *obj)
{
	return (struct prec *)((char *)obj - offsetof(struct prec, obj));
}

/* ---- Child records (under proc_lock) -------------------------------- */

static void prec_free(struct prec *p)
{
	if (p->pidfd >= 0) {
		w32_forget_fd(p->pidfd);
		close(p->pidfd);
	}
	free(p);
}

/* Windows has no signals: a child killed by signal N exits with 128 + N. */
static DWORD status_code(int st)
{
	if (WIFEXITED(st))
		return (DWORD)WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + (DWORD)WTERMSIG(st);
	return 0;
}

/* Reap @p if it has exited.  Return 1 if it has. */
static int prec_reap(struct prec *p)
{
	int st;
	pid_t r;

	if (p->exited)
		return 1;
	do
		r = waitpid(p->pid, &st, WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == p->pid) {
		p->exited = 1;
		if (!p->terminated)
			p->code = status_code(st);
		return 1;
	}
	if (r < 0 && errno == ECHILD) {	/* reaped behind our back */
		p->exited = 1;
		return 1;
	}
	return 0;
}

static void reap_orphans(void)
{
	struct prec **pp = &orphans, *p;

	while ((p = *pp)) {
		if (prec_reap(p)) {
			*pp = p->next;
			prec_free(p);
		} else {
			pp = &p->next;
		}
	}
}

static int prec_exited(struct prec *p, DWORD *code)
{
	int done;

	pthread_mutex_lock(&proc_lock);
	done = prec_reap(p);
	if (code)
		*code = done ? p->code : STILL_ACTIVE;
	pthread_mutex_unlock(&proc_lock);
	return done;
}

/* The record of a process or thread handle, held; NULL if @h is not one. */
static struct prec *get_prec(HANDLE h, enum w32_kind kind)
{
	struct w32_obj *obj = w32_obj_get(h, kind);

	return obj ? prec_of(obj) : NULL;
}

static void put_prec(struct prec *p)
{
	w32_obj_put(&p->obj);
}

/* ---- The core's operations on a child -------------------------------- */

/* Wait for @p to exit until @deadline (ns, 0: no limit).  1 if it did. */
static int wait_exit(struct prec *p, uint64_t deadline)
{
	struct timespec tick = { 0, 2000000 };
	uint64_t now;
	int tmo;

	while (!prec_exited(p, NULL)) {
		tmo = -1;
		if (deadline) {
			now = now_ns();
			if (now >= deadline)
				return 0;
			tmo = (int)((deadline - now + 999999) / 1000000ULL);
			if (tmo < 0 || tmo > 1000000)
				tmo = 1000000;
		}
		if (p->pidfd >= 0)
			poll(&(struct pollfd){ .fd = p->pidfd, .events = POLLIN },
			     1, tmo);
		else
			nanosleep(&tick, NULL);	/* no pidfd: poll by time */
	}
	return 1;
}

/* proc_ops: WaitForSingleObject on a process or thread handle. */
static DWORD proc_wait(struct w32_obj *obj, DWORD ms)
{
	uint64_t deadline = 0;

	if (ms != INFINITE)
		deadline = now_ns() + (uint64_t)ms * 1000000ULL;
	return wait_exit(prec_of(obj), deadline) ? WAIT_OBJECT_0 : WAIT_TIMEOUT;
}

/* proc_ops: no handle and no caller left.  Orphan it if it still runs. */
static void proc_release(struct w32_obj *obj)
{
	struct prec *p = prec_of(obj);

	pthread_mutex_lock(&proc_lock);
	p->next = orphans;
	orphans = p;
	reap_orphans();
	pthread_mutex_unlock(&proc_lock);
}

static const struct w32_obj_ops proc_ops = {
	.wait = proc_wait,
	.release = proc_release,
};

/* ---- CreateProcessA ------------------------------------------------- */

/*
 * CreateProcessA is posix_spawn with file actions, which does all it
 * needs and reports a failed exec itself (glibc's child shares the
 * parent's memory until it execs, and posix_spawn returns the exec's
 * errno):
 *  - inherited handles: adddup2(fd, fd) clears the fd's FD_CLOEXEC
 *    (glibc 2.29);
 *  - standard handles: dup2 from copies above 2 made by the parent (the
 *    exec closes them), so that a handle that is one of fds 0-2 already
 *    cannot be overwritten before it is copied; a missing one opens
 *    /dev/null;
 *  - lpCurrentDirectory: addchdir_np (glibc 2.29).  A failed chdir comes
 *    back as an errno like a failed exec: the directory is looked at
 *    after a failure to report ERROR_DIRECTORY;
 *  - SIGPIPE goes back to its default (the parent may ignore it, and an
 *    ignored signal stays ignored across exec).
 * One difference from the execvp that fork and exec used: posix_spawnp
 * runs no /bin/sh on a file without a "#!" line (ENOEXEC), so such a file
 * fails with ERROR_BAD_EXE_FORMAT, as a file that is no program does on
 * Windows.  dwCreationFlags are accepted and ignored, as before.
 */
struct spawn {
	char **argv;
	char **envp;		/* NULL: this process's environment */
	const char *prog;
	int search;		/* no lpApplicationName: search PATH */
	const char *cwd;
	int use_std;		/* STARTF_USESTDHANDLES */
	int std_fd[3];		/* -1: /dev/null */
	int *inherit;		/* fds to pass on (bInheritHandles) */
	int ninherit;
};

/* argv from the command line, or the application name alone. */
static DWORD spawn_args(struct spawn *sp, LPCSTR app, LPCSTR cmd)
{
	int argc = 0;

	if (!app && !cmd)
		return ERROR_INVALID_PARAMETER;
	sp->argv = w32_split_cmdline(cmd ? cmd : app, &argc);
	if (!sp->argv)
		return ERROR_NOT_ENOUGH_MEMORY;
	if (!argc && !app)
		return ERROR_PATH_NOT_FOUND;
	if (!argc) {
		sp->argv[0] = (char *)app;
		sp->argv[1] = NULL;
	}
	sp->prog = app ? app : sp->argv[0];
	sp->search = !app;
	return sp->prog[0] ? 0 : ERROR_PATH_NOT_FOUND;
}

/* "A=B\0C=D\0\0" as an envp vector pointing into the block. */
static DWORD spawn_env(struct spawn *sp, const char *blk)
{
	const char *p;
	size_t n = 0;

	if (!blk)
		return 0;
	for (p = blk; *p; p += strlen(p) + 1)
		n++;
	sp->envp = malloc((n + 1) * sizeof(char *));
	if (!sp->envp)
		return ERROR_NOT_ENOUGH_MEMORY;
	n = 0;
	for (p = blk; *p; p += strlen(p) + 1)
		sp->envp[n++] = (char *)p;
	sp->envp[n] = NULL;
	return 0;
}

static DWORD spawn_handles(struct spawn *sp, BOOL inherit,
			   const STARTUPINFOA *si)
{
	const HANDLE std[3] = { si->hStdInput, si->hStdOutput, si->hStdError };
	int i;

	sp->use_std = !!(si->dwFlags & STARTF_USESTDHANDLES);
	for (i = 0; i < 3; i++)
		sp->std_fd[i] = sp->use_std ? w32_get_fd(std[i], NULL) : -1;
	if (!inherit)
		return 0;
	sp->inherit = w32_inheritable_fds(&sp->ninherit);
	return sp->inherit ? 0 : ERROR_NOT_ENOUGH_MEMORY;
}

static void spawn_free(struct spawn *sp)
{
	free(sp->argv);
	free(sp->envp);
	free(sp->inherit);
}

/* The child's fds: inherited handles, then the standard handles. */
static int spawn_fds(const struct spawn *sp, posix_spawn_file_actions_t *fa,
		     int copy[3])
{
	int i, err = 0;

	for (i = 0; i < sp->ninherit && !err; i++)
		if (fcntl(sp->inherit[i], F_GETFD) >= 0)	/* still open */
			err = posix_spawn_file_actions_adddup2(fa,
					sp->inherit[i], sp->inherit[i]);
	for (i = 0; i < 3 && sp->use_std && !err; i++) {
		if (sp->std_fd[i] < 0) {
			err = posix_spawn_file_actions_addopen(fa, i,
					"/dev/null", i ? O_WRONLY : O_RDONLY, 0);
			continue;
		}
		copy[i] = fcntl(sp->std_fd[i], F_DUPFD_CLOEXEC, 3);
		err = copy[i] < 0 ? errno :
			posix_spawn_file_actions_adddup2(fa, copy[i], i);
	}
	return err;
}

static DWORD exec_error(const struct spawn *sp, int err)
{
	struct stat st;

	if (sp->cwd && (stat(sp->cwd, &st) < 0 || !S_ISDIR(st.st_mode) ||
			access(sp->cwd, X_OK) < 0))
		return ERROR_DIRECTORY;		/* the chdir failed */
	switch (err) {
	case ENOENT:
		return strchr(sp->prog, '/') ? w32_file_errno(err, sp->prog) :
			ERROR_FILE_NOT_FOUND;
	case ENOTDIR:
		return ERROR_PATH_NOT_FOUND;
	case EACCES:
	case EPERM:
		return ERROR_ACCESS_DENIED;
	case ENOEXEC:
		return ERROR_BAD_EXE_FORMAT;
	default:
		return w32_errno(err);
	}
}

static DWORD spawn_run(const struct spawn *sp, pid_t *pid)
{
	char **envp = sp->envp ? sp->envp : environ;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int copy[3] = { -1, -1, -1 }, err, i;
	sigset_t dfl;

	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigdefault(&attr, &dfl);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
	posix_spawn_file_actions_init(&fa);
	err = sp->cwd ? posix_spawn_file_actions_addchdir_np(&fa, sp->cwd) : 0;
	if (!err)
		err = spawn_fds(sp, &fa, copy);
	if (!err && sp->search)
		err = posix_spawnp(pid, sp->prog, &fa, &attr, sp->argv, envp);
	else if (!err)
		err = posix_spawn(pid, sp->prog, &fa, &attr, sp->argv, envp);
	for (i = 0; i < 3; i++)
		if (copy[i] >= 0)
			close(copy[i]);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	return err ? exec_error(sp, err) : 0;
}

/*
 * Record a started child and give it its two handles.  On ENOMEM the
 * child runs on, and is reaped as an orphan once it exits.
 */
static DWORD add_process(pid_t pid, LPPROCESS_INFORMATION pi)
{
	struct prec *p = calloc(1, sizeof(*p));
	HANDLE hp, ht = NULL;

	if (!p)
		return ERROR_NOT_ENOUGH_MEMORY;	/* the child runs on, unreaped */
	w32_obj_init(&p->obj, &proc_ops);
	p->pid = pid;
	p->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (p->pidfd >= 0)
		w32_mark_internal(p->pidfd);
	pthread_mutex_lock(&proc_lock);
	reap_orphans();
	pthread_mutex_unlock(&proc_lock);
	hp = w32_obj_handle(&p->obj, K_PROCESS);
	if (hp)
		ht = w32_obj_handle(&p->obj, K_THREAD);
	if (!ht && hp)
		CloseHandle(hp);
	put_prec(p);		/* the handles hold it now, if any */
	if (!ht)
		return ERROR_NOT_ENOUGH_MEMORY;
	pi->hProcess = hp;
	pi->hThread = ht;
	pi->dwProcessId = (DWORD)pid;
	pi->dwThreadId = (DWORD)pid;
	return 0;
}

BOOL WINAPI CreateProcessA(LPCSTR lpApplicationName, LPSTR lpCommandLine,
			   LPSECURITY_ATTRIBUTES lpProcessAttributes,
			   LPSECURITY_ATTRIBUTES lpThreadAttributes,
			   BOOL bInheritHandles, DWORD dwCreationFlags,
			   LPVOID lpEnvironment, LPCSTR lpCurrentDirectory,
			   LPSTARTUPINFOA lpStartupInfo,
			   LPPROCESS_INFORMATION lpProcessInformation)
{
	struct spawn sp = { .cwd = lpCurrentDirectory };
	DWORD err;
	pid_t pid = 0;

	(void)lpProcessAttributes;
	(void)lpThreadAttributes;
	(void)dwCreationFlags;
	if (!lpStartupInfo || !lpProcessInformation)
		return w32_fail(ERROR_NOACCESS);
	err = spawn_args(&sp, lpApplicationName, lpCommandLine);
	if (!err)
		err = spawn_env(&sp, lpEnvironment);
	if (!err)
		err = spawn_handles(&sp, bInheritHandles, lpStartupInfo);
	if (!err)
		err = spawn_run(&sp, &pid);
	spawn_free(&sp);
	if (!err)
		err = add_process(pid, lpProcessInformation);
	return err ? w32_fail(err) : TRUE;
}


/* ---- Exit codes ------------------------------------------------------ */

static BOOL exit_code(HANDLE h, enum w32_kind kind, LPDWORD out)
{
	struct prec *p = get_prec(h, kind);
	DWORD code;

	if (!p)
		return w32_fail(ERROR_INVALID_HANDLE);
	prec_exited(p, &code);
	put_prec(p);
	if (!out)
		return w32_fail(ERROR_NOACCESS);
	*out = code;
	return TRUE;
}

BOOL WINAPI GetExitCodeProcess(HANDLE hProcess, LPDWORD lpExitCode)
{
	return exit_code(hProcess, K_PROCESS, lpExitCode);
}

BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode)
{
	return exit_code(hThread, K_THREAD, lpExitCode);
}

BOOL WINAPI TerminateProcess(HANDLE hProcess, UINT uExitCode)
{
	struct prec *p = get_prec(hProcess, K_PROCESS);
	BOOL ret = TRUE;

	if (!p)
		return w32_fail(ERROR_INVALID_HANDLE);
	pthread_mutex_lock(&proc_lock);
	if (prec_reap(p)) {
		ret = w32_fail(ERROR_ACCESS_DENIED);	/* as Windows */
	} else if (kill(p->pid, SIGKILL) == 0) {
		p->terminated = 1;
		p->code = uExitCode;
	} else {
		ret = w32_fail(w32_errno(errno));
	}
	pthread_mutex_unlock(&proc_lock);
	put_prec(p);
	return ret;
}

DWORD WINAPI GetProcessId(HANDLE Process)
{
	struct prec *p = get_prec(Process, K_PROCESS);
	DWORD pid;

	if (!p) {
		w32_set_error(ERROR_INVALID_HANDLE);
		return 0;
	}
	pid = (DWORD)p->pid;
	put_prec(p);
	return pid;
}

/* ---- This process ---------------------------------------------------- */

DWORD WINAPI GetCurrentProcessId(void)
{
	return (DWORD)getpid();
}

VOID WINAPI GetStartupInfoA(LPSTARTUPINFOA lpStartupInfo)
{
	if (!lpStartupInfo)
		return;
	memset(lpStartupInfo, 0, sizeof(*lpStartupInfo));
	lpStartupInfo->cb = sizeof(*lpStartupInfo);
	lpStartupInfo->hStdInput = GetStdHandle(STD_INPUT_HANDLE);
	lpStartupInfo->hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
	lpStartupInfo->hStdError = GetStdHandle(STD_ERROR_HANDLE);
}

VOID WINAPI ExitProcess(UINT uExitCode)
{
	exit((int)uExitCode);
}

VOID WINAPI Sleep(DWORD dwMilliseconds)
{
	struct timespec ts;

	if (dwMilliseconds == INFINITE) {
		for (;;)
			pause();
	}
	ts.tv_sec = dwMilliseconds / 1000;
	ts.tv_nsec = (long)(dwMilliseconds % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

DWORD WINAPI GetTickCount(void)
{
	return (DWORD)(now_ns() / 1000000ULL);
}
