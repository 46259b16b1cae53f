// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The process's context on /dev/netbuf: opened and mapped once, lazily,
 * dropped in a forked child so that the child starts afresh.
 *
 * What one open produced (descriptor, context id, window) is published as
 * a view that never changes, so every call works on one consistent view
 * even while another thread replaces it.
 *
 * A view is retired when its descriptor no longer names its context: the
 * program closed the descriptor (EBADF), the number now names another
 * context (ESTALE) or another file (ENOTTY), or the process inherited it
 * (EPERM). A retired view is never freed (other threads may hold it) and
 * the address range of its window is never given back: the window stays
 * mapped, or an inaccessible reservation takes its place. So no later
 * window can lie where an old one was, and a pointer of a lost context
 * never names a buffer of a newer one: it gets 87, and faults when the
 * window is gone.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/netbuf.h>

#include "internal.h"

#define NETBUF_DEVICE "/dev/netbuf"

/*
 * The window is address space only: pages exist for live buffers alone.
 * Large enough that buffers, their guard pages and the delayed reuse of
 * freed offsets never run out before memory does; a 32-bit process gets
 * far less of its small address space.
 */
#if UINTPTR_MAX > 0xffffffffu
#define WINDOW_MAX	(64ULL << 30)
#else
#define WINDOW_MAX	(512ULL << 20)
#endif
#define WINDOW_MIN	(16ULL << 20)

struct netbuf_view {
	int fd;
	dev_t rdev;		/* of /dev/netbuf, to recognise the fd */
	pid_t pid;		/* the process that opened it */
	__u32 context;		/* the id requests name, 0 before ABI 3 */
	unsigned int abi;	/* the module's NETBUF_ABI_VERSION */
	char *window;
	uint64_t window_size;
	uint64_t page_mask;
	uint64_t align_mask;	/* of buffer offsets */
	/* Read-only sizes (ABI 5), mapped at the first Size, or NULL. */
	_Atomic(const uint64_t *) meta;
	atomic_bool meta_tried;	/* mapped or given up: never again */
	uint64_t meta_offset;	/* where the module offers it, 0: nowhere */
	unsigned int page_shift;
	struct netbuf_view *retired_next;	/* under state_lock */
};

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static _Atomic(struct netbuf_view *) current_view;
/* Views given up, newest first: their windows' ranges stay reserved. */
static struct netbuf_view *retired_views;

uint64_t netbuf_address_budget(uint64_t max, unsigned int share)
{
	struct rlimit as;

	if (getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY &&
	    as.rlim_cur / share < max)
		return as.rlim_cur / share;
	return max;
}

static uint64_t window_budget(void)
{
	/* Leave three quarters of a limited address space to the program. */
	return netbuf_address_budget(WINDOW_MAX, 4);
}

static int map_window(struct netbuf_view *view, uint64_t page_size)
{
	uint64_t size = window_budget() & ~(page_size - 1);
	void *p;

	for (; size >= WINDOW_MIN; size /= 2) {
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 view->fd, 0);
		if (p != MAP_FAILED) {
			view->window = p;
			view->window_size = size;
			return 0;
		}
		if (errno != ENOMEM)
			return -1;
	}
	errno = ENOMEM;
	return -1;
}

/*
 * Keeps [addr, addr + len) from being handed out again: every part that
 * no mapping holds gets an inaccessible anonymous mapping that reserves
 * address space only (no memory, no commit charge). Mapped parts (the old
 * window itself, or whatever the program put there) are left as they are.
 * Returns 0, or -1 when some part could not be reserved.
 */
static int reserve_range(char *addr, uint64_t len, uint64_t page_size)
{
	uint64_t half;
	void *p;

	p = mmap(addr, len, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
		 MAP_FIXED_NOREPLACE, -1, 0);
	if (p == addr)
		return 0;
	if (p != MAP_FAILED) {
		/* A kernel without MAP_FIXED_NOREPLACE took it as a hint. */
		munmap(p, len);
		return -1;
	}
	if (errno != EEXIST)
		return -1;
	/* msync() fails with ENOMEM exactly when part of the range is free. */
	if (msync(addr, len, MS_ASYNC) == 0)
		return 0;
	if (errno != ENOMEM || len <= page_size)
		return -1;
	half = (len / 2) & ~(page_size - 1);
	return reserve_range(addr, half, page_size) |
	       reserve_range(addr + half, len - half, page_size);
}

