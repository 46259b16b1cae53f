// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/self/fdinfo/<fd> of a context follows its allocations and frees
 * exactly: netbuf-buffers, netbuf-bytes (page-rounded), netbuf-peak-bytes
 * (the highest bytes ever held) and netbuf-window-bytes (0 once unmapped).
 */
#include <string.h>
#include <sys/mman.h>

#include "common.h"

#define WIN_SIZE	(16UL << 20)

/* The value of "key:\t<value>" in the fdinfo of fd; fatal if missing. */
static uint64_t fdinfo_value(int fd, const char *key)
{
	char path[64], line[256];
	unsigned long long v;
	size_t len = strlen(key);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		t_skip("%s: %s (no /proc?)", path, errno_name(errno));
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, key, len) && line[len] == ':' &&
		    sscanf(line + len + 1, "%llu", &v) == 1) {
			fclose(f);
			return v;
		}
	}
	fclose(f);
	FATAL("%s has no line \"%s:\"", path, key);
}

static void expect_fdinfo(int fd, uint64_t buffers, uint64_t bytes,
			  uint64_t peak, uint64_t window)
{
	EXPECT_EQ(fdinfo_value(fd, "netbuf-buffers"), buffers);
	EXPECT_EQ(fdinfo_value(fd, "netbuf-bytes"), bytes);
	EXPECT_EQ(fdinfo_value(fd, "netbuf-peak-bytes"), peak);
	EXPECT_EQ(fdinfo_value(fd, "netbuf-window-bytes"), window);
}

int main(int argc, char **argv)
{
	const uint64_t ps = page_size();
	uint64_t a, b, z;
	struct raw_ctx c;

	(void)argc;
	t_init(argv[0], 60);
	raw_open(&c, WIN_SIZE);
	expect_fdinfo(c.fd, 0, 0, 0, WIN_SIZE);

	REQUIRE(raw_alloc(c.fd, 1, &a) == 0);
	REQUIRE(raw_alloc(c.fd, ps + 1, &b) == 0);
	REQUIRE(raw_alloc(c.fd, 0, &z) == 0);
	expect_fdinfo(c.fd, 3, 3 * ps, 3 * ps, WIN_SIZE);

	EXPECT_RC(raw_free(c.fd, b), 0);
	expect_fdinfo(c.fd, 2, ps, 3 * ps, WIN_SIZE);
	EXPECT_RC(raw_realloc(c.fd, a, 4 * ps, &a), 0);
	expect_fdinfo(c.fd, 2, 4 * ps, 4 * ps, WIN_SIZE);
	EXPECT_RC(raw_realloc(c.fd, a, 1, &a), 0);
	expect_fdinfo(c.fd, 2, ps, 4 * ps, WIN_SIZE);

	/* Unmapped, the window reads 0; the buffers stay until close. */
	EXPECT_SYS_OK(munmap(c.win, WIN_SIZE));
	c.win = NULL;
	expect_fdinfo(c.fd, 2, ps, 4 * ps, 0);
	raw_close(&c);
	return t_done();
}
