// SPDX-License-Identifier: GPL-2.0
/*
 * netbuf(4): a context serves only the address space that opened it, and
 * another process's access fails with exactly one answer per case:
 * - a child forked as usual has no copy of the window (VM_DONTCOPY): its
 *   reads and writes there raise SIGSEGV;
 * - after MADV_DOFORK the child has a copy of the window but no page of it
 *   (VM_WIPEONFORK): its faults reach the module, which refuses them with
 *   SIGBUS; the same after MADV_KEEPONFORK too (the module puts
 *   VM_WIPEONFORK back on the copy). Kernels that refuse MADV_DOFORK on
 *   the window (VM_SPECIAL: 7.2) never copy it: SIGSEGV there (t_dofork()
 *   pins which kernel gives which answer);
 * - its ioctls and a new mmap of the inherited descriptor fail with EPERM;
 * - a process that receives the descriptor over a socket gets EPERM from
 *   mmap and from the ioctls.
 * MADV_KEEPONFORK and MADV_DONTFORK must succeed.
 */
#include <sys/mman.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#ifndef MADV_KEEPONFORK
#define MADV_KEEPONFORK	19
#endif

static struct raw_ctx c;
static uint64_t off;

static int child_sees(void *arg)
{
	int sig = *(int *)arg;
	struct netbuf_info info;

	EXPECT_READ(c.win + off, sig);
	EXPECT_WRITE(c.win + off, 0xee, sig);
	EXPECT_READ(c.win + off + 2 * page_size() - 1, sig);
	EXPECT_RC(raw_alloc(c.fd, 1, NULL), -EPERM);
	EXPECT_RC(raw_info(c.fd, &info), -EPERM);
	EXPECT_SYS_ERR(mmap(NULL, c.size, PROT_READ, MAP_SHARED, c.fd, 0),
		       EPERM);
	return child_result();
}

static int receiver(void *arg)
{
	int sock = *(int *)arg, fd = -1;
	char cbuf[CMSG_SPACE(sizeof(int))], byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	uint64_t o;

	REQUIRE(recvmsg(sock, &msg, 0) == 1);
	cm = CMSG_FIRSTHDR(&msg);
	REQUIRE(cm && cm->cmsg_type == SCM_RIGHTS);
	memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
	EXPECT_SYS_ERR(mmap(NULL, c.size, PROT_READ | PROT_WRITE, MAP_SHARED,
			    fd, 0), EPERM);
	EXPECT_RC(raw_alloc(fd, 1, &o), -EPERM);
	EXPECT_RC(raw_size(fd, off, &o), -EPERM);
	EXPECT_RC(raw_free(fd, off), -EPERM);
	return child_result();
}

static void pass_fd(void)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, byte = 'x';
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	int sv[2];
	pid_t pid;

	REQUIRE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	pid = start_child(receiver, &sv[1]);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &c.fd, sizeof(int));
	REQUIRE(sendmsg(sv[0], &msg, 0) == 1);
	EXPECT_EXIT(wait_child(pid), 0);
	close(sv[0]);
	close(sv[1]);
}

int main(int argc, char **argv)
{
	int sig;

	(void)argc;
	t_init(argv[0], 60);
	raw_open(&c, 64 * page_size());
	REQUIRE(raw_alloc(c.fd, 2 * page_size(), &off) == 0);
	fill_pattern(c.win + off, 2 * page_size(), 61);

	sig = SIGSEGV;		/* no copy of the window */
	EXPECT_EXIT(run_child(child_sees, &sig), 0);
	EXPECT_RAW_LIVE(&c, off, 2 * page_size(), 61);

	/*
	 * A copy, whose faults the module refuses: SIGBUS. Where the kernel
	 * refuses MADV_DOFORK on the window (VM_SPECIAL, 7.2) there is no
	 * copy, and the answer stays SIGSEGV.
	 */
	sig = t_dofork(c.win, c.size) ? SIGSEGV : SIGBUS;
	EXPECT_EXIT(run_child(child_sees, &sig), 0);
	EXPECT_RAW_LIVE(&c, off, 2 * page_size(), 61);
	if (EXPECT_SYS_OK(madvise(c.win, c.size, MADV_KEEPONFORK))) {
		EXPECT_EXIT(run_child(child_sees, &sig), 0);
		EXPECT_EXIT(run_raw_child(child_sees, &sig), 0);
		EXPECT_RAW_LIVE(&c, off, 2 * page_size(), 61);
	}
	EXPECT_SYS_OK(madvise(c.win, c.size, MADV_DONTFORK));

	pass_fd();
	EXPECT_RAW_LIVE(&c, off, 2 * page_size(), 61);
	EXPECT_RC(raw_free(c.fd, off), 0);
	raw_close(&c);
	return t_done();
}