/*
 * In a child, where the window of an inherited view cannot be used (fork
 * did not copy it, or copied it without its pages): an inaccessible
 * reservation replaces whatever the child has there, so the parent's
 * pointers fault with SIGSEGV and name no buffer of the child's.
 */
static void replace_inherited_window(struct netbuf_view *view)
{
	void *p;

	p = mmap(view->window, view->window_size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
		 -1, 0);
	if (p == MAP_FAILED) {
		munmap(view->window, view->window_size);
		reserve_range(view->window, view->window_size,
			      view->page_mask + 1);
	}
}

/* Reserves what is free of every retired window's range again. */
static void reserve_retired(void)
{
	struct netbuf_view *old;

	for (old = retired_views; old; old = old->retired_next)
		reserve_range(old->window, old->window_size,
			      old->page_mask + 1);
}

/* Does @view's window overlap the range of a retired one? */
static bool overlaps_retired(const struct netbuf_view *view)
{
	uintptr_t start = (uintptr_t)view->window, end, ostart;
	const struct netbuf_view *old;

	end = start + view->window_size;
	for (old = retired_views; old; old = old->retired_next) {
		ostart = (uintptr_t)old->window;
		if (start < ostart + old->window_size && ostart < end)
			return true;
	}
	return false;
}

/* Called with state_lock held. */
static struct netbuf_view *open_view(void)
{
	struct netbuf_info info = { 0 };
	struct netbuf_view *view;
	struct stat st;
	int saved;

	view = calloc(1, sizeof(*view));
	if (!view)
		return NULL;
	view->fd = open(NETBUF_DEVICE, O_RDWR | O_CLOEXEC);
	if (view->fd < 0)
		goto out_free;
	if (fstat(view->fd, &st) < 0 ||
	    ioctl(view->fd, NETBUF_IOC_INFO, &info) < 0)
		goto out_close;
	/* A reservation that failed before gets another chance. */
	reserve_retired();
	if (map_window(view, info.page_size) < 0)
		goto out_close;
	/*
	 * Only if reserving an old range failed (address space limit, map
	 * count) could the new window lie there: then refuse rather than
	 * let an old pointer name a new buffer.
	 */
	if (overlaps_retired(view)) {
		munmap(view->window, view->window_size);
		errno = ENOMEM;
		goto out_close;
	}
	view->rdev = st.st_rdev;
	view->pid = getpid();
	/* Before ABI 3 the field is reserved: it must stay 0. */
	view->context = info.abi_version >= 3 ? info.context : 0;
	view->abi = (unsigned int)info.abi_version;
	view->page_mask = info.page_size - 1;
	/* Small buffers (ABI 4) start anywhere on a 16-byte boundary. */
	view->align_mask = info.abi_version >= 4 ? NETBUF_BUFFER_ALIGN - 1 :
						   view->page_mask;
	view->page_shift = (unsigned int)__builtin_ctzll(info.page_size);
	/* Mapped by the first Size (map_meta()): the module keeps it only then. */
	view->meta_offset = info.meta_offset;
	return view;

out_close:
	saved = errno;
	/* EBADF: another thread closed it; the number is not ours now. */
	if (saved != EBADF)
		close(view->fd);
	errno = saved;
out_free:
	saved = errno;
	free(view);
	errno = saved;
	return NULL;
}

/* Hold the lock across fork() so the child never sees a half-open state. */
static void before_fork(void)
{
	pthread_mutex_lock(&state_lock);
}

static void after_fork_parent(void)
{
	pthread_mutex_unlock(&state_lock);
}

/* Does @fd still name /dev/netbuf, as it did when @view was opened? */
static bool names_device(const struct netbuf_view *view)
{
	struct stat st;

	return fstat(view->fd, &st) == 0 && S_ISCHR(st.st_mode) &&
	       st.st_rdev == view->rdev;
}

