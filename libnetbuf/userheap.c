// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The user-space backend: NetApiBuffer* served by the library itself, with
 * the contract of lmapibuf.h, when /dev/netbuf cannot be used (backend.c
 * decides). What the kernel enforces there, this file can only check:
 *
 * - The table of live buffers is the library's, in mappings of its own,
 *   never beside a buffer: a stray write into or past a buffer cannot turn
 *   a later free into a crash. Free, Size and Reallocate look a pointer up
 *   without ever dereferencing it, so a freed, interior, foreign or random
 *   pointer gets 87 and nothing else.
 * - Small buffers (up to SMALL_MAX bytes) are slots of a size class in
 *   64 KiB chunks of one reserved arena; a chunk's slot sizes live in a
 *   separate metadata mapping. A freed slot is zeroed at once and waits in
 *   a FIFO quarantine of its class before it is handed out again, so a
 *   double free is still refused for a while; a stale pointer reads zeros
 *   (or a later buffer), it does not fault.
 * - Larger buffers (and small ones once the arena is full) have a mapping
 *   of their own followed by an inaccessible guard page. Freeing replaces
 *   the pages by an inaccessible reservation (the memory goes back at once,
 *   a stale access is SIGSEGV) kept in a FIFO quarantine before the address
 *   range is unmapped and may be reused.
 * - Buffers are zero-filled, 16-byte aligned (large ones page aligned),
 *   and the slack after a buffer's size (to its slot's end, or its last
 *   page's end) is zero when it is handed out and after a resize.
 * - Locks: one per size class, one for the large buffers' table and
 *   quarantine, taken by the atfork handler (in that order), so that a
 *   child forked at any moment finds them free. A forked child keeps
 *   every buffer (fork copied the memory and the tables): they are live
 *   in the child, which may use, resize and free its copies.
 * - NETBUF_USER_MAX_BYTES caps the bytes of live buffers (slots and pages
 *   counted whole), as the module's max_bytes caps a context.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"
#include "lmapibuf.h"
#include "userheap.h"

#define SMALL_MAX	2048
#define SLOT_ALIGN	16
#define CHUNK_SHIFT	16
#define CHUNK_SIZE	(1UL << CHUNK_SHIFT)
#define CHUNK_SLOTS	(CHUNK_SIZE / SLOT_ALIGN)
#define SLOT_BITS	12	/* a slot id is chunk << SLOT_BITS | slot */
#define NR_CLASSES	24

/* Address space only, reserved inaccessible until used. */
#if UINTPTR_MAX > 0xffffffffu
#define ARENA_MAX		(1ULL << 30)
#define LARGE_QUARANTINE_BYTES	(1ULL << 30)
#else
#define ARENA_MAX		(32ULL << 20)
#define LARGE_QUARANTINE_BYTES	(32ULL << 20)
#endif
#define SMALL_QUARANTINE_SLOTS	256
#define SMALL_QUARANTINE_BYTES	65536
#define LARGE_QUARANTINE_SLOTS	256
#define FREE_STACK_MIN		1024

/* The metadata of one chunk of the arena, in the metadata mapping. */
struct chunk {
	_Atomic uint32_t cls;	/* class index + 1; 0 while unused */
	/* Size + 1 of each live slot, 0 for a free one; under the class lock. */
	uint16_t size1[CHUNK_SLOTS];
};

struct size_class {
	pthread_mutex_t lock;
	uint32_t size;		/* bytes of a slot */
	uint32_t chunk;		/* chunk being carved, + 1 (0: none) */
	uint32_t next_slot;	/* its next slot never handed out */
	uint32_t *free;		/* slots out of quarantine (a stack) */
	size_t nr_free, cap_free;
	uint32_t quarantine[SMALL_QUARANTINE_SLOTS];	/* FIFO ring */
	unsigned int q_head, q_count, q_max;
};

