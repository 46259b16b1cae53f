/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lmaccess.h - the account functions of the Windows SDK (NetUser*,
 * NetLocalGroup*, NetGetDCName) and their structures, answered from this
 * computer's account databases through NSS (getpwnam_r, getpwent,
 * getgrent, getgrouplist, and getspnam where shadow data is readable), so
 * that LDAP, sssd and winbind accounts appear as local ones. Strings are
 * WCHAR (wchar_t, or char16_t in UTF-16 mode: see lmcons.h). Every buffer
 * is one netbuf buffer holding the array, the strings and the SIDs it
 * points to; one NetApiBufferFree releases it. The man pages name the
 * source of every field; fields without a Unix source are empty strings,
 * NULL pointers or 0, each documented.
 *
 * SIDs follow Samba's Unix convention: a user is S-1-22-1-<uid>, a Unix
 * group S-1-22-2-<gid>, and the RID of either is the uid or gid. The
 * well-known aliases are Administrators (S-1-5-32-544: uid 0 and the
 * members of the administrators' Unix group) and Users (S-1-5-32-545:
 * every user); every Unix group is a local group too.
 *
 * Structures have the Windows layout for this ABI (lmcons.h).
 */
#ifndef LMACCESS_H
#define LMACCESS_H

#include "lmcons.h"
#include "lmerr.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Types of winnt.h the structures use. A program that has them from
 * another set of Windows headers (winpr, Wine) defines
 * NETBUF_WINDOWS_ACCOUNT_TYPES before including this one, as for
 * NETBUF_WINDOWS_BASE_TYPES (lmcons.h).
 */
#ifndef NETBUF_WINDOWS_ACCOUNT_TYPES
#define NETBUF_WINDOWS_ACCOUNT_TYPES
typedef uintptr_t DWORD_PTR;
typedef DWORD_PTR *PDWORD_PTR;
typedef BYTE *PBYTE;

typedef struct _SID_IDENTIFIER_AUTHORITY {
	BYTE Value[6];
} SID_IDENTIFIER_AUTHORITY, *PSID_IDENTIFIER_AUTHORITY;

/* A SID: 8 bytes, then SubAuthorityCount DWORDs (4-byte aligned). */
typedef struct _SID {
	BYTE Revision;
	BYTE SubAuthorityCount;
	SID_IDENTIFIER_AUTHORITY IdentifierAuthority;
	DWORD SubAuthority[1];
} SID, *PISID;

typedef void *PSID;

typedef enum _SID_NAME_USE {
	SidTypeUser = 1,
	SidTypeGroup,
	SidTypeDomain,
	SidTypeAlias,
	SidTypeWellKnownGroup,
	SidTypeDeletedAccount,
	SidTypeInvalid,
	SidTypeUnknown,
	SidTypeComputer,
	SidTypeLabel,
	SidTypeLogonSession
} SID_NAME_USE, *PSID_NAME_USE;
#endif

#ifndef SID_REVISION
#define SID_REVISION			1
#endif
#ifndef SECURITY_MAX_SID_SIZE
#define SECURITY_MAX_SID_SIZE		68
#endif
#ifndef SECURITY_BUILTIN_DOMAIN_RID
#define SECURITY_BUILTIN_DOMAIN_RID	0x00000020
#endif
#ifndef DOMAIN_ALIAS_RID_ADMINS
#define DOMAIN_ALIAS_RID_ADMINS		0x00000220	/* 544 */
#endif
#ifndef DOMAIN_ALIAS_RID_USERS
#define DOMAIN_ALIAS_RID_USERS		0x00000221	/* 545 */
#endif
#ifndef DOMAIN_GROUP_RID_USERS
#define DOMAIN_GROUP_RID_USERS		0x00000201	/* 513 */
#endif

/* grui1_attributes (winnt.h). */
#ifndef SE_GROUP_MANDATORY
#define SE_GROUP_MANDATORY		0x00000001
#define SE_GROUP_ENABLED_BY_DEFAULT	0x00000002
#define SE_GROUP_ENABLED		0x00000004
#endif

