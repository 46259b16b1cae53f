// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * netuser: the accounts of this computer as Windows' "net user" and
 * "net localgroup" print them, from NetUserEnum, NetUserGetInfo,
 * NetUserGetLocalGroups, NetUserGetGroups, NetLocalGroupEnum,
 * NetLocalGroupGetInfo and NetLocalGroupGetMembers, every buffer freed
 * with NetApiBufferFree.
 *
 *	netuser user		the user accounts, three to a line
 *	netuser user NAME	one account: names, flags, home, group memberships
 *	netuser localgroup	the local groups (aliases)
 *	netuser localgroup NAME	one local group: its comment and members
 *
 * Written as a Windows program: on Windows it builds with
 *	#include <windows.h>
 *	#include <lm.h>
 * and links netapi32.lib; on Linux only the includes differ, and it links
 * libnetbuf. The wide strings are printed as UTF-8 by the program itself,
 * whatever the locale (a C-locale printf("%ls") stops at the first
 * non-ASCII character). Exit 0, or 2 with the message "net" prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include <lm.h>

#define RULE "-------------------------------------------------------------------------------"
/* The labels of "net user NAME" are 29 columns wide. */
#define LABEL_WIDTH	29

/*
 * Prints a wide string as UTF-8 (a UTF-16 surrogate pair as one
 * character, when WCHAR has 16 bits), padded with spaces to width
 * characters; returns how many it printed.
 */
static int put_w(const WCHAR *s, int width)
{
	unsigned long c;
	char out[5];
	int n = 0, len;

	for (; s && *s; s++, n++) {
		c = (unsigned long)*s;
		if (sizeof(WCHAR) == 2 && c >= 0xd800 && c < 0xdc00 &&
		    s[1] >= 0xdc00 && s[1] < 0xe000) {
			c = 0x10000 + ((c - 0xd800) << 10) +
			    ((unsigned long)s[1] - 0xdc00);
			s++;
		}
		if (c < 0x80) {
			out[0] = (char)c;
			len = 1;
		} else if (c < 0x800) {
			out[0] = (char)(0xc0 | c >> 6);
			out[1] = (char)(0x80 | (c & 0x3f));
			len = 2;
		} else if (c < 0x10000) {
			out[0] = (char)(0xe0 | c >> 12);
			out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
			out[2] = (char)(0x80 | (c & 0x3f));
			len = 3;
		} else {
			out[0] = (char)(0xf0 | c >> 18);
			out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
			out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
			out[3] = (char)(0x80 | (c & 0x3f));
			len = 4;
		}
		fwrite(out, 1, (size_t)len, stdout);
	}
	for (; n < width; n++)
		putchar(' ');
	return n;
}

static void label(const char *name)
{
	printf("%-*s", LABEL_WIDTH, name);
}

/* A label and a wide value on one line. */
static void field(const char *name, const WCHAR *value)
{
	label(name);
	put_w(value, 0);
	putchar('\n');
}

/* An ASCII command-line argument as a wide string (netuser takes ASCII). */
static WCHAR *widen(const char *s, WCHAR *buf, size_t n)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < n; i++)
		buf[i] = (WCHAR)(unsigned char)s[i];
	buf[i] = 0;
	return buf;
}

static int fail(const char *call, NET_API_STATUS status)
{
	switch (status) {
	case NERR_UserNotFound:
		printf("The user name could not be found.\n");
		break;
	case NERR_GroupNotFound:
	case ERROR_NO_SUCH_ALIAS:
		printf("The specified local group does not exist.\n");
		break;
	default:
		printf("System error %u has occurred (%s).\n",
		       (unsigned int)status, call);
		break;
	}
	printf("\nMore help is available by typing NET HELPMSG %u.\n\n",
	       (unsigned int)status);
	return 2;
}

static void header(const char *what)
{
	WKSTA_INFO_100 *w = NULL;

	printf("\n%s for \\\\", what);
	if (NetWkstaGetInfo(NULL, 100, (LPBYTE *)&w) == NERR_Success) {
		put_w(w->wki100_computername, 0);
		NetApiBufferFree(w);
	}
	printf("\n\n%s\n", RULE);
}

