// SPDX-License-Identifier: GPL-2.0
/*
 * examples/netuser.c, the "net user" / "net localgroup" program, run as it
 * is over the account fixture (lm_accounts.h) in a child: "netuser user" lists
 * every account (the 2,000 of nbbig too, across resume handles) under
 * "User accounts for \\COMPUTER"; "netuser user NAME" prints the name, the
 * UTF-8 full name (diacritics, CJK, U+1F600), whether the account is
 * active (No when disabled, Locked when locked), its expiry, home
 * directory and local and global group memberships as Windows' net does;
 * "netuser localgroup" lists Administrators, Users and the Unix groups;
 * "netuser localgroup NAME" prints the members (root and sudo's for
 * Administrators, all 2,000 of nbbig); unknown names give net's messages
 * and HELPMSG numbers (2221, 1376) and exit 2. After each run the
 * library's context holds no buffer: the program freed every one.
 */
int netuser_main(int argc, char **argv);
#define main netuser_main
#include "../../examples/netuser.c"
#undef main

#include "lm_accounts.h"

#define OUT	"/tmp/netuser.out"

static char computer[65], workgroup[65];

/*
 * Runs "netuser a1 [a2]" (a1 is user or localgroup); its output,
 * NUL-terminated (malloc'd).
 */
static char *run_netuser(int want_rc, const char *a1, const char *a2)
{
	char *argv[] = { "netuser", (char *)a1, (char *)a2, NULL };
	int argc = a2 ? 3 : 2, fd, saved, rc;
	struct stat st;
	char *text;

	fflush(stdout);
	fd = open(OUT, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	saved = dup(STDOUT_FILENO);
	REQUIRE(fd >= 0 && saved >= 0 && dup2(fd, STDOUT_FILENO) >= 0);
	rc = netuser_main(argc, argv);
	fflush(stdout);
	REQUIRE(dup2(saved, STDOUT_FILENO) >= 0);
	close(saved);
	REQUIRE(fstat(fd, &st) == 0);
	text = malloc((size_t)st.st_size + 1);
	REQUIRE(text && pread(fd, text, (size_t)st.st_size, 0) == st.st_size);
	text[st.st_size] = '\0';
	close(fd);
	if (rc != want_rc)
		FAIL("netuser %s %s: exit %d, expected %d", a1, a2 ? a2 : "",
		     rc, want_rc);
	EXPECT_FREED();
	return text;
}

static void expect_text(const char *file, int line, const char *text,
			const char *want)
{
	if (!strstr(text, want))
		t_fail_at(file, line, "netuser printed no \"%s\"", want);
}
#define EXPECT_OUT(text, want) expect_text(__FILE__, __LINE__, (text), (want))

/* How many times needle is in text. */
static int count(const char *text, const char *needle)
{
	int n = 0;

	while ((text = strstr(text, needle))) {
		n++;
		text++;
	}
	return n;
}

static void show(const char *text)
{
	if (t_failures())
		printf("%.6000s\n", text);
}

/* One run that exits 0 and prints want. */
static void expect_run(const char *a1, const char *a2, const char *want)
{
	char *text = run_netuser(0, a1, a2);

	EXPECT_OUT(text, want);
	show(text);
	free(text);
}

static void users(void)
{
	char *text, line[200], name[16];
	unsigned int i;

	text = run_netuser(0, "user", "nbzoe");
	EXPECT_OUT(text, "User name                    nbzoe\n");
	EXPECT_OUT(text, "Full Name                    Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m\n");
	EXPECT_OUT(text, "Account active               Yes\n");
	EXPECT_OUT(text, "Account expires              Never\n");
	EXPECT_OUT(text, "Home directory               /home/nbzoe\n");
	EXPECT_OUT(text, "Local Group Memberships      *");
	EXPECT_OUT(text, "*Users");
	EXPECT_OUT(text, "*nbgr\xc3\xbcppe");
	EXPECT_OUT(text, "*nbg01");
	EXPECT_OUT(text, "Global Group memberships     *nbzoe");
	EXPECT_OUT(text, "The command completed successfully.\n");
	if (strstr(text, "*Administrators"))
		FAIL("nbzoe is shown in Administrators");
	show(text);
	free(text);

	expect_run("user", "nbcjk", "Full Name                    \xe5\xb1\xb1\xe7\x94\xb0\xe5\xa4\xaa\xe9\x83\x8e \xf0\x9f\x98\x80\n");
	expect_run("user", "nbadmin", "*Administrators");
	expect_run("user", "nbadmin", "*sudo");
	expect_run("user", "nbdisabled", "Account active               No\n");
	expect_run("user", "nblocked", "Account active               Locked\n");
	expect_run("user", "nbexpired", "Account active               No\n");
	expect_run("user", "nbexpired", "Account expires              01/02/1970 12:00:00 AM\n");

	text = run_netuser(0, "user", NULL);
	snprintf(line, sizeof(line), "\nUser accounts for \\\\%s\n\n-----", computer);
	EXPECT_OUT(text, line);
	for (i = 0; i < LM_NUSERS; i++)
		EXPECT_OUT(text, lm_users[i].name);
	/* Each account once, across the pages of NetUserEnum. */
	for (i = 0; i < LM_BIG_MEMBERS; i++)
		if (count(text, lm_big_name(i, name)) != 1)
			FAIL("netuser lists %s %d times", name,
			     count(text, name));
	EXPECT_OUT(text, "root                     daemon                   ");
	EXPECT_OUT(text, "The command completed successfully.\n");
	show(text);
	free(text);

	text = run_netuser(2, "user", "nbnosuch");
	EXPECT_OUT(text, "The user name could not be found.\n");
	EXPECT_OUT(text, "NET HELPMSG 2221.\n");
	free(text);
}

static void localgroups(void)
{
	char *text, line[96];
	unsigned int i;

	text = run_netuser(0, "localgroup", NULL);
	snprintf(line, sizeof(line), "Aliases for \\\\%s\n", computer);
	EXPECT_OUT(text, line);
	EXPECT_OUT(text, "\n*Administrators\n");
	EXPECT_OUT(text, "\n*Users\n");
	EXPECT_OUT(text, "\n*sudo\n");
	EXPECT_OUT(text, "\n*nbbig\n");
	EXPECT_OUT(text, "\n*nbgr\xc3\xbcppe\n");
	EXPECT_OUT(text, "\n*nbg40\n");
	show(text);
	free(text);

	expect_run("localgroup", "sudo", "Alias name     sudo\n");
	expect_run("localgroup", "sudo", "\nMembers\n\n-----");
	expect_run("localgroup", "sudo",
		   "-\nnbadmin\nThe command completed successfully.\n");
	expect_run("localgroup", "Administrators",
		   "Alias name     Administrators\n");
	expect_run("localgroup", "Administrators", "\nroot\n");
	expect_run("localgroup", "Administrators", "\nnbadmin\n");

	text = run_netuser(0, "localgroup", "nbbig");
	for (i = 0; i < LM_BIG_MEMBERS; i++) {
		snprintf(line, sizeof(line), "\nnbm%04u\n", i);
		if (count(text, line) != 1)
			FAIL("netuser localgroup nbbig shows nbm%04u %d times", i,
			     count(text, line));
	}
	free(text);

	text = run_netuser(2, "localgroup", "nbnosuch");
	EXPECT_OUT(text, "The specified local group does not exist.\n");
	EXPECT_OUT(text, "NET HELPMSG 1376.\n");
	free(text);
}

static int child(void *arg)
{
	(void)arg;
	lm_accounts_install();
	lm_names(computer, workgroup);
	users();
	localgroups();
	return child_result();
}

int main(int argc, char **argv)
{
	(void)argc;
	return lm_main(argv[0], child, 280);
}
