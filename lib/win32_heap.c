// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libnp Win32 core: heaps (HeapCreate, HeapAlloc...) and the global and
 * local memory of the process heap (GlobalAlloc, LocalAlloc...).
 *
 * Every block is a malloc'd header followed by the caller's bytes, aligned
 * to 2 * sizeof(void *) as Windows' heap blocks.  The header names the
 * heap and the size asked for; a private heap also lists its blocks, for
 * HeapDestroy.  A moveable global or local block is an entry of a table
 * of its own (struct mentry, never freed back to malloc), so a freed or
 * unknown moveable handle is caught safely: the handle is the address of
 * the entry's pointer field, as on Windows, which also tells it apart
 * from a fixed block's address (those are aligned to 2 * sizeof(void *),
 * a handle is sizeof(void *) past that).
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "win32_core.h"

#define HEAP_MAGIC	0x4e504850U	/* "NPHP" */
#define BLK_MAGIC	0x4e50424bU	/* a live block */
#define BLK_FREED	0x66726565U	/* freed: caught if seen again */
#define BLK_ALIGN	(2 * sizeof(void *))
/* The largest block of a fixed-size heap, as Windows' (0x7F000 on 32-bit). */
#define FIXED_BLOCK_MAX	(sizeof(void *) == 8 ? 0xFE000UL : 0x7F000UL)
#define CREATE_FLAGS	(HEAP_NO_SERIALIZE | HEAP_GENERATE_EXCEPTIONS | \
			 HEAP_CREATE_ENABLE_EXECUTE)

struct blk;

struct heap {
	uint32_t magic;
	DWORD flags;		/* HeapCreate's options */
	int process;		/* the process heap: blocks are not listed */
	size_t max;		/* 0: growable */
	size_t used;		/* the blocks' sizes (fixed-size heaps) */
	pthread_mutex_t lock;
	struct blk *blocks;	/* a private heap's blocks */
};

struct blk {
	struct heap *heap;
	struct blk *prev, *next;
	size_t size;		/* as asked */
	void *owner;		/* the moveable entry holding it, or NULL */
	uint32_t magic;
};

#define HDR	((sizeof(struct blk) + BLK_ALIGN - 1) / BLK_ALIGN * BLK_ALIGN)

static struct heap process_heap = {
	.magic = HEAP_MAGIC,
	.process = 1,
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

static struct heap *heap_of(HANDLE h)
{
	struct heap *hp = h;

	return hp && hp->magic == HEAP_MAGIC ? hp : NULL;
}

static struct blk *blk_of(const void *p)
{
	return (struct blk *)((char *)p - HDR);
}

static void *data_of(struct blk *b)
{
	return (char *)b + HDR;
}

/* A live block of @hp (or of any heap if @hp is NULL), or NULL. */
static struct blk *valid_blk(struct heap *hp, const void *p)
{
	struct blk *b;

