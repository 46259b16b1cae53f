// SPDX-License-Identifier: GPL-2.0
/*
 * A context passed to another process over a UNIX socket (SCM_RIGHTS): the
 * descriptor arrives, the context does not. The receiver (forked before the
 * parent opened anything, so it inherited nothing) gets EPERM from every
 * ioctl and from mmap; the parent's buffers stay intact and its unmapped
 * context can still be mapped by the parent.
 */
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"

#define WIN_SIZE	(16UL << 20)

struct message {
	uint64_t off;
	uint64_t size;
};

static int sock[2];

static void send_fds(int s, const int fds[2], const struct message *msg)
{
	char control[CMSG_SPACE(2 * sizeof(int))];
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = sizeof(*msg) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = sizeof(control),
	};
	struct cmsghdr *cm;

	memset(control, 0, sizeof(control));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(2 * sizeof(int));
	memcpy(CMSG_DATA(cm), fds, 2 * sizeof(int));
	if (sendmsg(s, &mh, 0) != (ssize_t)sizeof(*msg))
		FATAL("sendmsg: %s", errno_name(errno));
}

static void recv_fds(int s, int fds[2], struct message *msg)
{
	char control[CMSG_SPACE(2 * sizeof(int))];
	struct iovec iov = { .iov_base = msg, .iov_len = sizeof(*msg) };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = sizeof(control),
	};
	struct cmsghdr *cm;
	ssize_t n;

	do
		n = recvmsg(s, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(*msg))
		FATAL("recvmsg: %s", n < 0 ? errno_name(errno) : "short");
	cm = CMSG_FIRSTHDR(&mh);
	if (!cm || cm->cmsg_level != SOL_SOCKET ||
	    cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(2 * sizeof(int)))
		FATAL("no descriptors in the message");
	memcpy(fds, CMSG_DATA(cm), 2 * sizeof(int));
}

static int receiver(void *arg)
{
	struct netbuf_info info;
	struct message msg;
	int fds[2], i;

	(void)arg;
	close(sock[0]);
	recv_fds(sock[1], fds, &msg);

	for (i = 0; i < 2; i++) {
		EXPECT_RC(raw_info(fds[i], &info), -EPERM);
		EXPECT_RC(raw_alloc(fds[i], 100, NULL), -EPERM);
		EXPECT_RC(raw_alloc(fds[i], 0, NULL), -EPERM);
		EXPECT_RC(raw_size(fds[i], msg.off, NULL), -EPERM);
		EXPECT_RC(raw_realloc(fds[i], msg.off, 4 * msg.size, NULL),
			  -EPERM);
		EXPECT_RC(raw_realloc(fds[i], msg.off, 0, NULL), -EPERM);
		EXPECT_RC(raw_free(fds[i], msg.off), -EPERM);
	}
	EXPECT_SYS_ERR(mmap(NULL, WIN_SIZE, PROT_READ | PROT_WRITE,
			    MAP_SHARED, fds[1], 0), EPERM);
	EXPECT_SYS_ERR(mmap(NULL, page_size(), PROT_READ, MAP_SHARED,
			    fds[1], 0), EPERM);
	/* The parent mapped this one: refused for this mm (EBUSY taken). */
	EXPECT_SYS_ERR2(mmap(NULL, WIN_SIZE, PROT_READ | PROT_WRITE,
			     MAP_SHARED, fds[0], 0), EPERM, EBUSY);
	close(fds[0]);
	close(fds[1]);
	close(sock[1]);
	return child_result();
}

int main(int argc, char **argv)
{
	struct raw_ctx c, second = { .fd = -1 };
	struct message msg = { .size = 3 * 4096 + 5 };
	uint64_t contexts, size, off2;
	struct netbuf_info info;
	int fds[2], status;
	pid_t pid;
	void *w;

	(void)argc;
	t_init(argv[0], 60);
	contexts = counter_read(SYSFS_CONTEXTS);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sock) < 0)
		FATAL("socketpair: %s", errno_name(errno));

	/* The child exists before any context does: it inherits none. */
	pid = start_child(receiver, NULL);
	close(sock[1]);

	raw_open(&c, WIN_SIZE);
	REQUIRE(raw_alloc(c.fd, msg.size, &msg.off) == 0);
	fill_pattern(c.win + msg.off, msg.size, 900);
	second.fd = dev_open();
	fds[0] = c.fd;
	fds[1] = second.fd;
	send_fds(sock[0], fds, &msg);

	status = wait_child(pid);
	EXPECT_EXIT(status, T_PASS);
	close(sock[0]);

	/* Nothing the receiver did reached the parent's context. */
	size = 0;
	EXPECT_RC(raw_size(c.fd, msg.off, &size), 0);
	EXPECT_EQ(size, msg.size);
	EXPECT_PATTERN(c.win + msg.off, msg.size, 900);
	if (EXPECT_RC(raw_info(c.fd, &info), 0)) {
		EXPECT_EQ(info.live_buffers, 1);
		EXPECT_EQ(info.live_bytes, page_round(msg.size));
	}
	if (EXPECT_RC(raw_info(second.fd, &info), 0)) {
		EXPECT_EQ(info.window_size, 0);
		EXPECT_EQ(info.live_buffers, 0);
	}
	w = mmap(NULL, WIN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 second.fd, 0);
	if (EXPECT_SYS_OK(w)) {
		second.win = w;
		second.size = WIN_SIZE;
		if (EXPECT_RC(raw_alloc(second.fd, 10, &off2), 0)) {
			EXPECT_ZERO(second.win + off2, page_size());
			EXPECT_RC(raw_free(second.fd, off2), 0);
		}
	}
	EXPECT_RC(raw_free(c.fd, msg.off), 0);
	raw_close(&second);
	raw_close(&c);
	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts);
	return t_done();
}