/* A large buffer: its own mapping (page_round(size) + a guard page). */
struct large {
	uintptr_t addr;		/* 0: empty, LARGE_TOMB: deleted */
	uint32_t size;
};
#define LARGE_TOMB	((uintptr_t)1)

struct retired {
	uintptr_t addr;
	size_t len;
};

static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool initialised;
static int config_errno;	/* under init_lock */
static size_t page;
static uint64_t max_bytes;	/* 0: no limit */
static atomic_uint_least64_t charged, live_buffers;

static char *arena;		/* NULL: no arena, everything is large */
static size_t arena_chunks;
static atomic_size_t next_chunk;
static struct chunk *meta;
static struct size_class classes[NR_CLASSES];

static pthread_mutex_t large_lock = PTHREAD_MUTEX_INITIALIZER;
static struct large *table;	/* open addressing, a power of 2 */
static size_t table_cap, table_used;	/* used: live and tombstones */
static size_t table_live;
static struct retired retired[LARGE_QUARANTINE_SLOTS];
static unsigned int retired_head, retired_count;
static uint64_t retired_bytes;

static uint64_t page_round(uint64_t n)
{
	return (n + page - 1) & ~(uint64_t)(page - 1);
}

/* Anonymous memory of the library's own, or NULL. */
static void *map_private(size_t len, int prot, int flags)
{
	void *p = mmap(NULL, len, prot,
		       MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* ---- Limits ----------------------------------------------------------- */

static bool charge(uint64_t bytes)
{
	uint64_t old = atomic_load(&charged);

	do {
		if (max_bytes && (bytes > max_bytes ||
				  old > max_bytes - bytes)) {
			errno = ENOMEM;
			return false;
		}
	} while (!atomic_compare_exchange_weak(&charged, &old, old + bytes));
	return true;
}

static void uncharge(uint64_t bytes)
{
	atomic_fetch_sub(&charged, bytes);
}

/* ---- Small buffers ---------------------------------------------------- */

static unsigned int class_of(uint32_t n)
{
	unsigned int i;

	for (i = 0; i < NR_CLASSES - 1 && classes[i].size < n; i++)
		;
	return i;
}

static char *slot_addr(uint32_t id, uint32_t size)
{
	return arena + ((size_t)(id >> SLOT_BITS) << CHUNK_SHIFT) +
	       (size_t)(id & ((1U << SLOT_BITS) - 1)) * size;
}

/*
 * Pushes a slot that left quarantine onto the class's free stack. Should
 * the stack not grow (no memory), the slot is never handed out again.
 */
static void free_push(struct size_class *c, uint32_t id)
{
	size_t cap = c->cap_free ? 2 * c->cap_free : FREE_STACK_MIN;
	uint32_t *grown;

	if (c->nr_free == c->cap_free) {
		grown = map_private(cap * sizeof(*grown),
				    PROT_READ | PROT_WRITE, 0);
		if (!grown)
			return;
		if (c->free) {
			memcpy(grown, c->free, c->nr_free * sizeof(*grown));
			munmap(c->free, c->cap_free * sizeof(*grown));
		}
		c->free = grown;
		c->cap_free = cap;
	}
	c->free[c->nr_free++] = id;
}

/* A fresh chunk for @c, carved from the start; false when none is left. */
static bool new_chunk(struct size_class *c)
{
	size_t idx = atomic_fetch_add(&next_chunk, 1);

	if (idx >= arena_chunks ||
	    mprotect(arena + (idx << CHUNK_SHIFT), CHUNK_SIZE,
		     PROT_READ | PROT_WRITE) < 0)
		return false;
	atomic_store_explicit(&meta[idx].cls, (uint32_t)(c - classes) + 1,
			      memory_order_release);
	c->chunk = (uint32_t)idx + 1;
	c->next_slot = 0;
	return true;
}

/* A slot for @n bytes, zero-filled; NULL when the arena is used up. */
static void *small_alloc(uint32_t n)
{
	struct size_class *c = &classes[class_of(n)];
	uint32_t id;
	char *p;

	pthread_mutex_lock(&c->lock);
	if (c->nr_free) {
		id = c->free[--c->nr_free];
		p = slot_addr(id, c->size);
		/* Zeroed when freed; again, for writes through stale pointers. */
		memset(p, 0, c->size);
	} else {
		if ((!c->chunk || c->next_slot == CHUNK_SIZE / c->size) &&
		    !new_chunk(c)) {
			pthread_mutex_unlock(&c->lock);
			return NULL;
		}
		id = (c->chunk - 1) << SLOT_BITS | c->next_slot++;
		p = slot_addr(id, c->size);
	}
	meta[id >> SLOT_BITS].size1[id & ((1U << SLOT_BITS) - 1)] =
		(uint16_t)(n + 1);
	pthread_mutex_unlock(&c->lock);
	return p;
}

/*
 * Where @p would be a slot: its class and slot id. False when @p is not the
 * start of a slot of a chunk in use (it may still be live: a large buffer).
 * Reads nothing at @p.
 */
static bool small_find(const void *p, struct size_class **cls, uint32_t *id)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)arena;
	size_t idx = off >> CHUNK_SHIFT, in = off & (CHUNK_SIZE - 1);
	uint32_t ci;

	if (!arena || (uintptr_t)p < (uintptr_t)arena ||
	    idx >= arena_chunks || idx >= atomic_load(&next_chunk))
		return false;
	ci = atomic_load_explicit(&meta[idx].cls, memory_order_acquire);
	if (!ci || in % classes[ci - 1].size ||
	    in / classes[ci - 1].size >= CHUNK_SIZE / classes[ci - 1].size)
		return false;
	*cls = &classes[ci - 1];
	*id = (uint32_t)idx << SLOT_BITS | (uint32_t)(in / (*cls)->size);
	return true;
}

