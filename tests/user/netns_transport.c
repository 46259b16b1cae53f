// SPDX-License-Identifier: GPL-2.0
/*
 * NetWkstaTransportEnum lists the caller's network namespace as it is at
 * the call: a child in a new one creates dummy interfaces over rtnetlink
 * and sees exactly those that are up, never lo (even up); an interface
 * appears when it goes up and disappears when it goes down; its GUID
 * (transport name) stays the same across calls, across down and up, and
 * when the interface is deleted and made again with the same hardware
 * address under another name (as after a reboot); interfaces with other
 * addresses get other GUIDs. The parent, in the first namespace, sees none
 * of the child's interfaces meanwhile.
 */
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lm_common.h"

#define NDUMMY	3

static const char *const names[NDUMMY] = { "nbdummy0", "nbdummy1", "nbdummy2" };
static const char *const addrs[NDUMMY] = {
	"026E62000000", "026E62000001", "026E62000002",
};

/* The transports now: their names and addresses, as narrow strings. */
struct seen {
	DWORD n;
	char name[8][80];
	char addr[8][40];
};

static void enumerate(struct seen *s)
{
	WKSTA_TRANSPORT_INFO_0 *ti;
	DWORD read = 0, total = 0, i;

	memset(s, 0, sizeof(*s));
	if (!EXPECT_STATUS(NetWkstaTransportEnum(NULL, 0, (LPBYTE *)&ti,
						 MAX_PREFERRED_LENGTH, &read,
						 &total, NULL), NERR_Success))
		return;
	EXPECT_EQ(read, total);
	for (i = 0; i < read && i < 8; i++) {
		snprintf(s->name[i], sizeof(s->name[i]), "%ls",
			 ti[i].wkti0_transport_name);
		snprintf(s->addr[i], sizeof(s->addr[i]), "%ls",
			 ti[i].wkti0_transport_address);
	}
	s->n = read;
	if (read)
		EXPECT_STATUS(NetApiBufferFree(ti), NERR_Success);
	else
		EXPECT_PTR(ti, NULL);
}

/* The transport name of the entry with address @addr, or NULL. */
static const char *name_of(const struct seen *s, const char *addr)
{
	DWORD i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->addr[i], addr))
			return s->name[i];
	return NULL;
}

static void expect_same(const char *file, int line, const char *got,
			const char *want)
{
	if (strcmp(got, want))
		t_fail_at(file, line, "transport name: expected \"%s\", got \"%s\"",
			  want, got);
}
#define EXPECT_SAME(got, want) expect_same(__FILE__, __LINE__, (got), (want))

static bool looks_windows(const char *name)
{
	static const char prefix[] = "\\Device\\NetBT_Tcpip_{";
	size_t i, n = strlen(prefix);

	if (strncmp(name, prefix, n) || strlen(name) != n + 37 ||
	    name[n + 36] != '}')
		return false;
	for (i = 0; i < 36; i++) {
		char c = name[n + i];

		if (i == 8 || i == 13 || i == 18 || i == 23 ? c != '-' :
		    !isxdigit((unsigned char)c) || islower((unsigned char)c))
			return false;
	}
	return true;
}

static void expect_up(const struct seen *s, const bool up[NDUMMY])
{
	DWORD want = 0, i;

	for (i = 0; i < NDUMMY; i++) {
		want += up[i];
		if (!up[i] && name_of(s, addrs[i]))
			FAIL("%s is down but listed", names[i]);
		if (up[i] && !name_of(s, addrs[i]))
			FAIL("%s is up but not listed", names[i]);
	}
	EXPECT_EQ(s->n, want);
	for (i = 0; i < s->n; i++)
		if (!looks_windows(s->name[i]))
			FAIL("transport name \"%s\" is not \\Device\\NetBT_Tcpip_{GUID}",
			     s->name[i]);
}

