// SPDX-License-Identifier: GPL-2.0
/*
 * A 32-bit (compat) caller: the producing ioctls write 64-bit pointers,
 * which such a process would read wrong, so they refuse it with
 * EOPNOTSUPP and produce nothing, while the other ioctls serve it (their
 * structures are the same on 32- and 64-bit). The test makes 32-bit
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
	struct raw_ctx c;
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
	/* A plain allocation works for a compat caller... */
	EXPECT_EQ(ioctl32(c.fd, NETBUF_IOC_ALLOC, al), 0);
	EXPECT_RC(raw_free(c.fd, al->offset), 0);
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
	status = run_child(child, NULL);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV)
		t_skip("no IA-32 emulation: int $0x80 is not a system call here");
	EXPECT_EXIT(status, 0);
	return t_done();
}