static uint16_t *slot_size1(uint32_t id)
{
	return &meta[id >> SLOT_BITS].size1[id & ((1U << SLOT_BITS) - 1)];
}

/* Frees the slot if live: zeroed, then quarantined. Returns whether it was. */
static bool small_free(struct size_class *c, uint32_t id)
{
	uint16_t *size1 = slot_size1(id);

	pthread_mutex_lock(&c->lock);
	if (!*size1) {
		pthread_mutex_unlock(&c->lock);
		return false;
	}
	*size1 = 0;
	memset(slot_addr(id, c->size), 0, c->size);
	if (c->q_count == c->q_max) {
		free_push(c, c->quarantine[c->q_head]);
		c->q_head = (c->q_head + 1) % c->q_max;
		c->q_count--;
	}
	c->quarantine[(c->q_head + c->q_count++) % c->q_max] = id;
	pthread_mutex_unlock(&c->lock);
	uncharge(c->size);
	atomic_fetch_sub(&live_buffers, 1);
	return true;
}

/* ---- Large buffers ---------------------------------------------------- */

static size_t large_len(uint32_t size)
{
	return (size_t)page_round(size) + page;
}

static size_t slot_of(uintptr_t addr, size_t cap)
{
	return (size_t)(((uint64_t)(addr / page) * 0x9e3779b97f4a7c15ULL) >>
			32) & (cap - 1);
}

/* The entry of live buffer @addr, or NULL. Under large_lock. */
static struct large *large_find(uintptr_t addr)
{
	size_t i;

	if (!table || addr <= LARGE_TOMB)
		return NULL;
	for (i = slot_of(addr, table_cap); table[i].addr;
	     i = (i + 1) & (table_cap - 1))
		if (table[i].addr == addr)
			return &table[i];
	return NULL;
}

