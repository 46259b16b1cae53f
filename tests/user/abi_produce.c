// SPDX-License-Identifier: GPL-2.0
/*
 * The raw ABI of the producing ioctls (NETBUF_IOC_WKSTA_GET_INFO,
 * _SERVER_GET_INFO, _WKSTA_TRANSPORT_ENUM): ABI version 2; flags,
 * reserved and output fields that are not zero, and unknown levels, are
 * EINVAL; no window is ENXIO; a bad argument pointer is EFAULT; an answer
 * that cannot be written back (a read-only argument) frees the buffer it
 * made, so nothing is left. A produced buffer is an ordinary live buffer:
 * page aligned in the window, its size as reported, mapped, freed once.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "lm_common.h"

#define WINDOW	(64UL << 20)

/* An id that is not the context of fd's (ABI 3). */
static uint32_t other_context(int fd)
{
	struct netbuf_info info;

	if (!EXPECT_RC(raw_info(fd, &info), 0))
		return 1;
	CHECK(info.context != 0);
	return info.context ^ 0x80000000u;
}

static void get_info_rules(int fd, unsigned long cmd, uint32_t level)
{
	struct netbuf_get_info req;

	memset(&req, 0, sizeof(req));
	req.level = level;
	req.flags = 1;
	EXPECT_RC(raw_ioctl(fd, cmd, &req), -EINVAL);
	memset(&req, 0, sizeof(req));
	req.level = level;
	req.reserved = 1;
	EXPECT_RC(raw_ioctl(fd, cmd, &req), -EINVAL);
	/* ABI 3: naming another context is ESTALE (abi_raw: its own works). */
	memset(&req, 0, sizeof(req));
	req.level = level;
	req.context = other_context(fd);
	EXPECT_RC(raw_ioctl(fd, cmd, &req), -ESTALE);
	memset(&req, 0, sizeof(req));
	req.level = level;
	req.offset = 4096;
	EXPECT_RC(raw_ioctl(fd, cmd, &req), -EINVAL);
	memset(&req, 0, sizeof(req));
	req.level = level;
	req.size = 1;
	EXPECT_RC(raw_ioctl(fd, cmd, &req), -EINVAL);
	memset(&req, 0, sizeof(req));
	req.level = 103;
	EXPECT_RC(raw_ioctl(fd, cmd, &req), -EINVAL);
	req.level = 0;
	EXPECT_RC(raw_ioctl(fd, cmd, &req), -EINVAL);
	EXPECT_NO_BUFFERS();
}

static void enum_rules(int fd)
{
	struct netbuf_transport_enum req;
	size_t i;
	static const size_t outs[] = {
		offsetof(struct netbuf_transport_enum, offset),
		offsetof(struct netbuf_transport_enum, size),
		offsetof(struct netbuf_transport_enum, entries_read),
		offsetof(struct netbuf_transport_enum, total_entries),
		offsetof(struct netbuf_transport_enum, more),
		offsetof(struct netbuf_transport_enum, flags),
		offsetof(struct netbuf_transport_enum, reserved),
		offsetof(struct netbuf_transport_enum, level),
	};

	for (i = 0; i < sizeof(outs) / sizeof(outs[0]); i++) {
		memset(&req, 0, sizeof(req));
		req.prefmaxlen = UINT64_MAX;
		((unsigned char *)&req)[outs[i]] = 1;
		if (EXPECT_RC(raw_ioctl(fd, NETBUF_IOC_WKSTA_TRANSPORT_ENUM, &req),
			      -EINVAL) == false)
			t_info("field at offset %zu", outs[i]);
	}
	memset(&req, 0, sizeof(req));
	req.prefmaxlen = UINT64_MAX;
	req.context = other_context(fd);
	EXPECT_RC(raw_ioctl(fd, NETBUF_IOC_WKSTA_TRANSPORT_ENUM, &req), -ESTALE);
	EXPECT_NO_BUFFERS();
}

