// SPDX-License-Identifier: GPL-2.0
/*
 * Bytes charged per user, across all the contexts that user opened: the
 * pages are unswappable and a user may open the device many times, so the
 * per-context limits alone would not bound what one user can pin. Every
 * byte of kernel memory a context or a buffer keeps is charged here, the
 * descriptors of zero-size buffers included, so max_user_bytes bounds it.
 */
#include <kunit/visibility.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/mm_types.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uidgid.h>
#include <linux/xarray.h>

#include "netbuf_compat.h"
#include "netbuf_internal.h"

/**
 * struct netbuf_user - what one user holds
 * @node: in netbuf_users, keyed by @uid
 * @uid: the user who opened the contexts
 * @refs: contexts opened by @uid; changed under netbuf_users_lock
 * @bytes: what those contexts and their buffers hold or are allocating,
 *         as netbuf_user_context_bytes() and netbuf_user_buffer_bytes()
 *         count it
 */
struct netbuf_user {
	struct hlist_node node;
	kuid_t uid;
	refcount_t refs;
	atomic_long_t bytes;
};

/*
 * What one buffer keeps beyond its pages: its descriptor (an object of
 * the netbuf_buffer slab cache, sizeof rounded to 8) and its slot in the
 * context's index of starts. A slot lives in a 576-byte xa_node of 64
 * slots, and one live buffer can keep a whole node alone (its neighbours
 * freed), so the whole node is charged: 64 + 576, 640 bytes on 64-bit.
 * Its metadata entries live in metadata pages, each charged whole as it
 * is made (netbuf_meta_page_bytes()). The inner nodes of the index
 * above the leaves are bounded by the size of the window, not by the
 * number of buffers (docs: netbuf(4)).
 */
#define NETBUF_BUFFER_CHARGE	ALIGN(ALIGN(sizeof(struct netbuf_buffer), 8) + \
				      sizeof(struct xa_node), 64)
/*
 * The array of page pointers of a buffer of more than one page
 * (kvmalloc_array): kmalloc and vmalloc round it up to at most twice.
 */
#define NETBUF_PAGE_ARRAY_CHARGE	(2 * sizeof(struct page *))
/*
 * What one small buffer keeps beyond its slot: its entry in the context's
 * index of small buffers (8 bytes, and 1/64 of a 576-byte xa_node while
 * the index is dense, as xa_alloc_cyclic() keeps it) and the page-table
 * entries of its window page and guard page (16 bytes). 25 bytes on
 * 64-bit, rounded up to 32; its metadata entries live in metadata pages,
 * charged whole (netbuf_meta_page_bytes()).
 * Leaves of the index that sparse frees leave behind, and the page tables
 * of the small region, are bounded by the size of the region, not by the
 * number of buffers (docs: netbuf(4)).
 */
#define NETBUF_SMALL_BUFFER_CHARGE	32
/*
 * A shared page, pinned whole however few of its slots are live: the page,
 * its struct netbuf_small_page (kmalloc rounds it up to at most twice) and
 * a whole node of the context's index of shared pages.
 */
#define NETBUF_SMALL_PAGE_CHARGE					\
	(PAGE_SIZE + ALIGN(2 * sizeof(struct netbuf_small_page) +	\
			   sizeof(struct xa_node), 64))
/*
 * What one context keeps while open: the context (kmalloc rounds it up
 * to at most the next power of two), its inode, the open file, a node of
 * the index of context ids (a whole one, as for buffers), and the
 * mm_struct with its top-level page table (two pages with page-table
 * isolation), which the context keeps alive (mmgrab) when its file
 * outlives the process that opened it: passed on, or in flight in a unix
 * socket; and the ring of its small buffers' quarantine. Rounded up to
 * 1 KiB; about 16 KiB on x86-64.
 */
#define NETBUF_CONTEXT_CHARGE						\
	ALIGN(roundup_pow_of_two(sizeof(struct netbuf_ctx)) +		\
	      sizeof(struct inode) + sizeof(struct file) +		\
	      sizeof(struct xa_node) + sizeof(struct mm_struct) +	\
	      2 * PAGE_SIZE + NETBUF_SMALL_QUARANTINE_SLOTS *		\
	      sizeof(unsigned long), 1024)

/**
 * netbuf_user_buffer_bytes() - what a buffer is charged to its user
 * @npages: pages of the buffer; fewer than the window's, so no overflow
 *
 * Context: any.
 * Return: its pages, its metadata (NETBUF_BUFFER_CHARGE) and, from two
 * pages on, its array of page pointers, in bytes.
 */