/* Makes room for one more entry. Under large_lock. */
static bool table_reserve(void)
{
	size_t cap = table_cap, i, j, old_cap = table_cap;
	struct large *grown, *old = table;

	if (table && 2 * (table_used + 1) <= table_cap)
		return true;
	if (!cap)
		cap = 256;
	else if (4 * (table_live + 1) > cap)
		cap *= 2;	/* else: the same size, without tombstones */
	grown = map_private(cap * sizeof(*grown), PROT_READ | PROT_WRITE, 0);
	if (!grown)
		return false;
	for (i = 0; i < old_cap; i++) {
		if (old[i].addr <= LARGE_TOMB)
			continue;
		for (j = slot_of(old[i].addr, cap); grown[j].addr;
		     j = (j + 1) & (cap - 1))
			;
		grown[j] = old[i];
	}
	if (old)
		munmap(old, old_cap * sizeof(*old));
	table = grown;
	table_cap = cap;
	table_used = table_live;
	return true;
}

static void *large_alloc(uint32_t n)
{
	uint64_t len64 = page_round(n) + page;
	size_t len = (size_t)len64, i;
	char *p;

	if (len64 > SIZE_MAX / 2) {
		errno = ENOMEM;
		return NULL;
	}
	p = map_private(len, PROT_READ | PROT_WRITE, 0);
	if (!p)
		return NULL;
	if (mprotect(p + len - page, page, PROT_NONE) < 0)
		goto out_unmap;
	pthread_mutex_lock(&large_lock);
	if (!table_reserve()) {
		pthread_mutex_unlock(&large_lock);
		errno = ENOMEM;
		goto out_unmap;
	}
	for (i = slot_of((uintptr_t)p, table_cap); table[i].addr > LARGE_TOMB;
	     i = (i + 1) & (table_cap - 1))
		;
	if (!table[i].addr)
		table_used++;
	table[i].addr = (uintptr_t)p;
	table[i].size = n;
	table_live++;
	pthread_mutex_unlock(&large_lock);
	return p;

out_unmap:
	munmap(p, len);
	return NULL;
}

/*
 * The pages of a freed large buffer go back at once; its address range
 * stays reserved, inaccessible, until it leaves the FIFO quarantine.
 */
static void large_retire(uintptr_t addr, size_t len)
{
	struct retired *old;

	if (mmap((void *)addr, len, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
		 -1, 0) == MAP_FAILED) {
		munmap((void *)addr, len);
		return;
	}
	pthread_mutex_lock(&large_lock);
	while (retired_count == LARGE_QUARANTINE_SLOTS ||
	       (retired_count && retired_bytes + len > LARGE_QUARANTINE_BYTES)) {
		old = &retired[retired_head];
		munmap((void *)old->addr, old->len);
		retired_bytes -= old->len;
		retired_head = (retired_head + 1) % LARGE_QUARANTINE_SLOTS;
		retired_count--;
	}
	old = &retired[(retired_head + retired_count++) %
		       LARGE_QUARANTINE_SLOTS];
	old->addr = addr;
	old->len = len;
	retired_bytes += len;
	pthread_mutex_unlock(&large_lock);
}

static bool large_free(void *p)
{
	struct large *e;
	uint32_t size;

	pthread_mutex_lock(&large_lock);
	e = large_find((uintptr_t)p);
	if (!e) {
		pthread_mutex_unlock(&large_lock);
		return false;
	}
	size = e->size;
	e->addr = LARGE_TOMB;
	table_live--;
	pthread_mutex_unlock(&large_lock);
	large_retire((uintptr_t)p, large_len(size));
	uncharge(page_round(size));
	atomic_fetch_sub(&live_buffers, 1);
	return true;
}

/* ---- The API ---------------------------------------------------------- */

/* The bytes a buffer of @n takes from NETBUF_USER_MAX_BYTES. */
static uint64_t cost(uint32_t n, bool small)
{
	return small ? classes[class_of(n)].size : page_round(n);
}

