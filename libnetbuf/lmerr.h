/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lmerr.h - the status codes libnetbuf's functions return, with their
 * Windows values: NERR_* from the SDK's lmerr.h, and the ERROR_* and
 * RPC_X_* values of winerror.h that the network-management functions
 * return, for programs that include no winerror.h.
 */
#ifndef LMERR_H
#define LMERR_H

#define NERR_Success			0U

#ifndef ERROR_ACCESS_DENIED
#define ERROR_ACCESS_DENIED		5U
#endif
#ifndef ERROR_NOT_ENOUGH_MEMORY
#define ERROR_NOT_ENOUGH_MEMORY		8U
#endif
#ifndef ERROR_NOT_SUPPORTED
#define ERROR_NOT_SUPPORTED		50U
#endif
#ifndef ERROR_BAD_NETPATH
#define ERROR_BAD_NETPATH		53U
#endif
#ifndef ERROR_INVALID_PARAMETER
#define ERROR_INVALID_PARAMETER		87U
#endif
#ifndef ERROR_INVALID_NAME
#define ERROR_INVALID_NAME		123U
#endif
#ifndef ERROR_INVALID_LEVEL
#define ERROR_INVALID_LEVEL		124U
#endif
#ifndef ERROR_MORE_DATA
#define ERROR_MORE_DATA			234U
#endif
#ifndef ERROR_NO_SUCH_DOMAIN
#define ERROR_NO_SUCH_DOMAIN		1355U
#endif
#ifndef ERROR_NO_SUCH_USER
#define ERROR_NO_SUCH_USER		1317U
#endif
#ifndef ERROR_NONE_MAPPED
#define ERROR_NONE_MAPPED		1332U
#endif
#ifndef ERROR_NO_SUCH_ALIAS
#define ERROR_NO_SUCH_ALIAS		1376U
#endif
#ifndef RPC_X_NULL_REF_POINTER
#define RPC_X_NULL_REF_POINTER		1780U
#endif

#define NERR_BASE			2100U
#define NERR_NetNotStarted		(NERR_BASE + 2)
#define NERR_UnknownServer		(NERR_BASE + 3)
#define NERR_BufTooSmall		(NERR_BASE + 23)
#define NERR_InvalidAPI			(NERR_BASE + 42)
#define NERR_WkstaNotStarted		(NERR_BASE + 38)
#define NERR_GroupNotFound		(NERR_BASE + 120)
#define NERR_UserNotFound		(NERR_BASE + 121)
#define NERR_InvalidComputer		(NERR_BASE + 251)
#define NERR_DCNotFound			(NERR_BASE + 353)
#define NERR_SetupNotJoined		(NERR_BASE + 592)
#define MAX_NERR			(NERR_BASE + 899)

#endif /* LMERR_H */
