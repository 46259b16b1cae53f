/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lm.h - every LAN Manager header libnetbuf provides, as a Windows program
 * includes them with one line.
 */
#ifndef LM_H
#define LM_H

#include "lmcons.h"
#include "lmerr.h"
#include "lmapibuf.h"
#include "lmaccess.h"
#include "lmwksta.h"
#include "lmserver.h"
#include "lmjoin.h"

#endif /* LM_H */