static void *alloc_any(uint32_t n)
{
	bool small = arena && n <= SMALL_MAX;
	void *p = NULL;

	if (!charge(cost(n, small)))
		return NULL;
	if (small)
		p = small_alloc(n);
	if (!p && small) {
		/* The arena is used up: a mapping of its own. */
		uncharge(cost(n, true));
		small = false;
		if (!charge(cost(n, false)))
			return NULL;
	}
	if (!p)
		p = large_alloc(n);
	if (!p) {
		uncharge(cost(n, small));
		return NULL;
	}
	atomic_fetch_add(&live_buffers, 1);
	return p;
}

NET_API_STATUS netbuf_user_allocate(DWORD n, LPVOID *out)
{
	*out = netbuf_backend_valid() ? alloc_any(n) : NULL;
	return *out ? NERR_Success : ERROR_NOT_ENOUGH_MEMORY;
}

/* Frees a live buffer; false for anything else. Keeps errno. */
static bool free_any(void *p)
{
	int saved_errno = errno;
	struct size_class *c;
	uint32_t id;
	bool freed;

	if (small_find(p, &c, &id))
		freed = small_free(c, id);
	else
		freed = large_free(p);
	errno = saved_errno;
	return freed;
}

NET_API_STATUS netbuf_user_free(LPVOID p)
{
	return free_any(p) ? NERR_Success : ERROR_INVALID_PARAMETER;
}

NET_API_STATUS netbuf_user_size(LPVOID p, LPDWORD n)
{
	struct size_class *c;
	struct large *e;
	uint32_t id;
	bool found = false;

	if (small_find(p, &c, &id)) {
		pthread_mutex_lock(&c->lock);
		if (*slot_size1(id)) {
			*n = *slot_size1(id) - 1U;
			found = true;
		}
		pthread_mutex_unlock(&c->lock);
		return found ? NERR_Success : ERROR_INVALID_PARAMETER;
	}
	pthread_mutex_lock(&large_lock);
	e = large_find((uintptr_t)p);
	if (e)
		*n = e->size;
	pthread_mutex_unlock(&large_lock);
	return e ? NERR_Success : ERROR_INVALID_PARAMETER;
}

/*
 * Resizes @p in place when its slot, or its pages, hold @n bytes too: the
 * bytes from the smaller of the two sizes to the slot's or last page's end
 * are zeroed (the program may have written past its size). Sets *@old to
 * the buffer's size. Returns 1 when resized, 0 when it must move, -1 when
 * @p is not live.
 */
static int resize_in_place(char *p, uint32_t n, uint32_t *old)
{
	struct size_class *c;
	struct large *e;
	uint16_t *size1;
	uint32_t id;
	int ret = -1;

	if (small_find(p, &c, &id)) {
		size1 = slot_size1(id);
		pthread_mutex_lock(&c->lock);
		if (*size1) {
			*old = *size1 - 1U;
			ret = n <= SMALL_MAX && class_of(n) == class_of(*old);
		}
		if (ret == 1) {
			*size1 = (uint16_t)(n + 1);
			memset(p + (n < *old ? n : *old), 0,
			       c->size - (n < *old ? n : *old));
		}
		pthread_mutex_unlock(&c->lock);
		return ret;
	}
	pthread_mutex_lock(&large_lock);
	e = large_find((uintptr_t)p);
	if (e) {
		*old = e->size;
		ret = page_round(n) == page_round(*old);
	}
	if (ret == 1) {
		e->size = n;
		memset(p + (n < *old ? n : *old), 0,
		       page_round(n) - (n < *old ? n : *old));
	}
	pthread_mutex_unlock(&large_lock);
	return ret;
}

NET_API_STATUS netbuf_user_reallocate(LPVOID p, DWORD n, LPVOID *out)
{
	int saved_errno = errno, in_place;
	uint32_t old = 0;
	void *q;

	in_place = resize_in_place(p, n, &old);
	if (in_place < 0) {
		errno = saved_errno;
		return ERROR_INVALID_PARAMETER;
	}
	if (in_place) {
		*out = p;
		return NERR_Success;
	}
	q = alloc_any(n);
	if (!q)
		return ERROR_NOT_ENOUGH_MEMORY;
	memcpy(q, p, n < old ? n : old);
	free_any(p);
	*out = q;
	return NERR_Success;
}