/* NetUserEnum's filter. */
#define FILTER_TEMP_DUPLICATE_ACCOUNT		0x0001
#define FILTER_NORMAL_ACCOUNT			0x0002
#define FILTER_INTERDOMAIN_TRUST_ACCOUNT	0x0008
#define FILTER_WORKSTATION_TRUST_ACCOUNT	0x0010
#define FILTER_SERVER_TRUST_ACCOUNT		0x0020

/* usriN_flags. */
#define UF_SCRIPT				0x00000001
#define UF_ACCOUNTDISABLE			0x00000002
#define UF_HOMEDIR_REQUIRED			0x00000008
#define UF_LOCKOUT				0x00000010
#define UF_PASSWD_NOTREQD			0x00000020
#define UF_PASSWD_CANT_CHANGE			0x00000040
#define UF_ENCRYPTED_TEXT_PASSWORD_ALLOWED	0x00000080
#define UF_TEMP_DUPLICATE_ACCOUNT		0x00000100
#define UF_NORMAL_ACCOUNT			0x00000200
#define UF_INTERDOMAIN_TRUST_ACCOUNT		0x00000800
#define UF_WORKSTATION_TRUST_ACCOUNT		0x00001000
#define UF_SERVER_TRUST_ACCOUNT			0x00002000
#define UF_MACHINE_ACCOUNT_MASK	(UF_INTERDOMAIN_TRUST_ACCOUNT | \
				 UF_WORKSTATION_TRUST_ACCOUNT | \
				 UF_SERVER_TRUST_ACCOUNT)
#define UF_ACCOUNT_TYPE_MASK	(UF_TEMP_DUPLICATE_ACCOUNT | \
				 UF_NORMAL_ACCOUNT | \
				 UF_MACHINE_ACCOUNT_MASK)
#define UF_DONT_EXPIRE_PASSWD			0x00010000
#define UF_MNS_LOGON_ACCOUNT			0x00020000
#define UF_SMARTCARD_REQUIRED			0x00040000
#define UF_TRUSTED_FOR_DELEGATION		0x00080000
#define UF_NOT_DELEGATED			0x00100000
#define UF_USE_DES_KEY_ONLY			0x00200000
#define UF_DONT_REQUIRE_PREAUTH			0x00400000
#define UF_PASSWORD_EXPIRED			0x00800000
#define UF_TRUSTED_TO_AUTHENTICATE_FOR_DELEGATION 0x01000000
#define UF_NO_AUTH_DATA_REQUIRED		0x02000000
#define UF_PARTIAL_SECRETS_ACCOUNT		0x04000000
#define UF_USE_AES_KEYS				0x08000000

/* usriN_priv. */
#define USER_PRIV_MASK		0x3
#define USER_PRIV_GUEST		0
#define USER_PRIV_USER		1
#define USER_PRIV_ADMIN		2

/* usriN_auth_flags. */
#define AF_OP_PRINT		0x1
#define AF_OP_COMM		0x2
#define AF_OP_SERVER		0x4
#define AF_OP_ACCOUNTS		0x8

/* No limit: acct_expires, max_storage. */
#define TIMEQ_FOREVER			((DWORD)-1)
#define USER_MAXSTORAGE_UNLIMITED	((DWORD)-1)
#define USER_NO_LOGOFF			((DWORD)-1)
#define UNITS_PER_DAY			24
#define UNITS_PER_WEEK			(UNITS_PER_DAY * 7)

/* NetUserGetLocalGroups' flags. */
#define LG_INCLUDE_INDIRECT	0x0001

typedef struct _USER_INFO_0 {
	LPWSTR usri0_name;
} USER_INFO_0, *PUSER_INFO_0, *LPUSER_INFO_0;

typedef struct _USER_INFO_1 {
	LPWSTR usri1_name;
	LPWSTR usri1_password;
	DWORD usri1_password_age;
	DWORD usri1_priv;
	LPWSTR usri1_home_dir;
	LPWSTR usri1_comment;
	DWORD usri1_flags;
	LPWSTR usri1_script_path;
} USER_INFO_1, *PUSER_INFO_1, *LPUSER_INFO_1;