static void check_changes(void)
{
	bool up[NDUMMY] = { true, false, true };
	char first[NDUMMY][80];
	struct seen s, again;
	int i, ret;

	enumerate(&s);
	expect_up(&s, up);
	for (i = 0; i < NDUMMY; i++)
		snprintf(first[i], sizeof(first[i]), "%s",
			 up[i] ? name_of(&s, addrs[i]) : "");
	CHECK(strcmp(first[0], first[2]) != 0);

	/* The same answer on the next call. */
	enumerate(&again);
	EXPECT_EQ(again.n, s.n);
	for (i = 0; i < (int)s.n && i < (int)again.n; i++)
		EXPECT_SAME(again.name[i], s.name[i]);

	/* Up: listed; down: gone; up again: the same GUID. */
	t_link_up(names[1], true);
	up[1] = true;
	enumerate(&s);
	expect_up(&s, up);
	snprintf(first[1], sizeof(first[1]), "%s", name_of(&s, addrs[1]) ?
		 name_of(&s, addrs[1]) : "");
	t_link_up(names[0], false);
	up[0] = false;
	enumerate(&s);
	expect_up(&s, up);
	t_link_up(names[0], true);
	up[0] = true;
	enumerate(&s);
	expect_up(&s, up);
	if (name_of(&s, addrs[0]))
		EXPECT_SAME(name_of(&s, addrs[0]), first[0]);

	/* Deleted and made again with its address: the GUID is the card's. */
	REQUIRE(t_del_link(names[2]) == 0);
	up[2] = false;
	enumerate(&s);
	expect_up(&s, up);
	ret = t_new_dummy("nbrenamed", 2, true);
	if (ret)
		FATAL("creating nbrenamed: %s", errno_name(-ret));
	up[2] = true;
	enumerate(&s);
	expect_up(&s, up);
	if (name_of(&s, addrs[2]))
		EXPECT_SAME(name_of(&s, addrs[2]), first[2]);
	EXPECT_NO_BUFFERS();
}

struct pipes {
	int to_parent[2];
	int to_child[2];
};

static int child(void *arg)
{
	struct pipes *p = arg;
	struct seen s;
	int i, ret;

	if (unshare(CLONE_NEWNET) < 0) {
		t_info("unshare(CLONE_NEWNET): %s", errno_name(errno));
		return T_SKIP;
	}
	/* Only lo, and it does not count, up or not. */
	enumerate(&s);
	EXPECT_EQ(s.n, 0);
	t_link_up("lo", true);
	enumerate(&s);
	EXPECT_EQ(s.n, 0);
	for (i = 0; i < NDUMMY; i++) {
		ret = t_new_dummy(names[i], (unsigned char)i, i != 1);
		if (ret == -ENOENT && i == 0) {
			t_info("no dummy link type and no dummy.ko");
			return T_SKIP;
		}
		if (ret)
			FATAL("creating %s: %s", names[i], errno_name(-ret));
	}
	check_changes();
	/* Let the parent look while the interfaces exist. */
	sync_signal(p->to_parent[1]);
	sync_wait(p->to_child[0]);
	return child_result();
}

int main(int argc, char **argv)
{
	struct pipes p;
	struct seen s;
	pid_t pid;
	int status, i;
	char c;

	(void)argc;
	t_init(argv[0], 120);
	REQUIRE(pipe(p.to_parent) == 0 && pipe(p.to_child) == 0);
	pid = start_child(child, &p);
	close(p.to_parent[1]);
	/* A child that skipped or failed early closes its end: no byte. */
	if (read(p.to_parent[0], &c, 1) == 1) {
		enumerate(&s);
		for (i = 0; i < NDUMMY; i++)
			CHECK(!name_of(&s, addrs[i]));
	}
	sync_signal(p.to_child[1]);
	status = wait_child(pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == T_SKIP)
		t_skip("the child could not make a network namespace with a dummy interface");
	EXPECT_EXIT(status, 0);
	return t_done();
}
