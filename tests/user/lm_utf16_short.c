// SPDX-License-Identifier: GPL-2.0
/*
 * lm_utf16 built with -fshort-wchar and no -DNETBUF_WCHAR16: a 2-byte
 * wchar_t chooses UTF-16 mode by itself, and L"" literals are UTF-16.
 */
#include "lm_utf16.c"
