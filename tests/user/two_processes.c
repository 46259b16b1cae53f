// SPDX-License-Identifier: GPL-2.0
/*
 * Two independent processes, each with its own contexts (raw and through
 * the library), allocating the same sequence of sizes: their offsets and
 * even their pointers may coincide, but the contents are separate, and one
 * cannot free, size or resize the other's buffers.
 */
#include <unistd.h>

#include "common.h"

#define WIN_SIZE	(16UL << 20)
#define K		4

struct side {
	int role;	/* 0: keeps its buffers, 1: frees and attacks */
	int to_peer, from_peer;
	int peer_ends[2];	/* closed, so that a dead peer means EOF */
};

struct table {
	uint64_t off[K];
	uint8_t *lib[K];
};

static const uint64_t raw_size_of[K] = { 4096, 100, 3 * 4096, 1 };
static const DWORD lib_size_of[K] = { 1, 5000, 4096, 200 };

static void write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			FATAL("write to the peer: %s", errno_name(errno));
		p += n;
		len -= (size_t)n;
	}
}

static void read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	ssize_t n;

	while (len) {
		n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			FATAL("read from the peer: %s",
			      n ? errno_name(errno) : "peer gone");
		p += n;
		len -= (size_t)n;
	}
}

static void barrier(const struct side *s)
{
	sync_signal(s->to_peer);
	sync_wait(s->from_peer);
}

static uint32_t seed_of(int role, int k, bool lib)
{
	return 1000 + (uint32_t)role * 100 + (lib ? 50 : 0) + (uint32_t)k;
}

static void verify_own(const struct raw_ctx *c, const struct table *t,
		       int role)
{
	uint64_t size;
	DWORD n;
	int k;

	for (k = 0; k < K; k++) {
		size = 0;
		EXPECT_RC(raw_size(c->fd, t->off[k], &size), 0);
		EXPECT_EQ(size, raw_size_of[k]);
		EXPECT_PATTERN(c->win + t->off[k], raw_size_of[k],
			       seed_of(role, k, false));
		n = 0;
		EXPECT_STATUS(NetApiBufferSize(t->lib[k], &n), NERR_Success);
		EXPECT_EQ(n, lib_size_of[k]);
		EXPECT_PATTERN(t->lib[k], lib_size_of[k],
			       seed_of(role, k, true));
	}
}

/* Role 1, owning nothing any more, goes for the peer's buffers. */
static void attack_peer(const struct raw_ctx *c, const struct table *peer)
{
	void *q;
	DWORD n;
	int k;

	for (k = 0; k < K; k++) {
		EXPECT_RC(raw_free(c->fd, peer->off[k]), -EINVAL);
		EXPECT_RC(raw_size(c->fd, peer->off[k], NULL), -EINVAL);
		EXPECT_RC(raw_realloc(c->fd, peer->off[k], 2 * 4096, NULL),
			  -EINVAL);
		EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferFree(peer->lib[k]),
					  ERROR_INVALID_PARAMETER);
		EXPECT_STATUS_KEEPS_ERRNO(NetApiBufferSize(peer->lib[k], &n),
					  ERROR_INVALID_PARAMETER);
		q = (void *)&q;
		EXPECT_STATUS_KEEPS_ERRNO(
			NetApiBufferReallocate(peer->lib[k], 10, &q),
			ERROR_INVALID_PARAMETER);
		EXPECT_PTR(q, NULL);
	}
}

static int run_side(void *arg)
{
	const struct side *s = arg;
	struct table own, peer;
	struct raw_ctx c;
	int k, same_off = 0, same_ptr = 0;

	close(s->peer_ends[0]);
	close(s->peer_ends[1]);
	raw_open(&c, WIN_SIZE);
	for (k = 0; k < K; k++) {
		REQUIRE(raw_alloc(c.fd, raw_size_of[k], &own.off[k]) == 0);
		REQUIRE(NetApiBufferAllocate(lib_size_of[k],
					     (void **)&own.lib[k]) == 0);
	}
	write_all(s->to_peer, &own, sizeof(own));
	read_all(s->from_peer, &peer, sizeof(peer));
	for (k = 0; k < K; k++) {
		same_off += own.off[k] == peer.off[k];
		same_ptr += own.lib[k] == peer.lib[k];
	}
	if (s->role == 0)
		t_info("%d of %d raw offsets and %d of %d library pointers "
		       "coincide between the two processes",
		       same_off, K, same_ptr, K);

	/* Both write their own data, at the same places or not. */
	for (k = 0; k < K; k++) {
		fill_pattern(c.win + own.off[k], raw_size_of[k],
			     seed_of(s->role, k, false));
		fill_pattern(own.lib[k], lib_size_of[k],
			     seed_of(s->role, k, true));
	}
	barrier(s);
	verify_own(&c, &own, s->role);
	barrier(s);

	if (s->role == 1) {
		for (k = 0; k < K; k++) {
			EXPECT_RC(raw_free(c.fd, own.off[k]), 0);
			EXPECT_STATUS(NetApiBufferFree(own.lib[k]),
				      NERR_Success);
		}
		attack_peer(&c, &peer);
	}
	barrier(s);

	if (s->role == 0) {
		verify_own(&c, &own, s->role);
		for (k = 0; k < K; k++) {
			EXPECT_RC(raw_free(c.fd, own.off[k]), 0);
			EXPECT_STATUS(NetApiBufferFree(own.lib[k]),
				      NERR_Success);
		}
	}
	raw_close(&c);
	return child_result();
}

int main(int argc, char **argv)
{
	int a_to_b[2], b_to_a[2], status;
	struct side a, b;
	uint64_t contexts;
	pid_t pid;

	(void)argc;
	t_init(argv[0], 60);
	contexts = counter_read(SYSFS_CONTEXTS);
	if (pipe(a_to_b) < 0 || pipe(b_to_a) < 0)
		FATAL("pipe: %s", errno_name(errno));
	a = (struct side){ .role = 0, .to_peer = a_to_b[1],
			   .from_peer = b_to_a[0],
			   .peer_ends = { b_to_a[1], a_to_b[0] } };
	b = (struct side){ .role = 1, .to_peer = b_to_a[1],
			   .from_peer = a_to_b[0],
			   .peer_ends = { a_to_b[1], b_to_a[0] } };

	/* Forked before either touched netbuf: nothing shared. */
	pid = start_child(run_side, &b);
	run_side(&a);
	close(a.to_peer);
	close(a.from_peer);
	status = wait_child(pid);
	EXPECT_EXIT(status, T_PASS);
	/* The parent's library context stays until exit; the rest is gone. */
	EXPECT_COUNTER_SETTLES(SYSFS_CONTEXTS, contexts + 1);
	return t_done();
}
