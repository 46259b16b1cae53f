// SPDX-License-Identifier: GPL-2.0
/*
 * Buffers of network-management information, produced by the kernel for
 * the calling process from its own namespaces: NetWkstaGetInfo and
 * NetServerGetInfo from the UTS namespace, NetWkstaTransportEnum from the
 * network namespace. The layouts are those of uapi/linux/netbuf.h, which
 * are the Windows structures on x86-64.
 */
#include <kunit/visibility.h>
#include <linux/netdevice.h>
#include <linux/nsproxy.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/utsname.h>

#include <net/net_namespace.h>

#include <linux/netbuf.h>

#include "netbuf_compat.h"
#include "netbuf_internal.h"

/* What Windows calls a workgroup when the UTS domain name is not set. */
#define NETBUF_DEFAULT_WORKGROUP	"WORKGROUP"

/*
 * The caller's UTS names, copied once so that the sizes measured and the
 * strings written agree. uts_sem is not exported to modules: a concurrent
 * sethostname() may give a mix of old and new, never an unterminated one.
 */
struct netbuf_uts {
	u32 major;
	u32 minor;
	char computer[__NEW_UTS_LEN + 1];
	char workgroup[__NEW_UTS_LEN + 1];
	char comment[2 * (__NEW_UTS_LEN + 1)];
};

static void netbuf_uts_read(struct netbuf_uts *u)
{
	struct new_utsname *uts = utsname();

	strscpy(u->computer, uts->nodename, sizeof(u->computer));
	/* A Windows computer name is the host name without its domain. */
	u->computer[strcspn(u->computer, ".")] = '\0';
	strscpy(u->workgroup, uts->domainname, sizeof(u->workgroup));
	if (!u->workgroup[0] || !strcmp(u->workgroup, "(none)"))
		strscpy(u->workgroup, NETBUF_DEFAULT_WORKGROUP,
			sizeof(u->workgroup));
	snprintf(u->comment, sizeof(u->comment), "%s %s", uts->sysname,
		 uts->release);
	/* The running kernel's version as Windows' major and minor. */
	if (sscanf(uts->release, "%u.%u", &u->major, &u->minor) != 2) {
		u->major = 0;
		u->minor = 0;
	}
}

/* Writes @info (@len bytes) at the start of the buffer, then commits. */
static int netbuf_finish(struct netbuf_produce *p, u64 pos, const void *info,
			 size_t len, int ret, u64 *offset, u64 *size)
{
	if (!ret)
		ret = netbuf_produce_write(p, pos, info, len);
	/* The sizes were measured exactly: nothing may be left over. */
	if (!ret && WARN_ON_ONCE(p->used != p->size))
		ret = -EIO;
	if (ret) {
		netbuf_produce_abort(p);
		return ret;
	}
	*size = p->size;
	*offset = netbuf_produce_commit(p);
	return 0;
}

/* A string of a GetInfo structure and the pointer field that points to it. */
struct netbuf_info_str {
	const char *utf8;
	u64 *uaddr;
};

/*
 * Produces a buffer holding @info (@len bytes) and then @n strings, each
 * pointer field filled in before @info is written.
 */
static int netbuf_produce_info(struct netbuf_ctx *ctx, void *info, size_t len,
			       const struct netbuf_info_str *strs, int n,
			       u64 *offset, u64 *size)
{
	struct netbuf_produce p;
	u64 total = len, pos;
	int i, ret;

	for (i = 0; i < n; i++)
		total += netbuf_wstr_bytes(strs[i].utf8);
	ret = netbuf_ctx_produce_begin(ctx, total, &p);
	if (ret)
		return ret;
	ret = netbuf_produce_reserve(&p, len, 8, &pos);
	for (i = 0; !ret && i < n; i++)
		ret = netbuf_produce_wstr(&p, strs[i].utf8, strs[i].uaddr);
	return netbuf_finish(&p, pos, info, len, ret, offset, size);
}

