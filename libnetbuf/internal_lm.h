/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal interface of the network-management functions: where their
 * data comes from (the local names, the configuration files, the network
 * interfaces), the strings in either width, and the one buffer each call
 * fills. Every producing function is written once, for a character width
 * (@unit: 4 bytes for wchar_t, 2 for UTF-16), and exported twice: under
 * its Windows name (wchar_t) and with the suffix _w16 (UTF-16 mode).
 */
#ifndef NETBUF_INTERNAL_LM_H
#define NETBUF_INTERNAL_LM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <uchar.h>

#include "lmcons.h"
#include "lmjoin.h"

/*
 * The Windows version every structure reports: Windows 10, the version
 * Wine reports by default (its dlls/ntdll/version.c starts from WIN10:
 * 10.0). Programs compare it with Windows versions, not with Linux's.
 */
#define NETBUF_WINDOWS_MAJOR	10
#define NETBUF_WINDOWS_MINOR	0

/* wstr.c: conversions by the C library in the C.UTF-8 locale. */

/* Bytes of @s (UTF-8) as a NUL-terminated string of @unit-byte units. */
size_t netbuf_wstr_bytes(const char *s, unsigned int unit);
/* Writes @s to @dst in @unit-byte units, NUL included; returns the end. */
void *netbuf_wstr_put(void *dst, const char *s, unsigned int unit);
/* The wide string @w of @unit-byte units as UTF-8; false if it was cut. */
bool netbuf_wstr_to_utf8(const void *w, unsigned int unit, char *out,
			 size_t len);
/* @in in upper case, at most @max_chars characters, into @out. */
void netbuf_utf8_upper(const char *in, size_t max_chars, char *out,
		       size_t len);

/* sysconf.c: configuration files under NETBUF_SYSROOT. */

/* Opens @path (relative) under the root NETBUF_SYSROOT names, or "/". */
FILE *netbuf_sysroot_fopen(const char *path);
/* Calls @fn for each "key = value" of the INI file @path, until false. */
void netbuf_ini_walk(const char *path,
		     bool (*fn)(const char *section, const char *key,
				const char *value, void *arg),
		     void *arg);
/* The last non-empty value of @key in [@section] of @path. */
bool netbuf_ini_get(const char *path, const char *section, const char *key,
		    char *value, size_t len);
/* Section and parameter names compare without case and blanks. */
bool netbuf_same_key(const char *a, const char *b);

/* host.c: this computer's names (see there for their sources). */
struct netbuf_names {
	char computer[4 * CNLEN + 1];	/* NetBIOS name */
	char domain[4 * DNLEN + 1];	/* workgroup or domain, NetBIOS */
	bool joined;			/* a domain member */
	char host[65];			/* UTS host name */
	char fqdn[256];			/* or "" when no DNS domain is known */
};

void netbuf_local_names(struct netbuf_names *names);
/* @name up to its first dot, upper case, at most CNLEN characters. */
void netbuf_netbios_form(const char *name, char *out, size_t len);
/*
 * NERR_Success when @server (@unit-byte units) names this computer: NULL,
 * empty, its computer name, host name or FQDN, localhost, 127.0.0.1 or
 * ::1, each with or without a leading "\\\\", in any case; else
 * ERROR_BAD_NETPATH, since netbuf speaks no RPC. Leaves errno alone.
 */
NET_API_STATUS netbuf_check_server(const void *server, unsigned int unit);
/*
 * As netbuf_check_server, for the account functions (the SAM's checks on
 * Windows): "\\" followed by anything but a backslash, and "\\\\"
 * alone, are ERROR_INVALID_NAME.
 */
NET_API_STATUS netbuf_check_sam_server(const void *server, unsigned int unit);
/*
 * The first checks of the account functions that return one structure:
 * a NULL @bufptr is ERROR_INVALID_PARAMETER, else *@bufptr becomes NULL
 * and @server is checked as above.
 */
NET_API_STATUS netbuf_sam_get_args(LPBYTE *bufptr, const void *server,
				   unsigned int unit);

/* uuid5.c: a version 5 UUID of @name in namespace @ns, upper-case text. */
void netbuf_uuid5(const unsigned char ns[16], const void *name, size_t len,
		  char out[37]);

/* ifaces.c: what NetWkstaTransportEnum lists. */
struct netbuf_transport {
	char name[64];		/* \Device\NetBT_Tcpip_{GUID} */
	char address[2 * 32 + 1];	/* hardware address, hex digits */
};

/*
 * The interfaces of the caller's network namespace that are up and not
 * loopback, in interface index order, in a malloc'ed array.
 * Returns their number, or -1 with errno set.
 */
int netbuf_transports(struct netbuf_transport **list);

/* accounts.c: users and groups through NSS (see there). */

/* The administrators' Unix group (Administrators, S-1-5-32-544). */
struct netbuf_admins {
	bool valid;		/* false: no such group, only root */
	uint32_t gid;
	char name[256];
	char **members;		/* its member list, sorted */
	size_t n_members;
};