typedef struct _USER_INFO_2 {
	LPWSTR usri2_name;
	LPWSTR usri2_password;
	DWORD usri2_password_age;
	DWORD usri2_priv;
	LPWSTR usri2_home_dir;
	LPWSTR usri2_comment;
	DWORD usri2_flags;
	LPWSTR usri2_script_path;
	DWORD usri2_auth_flags;
	LPWSTR usri2_full_name;
	LPWSTR usri2_usr_comment;
	LPWSTR usri2_parms;
	LPWSTR usri2_workstations;
	DWORD usri2_last_logon;
	DWORD usri2_last_logoff;
	DWORD usri2_acct_expires;
	DWORD usri2_max_storage;
	DWORD usri2_units_per_week;
	PBYTE usri2_logon_hours;
	DWORD usri2_bad_pw_count;
	DWORD usri2_num_logons;
	LPWSTR usri2_logon_server;
	DWORD usri2_country_code;
	DWORD usri2_code_page;
} USER_INFO_2, *PUSER_INFO_2, *LPUSER_INFO_2;

typedef struct _USER_INFO_3 {
	LPWSTR usri3_name;
	LPWSTR usri3_password;
	DWORD usri3_password_age;
	DWORD usri3_priv;
	LPWSTR usri3_home_dir;
	LPWSTR usri3_comment;
	DWORD usri3_flags;
	LPWSTR usri3_script_path;
	DWORD usri3_auth_flags;
	LPWSTR usri3_full_name;
	LPWSTR usri3_usr_comment;
	LPWSTR usri3_parms;
	LPWSTR usri3_workstations;
	DWORD usri3_last_logon;
	DWORD usri3_last_logoff;
	DWORD usri3_acct_expires;
	DWORD usri3_max_storage;
	DWORD usri3_units_per_week;
	PBYTE usri3_logon_hours;
	DWORD usri3_bad_pw_count;
	DWORD usri3_num_logons;
	LPWSTR usri3_logon_server;
	DWORD usri3_country_code;
	DWORD usri3_code_page;
	DWORD usri3_user_id;
	DWORD usri3_primary_group_id;
	LPWSTR usri3_profile;
	LPWSTR usri3_home_dir_drive;
	DWORD usri3_password_expired;
} USER_INFO_3, *PUSER_INFO_3, *LPUSER_INFO_3;

typedef struct _USER_INFO_4 {
	LPWSTR usri4_name;
	LPWSTR usri4_password;
	DWORD usri4_password_age;
	DWORD usri4_priv;
	LPWSTR usri4_home_dir;
	LPWSTR usri4_comment;
	DWORD usri4_flags;
	LPWSTR usri4_script_path;
	DWORD usri4_auth_flags;
	LPWSTR usri4_full_name;
	LPWSTR usri4_usr_comment;
	LPWSTR usri4_parms;
	LPWSTR usri4_workstations;
	DWORD usri4_last_logon;
	DWORD usri4_last_logoff;
	DWORD usri4_acct_expires;
	DWORD usri4_max_storage;
	DWORD usri4_units_per_week;
	PBYTE usri4_logon_hours;
	DWORD usri4_bad_pw_count;
	DWORD usri4_num_logons;
	LPWSTR usri4_logon_server;
	DWORD usri4_country_code;
	DWORD usri4_code_page;
	PSID usri4_user_sid;
	DWORD usri4_primary_group_id;
	LPWSTR usri4_profile;
	LPWSTR usri4_home_dir_drive;
	DWORD usri4_password_expired;
} USER_INFO_4, *PUSER_INFO_4, *LPUSER_INFO_4;

typedef struct _USER_INFO_10 {
	LPWSTR usri10_name;
	LPWSTR usri10_comment;
	LPWSTR usri10_usr_comment;
	LPWSTR usri10_full_name;
} USER_INFO_10, *PUSER_INFO_10, *LPUSER_INFO_10;

