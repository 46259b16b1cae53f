// SPDX-License-Identifier: GPL-2.0
/*
 * A 32-bit (compat) caller: the producing ioctls write 64-bit pointers,
 * which such a process would read wrong, so they refuse it with
 * EOPNOTSUPP and produce nothing, while the other ioctls serve it (their
 * structures are the same on 32- and 64-bit): ALLOC, REALLOC, SIZE, FREE
 * and INFO each go through the 32-bit entry. The test makes 32-bit
 * system calls with int $0x80 from this 64-bit process, and skips on a
 * kernel without IA-32 emulation (no /proc/sys/abi/vsyscall32), where
 * int $0x80 is a general protection fault that the kernel logs.
 */
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lm_common.h"

#define NR_IOCTL_32	54	/* __NR_ioctl of i386 */

static long ioctl32(int fd, unsigned long cmd, void *arg)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(NR_IOCTL_32), "b"(fd), "c"(cmd), "d"(arg)
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

static int child(void *arg)
{
	struct netbuf_get_info *gi;
	struct netbuf_transport_enum *te;
	struct netbuf_alloc *al;
	struct netbuf_realloc *re;
	struct netbuf_size *sz;
	struct netbuf_free *fr;
	struct netbuf_info *in;
	struct raw_ctx c;
	uint64_t n;
	char *low;

	(void)arg;
	/* 32-bit system calls take 32-bit pointers: memory below 4 GiB. */
	low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	REQUIRE(low != MAP_FAILED);
	raw_open(&c, 16UL << 20);
	REQUIRE(c.fd >= 0);
	gi = (void *)low;
	te = (void *)(low + 256);
	al = (void *)(low + 512);
	gi->level = 100;
	te->prefmaxlen = UINT64_MAX;
	al->size = 100;
	re = (void *)(low + 768);
	sz = (void *)(low + 1024);
	fr = (void *)(low + 1280);
	in = (void *)(low + 1536);
	/*
	 * Every table ioctl serves a compat caller, each checked against
	 * what a 64-bit call sees of the same buffer.
	 */
	EXPECT_EQ(ioctl32(c.fd, NETBUF_IOC_ALLOC, al), 0);
	n = UINT64_MAX;
	EXPECT_RC(raw_size(c.fd, al->offset, &n), 0);
	EXPECT_EQ(n, 100);
	fill_pattern(c.win + al->offset, 100, 32);
	re->offset = al->offset;
	re->size = 3 * page_size() + 5;	/* needs more pages: it moves */
	EXPECT_EQ(ioctl32(c.fd, NETBUF_IOC_REALLOC, re), 0);
	EXPECT_PATTERN(c.win + re->new_offset, 100, 32);	/* kept */
	EXPECT_ZERO(c.win + re->new_offset + 100, 3 * page_size() + 5 - 100);
	n = UINT64_MAX;
	EXPECT_RC(raw_size(c.fd, re->new_offset, &n), 0);
	EXPECT_EQ(n, 3 * page_size() + 5);
	sz->offset = re->new_offset;
	EXPECT_EQ(ioctl32(c.fd, NETBUF_IOC_SIZE, sz), 0);
	EXPECT_EQ(sz->size, 3 * page_size() + 5);
	EXPECT_EQ(ioctl32(c.fd, NETBUF_IOC_INFO, in), 0);
	EXPECT_EQ(in->abi_version, NETBUF_ABI_VERSION);
	EXPECT_EQ(in->page_size, page_size());
	EXPECT_EQ(in->window_size, 16UL << 20);
	EXPECT_EQ(in->live_buffers, 1);
	EXPECT_EQ(in->live_bytes, 4 * page_size());
	fr->offset = re->new_offset;
	EXPECT_EQ(ioctl32(c.fd, NETBUF_IOC_FREE, fr), 0);
	EXPECT_RC(raw_size(c.fd, re->new_offset, &n), -EINVAL);
	EXPECT_READ(c.win + re->new_offset, SIGBUS);
	/* ...and refuses what a 64-bit call refuses: a freed offset. */
	EXPECT_EQ(ioctl32(c.fd, NETBUF_IOC_FREE, fr), -EINVAL);
	EXPECT_EQ(ioctl32(c.fd, NETBUF_IOC_SIZE, sz), -EINVAL);
	/* ...a produced buffer is refused, and nothing is left behind. */
	EXPECT_EQ(ioctl32(c.fd, NETBUF_IOC_WKSTA_GET_INFO, gi), -EOPNOTSUPP);
	EXPECT_EQ(ioctl32(c.fd, NETBUF_IOC_SERVER_GET_INFO, gi), -EOPNOTSUPP);
	EXPECT_EQ(ioctl32(c.fd, NETBUF_IOC_WKSTA_TRANSPORT_ENUM, te),
		  -EOPNOTSUPP);
	EXPECT_EQ(gi->offset, 0);
	EXPECT_EQ(te->entries_read, 0);
	EXPECT_NO_BUFFERS();
	/* The same from a 64-bit call is served. */
	EXPECT_RC(raw_ioctl(c.fd, NETBUF_IOC_WKSTA_GET_INFO, gi), 0);
	EXPECT_RC(raw_free(c.fd, gi->offset), 0);
	raw_close(&c);
	return child_result();
}

int main(int argc, char **argv)
{
	int status;

	(void)argc;
	t_init(argv[0], 60);
	if (access("/proc/sys/abi/vsyscall32", F_OK) < 0)
		t_skip("no IA-32 emulation in this kernel: no 32-bit system calls");
	/* With IA-32 emulation present, a SIGSEGV of the child is a failure. */
	status = run_child(child, NULL);
	EXPECT_EXIT(status, 0);
	return t_done();
}