/**
 * netbuf_wksta_get_info() - produce a WKSTA_INFO_100, 101 or 102
 * @ctx: the caller's context
 * @level: 100, 101 or 102
 * @offset: out: the buffer's offset in the window
 * @size: out: its size
 *
 * Return: 0; -EINVAL for another level; errors of netbuf_ctx_produce_begin().
 */
int netbuf_wksta_get_info(struct netbuf_ctx *ctx, u32 level, u64 *offset,
			  u64 *size)
{
	struct netbuf_wksta_info_102 info = {
		.platform_id = NETBUF_PLATFORM_ID_NT,
		.logged_on_users = 1,
	};
	struct netbuf_info_str strs[] = {
		{ NULL, &info.computername },	/* u->computer */
		{ NULL, &info.langroup },	/* u->workgroup */
		{ "", &info.lanroot },		/* levels 101 and 102 */
	};
	struct netbuf_uts *u;
	size_t len;
	int ret;

	switch (level) {
	case 100:
		len = sizeof(struct netbuf_wksta_info_100);
		break;
	case 101:
		len = sizeof(struct netbuf_wksta_info_101);
		break;
	case 102:
		len = sizeof(struct netbuf_wksta_info_102);
		break;
	default:
		return -EINVAL;
	}
	u = kzalloc_obj(*u, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!u)
		return -ENOMEM;
	netbuf_uts_read(u);
	info.ver_major = u->major;
	info.ver_minor = u->minor;
	strs[0].utf8 = u->computer;
	strs[1].utf8 = u->workgroup;
	/* Level 100 and 101 are the first bytes of 102. */
	ret = netbuf_produce_info(ctx, &info, len, strs, level > 100 ? 3 : 2,
				  offset, size);
	kfree(u);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_wksta_get_info);

/**
 * netbuf_server_get_info() - produce a SERVER_INFO_100 or 101
 * @ctx: the caller's context
 * @level: 100 or 101
 * @offset: out: the buffer's offset in the window
 * @size: out: its size
 *
 * Return: 0; -EINVAL for another level; errors of netbuf_ctx_produce_begin().
 */
int netbuf_server_get_info(struct netbuf_ctx *ctx, u32 level, u64 *offset,
			   u64 *size)
{
	struct netbuf_server_info_101 info = {
		.platform_id = NETBUF_PLATFORM_ID_NT,
		.type = NETBUF_SV_TYPE,
	};
	struct netbuf_info_str strs[] = {
		{ NULL, &info.name },		/* u->computer */
		{ NULL, &info.comment },	/* u->comment, level 101 */
	};
	struct netbuf_uts *u;
	size_t len;
	int ret;

	switch (level) {
	case 100:
		len = sizeof(struct netbuf_server_info_100);
		break;
	case 101:
		len = sizeof(struct netbuf_server_info_101);
		break;
	default:
		return -EINVAL;
	}
	u = kzalloc_obj(*u, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!u)
		return -ENOMEM;
	netbuf_uts_read(u);
	info.version_major = u->major;
	info.version_minor = u->minor;
	strs[0].utf8 = u->computer;
	strs[1].utf8 = u->comment;
	ret = netbuf_produce_info(ctx, &info, len, strs, level > 100 ? 2 : 1,
				  offset, size);
	kfree(u);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_server_get_info);

/* One interface as seen once, so that measuring and writing agree. */
struct netbuf_ifsnap {
	char name[IFNAMSIZ];
	char addr[2 * MAX_ADDR_LEN + 1];	/* upper-case hex */
};

/* Upper-case hex, as Windows writes transport addresses; NUL-terminated. */
static void netbuf_hex_upper(char *dst, const unsigned char *src, int len)
{
	static const char digits[] = "0123456789ABCDEF";
	int i;

	for (i = 0; i < len; i++) {
		*dst++ = digits[src[i] >> 4];
		*dst++ = digits[src[i] & 0xf];
	}
	*dst = '\0';
}

/*
 * The interfaces of the caller's network namespace, in the kernel's order.
 * Interfaces that come or go meanwhile may or may not be seen, as with any
 * listing. Return: how many, or -ENOMEM; *snapp is kvfree()d by the
 * caller.
 */