typedef struct _USER_INFO_11 {
	LPWSTR usri11_name;
	LPWSTR usri11_comment;
	LPWSTR usri11_usr_comment;
	LPWSTR usri11_full_name;
	DWORD usri11_priv;
	DWORD usri11_auth_flags;
	DWORD usri11_password_age;
	LPWSTR usri11_home_dir;
	LPWSTR usri11_parms;
	DWORD usri11_last_logon;
	DWORD usri11_last_logoff;
	DWORD usri11_bad_pw_count;
	DWORD usri11_num_logons;
	LPWSTR usri11_logon_server;
	DWORD usri11_country_code;
	LPWSTR usri11_workstations;
	DWORD usri11_max_storage;
	DWORD usri11_units_per_week;
	PBYTE usri11_logon_hours;
	DWORD usri11_code_page;
} USER_INFO_11, *PUSER_INFO_11, *LPUSER_INFO_11;

typedef struct _USER_INFO_20 {
	LPWSTR usri20_name;
	LPWSTR usri20_full_name;
	LPWSTR usri20_comment;
	DWORD usri20_flags;
	DWORD usri20_user_id;
} USER_INFO_20, *PUSER_INFO_20, *LPUSER_INFO_20;

typedef struct _USER_INFO_23 {
	LPWSTR usri23_name;
	LPWSTR usri23_full_name;
	LPWSTR usri23_comment;
	DWORD usri23_flags;
	PSID usri23_user_sid;
} USER_INFO_23, *PUSER_INFO_23, *LPUSER_INFO_23;

typedef struct _GROUP_USERS_INFO_0 {
	LPWSTR grui0_name;
} GROUP_USERS_INFO_0, *PGROUP_USERS_INFO_0, *LPGROUP_USERS_INFO_0;

typedef struct _GROUP_USERS_INFO_1 {
	LPWSTR grui1_name;
	DWORD grui1_attributes;
} GROUP_USERS_INFO_1, *PGROUP_USERS_INFO_1, *LPGROUP_USERS_INFO_1;

typedef struct _LOCALGROUP_USERS_INFO_0 {
	LPWSTR lgrui0_name;
} LOCALGROUP_USERS_INFO_0, *PLOCALGROUP_USERS_INFO_0,
	*LPLOCALGROUP_USERS_INFO_0;

typedef struct _LOCALGROUP_INFO_0 {
	LPWSTR lgrpi0_name;
} LOCALGROUP_INFO_0, *PLOCALGROUP_INFO_0, *LPLOCALGROUP_INFO_0;

typedef struct _LOCALGROUP_INFO_1 {
	LPWSTR lgrpi1_name;
	LPWSTR lgrpi1_comment;
} LOCALGROUP_INFO_1, *PLOCALGROUP_INFO_1, *LPLOCALGROUP_INFO_1;

typedef struct _LOCALGROUP_MEMBERS_INFO_0 {
	PSID lgrmi0_sid;
} LOCALGROUP_MEMBERS_INFO_0, *PLOCALGROUP_MEMBERS_INFO_0,
	*LPLOCALGROUP_MEMBERS_INFO_0;

typedef struct _LOCALGROUP_MEMBERS_INFO_1 {
	PSID lgrmi1_sid;
	SID_NAME_USE lgrmi1_sidusage;
	LPWSTR lgrmi1_name;
} LOCALGROUP_MEMBERS_INFO_1, *PLOCALGROUP_MEMBERS_INFO_1,
	*LPLOCALGROUP_MEMBERS_INFO_1;

typedef struct _LOCALGROUP_MEMBERS_INFO_2 {
	PSID lgrmi2_sid;
	SID_NAME_USE lgrmi2_sidusage;
	LPWSTR lgrmi2_domainandname;
} LOCALGROUP_MEMBERS_INFO_2, *PLOCALGROUP_MEMBERS_INFO_2,
	*LPLOCALGROUP_MEMBERS_INFO_2;

typedef struct _LOCALGROUP_MEMBERS_INFO_3 {
	LPWSTR lgrmi3_domainandname;
} LOCALGROUP_MEMBERS_INFO_3, *PLOCALGROUP_MEMBERS_INFO_3,
	*LPLOCALGROUP_MEMBERS_INFO_3;