static void produced_is_live(struct raw_ctx *c)
{
	struct netbuf_get_info req = { .level = 102 };
	struct netbuf_transport_enum te = { .prefmaxlen = UINT64_MAX };
	const struct netbuf_wksta_info_102 *info;
	uint64_t size = 0;

	REQUIRE(raw_ioctl(c->fd, NETBUF_IOC_WKSTA_GET_INFO, &req) == 0);
	EXPECT_EQ(req.offset % page_size(), 0);
	CHECK(req.offset < c->size);
	CHECK(req.size >= sizeof(*info) + 3 * sizeof(wchar_t));
	EXPECT_RC(raw_size(c->fd, req.offset, &size), 0);
	EXPECT_EQ(size, req.size);
	info = (const void *)(c->win + req.offset);
	EXPECT_EQ(info->platform_id, NETBUF_PLATFORM_ID_NT);
	/* Pointers are this process's addresses inside the buffer. */
	CHECK(info->computername >= (uintptr_t)info + sizeof(*info) &&
	      info->computername < (uintptr_t)info + req.size);
	EXPECT_EQ(info->__pad0, 0);
	EXPECT_EQ(info->__pad1, 0);
	EXPECT_COUNTER(SYSFS_BUFFERS, 1);
	EXPECT_RC(raw_free(c->fd, req.offset), 0);
	EXPECT_RC(raw_free(c->fd, req.offset), -EINVAL);
	EXPECT_READ_FAULTS(c->win + req.offset);

	REQUIRE(raw_ioctl(c->fd, NETBUF_IOC_WKSTA_TRANSPORT_ENUM, &te) == 0);
	CHECK(te.entries_read >= 1);
	EXPECT_EQ(te.total_entries, te.entries_read);
	EXPECT_EQ(te.more, 0);
	EXPECT_EQ(te.resume, 0);
	EXPECT_RC(raw_size(c->fd, te.offset, &size), 0);
	EXPECT_EQ(size, te.size);
	EXPECT_RC(raw_free(c->fd, te.offset), 0);

	/* Nothing from past the end: no buffer. */
	memset(&te, 0, sizeof(te));
	te.resume = 1000;
	EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_WKSTA_TRANSPORT_ENUM, &te), 0);
	EXPECT_EQ(te.entries_read, 0);
	EXPECT_EQ(te.size, 0);
	EXPECT_NO_BUFFERS();
}

/* The answer cannot be written back: the buffer made for it is freed. */
static void readonly_argument(struct raw_ctx *c)
{
	struct netbuf_get_info *ro;
	struct netbuf_transport_enum *te;
	void *page = mmap(NULL, page_size(), PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	REQUIRE(page != MAP_FAILED);
	ro = page;
	ro->level = 100;
	te = (void *)((char *)page + 64);
	te->prefmaxlen = UINT64_MAX;
	REQUIRE(mprotect(page, page_size(), PROT_READ) == 0);
	EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_WKSTA_GET_INFO, ro), -EFAULT);
	EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_SERVER_GET_INFO, ro), -EFAULT);
	EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_WKSTA_TRANSPORT_ENUM, te), -EFAULT);
	EXPECT_NO_BUFFERS();
	EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_WKSTA_GET_INFO, NULL), -EFAULT);
	EXPECT_RC(raw_ioctl(c->fd, NETBUF_IOC_WKSTA_TRANSPORT_ENUM,
			    (void *)8), -EFAULT);
	munmap(page, page_size());
	EXPECT_NO_BUFFERS();
}

int main(int argc, char **argv)
{
	struct netbuf_get_info req = { .level = 100 };
	struct netbuf_info info = { 0 };
	struct raw_ctx c;
	int fd;

	(void)argc;
	t_init(argv[0], 120);

	/* Before the window is mapped there is nowhere to put a buffer. */
	fd = dev_open();
	EXPECT_RC(raw_ioctl(fd, NETBUF_IOC_WKSTA_GET_INFO, &req), -ENXIO);
	close(fd);

	raw_open(&c, WINDOW);
	EXPECT_RC(raw_info(c.fd, &info), 0);
	EXPECT_EQ(info.abi_version, NETBUF_ABI_VERSION);
	get_info_rules(c.fd, NETBUF_IOC_WKSTA_GET_INFO, 100);
	get_info_rules(c.fd, NETBUF_IOC_SERVER_GET_INFO, 101);
	enum_rules(c.fd);
	produced_is_live(&c);
	readonly_argument(&c);
	raw_close(&c);
	return t_done();
}
