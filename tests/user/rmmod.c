// SPDX-License-Identifier: GPL-2.0
/*
 * Module lifetime: rmmod is refused while a context is open, and still
 * refused after close(fd) while its window is mapped (the buffers keep
 * working); it succeeds after the last munmap. The module is then loaded
 * again from $NETBUF_KO and /dev/netbuf must work as before.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"

#define WIN_SIZE	(16UL << 20)

static bool unloaded;
static const char *ko;

static int delete_netbuf(void)
{
	return (int)syscall(SYS_delete_module, "netbuf", O_NONBLOCK);
}

/* rmmod must be refused now; EBUSY or EWOULDBLOCK both mean "in use". */
static void refused(const char *while_what)
{
	errno = 0;
	if (delete_netbuf() == 0) {
		unloaded = true;
		FAIL("rmmod succeeded while %s", while_what);
		return;
	}
	if (errno == EPERM)
		t_skip("delete_module: EPERM (needs CAP_SYS_MODULE)");
	if (errno != EBUSY && errno != EAGAIN)
		FAIL("rmmod while %s: expected EBUSY or EAGAIN, got %s",
		     while_what, errno_name(errno));
}

/* If the test stops early with the module out, put it back quietly. */
static void reload_at_exit(void)
{
	int fd;

	if (!unloaded)
		return;
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0) != 0)
		printf("# could not load %s again: %s\n", ko,
		       errno_name(errno));
	if (fd >= 0)
		close(fd);
}

static void reload(void)
{
	uint64_t start = now_ms();
	int fd;

	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		FATAL("open %s: %s", ko, errno_name(errno));
	if (syscall(SYS_finit_module, fd, "", 0) != 0)
		FATAL("finit_module(%s): %s", ko, errno_name(errno));
	close(fd);
	unloaded = false;
	/* The device node may take a moment to appear. */
	while ((fd = open(NETBUF_DEV, O_RDWR | O_CLOEXEC)) < 0 &&
	       now_ms() - start < SETTLE_MS)
		sleep_ms(10);
	if (fd >= 0)
		close(fd);
}

static void works_again(void)
{
	struct raw_ctx c;
	uint64_t off;

	EXPECT_COUNTER(SYSFS_CONTEXTS, 0);
	raw_open(&c, WIN_SIZE);
	if (EXPECT_RC(raw_alloc(c.fd, 5000, &off), 0)) {
		EXPECT_ZERO(c.win + off, 2 * page_size());
		fill_pattern(c.win + off, 5000, 1300);
		EXPECT_PATTERN(c.win + off, 5000, 1300);
		EXPECT_RC(raw_free(c.fd, off), 0);
	}
	raw_close(&c);
	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, 0);
}

int main(int argc, char **argv)
{
	uint64_t start, off = 0;
	struct raw_ctx c;
	int rc, fd;

	(void)argc;
	t_init(argv[0], 60);
	ko = getenv("NETBUF_KO");
	if (!ko || !*ko)
		t_skip("NETBUF_KO is not set: no module to load again");
	if (access(ko, R_OK) != 0)
		t_skip("NETBUF_KO=%s is not readable", ko);
	if (counter_read(SYSFS_CONTEXTS) != 0)
		FATAL("contexts are open before the test: cannot unload");
	atexit(reload_at_exit);

	/* An open context, not even mapped, pins the module. */
	c.fd = dev_open();
	refused("a context is open");

	c.win = mmap(NULL, WIN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		     c.fd, 0);
	if (c.win == MAP_FAILED)
		FATAL("mmap: %s", errno_name(errno));
	c.size = WIN_SIZE;
	if (!unloaded && EXPECT_RC(raw_alloc(c.fd, 100, &off), 0))
		fill_pattern(c.win + off, 100, 1301);
	refused("a context is open and mapped");

	/* Closed but mapped: still pinned, still usable. */
	close(c.fd);
	c.fd = -1;
	refused("a window is mapped after close");
	if (!unloaded) {
		EXPECT_PATTERN(c.win + off, 100, 1301);
		EXPECT_WRITE(c.win + off + 200, 0x42, 0);
	}

	/* The last munmap lets go. */
	munmap(c.win, c.size);
	c.win = NULL;
	start = now_ms();
	while (!unloaded) {
		rc = delete_netbuf();
		if (rc == 0) {
			unloaded = true;
			break;
		}
		if ((errno != EBUSY && errno != EAGAIN) ||
		    now_ms() - start >= SETTLE_MS) {
			FAIL("rmmod after the last munmap: expected success, "
			     "got %s", errno_name(errno));
			break;
		}
		sleep_ms(10);
	}
	if (unloaded) {
		fd = open(NETBUF_DEV, O_RDWR | O_CLOEXEC);
		if (fd >= 0) {
			FAIL(NETBUF_DEV " still opens after rmmod");
			close(fd);
		}
		reload();
		works_again();
	}
	return t_done();
}
