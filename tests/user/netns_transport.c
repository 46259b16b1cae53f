// SPDX-License-Identifier: GPL-2.0
/*
 * NetWkstaTransportEnum lists the caller's network namespace: a child in a
 * new one creates three dummy interfaces over rtnetlink and sees them (with
 * their hardware addresses) and the namespace's lo, nothing else; the
 * parent, in the first namespace, does not see them meanwhile. With four
 * interfaces the child also walks prefmaxlen and the resume handle:
 * ERROR_MORE_DATA, totalentries from the resume position, the handle back
 * at 0 at the end, every interface exactly once.
 *
 * Stock kernels build dummy as a module: the harness puts it in the guest
 * as /lib/dummy.ko and the child loads it when the kernel lacks it.
 */
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lm_common.h"

#define DUMMY_KO	"/lib/dummy.ko"
#define NDUMMY		3

static const char *const names[NDUMMY] = { "nbdummy0", "nbdummy1", "nbdummy2" };
static const char *const addrs[NDUMMY] = {
	"026E62000000", "026E62000001", "026E62000002",
};

struct nlreq {
	struct nlmsghdr nh;
	struct ifinfomsg ifi;
	char attrs[256];
};

static struct rtattr *add_attr(struct nlreq *r, unsigned short type,
			       const void *data, size_t len)
{
	struct rtattr *rta = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->nh.nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	r->nh.nlmsg_len = NLMSG_ALIGN(r->nh.nlmsg_len) + RTA_ALIGN(rta->rta_len);
	return rta;
}

/* RTM_NEWLINK of kind dummy: 0 or -errno from the kernel's answer. */
static int new_dummy(const char *name, int i)
{
	unsigned char mac[6] = { 0x02, 0x6e, 0x62, 0, 0, (unsigned char)i };
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlreq r = { 0 };
	struct rtattr *info;
	char answer[512];
	struct nlmsghdr *nh = (struct nlmsghdr *)answer;
	ssize_t n;
	int fd, ret;

	r.nh.nlmsg_len = NLMSG_LENGTH(sizeof(r.ifi));
	r.nh.nlmsg_type = RTM_NEWLINK;
	r.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK;
	r.nh.nlmsg_seq = 1;
	r.ifi.ifi_family = AF_UNSPEC;
	add_attr(&r, IFLA_IFNAME, name, strlen(name) + 1);
	add_attr(&r, IFLA_ADDRESS, mac, sizeof(mac));
	info = add_attr(&r, IFLA_LINKINFO, NULL, 0);
	add_attr(&r, IFLA_INFO_KIND, "dummy", 5);
	info->rta_len = (unsigned short)((char *)&r + r.nh.nlmsg_len - (char *)info);

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	ret = -EIO;
	if (sendto(fd, &r, r.nh.nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0) {
		ret = -errno;
	} else {
		n = recv(fd, answer, sizeof(answer), 0);
		if (n >= (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr)) &&
		    nh->nlmsg_type == NLMSG_ERROR)
			ret = ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
	}
	close(fd);
	return ret;
}