/* The group's name as configured ("" when the default rule applies). */
void netbuf_admin_group_name(char *name, size_t len);
/* Finds the group; 0 (valid or not) or ENOMEM. */
int netbuf_admins_load(struct netbuf_admins *adm);
void netbuf_admins_free(struct netbuf_admins *adm);
/* uid 0, or a member of the group (its gr_mem, or as primary group). */
bool netbuf_is_admin(const struct netbuf_admins *adm, const char *name,
		     uint32_t uid, uint32_t gid);

/* A user as the USER_INFO structures give it (lmaccess.h). */
struct netbuf_account {
	char *name;
	char *full_name;	/* GECOS up to the first comma */
	char *comment;		/* the other GECOS fields */
	char *dir;
	uint32_t uid, gid;
	DWORD priv;		/* USER_PRIV_ADMIN or USER_PRIV_USER */
	DWORD flags;		/* UF_*, from shadow where readable */
	DWORD password_age;
	DWORD acct_expires;
	DWORD password_expired;
	size_t seq;		/* NSS order, while sorting */
};

/*
 * The user @name (getpwnam_r, getspnam_r); @adm NULL: priv is not
 * computed. Returns 0, ENOENT (no such user) or ENOMEM.
 */
int netbuf_account_get(const char *name, const struct netbuf_admins *adm,
		       struct netbuf_account *a);
void netbuf_account_free(struct netbuf_account *a);
/*
 * Every user (getpwent), each name once, sorted by uid then name; with
 * their shadow state when @with_shadow (getspent, where readable).
 * Returns 0 or ENOMEM.
 */
int netbuf_accounts_list(const struct netbuf_admins *adm, bool with_shadow,
			 struct netbuf_account **list, size_t *n);
void netbuf_accounts_free(struct netbuf_account *list, size_t n);

/* A Unix group. */
struct netbuf_group {
	char *name;
	uint32_t gid;
	char **members;		/* gr_mem, sorted */
	size_t n_members;
	size_t seq;
};

/* The group @name (getgrnam_r): 0, ENOENT or ENOMEM. */
int netbuf_group_get(const char *name, struct netbuf_group *g);
void netbuf_group_free(struct netbuf_group *g);
/* Every group (getgrent), each name once, by gid then name: 0 or ENOMEM. */
int netbuf_groups_list(struct netbuf_group **list, size_t *n);
void netbuf_groups_free(struct netbuf_group *list, size_t n);
/* @user is in the member list of @g. */
bool netbuf_group_has(const struct netbuf_group *g, const char *user);
/*
 * The groups of @a (getgrouplist): its primary group first, then the
 * others by gid, names only (a gid without entry is named by its
 * number). Returns 0 or ENOMEM.
 */
int netbuf_user_groups(const struct netbuf_account *a,
		       struct netbuf_group **list, size_t *n);

/* A SID of two sub-authorities: S-1-@authority-@sub1-@sub2. */
#define NETBUF_SID_BYTES	16
size_t netbuf_sid(unsigned char sid[NETBUF_SID_BYTES], uint8_t authority,
		  uint32_t sub1, uint32_t sub2);

/* produce.c: one buffer per call, sized first, then filled. */

/*
 * A buffer being laid out: its structures (@head bytes) first, then the
 * strings they point to. A fill function runs twice over it: measuring
 * (@base NULL: records are scratch, strings only counted), then placing.
 */
struct netbuf_layout {
	char *base;
	size_t head;
	size_t at;
	unsigned int unit;
	max_align_t scratch[16];	/* the largest record: USER_INFO_4 */
};

/* Record @i of @size bytes: in the buffer, or scratch while measuring. */
void *netbuf_layout_rec(struct netbuf_layout *l, size_t i, size_t size);
/* Places @s (UTF-8) after the structures; NULL while measuring. */
LMSTR netbuf_layout_str(struct netbuf_layout *l, const char *s);
/* Places @len bytes of @data, @align-aligned; NULL while measuring. */
void *netbuf_layout_bytes(struct netbuf_layout *l, const void *data,
			  size_t len, size_t align);

typedef void netbuf_fill_fn(struct netbuf_layout *l, const void *arg);

/*
 * Measures with @fill, allocates one buffer with NetApiBufferAllocate's
 * internal path (NETBUF_IOC_ALLOC), fills it, and stores it in *@out.
 * Returns NERR_Success; ERROR_NOT_ENOUGH_MEMORY (memory or a limit, errno
 * says which); NERR_WkstaNotStarted when /dev/netbuf cannot be used (errno
 * says why). *@out is NULL on failure.
 */
NET_API_STATUS netbuf_produce(size_t head, unsigned int unit,
			      netbuf_fill_fn *fill, const void *arg,
			      void **out);

/*
 * Arrays of records, one per entry of a list the caller keeps in @ctx:
 * @fill_one fills record @rec with entry @i and places its strings.
 */
typedef void netbuf_fill_one_fn(struct netbuf_layout *l, void *rec, size_t i,
				const void *ctx);
/* Entries @a and @b of @ctx have the same resume key. */
typedef bool netbuf_same_key_fn(const void *ctx, size_t a, size_t b);

