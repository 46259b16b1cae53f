// SPDX-License-Identifier: GPL-2.0
/*
 * A 32-bit (compat) system call on a 64-bit process's context: every
 * ioctl serves it (the structures are the same on 32- and 64-bit):
 * ALLOC, REALLOC, SIZE, FREE and INFO each go through the 32-bit entry,
 * checked against what a 64-bit call sees; a longer struct with a zero
 * tail works and a non-zero tail is E2BIG there too; the numbers ABI 4
 * removed are ENOTTY and change nothing. The test makes 32-bit system
 * calls with int $0x80 from this 64-bit process (the 32-bit builds of the
 * other tests, NAME.m32, come in through the same entry from a 32-bit
 * process), and skips on a kernel without IA-32 emulation (no
 * /proc/sys/abi/vsyscall32), where int $0x80 is a general protection
 * fault that the kernel logs.
 */
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lm_common.h"

#ifdef __x86_64__
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
#else
/* The 32-bit build (abi_compat.m32): its every ioctl is a 32-bit one. */
static long ioctl32(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}
#endif

static int child(void *arg)
{
	uint8_t *removed;
	struct netbuf_alloc *al;
	struct netbuf_realloc *re;
	struct netbuf_size *sz;
	struct netbuf_free *fr;
	struct netbuf_info *in;
	struct raw_ctx c;
	uint64_t n;
	char *low;
	size_t i;

	(void)arg;
	/* 32-bit system calls take 32-bit pointers: memory below 4 GiB. */
	low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	REQUIRE(low != MAP_FAILED);
	raw_open(&c, 16UL << 20);
	REQUIRE(c.fd >= 0);
	removed = (void *)low;
	removed[16] = 100;	/* an ABI 3 caller's level */
	al = (void *)(low + 512);
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
	/* A newer caller's longer struct: a zero tail works, else E2BIG. */
	memset(al, 0, 64);
	al->size = 10;
	EXPECT_EQ(ioctl32(c.fd, _IOC(_IOC_READ | _IOC_WRITE, NETBUF_IOC_MAGIC,
				     1, 64), al), 0);
	EXPECT_RC(raw_free(c.fd, al->offset), 0);
	memset(al, 0, 64);
	al->size = 10;
	((uint8_t *)al)[63] = 1;
	EXPECT_EQ(ioctl32(c.fd, _IOC(_IOC_READ | _IOC_WRITE, NETBUF_IOC_MAGIC,
				     1, 64), al), -E2BIG);
	EXPECT_EQ(al->offset, 0);
	/* ...and the removed numbers are not served, nothing is left behind. */
	for (i = 0; i < NR_REMOVED_CMDS; i++) {
		EXPECT_EQ(ioctl32(c.fd, removed_cmds[i], removed), -ENOTTY);
		EXPECT_ZERO(removed, 16);
		EXPECT_EQ(removed[16], 100);
		EXPECT_ZERO(removed + 17, 64 - 17);
	}
	EXPECT_NO_BUFFERS();
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