/*
 * The kernel refuses the parent's context in the child (and does not copy
 * the window), so drop both; the child opens its own on first use. The
 * window's range is reserved, as are those of the windows the parent had
 * retired (fork copied none of them): the child's own window can never lie
 * where a parent's pointer points, so such a pointer gets 87 for good and
 * SIGSEGV when touched, in the child and in its children. The child has
 * one thread: nothing else can be using the view.
 */
static void after_fork_child(void)
{
	struct netbuf_view *view = atomic_load_explicit(&current_view,
							memory_order_relaxed);

	if (view) {
		atomic_store_explicit(&current_view, NULL,
				      memory_order_relaxed);
		replace_inherited_window(view);
		if (names_device(view))
			close(view->fd);
		view->retired_next = retired_views;
		retired_views = view;
	}
	reserve_retired();
	pthread_mutex_unlock(&state_lock);
}

static void register_atfork(void)
{
	pthread_atfork(before_fork, after_fork_parent, after_fork_child);
}

const struct netbuf_view *netbuf_open_view(void)
{
	struct netbuf_view *view;
	bool opened = false;

	view = atomic_load_explicit(&current_view, memory_order_acquire);
	if (view)
		return view;
	pthread_once(&atfork_once, register_atfork);
	pthread_mutex_lock(&state_lock);
	view = atomic_load_explicit(&current_view, memory_order_relaxed);
	if (!view) {
		view = open_view();
		if (view)
			atomic_store_explicit(&current_view, view,
					      memory_order_release);
		opened = view != NULL;
	}
	pthread_mutex_unlock(&state_lock);
	if (opened && netbuf_reporting())
		netbuf_report_opened(view);
	return view;
}

const struct netbuf_view *netbuf_current_view(void)
{
	return atomic_load_explicit(&current_view, memory_order_acquire);
}

/*
 * The descriptor of @view no longer names its context: unpublish the view
 * so that the next call opens a fresh context, and keep its window's range
 * (see the top of this file). Other threads may still hold the view, so it
 * is never freed (one small block per lost context).
 *
 * The descriptor number is not ours any more, so it is neither closed nor
 * reused: the program closed it and may have opened something else there.
 * One exception: EPERM in a process other than the opener is a child made
 * without the atfork handler (a raw fork or clone, _Fork()), which holds
 * the parent's context through the inherited descriptor. /dev/null takes
 * its place (not close: a new open could reuse the number under another
 * thread), if it still names the device; and the window, which fork did
 * not copy (or copied without its pages), is replaced by a reservation.
 */
static void retire_view(const struct netbuf_view *cview, int err)
{
	struct netbuf_view *view = (struct netbuf_view *)cview;
	int saved_errno = errno, null_fd;

	pthread_mutex_lock(&state_lock);
	if (atomic_load_explicit(&current_view, memory_order_relaxed) == view) {
		atomic_store_explicit(&current_view, NULL,
				      memory_order_relaxed);
		if (err == EPERM && getpid() != view->pid) {
			null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
			if (null_fd >= 0) {
				if (names_device(view))
					dup3(null_fd, view->fd, O_CLOEXEC);
				close(null_fd);
			}
			replace_inherited_window(view);
		} else {
			reserve_range(view->window, view->window_size,
				      view->page_mask + 1);
		}
		atomic_store_explicit(&view->meta_tried, true,
				      memory_order_relaxed);
		netbuf_meta_retire(atomic_load_explicit(&view->meta,
							memory_order_relaxed),
				   view->window_size, view->page_mask + 1);
		view->retired_next = retired_views;
		retired_views = view;
	}
	pthread_mutex_unlock(&state_lock);
	errno = saved_errno;
}

/*
 * Does @err say that the descriptor no longer names the view's context?
 * ENOTTY too: the library issues only requests every module version has.
 */
static bool context_lost(int err)
{
	return err == EBADF || err == ESTALE || err == EPERM || err == ENOTTY;
}

bool netbuf_offset_of(const struct netbuf_view *view, const void *ptr,
		      __u64 *offset)
{
	uintptr_t addr = (uintptr_t)ptr, base = (uintptr_t)view->window;

	if (addr < base || addr - base >= view->window_size ||
	    ((addr - base) & view->align_mask))
		return false;
	*offset = addr - base;
	return true;
}

