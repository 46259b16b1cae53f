// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The process's context on /dev/netbuf: opened and mapped once, lazily,
 * dropped in a forked child so that the child starts afresh.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
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

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static atomic_bool ready;
static atomic_ulong generation;	/* bumped by every open, under state_lock */
static int dev_fd = -1;
static dev_t dev_rdev;
static char *window;
static uint64_t window_size;
static uint64_t page_mask;

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

static int map_window(int fd, uint64_t page_size)
{
	uint64_t size = window_budget() & ~(page_size - 1);
	void *p;

	for (; size >= WINDOW_MIN; size /= 2) {
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p != MAP_FAILED) {
			window = p;
			window_size = size;
			return 0;
		}
		if (errno != ENOMEM)
			return -1;
	}
	errno = ENOMEM;
	return -1;
}

static int open_context(void)
{
	struct netbuf_info info = { 0 };
	struct stat st;
	int fd, saved;

	fd = open(NETBUF_DEVICE, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || ioctl(fd, NETBUF_IOC_INFO, &info) < 0)
		goto out_close;
	if (map_window(fd, info.page_size) < 0)
		goto out_close;
	dev_fd = fd;
	dev_rdev = st.st_rdev;
	page_mask = info.page_size - 1;
	atomic_fetch_add_explicit(&generation, 1, memory_order_relaxed);
	return 0;

out_close:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
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

static void forget_context(void)
{
	dev_fd = -1;
	window = NULL;
	window_size = 0;
	atomic_store_explicit(&ready, false, memory_order_relaxed);
}

/*
 * The kernel refuses the parent's context in the child (and does not copy
 * the window), so drop both; the child opens its own on first use.
 */
static void after_fork_child(void)
{
	if (atomic_load_explicit(&ready, memory_order_relaxed)) {
		munmap(window, window_size);
		close(dev_fd);
		forget_context();
	}
	pthread_mutex_unlock(&state_lock);
}

/*
 * EPERM: this process inherited the context without the atfork handler
 * (a raw fork or clone, _Fork). Forget it so the next call opens a context
 * of its own; unless a newer open already replaced it. The window was not
 * copied here, so there is nothing to unmap, and the descriptor number is
 * closed only if it still names the device: the process may have reused it.
 */
static void drop_inherited(unsigned long gen)
{
	int saved_errno = errno;
	struct stat st;

	pthread_mutex_lock(&state_lock);
	if (atomic_load_explicit(&ready, memory_order_relaxed) &&
	    atomic_load_explicit(&generation, memory_order_relaxed) == gen) {
		if (fstat(dev_fd, &st) == 0 && S_ISCHR(st.st_mode) &&
		    st.st_rdev == dev_rdev)
			close(dev_fd);
		forget_context();
	}
	pthread_mutex_unlock(&state_lock);
	errno = saved_errno;
}

static void register_atfork(void)
{
	pthread_atfork(before_fork, after_fork_parent, after_fork_child);
}

bool netbuf_ready(void)
{
	bool ok;

	if (atomic_load_explicit(&ready, memory_order_acquire))
		return true;
	pthread_once(&atfork_once, register_atfork);
	pthread_mutex_lock(&state_lock);
	ok = atomic_load_explicit(&ready, memory_order_relaxed) ||
	     open_context() == 0;
	if (ok)
		atomic_store_explicit(&ready, true, memory_order_release);
	pthread_mutex_unlock(&state_lock);
	return ok;
}

bool netbuf_offset_of(const void *ptr, __u64 *offset)
{
	uintptr_t addr = (uintptr_t)ptr, base;

	if (!atomic_load_explicit(&ready, memory_order_acquire))
		return false;
	base = (uintptr_t)window;
	if (addr < base || addr - base >= window_size ||
	    ((addr - base) & page_mask))
		return false;
	*offset = addr - base;
	return true;
}

void *netbuf_pointer_at(__u64 offset)
{
	return window + offset;
}

int netbuf_ioctl(unsigned long request, void *arg)
{
	unsigned long gen = atomic_load_explicit(&generation,
						 memory_order_acquire);
	int ret;

	do
		ret = ioctl(dev_fd, request, arg);
	while (ret < 0 && errno == EINTR);
	if (ret < 0 && errno == EPERM)
		drop_inherited(gen);
	return ret;
}