uint64_t netbuf_user_live_buffers(void)
{
	return atomic_load(&live_buffers);
}

/* ---- Set-up ----------------------------------------------------------- */

static void before_fork(void)
{
	int i;

	pthread_mutex_lock(&init_lock);
	for (i = 0; i < NR_CLASSES; i++)
		pthread_mutex_lock(&classes[i].lock);
	pthread_mutex_lock(&large_lock);
}

static void after_fork(void)
{
	int i;

	pthread_mutex_unlock(&large_lock);
	for (i = NR_CLASSES - 1; i >= 0; i--)
		pthread_mutex_unlock(&classes[i].lock);
	pthread_mutex_unlock(&init_lock);
}

/* "1048576", "64K", "16M", "1G": bytes; false for anything else. */
static bool parse_bytes(const char *s, uint64_t *bytes)
{
	static const char units[] = "KMG";
	unsigned int shift = 0;
	const char *unit;
	char *end;

	errno = 0;
	*bytes = strtoull(s, &end, 10);
	if (end == s || *s == '-' || errno)
		return false;
	unit = *end ? strchr(units, *end) : NULL;
	if (unit) {
		shift = 10 * (unsigned int)(unit - units + 1);
		end++;
	}
	if (*end || *bytes > UINT64_MAX >> shift)
		return false;
	*bytes <<= shift;
	return true;
}

/* The small-buffer arena and its metadata; none if they cannot be had. */
static void reserve_arena(void)
{
	uint64_t size = netbuf_address_budget(ARENA_MAX, 16);

	arena_chunks = (size_t)(size >> CHUNK_SHIFT);
	if (!arena_chunks)
		return;
	arena = map_private(arena_chunks << CHUNK_SHIFT, PROT_NONE,
			    MAP_NORESERVE);
	meta = map_private(arena_chunks * sizeof(*meta),
			   PROT_READ | PROT_WRITE, MAP_NORESERVE);
	if (!arena || !meta) {
		if (arena)
			munmap(arena, arena_chunks << CHUNK_SHIFT);
		if (meta)
			munmap(meta, arena_chunks * sizeof(*meta));
		arena = NULL;
		meta = NULL;
		arena_chunks = 0;
	}
}

static void init_classes(void)
{
	uint32_t size = SLOT_ALIGN, step = SLOT_ALIGN;
	struct size_class *c;
	int i;

	/* 16, 32, 48, 64, then four classes per doubling up to 2048. */
	for (i = 0; i < NR_CLASSES; i++, size += step) {
		if (size > 64 && !(size & (size - 1)))
			step = size / 4;
		c = &classes[i];
		pthread_mutex_init(&c->lock, NULL);
		c->size = size;
		c->q_max = SMALL_QUARANTINE_BYTES / size;
		if (c->q_max > SMALL_QUARANTINE_SLOTS)
			c->q_max = SMALL_QUARANTINE_SLOTS;
	}
}

int netbuf_user_configure(void)
{
	const char *limit = getenv("NETBUF_USER_MAX_BYTES");
	int saved_errno = errno, err;

	if (atomic_load(&initialised))
		return 0;
	pthread_mutex_lock(&init_lock);
	if (!atomic_load(&initialised) && !config_errno) {
		if (limit && *limit && !parse_bytes(limit, &max_bytes)) {
			config_errno = EINVAL;
		} else {
			page = (size_t)sysconf(_SC_PAGESIZE);
			init_classes();
			reserve_arena();
			pthread_atfork(before_fork, after_fork, after_fork);
			atomic_store(&initialised, true);
		}
	}
	err = config_errno;
	pthread_mutex_unlock(&init_lock);
	errno = err ? err : saved_errno;
	return err ? -1 : 0;
}