static int netbuf_ifsnap_take(struct netbuf_ifsnap **snapp)
{
	struct net *net = current->nsproxy->net_ns;
	struct netbuf_ifsnap *snap;
	struct net_device *dev;
	int n = 0, i = 0, len;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev)
		n++;
	rcu_read_unlock();

	/* A host with thousands of interfaces needs more than a slab. */
	snap = kvcalloc(max(n, 1), sizeof(*snap),
			GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!snap)
		return -ENOMEM;
	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		if (i == n)
			break;
		strscpy(snap[i].name, dev->name, sizeof(snap[i].name));
		len = min_t(int, READ_ONCE(dev->addr_len), MAX_ADDR_LEN);
		netbuf_hex_upper(snap[i].addr, dev->dev_addr, len);
		i++;
	}
	rcu_read_unlock();
	*snapp = snap;
	return i;
}

static u64 netbuf_transport_bytes(const struct netbuf_ifsnap *s)
{
	return sizeof(struct netbuf_wksta_transport_info_0) +
	       netbuf_wstr_bytes(s->name) + netbuf_wstr_bytes(s->addr);
}

/* Writes @count transports from @snap, structures first, then strings. */
static int netbuf_transport_fill(struct netbuf_produce *p,
				 const struct netbuf_ifsnap *snap, u32 count)
{
	struct netbuf_wksta_transport_info_0 info = { .wan_ish = 1 };
	u64 pos, first;
	int ret;
	u32 i;

	ret = netbuf_produce_reserve(p, (u64)count * sizeof(info), 8, &first);
	for (i = 0; !ret && i < count; i++) {
		pos = first + (u64)i * sizeof(info);
		ret = netbuf_produce_wstr(p, snap[i].name, &info.transport_name);
		if (!ret)
			ret = netbuf_produce_wstr(p, snap[i].addr,
						  &info.transport_address);
		if (!ret)
			ret = netbuf_produce_write(p, pos, &info, sizeof(info));
	}
	return ret;
}

/**
 * netbuf_wksta_transport_enum() - produce WKSTA_TRANSPORT_INFO_0 entries
 * @ctx: the caller's context
 * @req: level, prefmaxlen and resume in; the rest out (see the uapi header)
 *
 * Entries are taken from index @req->resume while the buffer stays within
 * @req->prefmaxlen bytes, and at least one when any remain, so a caller
 * that goes on from the resume index always gets to the end. No buffer is
 * produced when none remain (@req->entries_read is 0).
 *
 * Return: 0; -EINVAL for a level other than 0; -ENOMEM and the errors of
 * netbuf_ctx_produce_begin().
 */
int netbuf_wksta_transport_enum(struct netbuf_ctx *ctx,
				struct netbuf_transport_enum *req)
{
	struct netbuf_ifsnap *snap;
	struct netbuf_produce p;
	u32 first = req->resume, count = 0, total;
	u64 bytes = 0, one;
	int ret;

	if (req->level)
		return -EINVAL;
	ret = netbuf_ifsnap_take(&snap);
	if (ret < 0)
		return ret;
	total = ret;
	req->resume = 0;
	req->more = 0;
	req->entries_read = 0;
	req->size = 0;
	req->total_entries = first < total ? total - first : 0;
	for (; first + count < total; count++) {
		one = netbuf_transport_bytes(&snap[first + count]);
		if (count && bytes + one > req->prefmaxlen)
			break;
		bytes += one;
	}
	ret = 0;
	if (!count)
		goto out_free;
	ret = netbuf_ctx_produce_begin(ctx, bytes, &p);
	if (ret)
		goto out_free;
	ret = netbuf_transport_fill(&p, snap + first, count);
	ret = netbuf_finish(&p, 0, NULL, 0, ret, &req->offset, &req->size);
	if (ret)
		goto out_free;
	req->entries_read = count;
	if (first + count < total) {
		req->more = 1;
		req->resume = first + count;
	}
out_free:
	kvfree(snap);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_wksta_transport_enum);