/*
 * Common to every function below:
 * servername: NULL, empty, or a name of this computer (as NetWkstaGetInfo,
 * lmwksta.h), else ERROR_BAD_NETPATH (no RPC); one backslash followed by
 * anything but another, or "\\\\" alone, is ERROR_INVALID_NAME (Windows'
 * answers in Wine's tests).
 * Account and Unix group names compare exactly, as the databases do.
 * Enumerations: prefmaxlen is MAX_PREFERRED_LENGTH for all, or a byte
 * limit: as many whole entries as fit (at least one) and ERROR_MORE_DATA
 * while more remain; *totalentries counts the entries from the resume
 * position on (a hint, as on Windows). A resume handle is a key, not an
 * index (the last uid + 1; for local groups 1, 2, then gid + 3), so that
 * entries added or removed between calls neither repeat nor skip the
 * others; entries of one key come in one page. It is 0 to start and set to
 * 0 at the end. With nothing to return, *bufptr is NULL.
 * Returns, besides those named: ERROR_NOT_ENOUGH_MEMORY (memory or a
 * limit, errno says which); NERR_WkstaNotStarted when /dev/netbuf cannot
 * be used (errno says why). Once bufptr is known not to be NULL, *bufptr
 * is NULL on every failure. Thread-safe; errno unchanged on parameter
 * errors. The administrators' Unix group is $NETBUF_ADMIN_GROUP, else
 * "administrators group" in [accounts] of etc/netbuf.conf under
 * $NETBUF_SYSROOT, else the first of sudo, wheel, admin that exists.
 */

/*
 * The account @username at level 0, 1, 2, 3, 4, 10, 11, 20 or 23 (the
 * sources of the fields: NetUserGetInfo(3)).
 * Checks, in order: bufptr NULL: ERROR_INVALID_PARAMETER; servername;
 * username NULL: ERROR_INVALID_PARAMETER; NERR_UserNotFound;
 * ERROR_INVALID_LEVEL (the user before the level, as Wine and ReactOS).
 */
NET_API_STATUS NET_API_FUNCTION NetUserGetInfo(LPCWSTR servername,
					       LPCWSTR username, DWORD level,
					       LPBYTE *bufptr)
	NETBUF_W16_SYMBOL(NetUserGetInfo);

/*
 * The accounts at level 0, 1, 2, 3, 10, 11 or 20, in uid order (then
 * name). filter: 0, or a value with FILTER_NORMAL_ACCOUNT, for every
 * account (all are normal ones); any other value: none (NERR_Success).
 * Checks, in order: servername; ERROR_INVALID_LEVEL; bufptr, entriesread
 * or totalentries NULL: ERROR_INVALID_PARAMETER.
 */
NET_API_STATUS NET_API_FUNCTION NetUserEnum(LPCWSTR servername, DWORD level,
					    DWORD filter, LPBYTE *bufptr,
					    DWORD prefmaxlen,
					    LPDWORD entriesread,
					    LPDWORD totalentries,
					    LPDWORD resume_handle)
	NETBUF_W16_SYMBOL(NetUserEnum);

/*
 * The Unix groups of @username (getgrouplist: the primary group first,
 * then by gid), level 0 or 1 (attributes SE_GROUP_MANDATORY |
 * SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED). No resume handle:
 * *totalentries counts them all.
 * Checks, in order: servername; username NULL: ERROR_INVALID_PARAMETER;
 * ERROR_INVALID_LEVEL; bufptr, entriesread or totalentries NULL:
 * ERROR_INVALID_PARAMETER; NERR_UserNotFound.
 */
NET_API_STATUS NET_API_FUNCTION NetUserGetGroups(LPCWSTR servername,
						 LPCWSTR username, DWORD level,
						 LPBYTE *bufptr,
						 DWORD prefmaxlen,
						 LPDWORD entriesread,
						 LPDWORD totalentries)
	NETBUF_W16_SYMBOL(NetUserGetGroups);

/*
 * The local groups of @username, level 0: Administrators (uid 0 and the
 * administrators' group), Users (always), then its Unix groups by gid.
 * flags: 0 or LG_INCLUDE_INDIRECT, the same answer (every membership is
 * direct on Unix).
 * Checks, in order: servername; username NULL: ERROR_INVALID_PARAMETER;
 * ERROR_INVALID_LEVEL; other flags, or bufptr, entriesread or
 * totalentries NULL: ERROR_INVALID_PARAMETER; NERR_UserNotFound.
 */
