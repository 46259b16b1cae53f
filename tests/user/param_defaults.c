// SPDX-License-Identifier: GPL-2.0
/*
 * The module parameters' defaults, as netbuf(4) gives them: max_bytes
 * 1 GiB, max_buffers 1048576, max_user_bytes half of RAM (the kernel's
 * total RAM, as sysinfo(2) reports it, halved). The harness loads the
 * module without parameters and puts back any a test changed, so the
 * values read here are the defaults; INFO reports the same two limits of
 * a context.
 */
#include <sys/sysinfo.h>
#include <unistd.h>

#include "common.h"

int main(int argc, char **argv)
{
	struct netbuf_info info;
	struct sysinfo si;
	uint64_t ram;
	int fd;

	(void)argc;
	t_init(argv[0], 30);
	REQUIRE(sysinfo(&si) == 0);
	ram = (uint64_t)si.totalram * si.mem_unit;
	t_info("RAM %llu bytes", (unsigned long long)ram);
	EXPECT_EQ(param_get(PARAM_MAX_BYTES), 1ULL << 30);
	EXPECT_EQ(param_get(PARAM_MAX_BUFFERS), 1048576);
	EXPECT_EQ(param_get(PARAM_MAX_USER_BYTES), ram / 2);
	EXPECT_EQ(param_get(PARAM_SIZE_METADATA), 1);

	fd = dev_open();
	if (EXPECT_RC(raw_info(fd, &info), 0)) {
		EXPECT_EQ(info.max_bytes, 1ULL << 30);
		EXPECT_EQ(info.max_buffers, 1048576);
	}
	close(fd);
	return t_done();
}