u64 netbuf_user_buffer_bytes(u64 npages)
{
	u64 bytes = (npages << PAGE_SHIFT) + NETBUF_BUFFER_CHARGE;

	if (npages > 1)
		bytes += npages * NETBUF_PAGE_ARRAY_CHARGE;
	return bytes;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_user_buffer_bytes);

/**
 * netbuf_user_context_bytes() - what an open context is charged to its user
 *
 * Context: any.
 * Return: NETBUF_CONTEXT_CHARGE, in bytes.
 */
u64 netbuf_user_context_bytes(void)
{
	return NETBUF_CONTEXT_CHARGE;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_user_context_bytes);

/**
 * netbuf_user_small_buffer_bytes() - what a small buffer is charged
 *
 * Context: any.
 * Return: NETBUF_SMALL_BUFFER_CHARGE, in bytes; its shared page is
 * charged apart (netbuf_user_small_page_bytes()).
 */
u64 netbuf_user_small_buffer_bytes(void)
{
	return NETBUF_SMALL_BUFFER_CHARGE;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_user_small_buffer_bytes);

/**
 * netbuf_user_small_page_bytes() - what a shared page is charged
 *
 * Context: any.
 * Return: NETBUF_SMALL_PAGE_CHARGE, in bytes.
 */
u64 netbuf_user_small_page_bytes(void)
{
	return NETBUF_SMALL_PAGE_CHARGE;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_user_small_page_bytes);

static DEFINE_HASHTABLE(netbuf_users, 6);
static DEFINE_SPINLOCK(netbuf_users_lock);

/* Entries leave the table, under the lock, when their last ref goes. */
static struct netbuf_user *netbuf_user_find(kuid_t uid)
{
	struct netbuf_user *user;

	lockdep_assert_held(&netbuf_users_lock);
	hash_for_each_possible(netbuf_users, user, node, __kuid_val(uid)) {
		if (uid_eq(user->uid, uid)) {
			refcount_inc(&user->refs);
			return user;
		}
	}
	return NULL;
}

struct netbuf_user *netbuf_user_get(kuid_t uid)
{
	struct netbuf_user *user, *fresh;

	spin_lock(&netbuf_users_lock);
	user = netbuf_user_find(uid);
	spin_unlock(&netbuf_users_lock);
	if (user)
		return user;

	fresh = kzalloc_obj(*fresh, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!fresh)
		return NULL;
	fresh->uid = uid;
	refcount_set(&fresh->refs, 1);
	atomic_long_set(&fresh->bytes, 0);

	/* Another open by the same user may have added it meanwhile. */
	spin_lock(&netbuf_users_lock);
	user = netbuf_user_find(uid);
	if (!user) {
		hash_add(netbuf_users, &fresh->node, __kuid_val(uid));
		user = fresh;
		fresh = NULL;
	}
	spin_unlock(&netbuf_users_lock);
	kfree(fresh);
	return user;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_user_get);

/* Opens and releases are rare: the lock is simply always taken. */
void netbuf_user_put(struct netbuf_user *user)
{
	bool last;

	spin_lock(&netbuf_users_lock);
	last = refcount_dec_and_test(&user->refs);
	if (last)
		hash_del(&user->node);
	spin_unlock(&netbuf_users_lock);
	if (last)
		kfree(user);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_user_put);

/**
 * netbuf_user_charge() - take bytes out of a user's budget
 * @user: the user, or NULL (tests without one: no limit)
 * @bytes: as netbuf_user_buffer_bytes() or netbuf_user_context_bytes()
 *
 * Context: any; does not sleep.
 * Return: true if @bytes fit under max_user_bytes and are now charged.
 */
bool netbuf_user_charge(struct netbuf_user *user, u64 bytes)
{
	u64 max = READ_ONCE(netbuf_max_user_bytes);
	long held;

	if (!user)
		return true;
	/*
	 * Compare and exchange: charges racing from several contexts add up,
	 * and a request that does not fit never shows in the count, where it
	 * could make smaller ones fail.
	 */
	held = atomic_long_read(&user->bytes);
	do {
		if (bytes > max || (u64)held > max - bytes)
			return false;
	} while (!atomic_long_try_cmpxchg(&user->bytes, &held, held + bytes));
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_user_charge);

/**
 * netbuf_user_uncharge() - give bytes back to a user's budget
 * @user: the user, or NULL
 * @bytes: what netbuf_user_charge() took
 *
 * Context: any; does not sleep.
 */
void netbuf_user_uncharge(struct netbuf_user *user, u64 bytes)
{
	if (user)
		atomic_long_sub(bytes, &user->bytes);
}
EXPORT_SYMBOL_IF_KUNIT(netbuf_user_uncharge);