/* The kernel has no dummy link type: load the module the harness packed. */
static int load_dummy(void)
{
	int fd = open(DUMMY_KO, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	/* numdummies=0: no dummy0 in the first namespace. */
	ret = syscall(SYS_finit_module, fd, "numdummies=0", 0) ? -errno : 0;
	close(fd);
	return ret == -EEXIST ? 0 : ret;
}

static int count_of(const WKSTA_TRANSPORT_INFO_0 *ti, DWORD n, const char *name)
{
	wchar_t w[32];
	int c = 0;
	DWORD i;

	for (i = 0; i < n; i++)
		c += !wcscmp(ti[i].wkti0_transport_name, lm_wide(name, w, 32));
	return c;
}

static void check_all(void)
{
	WKSTA_TRANSPORT_INFO_0 *ti;
	DWORD read, total, resume = 0, i, j;
	wchar_t w[32];

	REQUIRE(NetWkstaTransportEnum(NULL, 0, (LPBYTE *)&ti,
				      MAX_PREFERRED_LENGTH, &read, &total,
				      &resume) == NERR_Success);
	EXPECT_EQ(read, NDUMMY + 1);
	EXPECT_EQ(total, NDUMMY + 1);
	EXPECT_EQ(count_of(ti, read, "lo"), 1);
	for (i = 0; i < NDUMMY; i++) {
		EXPECT_EQ(count_of(ti, read, names[i]), 1);
		for (j = 0; j < read; j++)
			if (!wcscmp(ti[j].wkti0_transport_name,
				    lm_wide(names[i], w, 32)))
				EXPECT_WSTR(ti[j].wkti0_transport_address,
					    addrs[i]);
	}
	EXPECT_STATUS(NetApiBufferFree(ti), NERR_Success);
}

/* Bytes one entry takes: the structure and its two strings. */
static DWORD entry_bytes(const WKSTA_TRANSPORT_INFO_0 *t)
{
	return sizeof(*t) + (wcslen(t->wkti0_transport_name) + 1 +
			     wcslen(t->wkti0_transport_address) + 1) *
			    sizeof(wchar_t);
}

static void check_paging(void)
{
	WKSTA_TRANSPORT_INFO_0 *ti, *first;
	DWORD read, total, resume = 0, calls = 0, seen = 0, limit, size;
	NET_API_STATUS st;

	/* One by one: prefmaxlen 1 fits none, so each call returns one. */
	do {
		st = NetWkstaTransportEnum(NULL, 0, (LPBYTE *)&ti, 1, &read,
					   &total, &resume);
		EXPECT_EQ(read, 1);
		EXPECT_EQ(total, NDUMMY + 1 - seen);
		seen += read;
		if (st == ERROR_MORE_DATA)
			EXPECT_EQ(resume, seen);
		else
			EXPECT_STATUS(st, NERR_Success);
		if (read)
			NetApiBufferFree(ti);
	} while (st == ERROR_MORE_DATA && ++calls < 10);
	EXPECT_EQ(seen, NDUMMY + 1);
	EXPECT_EQ(resume, 0);

	/* A limit of exactly the first two entries' bytes gives two. */
	REQUIRE(NetWkstaTransportEnum(NULL, 0, (LPBYTE *)&first,
				      MAX_PREFERRED_LENGTH, &read, &total,
				      NULL) == NERR_Success);
	limit = entry_bytes(&first[0]) + entry_bytes(&first[1]);
	EXPECT_STATUS(NetApiBufferFree(first), NERR_Success);
	resume = 0;
	EXPECT_STATUS(NetWkstaTransportEnum(NULL, 0, (LPBYTE *)&ti, limit,
					    &read, &total, &resume),
		      ERROR_MORE_DATA);
	EXPECT_EQ(read, 2);
	EXPECT_EQ(resume, 2);
	EXPECT_STATUS(NetApiBufferSize(ti, &size), NERR_Success);
	EXPECT_EQ(size, limit);
	EXPECT_STATUS(NetApiBufferFree(ti), NERR_Success);
	resume = 0;
	EXPECT_STATUS(NetWkstaTransportEnum(NULL, 0, (LPBYTE *)&ti, limit - 1,
					    &read, &total, &resume),
		      ERROR_MORE_DATA);
	EXPECT_EQ(read, 1);
	EXPECT_STATUS(NetApiBufferFree(ti), NERR_Success);
	EXPECT_NO_BUFFERS();
}

struct pipes {
	int to_parent[2];
	int to_child[2];
};

static int child(void *arg)
{
	struct pipes *p = arg;
	int i, ret;

	if (unshare(CLONE_NEWNET) < 0) {
		t_info("unshare(CLONE_NEWNET): %s", errno_name(errno));
		return T_SKIP;
	}
	ret = new_dummy(names[0], 0);
	if (ret == -EOPNOTSUPP) {
		ret = load_dummy();
		if (ret == -ENOENT) {
			t_info("no dummy link type and no %s", DUMMY_KO);
			return T_SKIP;
		}
		if (ret)
			FATAL("loading %s: %s", DUMMY_KO, errno_name(-ret));
		ret = new_dummy(names[0], 0);
	}
	if (ret)
		FATAL("creating %s over rtnetlink: %s", names[0], errno_name(-ret));
	for (i = 1; i < NDUMMY; i++)
		if (new_dummy(names[i], i))
			FATAL("creating %s failed", names[i]);
	check_all();
	check_paging();
	/* Let the parent look while the interfaces exist. */
	sync_signal(p->to_parent[1]);
	sync_wait(p->to_child[0]);
	return child_result();
}

int main(int argc, char **argv)
{
	WKSTA_TRANSPORT_INFO_0 *ti;
	DWORD nread, total;
	struct pipes p;
	pid_t pid;
	int status, i;

	(void)argc;
	t_init(argv[0], 120);
	REQUIRE(pipe(p.to_parent) == 0 && pipe(p.to_child) == 0);
	pid = start_child(child, &p);
	close(p.to_parent[1]);
	/* A child that skipped or failed early closes its end: no byte. */
	{
		char c;

		if (read(p.to_parent[0], &c, 1) == 1) {
			REQUIRE(NetWkstaTransportEnum(NULL, 0, (LPBYTE *)&ti,
						      MAX_PREFERRED_LENGTH,
						      &nread, &total, NULL) ==
				NERR_Success);
			for (i = 0; i < NDUMMY; i++)
				EXPECT_EQ(count_of(ti, nread, names[i]), 0);
			EXPECT_EQ(count_of(ti, nread, "lo"), 1);
			EXPECT_STATUS(NetApiBufferFree(ti), NERR_Success);
		}
	}
	sync_signal(p.to_child[1]);
	status = wait_child(pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == T_SKIP)
		t_skip("the child could not make a network namespace with a dummy interface");
	EXPECT_EXIT(status, 0);
	return t_done();
}