/*
 * The metadata is mapped by the first Size of the view, not when the view
 * is opened: the module writes entries and holds pages only while it is
 * mapped, so a process that never asks a size pays nothing for it. Never
 * unmapped, like the window (other threads may read it); a retired view's
 * is replaced by zeroes (netbuf_meta_retire()), and a retired view maps
 * none.
 */
static const uint64_t *map_meta(struct netbuf_view *view)
{
	const uint64_t *meta;

	pthread_mutex_lock(&state_lock);
	meta = atomic_load_explicit(&view->meta, memory_order_relaxed);
	if (!atomic_load_explicit(&view->meta_tried, memory_order_relaxed) &&
	    atomic_load_explicit(&current_view, memory_order_relaxed) == view) {
		meta = netbuf_meta_map(view->fd, view->window_size,
				       view->page_mask + 1, view->meta_offset);
		atomic_store_explicit(&view->meta, meta, memory_order_release);
		atomic_store_explicit(&view->meta_tried, true,
				      memory_order_release);
	}
	pthread_mutex_unlock(&state_lock);
	return meta;
}

bool netbuf_view_size(const struct netbuf_view *cview, __u64 offset,
		      __u64 *size)
{
	struct netbuf_view *view = (struct netbuf_view *)cview;
	const uint64_t *meta;

	meta = atomic_load_explicit(&view->meta, memory_order_acquire);
	if (!meta && !atomic_load_explicit(&view->meta_tried,
					   memory_order_acquire))
		meta = map_meta(view);
	return netbuf_meta_size(meta, view->page_shift, offset, size);
}

void *netbuf_pointer_at(const struct netbuf_view *view, __u64 offset)
{
	return view->window + offset;
}

bool netbuf_window_offset(const struct netbuf_view *view, uintptr_t addr,
			  __u64 *offset)
{
	uintptr_t base = (uintptr_t)view->window;

	if (addr < base || addr - base >= view->window_size)
		return false;
	*offset = addr - base;
	return true;
}

unsigned int netbuf_view_abi(const struct netbuf_view *view)
{
	return view->abi;
}

size_t netbuf_view_page_size(const struct netbuf_view *view)
{
	return view->page_mask + 1;
}

int netbuf_whatis(const struct netbuf_view *view, struct netbuf_whatis *w)
{
	int ret;

	if (view->abi < 5) {
		errno = ENOTTY;
		return -1;
	}
	w->context = view->context;
	do
		ret = ioctl(view->fd, NETBUF_IOC_WHATIS, w);
	while (ret < 0 && errno == EINTR);
	return ret;
}

int netbuf_ioctl(const struct netbuf_view *view, unsigned long request,
		 void *arg, __u32 *context)
{
	int ret;

	*context = view->context;
	do
		ret = ioctl(view->fd, request, arg);
	while (ret < 0 && errno == EINTR);
	if (ret < 0 && context_lost(errno)) {
		retire_view(view, errno);
		return NETBUF_IOCTL_LOST;
	}
	return ret;
}

/*
 * Attempts of a call that creates a buffer: after a lost context it tries
 * again on a fresh one, and again should the program close that one's
 * descriptor meanwhile (other threads closing descriptors in a loop).
 */
#define NETBUF_ATTEMPTS		8

const struct netbuf_view *netbuf_ioctl_creating(unsigned long request,
						void *arg, __u32 *context,
						bool *no_device)
{
	const struct netbuf_view *view;
	int attempt;

	*no_device = false;
	/* Another attempt only on a fresh context, after one was lost. */
	for (attempt = 0; attempt < NETBUF_ATTEMPTS; attempt++) {
		view = netbuf_open_view();
		if (!view && errno == EBADF)
			continue;
		if (!view) {
			*no_device = true;
			return NULL;
		}
		switch (netbuf_ioctl(view, request, arg, context)) {
		case 0:
			return view;
		case NETBUF_IOCTL_LOST:
			continue;
		default:
			return NULL;
		}
	}
	return NULL;
}
