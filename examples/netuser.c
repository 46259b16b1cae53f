// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * netuser: the accounts and local groups of this computer, printed the way
 * Windows' "net user" and "net localgroup" print them, from the account
 * functions of lmaccess.h (NetUserEnum, NetUserGetInfo,
 * NetUserGetLocalGroups, NetUserGetGroups, NetLocalGroupEnum,
 * NetLocalGroupGetInfo, NetLocalGroupGetMembers), every buffer freed with
 * NetApiBufferFree. The enumerations go page by page with resume handles,
 * as a Windows program that asks for a few kilobytes at a time does.
 *
 * Written as a Windows program: on Windows it builds with
 *	#include <windows.h>
 *	#include <lm.h>
 * and links netapi32.lib; on Linux only the includes differ. (stdout is
 * written with wprintf only, since a stream is either wide or not.)
 *
 * Usage: netuser user [NAME]
 *        netuser localgroup [NAME]
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <lm.h>

/* What a page may hold: small, so that a long list takes several. */
#define PAGE_BYTES	4096
#define RULE	L"-------------------------------------------------------------------------------"

static int print_error(const char *call, NET_API_STATUS status)
{
	fprintf(stderr, "%s failed with error %u\n", call,
		(unsigned int)status);
	return 2;
}

/* The computer name, as "net" prints it in its headings. */
static void computer_name(WCHAR *out, size_t len)
{
	LPWKSTA_INFO_100 wi = NULL;

	out[0] = L'\0';
	if (NetWkstaGetInfo(NULL, 100, (LPBYTE *)&wi) == NERR_Success) {
		wcsncpy(out, wi->wki100_computername, len - 1);
		out[len - 1] = L'\0';
		NetApiBufferFree(wi);
	}
}

/* Names in three columns of 25, as "net user" lists them. */
static void column(LPCWSTR name, int *col)
{
	wprintf(L"%-25ls", name);
	if (++*col == 3) {
		wprintf(L"\n");
		*col = 0;
	}
}

static int list_users(void)
{
	DWORD read, total, resume = 0, i;
	LPUSER_INFO_0 ui;
	NET_API_STATUS st;
	WCHAR computer[CNLEN + 1];
	int col = 0;

	computer_name(computer, CNLEN + 1);
	wprintf(L"\nUser accounts for \\\\%ls\n\n%ls\n", computer, RULE);
	do {
		st = NetUserEnum(NULL, 0, FILTER_NORMAL_ACCOUNT, (LPBYTE *)&ui,
				 PAGE_BYTES, &read, &total, &resume);
		if (st != NERR_Success && st != ERROR_MORE_DATA)
			return print_error("NetUserEnum", st);
		for (i = 0; i < read; i++)
			column(ui[i].usri0_name, &col);
		NetApiBufferFree(ui);
	} while (st == ERROR_MORE_DATA);
	if (col)
		wprintf(L"\n");
	wprintf(L"The command completed successfully.\n\n");
	return 0;
}

/* "*Name" entries, two per line after a 29-column label. */
static void memberships(LPCWSTR label, LPCWSTR const *names, DWORD n)
{
	DWORD i;

	wprintf(L"%-29ls", label);
	if (!n)
		wprintf(L"*None");
	for (i = 0; i < n; i++) {
		if (i && i % 2 == 0)
			wprintf(L"\n%-29ls", L"");
		wprintf(L"*%-21ls", names[i]);
	}
	wprintf(L"\n");
}

static void seconds_since(LPCWSTR label, DWORD age)
{
	if (age)
		wprintf(L"%-29ls%u days ago\n", label,
			(unsigned int)(age / 86400));
	else
		wprintf(L"%-29lsUnknown\n", label);
}