/* Bytes entry @i takes in an array: its record and its data. */
size_t netbuf_entry_bytes(size_t rec_size, unsigned int unit,
			  netbuf_fill_one_fn *fill_one, size_t i,
			  const void *ctx);
/*
 * How many entries from @first (of @n) go into one buffer: whole entries
 * within @prefmaxlen bytes (MAX_PREFERRED_LENGTH: all), at least the
 * first; entries of one resume key (@same_key, may be NULL) go together.
 */
size_t netbuf_enum_take(size_t first, size_t n, DWORD prefmaxlen,
			size_t rec_size, unsigned int unit,
			netbuf_fill_one_fn *fill_one, const void *ctx,
			netbuf_same_key_fn *same_key);
/* One buffer of @count records (entries @first on), as netbuf_produce. */
NET_API_STATUS netbuf_produce_array(size_t rec_size, unsigned int unit,
				    size_t first, size_t count,
				    netbuf_fill_one_fn *fill_one,
				    const void *ctx, void **out);

/* One page of an enumeration: entries @first to @first + @count of @total. */
struct netbuf_enum_page {
	size_t first;
	size_t count;
	size_t total;	/* from @first on */
};

/* *entriesread and *totalentries; ERROR_MORE_DATA while more remain. */
NET_API_STATUS netbuf_enum_finish(const struct netbuf_enum_page *p,
				  LPDWORD entriesread, LPDWORD totalentries);

/* user.c, usergroups.c, localgroup.c, dcname.c: the account functions. */

/* Bytes of an account name in UTF-8, NUL included, at most. */
#define NETBUF_NAME_BYTES	1024
/* The well-known aliases (S-1-5-32-544 and -545). */
#define NETBUF_ALIAS_ADMINS	"Administrators"
#define NETBUF_ALIAS_USERS	"Users"

/* A user name argument as UTF-8: NERR_UserNotFound when too long. */
NET_API_STATUS netbuf_user_name_arg(const void *name, unsigned int unit,
				    char *out, size_t len);
/* ERROR_NOT_ENOUGH_MEMORY with errno ENOMEM. */
NET_API_STATUS netbuf_nomem(void);

/* The UTF-16 entry points (lmcons.h redirects to them in UTF-16 mode). */
NET_API_STATUS NetWkstaGetInfo_w16(const char16_t *servername, DWORD level,
				   LPBYTE *bufptr);
NET_API_STATUS NetServerGetInfo_w16(const char16_t *servername, DWORD level,
				    LPBYTE *bufptr);
NET_API_STATUS NetWkstaTransportEnum_w16(const char16_t *servername,
					 DWORD level, LPBYTE *bufptr,
					 DWORD prefmaxlen, LPDWORD entriesread,
					 LPDWORD totalentries,
					 LPDWORD resume_handle);
NET_API_STATUS NetWkstaUserGetInfo_w16(const char16_t *reserved, DWORD level,
				       LPBYTE *bufptr);
NET_API_STATUS NetGetJoinInformation_w16(const char16_t *lpServer,
					 char16_t **lpNameBuffer,
					 PNETSETUP_JOIN_STATUS BufferType);

NET_API_STATUS NetUserGetInfo_w16(const char16_t *servername,
				  const char16_t *username, DWORD level,
				  LPBYTE *bufptr);
NET_API_STATUS NetUserEnum_w16(const char16_t *servername, DWORD level,
			       DWORD filter, LPBYTE *bufptr, DWORD prefmaxlen,
			       LPDWORD entriesread, LPDWORD totalentries,
			       LPDWORD resume_handle);
NET_API_STATUS NetUserGetGroups_w16(const char16_t *servername,
				    const char16_t *username, DWORD level,
				    LPBYTE *bufptr, DWORD prefmaxlen,
				    LPDWORD entriesread, LPDWORD totalentries);
NET_API_STATUS NetUserGetLocalGroups_w16(const char16_t *servername,
					 const char16_t *username, DWORD level,
					 DWORD flags, LPBYTE *bufptr,
					 DWORD prefmaxlen, LPDWORD entriesread,
					 LPDWORD totalentries);
NET_API_STATUS NetLocalGroupEnum_w16(const char16_t *servername, DWORD level,
				     LPBYTE *bufptr, DWORD prefmaxlen,
				     LPDWORD entriesread, LPDWORD totalentries,
				     uintptr_t *resumehandle);
NET_API_STATUS NetLocalGroupGetInfo_w16(const char16_t *servername,
					const char16_t *groupname, DWORD level,
					LPBYTE *bufptr);
NET_API_STATUS NetLocalGroupGetMembers_w16(const char16_t *servername,
					   const char16_t *localgroupname,
					   DWORD level, LPBYTE *bufptr,
					   DWORD prefmaxlen,
					   LPDWORD entriesread,
					   LPDWORD totalentries,
					   uintptr_t *resumehandle);
NET_API_STATUS NetGetDCName_w16(const char16_t *servername,
				const char16_t *domainname, LPBYTE *bufptr);
NET_API_STATUS NetGetAnyDCName_w16(const char16_t *servername,
				   const char16_t *domainname, LPBYTE *bufptr);

#endif /* NETBUF_INTERNAL_LM_H */