/* "net user": the names, three to a line, 25 columns each. */
static int list_users(void)
{
	DWORD read, total, resume = 0, i, column = 0;
	NET_API_STATUS status;
	USER_INFO_0 *users;

	header("User accounts");
	do {
		users = NULL;
		/* A few kilobytes a call: the resume handle carries on. */
		status = NetUserEnum(NULL, 0, FILTER_NORMAL_ACCOUNT,
				     (LPBYTE *)&users, 4096, &read, &total,
				     &resume);
		if (status != NERR_Success && status != ERROR_MORE_DATA)
			return fail("NetUserEnum", status);
		for (i = 0; i < read; i++) {
			put_w(users[i].usri0_name, column == 2 ? 0 : 25);
			if (++column == 3) {
				putchar('\n');
				column = 0;
			}
		}
		if (users)
			NetApiBufferFree(users);
	} while (status == ERROR_MORE_DATA);
	if (column)
		putchar('\n');
	printf("The command completed successfully.\n\n");
	return 0;
}

/* Group names as "net user" lists them: "*name", two to a line. */
static void memberships(const char *name, const WCHAR *const *groups,
			DWORD n)
{
	DWORD i;

	label(name);
	if (!n)
		printf("*None");
	for (i = 0; i < n; i++) {
		if (i && i % 2 == 0)
			printf("\n%*s", LABEL_WIDTH, "");
		putchar('*');
		put_w(groups[i], i % 2 == 0 && i + 1 < n ? 21 : 0);
	}
	putchar('\n');
}

/* A time in seconds since 1970 as "net user" prints it, or Never. */
static void when(const char *name, DWORD t, DWORD never)
{
	char buf[64];
	time_t s = (time_t)t;

	label(name);
	if (t == never || t == 0) {
		printf("Never\n");
		return;
	}
	strftime(buf, sizeof(buf), "%m/%d/%Y %I:%M:%S %p", gmtime(&s));
	printf("%s\n", buf);
}

static void groups_of(const WCHAR *user)
{
	LOCALGROUP_USERS_INFO_0 *local = NULL;
	GROUP_USERS_INFO_0 *global = NULL;
	const WCHAR **names;
	DWORD read = 0, total, i;

	if (NetUserGetLocalGroups(NULL, user, 0, LG_INCLUDE_INDIRECT,
				  (LPBYTE *)&local, MAX_PREFERRED_LENGTH,
				  &read, &total) != NERR_Success)
		read = 0;
	names = calloc(read + 1, sizeof(*names));
	for (i = 0; names && i < read; i++)
		names[i] = local[i].lgrui0_name;
	memberships("Local Group Memberships", names, names ? read : 0);
	free(names);
	if (local)
		NetApiBufferFree(local);

	read = 0;
	if (NetUserGetGroups(NULL, user, 0, (LPBYTE *)&global,
			     MAX_PREFERRED_LENGTH, &read, &total) != NERR_Success)
		read = 0;
	names = calloc(read + 1, sizeof(*names));
	for (i = 0; names && i < read; i++)
		names[i] = global[i].grui0_name;
	memberships("Global Group memberships", names, names ? read : 0);
	free(names);
	if (global)
		NetApiBufferFree(global);
}