NET_API_STATUS NET_API_FUNCTION NetUserGetLocalGroups(LPCWSTR servername,
						      LPCWSTR username,
						      DWORD level, DWORD flags,
						      LPBYTE *bufptr,
						      DWORD prefmaxlen,
						      LPDWORD entriesread,
						      LPDWORD totalentries)
	NETBUF_W16_SYMBOL(NetUserGetLocalGroups);

/*
 * The local groups, level 0 or 1: Administrators, Users, then every Unix
 * group by gid (comments: Windows' for the aliases, "" for Unix groups).
 * Checks, in order: servername; ERROR_INVALID_LEVEL; bufptr, entriesread
 * or totalentries NULL: ERROR_INVALID_PARAMETER.
 */
NET_API_STATUS NET_API_FUNCTION NetLocalGroupEnum(LPCWSTR servername,
						  DWORD level, LPBYTE *bufptr,
						  DWORD prefmaxlen,
						  LPDWORD entriesread,
						  LPDWORD totalentries,
						  PDWORD_PTR resumehandle)
	NETBUF_W16_SYMBOL(NetLocalGroupEnum);

/*
 * The local group @groupname, level 0 or 1: "Administrators" or "Users"
 * exactly, else a Unix group, else the aliases in any case.
 * Checks, in order: bufptr NULL: ERROR_INVALID_PARAMETER; servername;
 * groupname NULL: ERROR_INVALID_PARAMETER; ERROR_INVALID_LEVEL;
 * ERROR_NO_SUCH_ALIAS.
 */
NET_API_STATUS NET_API_FUNCTION NetLocalGroupGetInfo(LPCWSTR servername,
						     LPCWSTR groupname,
						     DWORD level,
						     LPBYTE *bufptr)
	NETBUF_W16_SYMBOL(NetLocalGroupGetInfo);

/*
 * The members of @localgroupname, level 0, 1, 2 or 3: accounts only
 * (SidTypeUser, S-1-22-1-<uid>, "COMPUTER\\name"), by uid then name.
 * Administrators: uid 0 and the administrators' group; Users: every
 * account; a Unix group: its member list and the accounts with it as
 * primary group.
 * Checks, in order: servername; localgroupname NULL:
 * ERROR_INVALID_PARAMETER; ERROR_INVALID_LEVEL; bufptr, entriesread or
 * totalentries NULL: ERROR_INVALID_PARAMETER; ERROR_NO_SUCH_ALIAS.
 */
NET_API_STATUS NET_API_FUNCTION NetLocalGroupGetMembers(LPCWSTR servername,
							LPCWSTR localgroupname,
							DWORD level,
							LPBYTE *bufptr,
							DWORD prefmaxlen,
							LPDWORD entriesread,
							LPDWORD totalentries,
							PDWORD_PTR resumehandle)
	NETBUF_W16_SYMBOL(NetLocalGroupGetMembers);

/*
 * The domain controller of @domainname (NULL or empty: this computer's
 * domain) as "\\\\NAME": the first ad_server or ipa_server of sssd.conf,
 * else smb.conf "password server", in NetBIOS form. NERR_DCNotFound when
 * this computer is not a domain member (as NetGetJoinInformation
 * decides), for another domain, and when no controller is configured
 * (netbuf locates none). NetGetAnyDCName answers the same.
 * Checks, in order: bufptr NULL: ERROR_INVALID_PARAMETER; servername;
 * NERR_DCNotFound.
 */
NET_API_STATUS NET_API_FUNCTION NetGetDCName(LPCWSTR servername,
					     LPCWSTR domainname,
					     LPBYTE *bufptr)
	NETBUF_W16_SYMBOL(NetGetDCName);

NET_API_STATUS NET_API_FUNCTION NetGetAnyDCName(LPCWSTR servername,
						LPCWSTR domainname,
						LPBYTE *bufptr)
	NETBUF_W16_SYMBOL(NetGetAnyDCName);

#ifdef __cplusplus
}
#endif

#endif /* LMACCESS_H */