static int show_user(LPCWSTR name)
{
	LPLOCALGROUP_USERS_INFO_0 lg = NULL;
	LPGROUP_USERS_INFO_0 g = NULL;
	LPCWSTR names[64];
	DWORD read, total, i;
	LPUSER_INFO_3 u;
	NET_API_STATUS st;

	st = NetUserGetInfo(NULL, name, 3, (LPBYTE *)&u);
	if (st == NERR_UserNotFound) {
		fprintf(stderr, "The user name could not be found.\n");
		return 2;
	}
	if (st != NERR_Success)
		return print_error("NetUserGetInfo", st);
	wprintf(L"%-29ls%ls\n", L"User name", u->usri3_name);
	wprintf(L"%-29ls%ls\n", L"Full Name", u->usri3_full_name);
	wprintf(L"%-29ls%ls\n", L"Comment", u->usri3_comment);
	wprintf(L"%-29ls%ls\n", L"User's comment", u->usri3_usr_comment);
	wprintf(L"%-29ls%03u (System Default)\n", L"Country/region code",
		(unsigned int)u->usri3_country_code);
	wprintf(L"%-29ls%ls\n", L"Account active",
		u->usri3_flags & (UF_ACCOUNTDISABLE | UF_LOCKOUT) ?
		L"No" : L"Yes");
	if (u->usri3_acct_expires == TIMEQ_FOREVER)
		wprintf(L"%-29lsNever\n", L"Account expires");
	else
		wprintf(L"%-29lsday %u\n", L"Account expires",
			(unsigned int)(u->usri3_acct_expires / 86400));
	wprintf(L"\n");
	seconds_since(L"Password last set", u->usri3_password_age);
	wprintf(L"%-29ls%ls\n", L"Password expires",
		u->usri3_flags & UF_DONT_EXPIRE_PASSWD ? L"Never" :
		u->usri3_password_expired ? L"Expired" : L"Later");
	wprintf(L"%-29ls%ls\n", L"Password required",
		u->usri3_flags & UF_PASSWD_NOTREQD ? L"No" : L"Yes");
	wprintf(L"\n%-29ls%ls\n", L"Workstations allowed",
		u->usri3_workstations[0] ? u->usri3_workstations : L"All");
	wprintf(L"%-29ls%ls\n", L"Logon script", u->usri3_script_path);
	wprintf(L"%-29ls%ls\n", L"User profile", u->usri3_profile);
	wprintf(L"%-29ls%ls\n", L"Home directory", u->usri3_home_dir);
	wprintf(L"%-29ls%ls\n", L"Last logon",
		u->usri3_last_logon ? L"Known" : L"Never");
	wprintf(L"\n%-29lsAll\n\n", L"Logon hours allowed");
	wprintf(L"%-29ls%ls\n\n", L"Privilege",
		u->usri3_priv == USER_PRIV_ADMIN ? L"Administrator" : L"User");

	st = NetUserGetLocalGroups(NULL, name, 0, LG_INCLUDE_INDIRECT,
				   (LPBYTE *)&lg, MAX_PREFERRED_LENGTH, &read,
				   &total);
	if (st != NERR_Success) {
		NetApiBufferFree(u);
		return print_error("NetUserGetLocalGroups", st);
	}
	for (i = 0; i < read && i < 64; i++)
		names[i] = lg[i].lgrui0_name;
	memberships(L"Local Group Memberships", names, i);
	st = NetUserGetGroups(NULL, name, 0, (LPBYTE *)&g,
			      MAX_PREFERRED_LENGTH, &read, &total);
	if (st != NERR_Success) {
		NetApiBufferFree(lg);
		NetApiBufferFree(u);
		return print_error("NetUserGetGroups", st);
	}
	for (i = 0; i < read && i < 64; i++)
		names[i] = g[i].grui0_name;
	memberships(L"Global Group memberships", names, i);
	wprintf(L"The command completed successfully.\n\n");
	NetApiBufferFree(g);
	NetApiBufferFree(lg);
	NetApiBufferFree(u);
	return 0;
}

static int list_local_groups(void)
{
	DWORD read, total, i;
	DWORD_PTR resume = 0;
	LPLOCALGROUP_INFO_0 lg;
	NET_API_STATUS st;
	WCHAR computer[CNLEN + 1];

	computer_name(computer, CNLEN + 1);
	wprintf(L"\nAliases for \\\\%ls\n\n%ls\n", computer, RULE);
	do {
		st = NetLocalGroupEnum(NULL, 0, (LPBYTE *)&lg, PAGE_BYTES,
				       &read, &total, &resume);
		if (st != NERR_Success && st != ERROR_MORE_DATA)
			return print_error("NetLocalGroupEnum", st);
		for (i = 0; i < read; i++)
			wprintf(L"*%ls\n", lg[i].lgrpi0_name);
		NetApiBufferFree(lg);
	} while (st == ERROR_MORE_DATA);
	wprintf(L"The command completed successfully.\n\n");
	return 0;
}

static int show_local_group(LPCWSTR name)
{
	LPLOCALGROUP_MEMBERS_INFO_1 m;
	LPLOCALGROUP_INFO_1 lg;
	DWORD read, total, i;
	DWORD_PTR resume = 0;
	NET_API_STATUS st;

	st = NetLocalGroupGetInfo(NULL, name, 1, (LPBYTE *)&lg);
	if (st == ERROR_NO_SUCH_ALIAS) {
		fprintf(stderr, "The specified local group does not exist.\n");
		return 2;
	}
	if (st != NERR_Success)
		return print_error("NetLocalGroupGetInfo", st);
	wprintf(L"%-15ls%ls\n%-15ls%ls\n\nMembers\n\n%ls\n", L"Alias name",
		lg->lgrpi1_name, L"Comment", lg->lgrpi1_comment, RULE);
	NetApiBufferFree(lg);
	do {
		st = NetLocalGroupGetMembers(NULL, name, 1, (LPBYTE *)&m,
					     PAGE_BYTES, &read, &total,
					     &resume);
		if (st != NERR_Success && st != ERROR_MORE_DATA)
			return print_error("NetLocalGroupGetMembers", st);
		for (i = 0; i < read; i++)
			wprintf(L"%ls\n", m[i].lgrmi1_name);
		NetApiBufferFree(m);
	} while (st == ERROR_MORE_DATA);
	wprintf(L"The command completed successfully.\n\n");
	return 0;
}

/* argv[i] as a wide string (the caller frees it). */
static LPWSTR wide_arg(const char *arg)
{
	size_t n = mbstowcs(NULL, arg, 0);
	LPWSTR w;

	if (n == (size_t)-1)
		return NULL;
	w = calloc(n + 1, sizeof(*w));
	if (w)
		mbstowcs(w, arg, n + 1);
	return w;
}

int main(int argc, char **argv)
{
	LPWSTR name = NULL;
	int rc;

	setlocale(LC_ALL, "");
	if (argc < 2 || argc > 3 ||
	    (strcmp(argv[1], "user") && strcmp(argv[1], "localgroup"))) {
		fprintf(stderr, "usage: netuser user [NAME]\n"
				"       netuser localgroup [NAME]\n");
		return 2;
	}
	if (argc == 3) {
		name = wide_arg(argv[2]);
		if (!name) {
			fprintf(stderr, "netuser: %s is not a name in this locale's character set\n",
				argv[2]);
			return 2;
		}
	}
	if (!strcmp(argv[1], "user"))
		rc = name ? show_user(name) : list_users();
	else
		rc = name ? show_local_group(name) : list_local_groups();
	free(name);
	return rc;
}