/* "net user NAME". */
static int show_user(const char *arg)
{
	NET_API_STATUS status;
	USER_INFO_4 *u = NULL;
	WCHAR name[257];

	status = NetUserGetInfo(NULL, widen(arg, name, 257), 4, (LPBYTE *)&u);
	if (status != NERR_Success)
		return fail("NetUserGetInfo", status);
	field("User name", u->usri4_name);
	field("Full Name", u->usri4_full_name);
	field("Comment", u->usri4_comment);
	field("User's comment", u->usri4_usr_comment);
	label("Country/region code");
	printf("%03u (System Default)\n", (unsigned int)u->usri4_country_code);
	label("Account active");
	printf("%s\n", u->usri4_flags & UF_ACCOUNTDISABLE ? "No" :
		       u->usri4_flags & UF_LOCKOUT ? "Locked" : "Yes");
	when("Account expires", u->usri4_acct_expires, TIMEQ_FOREVER);
	printf("\n");
	label("Password required");
	printf("%s\n", u->usri4_flags & UF_PASSWD_NOTREQD ? "No" : "Yes");
	label("User may change password");
	printf("%s\n", u->usri4_flags & UF_PASSWD_CANT_CHANGE ? "No" : "Yes");
	printf("\n");
	label("Workstations allowed");
	if (u->usri4_workstations && u->usri4_workstations[0])
		put_w(u->usri4_workstations, 0);
	else
		printf("All");
	printf("\n");
	field("Logon script", u->usri4_script_path);
	field("User profile", u->usri4_profile);
	field("Home directory", u->usri4_home_dir);
	when("Last logon", u->usri4_last_logon, 0);
	printf("\n");
	label("Logon hours allowed");
	printf("%s\n\n", u->usri4_logon_hours ? "(restricted)" : "All");
	groups_of(u->usri4_name);
	printf("The command completed successfully.\n\n");
	NetApiBufferFree(u);
	return 0;
}

/* "net localgroup". */
static int list_groups(void)
{
	DWORD read, total, i;
	DWORD_PTR resume = 0;
	LOCALGROUP_INFO_0 *groups;
	NET_API_STATUS status;

	header("Aliases");
	do {
		groups = NULL;
		status = NetLocalGroupEnum(NULL, 0, (LPBYTE *)&groups, 4096,
					   &read, &total, &resume);
		if (status != NERR_Success && status != ERROR_MORE_DATA)
			return fail("NetLocalGroupEnum", status);
		for (i = 0; i < read; i++) {
			putchar('*');
			put_w(groups[i].lgrpi0_name, 0);
			putchar('\n');
		}
		if (groups)
			NetApiBufferFree(groups);
	} while (status == ERROR_MORE_DATA);
	printf("The command completed successfully.\n\n");
	return 0;
}

/* "net localgroup NAME": the comment, then the members, one a line. */
static int show_group(const char *arg)
{
	LOCALGROUP_MEMBERS_INFO_1 *members;
	LOCALGROUP_INFO_1 *g = NULL;
	DWORD read, total, i;
	DWORD_PTR resume = 0;
	NET_API_STATUS status;
	WCHAR name[257];

	widen(arg, name, 257);
	status = NetLocalGroupGetInfo(NULL, name, 1, (LPBYTE *)&g);
	if (status != NERR_Success)
		return fail("NetLocalGroupGetInfo", status);
	printf("%-15s", "Alias name");
	put_w(g->lgrpi1_name, 0);
	printf("\n%-15s", "Comment");
	put_w(g->lgrpi1_comment, 0);
	printf("\n\nMembers\n\n%s\n", RULE);
	NetApiBufferFree(g);
	do {
		members = NULL;
		status = NetLocalGroupGetMembers(NULL, name, 1, (LPBYTE *)&members,
						 4096, &read, &total, &resume);
		if (status != NERR_Success && status != ERROR_MORE_DATA)
			return fail("NetLocalGroupGetMembers", status);
		for (i = 0; i < read; i++) {
			put_w(members[i].lgrmi1_name, 0);
			putchar('\n');
		}
		if (members)
			NetApiBufferFree(members);
	} while (status == ERROR_MORE_DATA);
	printf("The command completed successfully.\n\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 || argc == 3) {
		if (!strcmp(argv[1], "user"))
			return argc == 3 ? show_user(argv[2]) : list_users();
		if (!strcmp(argv[1], "localgroup"))
			return argc == 3 ? show_group(argv[2]) : list_groups();
	}
	fprintf(stderr, "usage: %s user [NAME] | localgroup [NAME]\n",
		argv[0]);
	return 2;
}
