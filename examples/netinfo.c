// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * netinfo: this computer, its workgroup, the user and the network
 * interfaces, as the network-management functions return them, printed
 * the way the Windows SDK samples print them, each buffer freed with
 * NetApiBufferFree.
 *
 * Written as a Windows program: on Windows it builds with
 *	#include <windows.h>
 *	#include <lm.h>
 * and links netapi32.lib; on Linux only the includes differ, and it
 * links libnetbuf. (%ls is a wide string for both C libraries; stdout is
 * written with wprintf only, since a stream is either wide or not.) On
 * Linux a failure also says why when libnetbuf has no backend at all
 * (netbuf_backend(3)): without the module it serves from user space,
 * unless NETBUF_BACKEND=kernel says not to.
 *
 * Usage: netinfo [\\server]
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include <lm.h>
#ifdef __linux__
#include <netbufext.h>	/* libnetbuf's own: why nothing can allocate */
#endif

static int failed;

static void print_error(const char *call, NET_API_STATUS status)
{
#ifdef __linux__
	char why[512];
#endif

	fprintf(stderr, "%s failed with error %u\n", call, (unsigned int)status);
#ifdef __linux__
	/* Once: when no backend can serve (NETBUF_BACKEND=kernel, no module). */
	if (!failed && netbuf_backend(why, sizeof(why)) == NETBUF_BACKEND_NONE)
		fprintf(stderr, "netinfo: libnetbuf: %s\n", why);
#endif
	failed = 1;
}

static void workstation(LPWSTR server)
{
	LPWKSTA_INFO_102 pBuf = NULL;
	NET_API_STATUS nStatus;

	nStatus = NetWkstaGetInfo(server, 102, (LPBYTE *)&pBuf);
	if (nStatus == NERR_Success) {
		wprintf(L"\n\tPlatform: %u\n", (unsigned int)pBuf->wki102_platform_id);
		wprintf(L"\tName:     %ls\n", pBuf->wki102_computername);
		wprintf(L"\tVersion:  %u.%u\n", (unsigned int)pBuf->wki102_ver_major,
		       (unsigned int)pBuf->wki102_ver_minor);
		wprintf(L"\tDomain:   %ls\n", pBuf->wki102_langroup);
		wprintf(L"\tLan Root: %ls\n", pBuf->wki102_lanroot);
		wprintf(L"\t# Logged On Users: %u\n",
		       (unsigned int)pBuf->wki102_logged_on_users);
	} else {
		print_error("NetWkstaGetInfo", nStatus);
	}
	if (pBuf != NULL)
		NetApiBufferFree(pBuf);
}

static void server(LPWSTR name)
{
	LPSERVER_INFO_101 pBuf = NULL;
	NET_API_STATUS nStatus;

	nStatus = NetServerGetInfo(name, 101, (LPBYTE *)&pBuf);
	if (nStatus == NERR_Success) {
		wprintf(L"\n\tServer:   %ls\n", pBuf->sv101_name);
		wprintf(L"\tType:     0x%08x (%ls%ls%ls)\n",
			(unsigned int)pBuf->sv101_type,
			pBuf->sv101_type & SV_TYPE_WORKSTATION ? L"workstation " : L"",
			pBuf->sv101_type & SV_TYPE_SERVER ? L"server " : L"",
			pBuf->sv101_type & SV_TYPE_NT ? L"NT" : L"");
		wprintf(L"\tComment:  %ls\n", pBuf->sv101_comment);
	} else {
		print_error("NetServerGetInfo", nStatus);
	}
	if (pBuf != NULL)
		NetApiBufferFree(pBuf);
}

static void join(LPWSTR name)
{
	NETSETUP_JOIN_STATUS type;
	LPWSTR lpName = NULL;
	NET_API_STATUS nStatus;

	nStatus = NetGetJoinInformation(name, &lpName, &type);
	if (nStatus == NERR_Success) {
		wprintf(L"\tJoined:   %ls (%ls)\n", lpName,
			type == NetSetupWorkgroupName ? L"workgroup" :
			type == NetSetupDomainName ? L"domain" : L"not joined");
		NetApiBufferFree(lpName);
	} else {
		print_error("NetGetJoinInformation", nStatus);
	}
}

static void user(void)
{
	LPWKSTA_USER_INFO_1 pBuf = NULL;
	NET_API_STATUS nStatus;

	nStatus = NetWkstaUserGetInfo(NULL, 1, (LPBYTE *)&pBuf);
	if (nStatus == NERR_Success) {
		wprintf(L"\n\tUser:     %ls\n", pBuf->wkui1_username);
		wprintf(L"\tDomain:   %ls\n", pBuf->wkui1_logon_domain);
		wprintf(L"\tOther Domains: %ls\n", pBuf->wkui1_oth_domains);
		wprintf(L"\tLogon Server:  %ls\n", pBuf->wkui1_logon_server);
	} else {
		print_error("NetWkstaUserGetInfo", nStatus);
	}
	if (pBuf != NULL)
		NetApiBufferFree(pBuf);
}

/* Two entries per call, as a program with a small buffer would go. */
static void transports(LPWSTR server)
{
	LPWKSTA_TRANSPORT_INFO_0 pBuf, pTmpBuf;
	DWORD dwEntriesRead = 0, dwTotalEntries = 0, dwResumeHandle = 0;
	DWORD dwTotalCount = 0, i;
	NET_API_STATUS nStatus;

	wprintf(L"\n\tTransports:\n");
	do {
		pBuf = NULL;
		nStatus = NetWkstaTransportEnum(server, 0, (LPBYTE *)&pBuf,
						2 * (sizeof(*pBuf) + 80 * sizeof(WCHAR)),
						&dwEntriesRead, &dwTotalEntries,
						&dwResumeHandle);
		if (nStatus == NERR_Success || nStatus == ERROR_MORE_DATA) {
			for (i = 0, pTmpBuf = pBuf; pTmpBuf && i < dwEntriesRead;
			     i++, pTmpBuf++) {
				/* As "net config workstation" shows them. */
				wprintf(L"\t%ls (%ls)\n", pTmpBuf->wkti0_transport_name,
					pTmpBuf->wkti0_transport_address);
				dwTotalCount++;
			}
		} else {
			print_error("NetWkstaTransportEnum", nStatus);
		}
		if (pBuf != NULL)
			NetApiBufferFree(pBuf);
	} while (nStatus == ERROR_MORE_DATA);
	wprintf(L"\tTotal of %u transport(s) enumerated\n",
	       (unsigned int)dwTotalCount);
}

int main(int argc, char **argv)
{
	wchar_t wserver[256];
	LPWSTR pszServerName = NULL;

	/* Wide output in the user's character set; stdout is wide only. */
	setlocale(LC_ALL, "");
	/* wmain() on Windows; here the argument is converted by hand. */
	if (argc > 2) {
		fprintf(stderr, "Usage: %s [\\\\ServerName]\n", argv[0]);
		return 1;
	}
	if (argc == 2) {
		if (mbstowcs(wserver, argv[1], 255) == (size_t)-1) {
			fprintf(stderr, "%s: bad server name\n", argv[0]);
			return 1;
		}
		wserver[255] = L'\0';
		pszServerName = wserver;
	}
	workstation(pszServerName);
	join(pszServerName);
	server(pszServerName);
	user();
	transports(pszServerName);
	return failed;
}
