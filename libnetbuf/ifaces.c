// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The transports of NetWkstaTransportEnum: the network interfaces of the
 * caller's network namespace (getifaddrs, which asks rtnetlink) that are
 * up and not loopback, as a Windows machine lists its NetBIOS-over-TCP/IP
 * bindings: "\Device\NetBT_Tcpip_{GUID}" and the hardware address as hex
 * digits (12 for Ethernet; "000000000000" when the interface has none).
 *
 * Windows' GUID names the adapter and never changes; here it is a version
 * 5 UUID (SHA-1, RFC 9562) in netbuf's namespace of the hardware address
 * bytes, or of "ifname:" and the interface name when the interface has no
 * address (or an all-zero one): the same on every call and every boot for
 * the same card, and different for different ones.
 */
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "internal_lm.h"

/*
 * netbuf's UUID namespace, e8df98cf-2b18-5db5-bdc0-6e1d58382121: the
 * version 5 UUID of the name "netbuf" in RFC 9562's DNS namespace.
 */
static const unsigned char netbuf_ns[16] = {
	0xe8, 0xdf, 0x98, 0xcf, 0x2b, 0x18, 0x5d, 0xb5,
	0xbd, 0xc0, 0x6e, 0x1d, 0x58, 0x38, 0x21, 0x21,
};

static bool all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static void describe(const struct ifaddrs *ifa, struct netbuf_transport *t)
{
	const struct sockaddr_ll *ll = (const void *)ifa->ifa_addr;
	size_t n = ll->sll_halen < sizeof(ll->sll_addr) ? ll->sll_halen :
							  sizeof(ll->sll_addr);
	char guid[37], key[IF_NAMESIZE + 8];
	size_t i;

	if (!n || all_zero(ll->sll_addr, n)) {
		snprintf(t->address, sizeof(t->address), "000000000000");
		snprintf(key, sizeof(key), "ifname:%s", ifa->ifa_name);
		netbuf_uuid5(netbuf_ns, key, strlen(key), guid);
	} else {
		for (i = 0; i < n; i++)
			snprintf(t->address + 2 * i, 3, "%02X", ll->sll_addr[i]);
		netbuf_uuid5(netbuf_ns, ll->sll_addr, n, guid);
	}
	snprintf(t->name, sizeof(t->name), "\\Device\\NetBT_Tcpip_{%s}", guid);
}

static bool listed(const struct ifaddrs *ifa)
{
	return ifa->ifa_addr && ifa->ifa_addr->sa_family == AF_PACKET &&
	       (ifa->ifa_flags & IFF_UP) && !(ifa->ifa_flags & IFF_LOOPBACK);
}

int netbuf_transports(struct netbuf_transport **list)
{
	struct ifaddrs *all, *ifa;
	int n = 0, i = 0;

	*list = NULL;
	if (getifaddrs(&all) < 0)
		return -1;
	for (ifa = all; ifa; ifa = ifa->ifa_next)
		n += listed(ifa);
	*list = calloc(n ? (size_t)n : 1, sizeof(**list));
	if (!*list) {
		freeifaddrs(all);
		errno = ENOMEM;
		return -1;
	}
	for (ifa = all; ifa; ifa = ifa->ifa_next)
		if (listed(ifa))
			describe(ifa, &(*list)[i++]);
	freeifaddrs(all);
	return n;
}