	if (!p || ((uintptr_t)p & (BLK_ALIGN - 1)))
		return NULL;
	b = blk_of(p);
	if (b->magic != BLK_MAGIC || (hp && b->heap != hp))
		return NULL;
	return b;
}

/* Whether a call on @hp with @flags takes the heap's lock. */
static int locks(struct heap *hp, DWORD flags)
{
	return !hp->process &&
	       !((flags | hp->flags) & HEAP_NO_SERIALIZE);
}

static void heap_lock(struct heap *hp, DWORD flags)
{
	if (locks(hp, flags))
		pthread_mutex_lock(&hp->lock);
}

static void heap_unlock(struct heap *hp, DWORD flags)
{
	if (locks(hp, flags))
		pthread_mutex_unlock(&hp->lock);
}

static void link_blk(struct heap *hp, struct blk *b)
{
	if (hp->process)
		return;
	b->prev = NULL;
	b->next = hp->blocks;
	if (hp->blocks)
		hp->blocks->prev = b;
	hp->blocks = b;
}

static void unlink_blk(struct heap *hp, struct blk *b)
{
	if (hp->process)
		return;
	if (b->prev)
		b->prev->next = b->next;
	else
		hp->blocks = b->next;
	if (b->next)
		b->next->prev = b->prev;
}

/* A failed allocation: an exception if asked for, else NULL. */
static void *no_memory(struct heap *hp, DWORD flags)
{
	if ((flags | hp->flags) & HEAP_GENERATE_EXCEPTIONS)
		RaiseException(STATUS_NO_MEMORY, 0, 0, NULL);
	w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
	return NULL;
}

/* Whether @hp can take @more bytes (@less being given back). */
static int fits(struct heap *hp, size_t less, size_t more)
{
	if (more > SIZE_MAX - HDR)
		return 0;
	if (!hp->max)
		return 1;
	return more <= FIXED_BLOCK_MAX && hp->used - less + more <= hp->max;
}

HANDLE WINAPI GetProcessHeap(void)
{
	return &process_heap;
}

HANDLE WINAPI HeapCreate(DWORD flOptions, SIZE_T dwInitialSize,
			 SIZE_T dwMaximumSize)
{
	struct heap *hp;
	long page = 4096;

	if (dwMaximumSize && dwInitialSize > dwMaximumSize) {
		w32_set_error(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	hp = calloc(1, sizeof(*hp));
	if (!hp) {
		w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
		return NULL;
	}
	hp->magic = HEAP_MAGIC;
	hp->flags = flOptions & CREATE_FLAGS;
	if (dwMaximumSize)
		hp->max = (dwMaximumSize + (size_t)page - 1) / (size_t)page *
			  (size_t)page;
	pthread_mutex_init(&hp->lock, NULL);
	return hp;
}

BOOL WINAPI HeapDestroy(HANDLE hHeap)
{
	struct heap *hp = heap_of(hHeap);
	struct blk *b, *next;

	if (!hp)
		return w32_fail(ERROR_INVALID_HANDLE);
	if (hp->process)
		return w32_fail(ERROR_INVALID_PARAMETER);
	for (b = hp->blocks; b; b = next) {
		next = b->next;
		b->magic = BLK_FREED;
		free(b);
	}
	hp->magic = 0;
	pthread_mutex_destroy(&hp->lock);
	free(hp);
	return TRUE;
}

LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes)
{
	struct heap *hp = heap_of(hHeap);
	struct blk *b = NULL;

	if (!hp) {
		w32_set_error(ERROR_INVALID_HANDLE);
		return NULL;
	}
	heap_lock(hp, dwFlags);
	if (fits(hp, 0, dwBytes))
		b = (dwFlags & HEAP_ZERO_MEMORY) ? calloc(1, HDR + dwBytes) :
						   malloc(HDR + dwBytes);
	if (b) {
		b->heap = hp;
		b->size = dwBytes;
		b->owner = NULL;
		b->magic = BLK_MAGIC;
		link_blk(hp, b);
		hp->used += dwBytes;
	}
	heap_unlock(hp, dwFlags);
	return b ? data_of(b) : no_memory(hp, dwFlags);
}

BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem)
{
	struct heap *hp = heap_of(hHeap);
	struct blk *b;

	if (!hp)
		return w32_fail(ERROR_INVALID_HANDLE);
	if (!lpMem)
		return TRUE;
	b = valid_blk(hp, lpMem);
	if (!b)
		return w32_fail(ERROR_INVALID_PARAMETER);
	heap_lock(hp, dwFlags);
	unlink_blk(hp, b);
	hp->used -= b->size;
	b->magic = BLK_FREED;
	heap_unlock(hp, dwFlags);
	free(b);
	return TRUE;
}

SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)
{
	struct heap *hp = heap_of(hHeap);
	struct blk *b = hp ? valid_blk(hp, lpMem) : NULL;

	(void)dwFlags;
	return b ? b->size : (SIZE_T)-1;
}

LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem,
			  SIZE_T dwBytes)
{
	struct heap *hp = heap_of(hHeap);
	struct blk *b, *nb;
	size_t old;

	if (!hp) {
		w32_set_error(ERROR_INVALID_HANDLE);
		return NULL;
	}
	if (!lpMem) {
		w32_set_error(NO_ERROR);	/* what Windows leaves */
		return NULL;
	}
	b = valid_blk(hp, lpMem);
	if (!b) {
		w32_set_error(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	heap_lock(hp, dwFlags);
	old = b->size;
	if (!fits(hp, old, dwBytes)) {
		heap_unlock(hp, dwFlags);
		return no_memory(hp, dwFlags);
	}
	/* In place: shrinking, or growing within what malloc gave. */
	if (dwBytes <= old || dwBytes <= malloc_usable_size(b) - HDR) {
		nb = b;
	} else if (dwFlags & HEAP_REALLOC_IN_PLACE_ONLY) {
		nb = NULL;
	} else {
		unlink_blk(hp, b);
		nb = realloc(b, HDR + dwBytes);
		link_blk(hp, nb ? nb : b);
	}
	if (nb) {
		if ((dwFlags & HEAP_ZERO_MEMORY) && dwBytes > old)
			memset((char *)data_of(nb) + old, 0, dwBytes - old);
		nb->size = dwBytes;
		hp->used = hp->used - old + dwBytes;
	}
	heap_unlock(hp, dwFlags);
	return nb ? data_of(nb) : no_memory(hp, dwFlags);
}

/* ---- Global and local memory ------------------------------------------ */

/* A moveable block: the handle is &ptr, so sizeof(void *) past the
 * alignment of a fixed block's address. */
struct mentry {
	UINT_PTR flags;		/* ME_ bits, the lock count above them */
	void *ptr;		/* the data, NULL if discarded (size 0) */
} __attribute__((aligned(BLK_ALIGN)));

#define ME_USED		0x1
#define ME_DISCARDABLE	0x2
#define ME_DDESHARE	0x4
#define ME_LOCK_SHIFT	8
#define ME_LOCK_MAX	0xFF		/* locks stop there, unlocks count */
#define ME_CHUNK	256

struct mchunk {
	struct mchunk *next;
	struct mentry e[ME_CHUNK];
};

static pthread_mutex_t mem_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mchunk *chunks;
static struct mentry *free_entries;	/* linked through ptr */

static unsigned int lock_count(const struct mentry *e)
{
	return (unsigned int)(e->flags >> ME_LOCK_SHIFT) & ME_LOCK_MAX;
}

/* Whether @h has the form of a moveable handle. */
static int is_handle(const void *h)
{
	return ((uintptr_t)h & (BLK_ALIGN - 1)) == sizeof(void *);
}

/* The live entry of moveable handle @h, or NULL (under mem_lock). */
static struct mentry *entry_of(const void *h)
{
	uintptr_t v = (uintptr_t)h - offsetof(struct mentry, ptr);
	struct mchunk *c;
	struct mentry *e;

	for (c = chunks; c; c = c->next) {
		if (v < (uintptr_t)c->e || v >= (uintptr_t)(c->e + ME_CHUNK))
			continue;
		if ((v - (uintptr_t)c->e) % sizeof(struct mentry))
			return NULL;
		e = (struct mentry *)v;
		return (e->flags & ME_USED) ? e : NULL;
	}
	return NULL;
}

/* A new entry, or NULL (under mem_lock). */
static struct mentry *new_entry(void)
{
	struct mchunk *c;
	struct mentry *e;
	int i;

	if (!free_entries) {
		c = calloc(1, sizeof(*c));
		if (!c)
			return NULL;
		for (i = ME_CHUNK - 1; i >= 0; i--) {
			c->e[i].ptr = free_entries;
			free_entries = &c->e[i];
		}
		c->next = chunks;
		chunks = c;
	}
	e = free_entries;
	free_entries = e->ptr;
	e->flags = ME_USED;
	e->ptr = NULL;
	return e;
}

static void free_entry(struct mentry *e)
{
	e->flags = 0;
	e->ptr = free_entries;
	free_entries = e;
}

static HANDLE handle_of(struct mentry *e)
{
	return (HANDLE)&e->ptr;
}

static UINT discardable_flag(int global)
{
	return global ? GMEM_DISCARDABLE : LMEM_DISCARDABLE;
}

/* A data block for entry @e (0 bytes: none, the entry is discarded). */
static void *entry_data(struct mentry *e, UINT flags, SIZE_T size)
{
	void *p = HeapAlloc(&process_heap, (flags & GMEM_ZEROINIT) ?
			    HEAP_ZERO_MEMORY : 0, size);

	if (p)
		blk_of(p)->owner = e;
	return p;
}

static HGLOBAL mem_alloc(UINT flags, SIZE_T size, int global)
{
	UINT valid = global ? GMEM_VALID_FLAGS : LMEM_VALID_FLAGS;
	struct mentry *e;
	void *p = NULL;

	if (flags & ~valid) {
		w32_set_error(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	if (!(flags & GMEM_MOVEABLE))
		return HeapAlloc(&process_heap, (flags & GMEM_ZEROINIT) ?
				 HEAP_ZERO_MEMORY : 0, size);
	pthread_mutex_lock(&mem_lock);
	e = new_entry();
	if (e && size) {
		p = entry_data(e, flags, size);
		if (!p) {
			free_entry(e);
			e = NULL;
		}
	}
	if (e) {
		e->ptr = p;
		if (flags & discardable_flag(global))
			e->flags |= ME_DISCARDABLE;
		if (global && (flags & GMEM_DDESHARE))
			e->flags |= ME_DDESHARE;
	}
	pthread_mutex_unlock(&mem_lock);
	if (!e) {
		w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
		return NULL;
	}
	return handle_of(e);
}

static HGLOBAL mem_free(HGLOBAL h)
{
	struct mentry *e;
	void *p;

	if (!h)
		return NULL;
	if (!is_handle(h)) {
		struct blk *b = valid_blk(&process_heap, h);

		if (!b) {
			w32_set_error(ERROR_INVALID_HANDLE);
			return h;
		}
		if (!b->owner) {
			HeapFree(&process_heap, 0, h);
			return NULL;
		}
	}
	pthread_mutex_lock(&mem_lock);
	/* A moveable block's address frees the block and its handle. */
	e = is_handle(h) ? entry_of(h) : blk_of(h)->owner;
	p = e ? e->ptr : NULL;
	if (e)
		free_entry(e);
	pthread_mutex_unlock(&mem_lock);
	if (!e) {
		w32_set_error(ERROR_INVALID_HANDLE);
		return h;
	}
	HeapFree(&process_heap, 0, p);
	return NULL;
}

static SIZE_T mem_size(HGLOBAL h)
{
	struct mentry *e;
	struct blk *b;
	SIZE_T size = 0;

	if (!is_handle(h)) {
		b = valid_blk(&process_heap, h);
		if (b)
			return b->size;
		w32_set_error(ERROR_INVALID_HANDLE);
		return 0;
	}
	pthread_mutex_lock(&mem_lock);
	e = entry_of(h);
	if (e && e->ptr)
		size = blk_of(e->ptr)->size;
	pthread_mutex_unlock(&mem_lock);
	if (!e)
		w32_set_error(ERROR_INVALID_HANDLE);
	return size;
}

static LPVOID mem_lock_ptr(HGLOBAL h)
{
	struct mentry *e;
	void *p = NULL;
	DWORD err = 0;

	if (!is_handle(h)) {
		if (valid_blk(&process_heap, h))
			return h;
		w32_set_error(ERROR_INVALID_HANDLE);
		return NULL;
	}
	pthread_mutex_lock(&mem_lock);
	e = entry_of(h);
	if (!e) {
		err = ERROR_INVALID_HANDLE;
	} else if (!e->ptr) {
		err = ERROR_DISCARDED;
	} else {
		if (lock_count(e) < ME_LOCK_MAX)
			e->flags += 1U << ME_LOCK_SHIFT;
		p = e->ptr;
	}
	pthread_mutex_unlock(&mem_lock);
	if (err)
		w32_set_error(err);
	return p;
}

static BOOL mem_unlock(HGLOBAL h, int global)
{
	struct mentry *e;
	BOOL ret = FALSE;
	DWORD err = 0;

	if (!is_handle(h)) {
		/* A fixed block is never locked. */
		if (global)
			return TRUE;
		return w32_fail(ERROR_NOT_LOCKED);
	}
	pthread_mutex_lock(&mem_lock);
	e = entry_of(h);
	if (!e) {
		err = ERROR_INVALID_HANDLE;
		ret = global;		/* GlobalUnlock: TRUE, as Windows */
	} else if (!lock_count(e)) {
		err = ERROR_NOT_LOCKED;
	} else {
		e->flags -= 1U << ME_LOCK_SHIFT;
		ret = lock_count(e) != 0;
		if (!ret)
			err = NO_ERROR;
	}
	pthread_mutex_unlock(&mem_lock);
	if (err || !ret)
		w32_set_error(err);
	return ret;
}

static UINT mem_flags(HGLOBAL h, int global)
{
	struct mentry *e;
	UINT flags = 0;

	if (!is_handle(h)) {
		if (valid_blk(&process_heap, h))
			return 0;
		w32_set_error(ERROR_INVALID_HANDLE);
		return GMEM_INVALID_HANDLE;
	}
	pthread_mutex_lock(&mem_lock);
	e = entry_of(h);
	if (e) {
		flags = lock_count(e);
		if (e->flags & ME_DISCARDABLE)
			flags |= discardable_flag(global);
		if (e->flags & ME_DDESHARE)
			flags |= GMEM_DDESHARE;
		if (!e->ptr)
			flags |= GMEM_DISCARDED;
	}
	pthread_mutex_unlock(&mem_lock);
	if (!e) {
		w32_set_error(ERROR_INVALID_HANDLE);
		return GMEM_INVALID_HANDLE;
	}
	return flags;
}

static HGLOBAL mem_handle(LPCVOID p)
{
	struct mentry *e;
	struct blk *b;

	if (is_handle(p)) {
		pthread_mutex_lock(&mem_lock);
		e = entry_of(p);
		pthread_mutex_unlock(&mem_lock);
		if (e)
			return (HGLOBAL)p;
	} else {
		b = valid_blk(&process_heap, p);
		if (b)
			return b->owner ? handle_of(b->owner) : (HGLOBAL)p;
	}
	w32_set_error(ERROR_INVALID_HANDLE);
	return NULL;
}

/* GMEM_MODIFY: the discardable flag; GMEM_MOVEABLE makes a fixed block
 * moveable (a new handle for the same address). */
static HGLOBAL mem_modify(HGLOBAL h, UINT flags, int global)
{
	struct mentry *e = NULL;
	DWORD err = ERROR_INVALID_HANDLE;

	pthread_mutex_lock(&mem_lock);
	if (is_handle(h)) {
		e = entry_of(h);
	} else if (valid_blk(&process_heap, h)) {
		if (!(flags & GMEM_MOVEABLE) || blk_of(h)->owner) {
			pthread_mutex_unlock(&mem_lock);
			return h;	/* fixed: nothing to change */
		}
		e = new_entry();
		err = ERROR_NOT_ENOUGH_MEMORY;
		if (e) {
			e->ptr = h;
			blk_of(h)->owner = e;
		}
	}
	if (e) {
		e->flags &= ~(UINT_PTR)ME_DISCARDABLE;
		if (flags & discardable_flag(global))
			e->flags |= ME_DISCARDABLE;
	}
	pthread_mutex_unlock(&mem_lock);
	if (!e) {
		w32_set_error(err);
		return NULL;
	}
	return handle_of(e);
}

static HGLOBAL mem_realloc(HGLOBAL h, SIZE_T size, UINT flags, int global)
{
	DWORD hflags = (flags & GMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0;
	struct mentry *e;
	void *p, *old;

	if (!h) {
		w32_set_error(ERROR_INVALID_HANDLE);
		return NULL;
	}
	if (flags & GMEM_MODIFY)
		return mem_modify(h, flags, global);
	if (!is_handle(h)) {
		if (!valid_blk(&process_heap, h)) {
			w32_set_error(ERROR_INVALID_HANDLE);
			return NULL;
		}
		/* A fixed block moves only if allowed to. */
		if (!(flags & GMEM_MOVEABLE))
			hflags |= HEAP_REALLOC_IN_PLACE_ONLY;
		return HeapReAlloc(&process_heap, hflags, h, size);
	}
	pthread_mutex_lock(&mem_lock);
	e = entry_of(h);
	if (!e) {
		pthread_mutex_unlock(&mem_lock);
		w32_set_error(ERROR_INVALID_HANDLE);
		return NULL;
	}
	old = e->ptr;
	if (!size && !lock_count(e)) {
		e->ptr = NULL;			/* discarded */
		pthread_mutex_unlock(&mem_lock);
		HeapFree(&process_heap, 0, old);
		return h;
	}
	if (!old) {
		p = entry_data(e, flags, size);
	} else {
		if (lock_count(e) && !(flags & GMEM_MOVEABLE))
			hflags |= HEAP_REALLOC_IN_PLACE_ONLY;
		p = HeapReAlloc(&process_heap, hflags, old, size);
	}
	if (p)
		e->ptr = p;
	pthread_mutex_unlock(&mem_lock);
	return p ? h : NULL;
}

HGLOBAL WINAPI GlobalAlloc(UINT uFlags, SIZE_T dwBytes)
{
	return mem_alloc(uFlags, dwBytes, 1);
}

HGLOBAL WINAPI GlobalReAlloc(HGLOBAL hMem, SIZE_T dwBytes, UINT uFlags)
{
	return mem_realloc(hMem, dwBytes, uFlags, 1);
}

HGLOBAL WINAPI GlobalFree(HGLOBAL hMem)
{
	return mem_free(hMem);
}

SIZE_T WINAPI GlobalSize(HGLOBAL hMem)
{
	return mem_size(hMem);
}

LPVOID WINAPI GlobalLock(HGLOBAL hMem)
{
	return mem_lock_ptr(hMem);
}

BOOL WINAPI GlobalUnlock(HGLOBAL hMem)
{
	return mem_unlock(hMem, 1);
}

UINT WINAPI GlobalFlags(HGLOBAL hMem)
{
	return mem_flags(hMem, 1);
}

HGLOBAL WINAPI GlobalHandle(LPCVOID pMem)
{
	return mem_handle(pMem);
}

HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes)
{
	return mem_alloc(uFlags, uBytes, 0);
}

HLOCAL WINAPI LocalReAlloc(HLOCAL hMem, SIZE_T uBytes, UINT uFlags)
{
	return mem_realloc(hMem, uBytes, uFlags, 0);
}

HLOCAL WINAPI LocalFree(HLOCAL hMem)
{
	return mem_free(hMem);
}

SIZE_T WINAPI LocalSize(HLOCAL hMem)
{
	return mem_size(hMem);
}

LPVOID WINAPI LocalLock(HLOCAL hMem)
{
	return mem_lock_ptr(hMem);
}

BOOL WINAPI LocalUnlock(HLOCAL hMem)
{
	return mem_unlock(hMem, 0);
}

UINT WINAPI LocalFlags(HLOCAL hMem)
{
	return mem_flags(hMem, 0);
}

HLOCAL WINAPI LocalHandle(LPCVOID pMem)
{
	return mem_handle(pMem);
}
