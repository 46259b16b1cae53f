// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The process's context on /dev/netbuf: opened and mapped once, lazily,
 * dropped in a forked child so that the child starts afresh.
 *
 * What one open produced (descriptor, window) is published as a view that
 * never changes, so every call works on one consistent view even while
 * another thread replaces it.
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
	char *window;
	uint64_t window_size;
	uint64_t page_mask;
};

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static _Atomic(struct netbuf_view *) current_view;

static uint64_t window_budget(void)
{
	uint64_t size = WINDOW_MAX;
	struct rlimit as;

	/* Leave three quarters of a limited address space to the program. */
	if (getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY &&
	    as.rlim_cur / 4 < size)
		size = as.rlim_cur / 4;
	return size;
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
	    ioctl(view->fd, NETBUF_IOC_INFO, &info) < 0 ||
	    map_window(view, info.page_size) < 0)
		goto out_close;
	view->rdev = st.st_rdev;
	view->page_mask = info.page_size - 1;
	return view;

out_close:
	saved = errno;
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

/*
 * The kernel refuses the parent's context in the child (and does not copy
 * the window), so drop both; the child opens its own on first use. The
 * child has one thread: nothing else can be using the view.
 */
static void after_fork_child(void)
{
	struct netbuf_view *view = atomic_load_explicit(&current_view,
							memory_order_relaxed);

	if (view) {
		munmap(view->window, view->window_size);
		close(view->fd);
		free(view);
		atomic_store_explicit(&current_view, NULL,
				      memory_order_relaxed);
	}
	pthread_mutex_unlock(&state_lock);
}

static void register_atfork(void)
{
	pthread_atfork(before_fork, after_fork_parent, after_fork_child);
}

const struct netbuf_view *netbuf_open_view(void)
{
	struct netbuf_view *view;

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
	}
	pthread_mutex_unlock(&state_lock);
	return view;
}

const struct netbuf_view *netbuf_current_view(void)
{
	return atomic_load_explicit(&current_view, memory_order_acquire);
}

/*
 * EPERM: this process inherited the view without the atfork handler (a raw
 * fork or clone, _Fork()). Unpublish it so that the next call opens a
 * context of its own. Other threads may still hold the old view, so it is
 * never freed (one small block per such child), and its descriptor number
 * is not closed, which would let a new open reuse the number under them:
 * /dev/null takes its place, so their late calls fail harmlessly, and only
 * if the number still names the device (the process may have reused it).
 * The window was not copied here: there is nothing to unmap.
 */
static void drop_inherited(const struct netbuf_view *view)
{
	int saved_errno = errno, null_fd;
	struct stat st;

	pthread_mutex_lock(&state_lock);
	if (atomic_load_explicit(&current_view, memory_order_relaxed) == view) {
		atomic_store_explicit(&current_view, NULL,
				      memory_order_relaxed);
		null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (null_fd >= 0) {
			if (fstat(view->fd, &st) == 0 && S_ISCHR(st.st_mode) &&
			    st.st_rdev == view->rdev)
				dup3(null_fd, view->fd, O_CLOEXEC);
			close(null_fd);
		}
	}
	pthread_mutex_unlock(&state_lock);
	errno = saved_errno;
}

bool netbuf_offset_of(const struct netbuf_view *view, const void *ptr,
		      __u64 *offset)
{
	uintptr_t addr = (uintptr_t)ptr, base = (uintptr_t)view->window;

	if (addr < base || addr - base >= view->window_size ||
	    ((addr - base) & view->page_mask))
		return false;
	*offset = addr - base;
	return true;
}

void *netbuf_pointer_at(const struct netbuf_view *view, __u64 offset)
{
	return view->window + offset;
}

int netbuf_ioctl(const struct netbuf_view *view, unsigned long request,
		 void *arg)
{
	int ret;

	do
		ret = ioctl(view->fd, request, arg);
	while (ret < 0 && errno == EINTR);
	if (ret < 0 && errno == EPERM)
		drop_inherited(view);
	return ret;
}
