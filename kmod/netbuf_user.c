// SPDX-License-Identifier: GPL-2.0
/*
 * Pages charged per user, across all the contexts that user opened: the
 * pages are unswappable and a user may open the device many times, so the
 * per-context limits alone would not bound what one user can pin.
 */
#include <kunit/visibility.h>
#include <linux/hashtable.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uidgid.h>

#include "netbuf_compat.h"
#include "netbuf_internal.h"

/**
 * struct netbuf_user - what one user holds
 * @node: in netbuf_users, keyed by @uid
 * @uid: the user who opened the contexts
 * @refs: contexts opened by @uid; changed under netbuf_users_lock
 * @pages: pages those contexts hold or are allocating
 */
struct netbuf_user {
	struct hlist_node node;
	kuid_t uid;
	refcount_t refs;
	atomic_long_t pages;
};

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
	atomic_long_set(&fresh->pages, 0);

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

bool netbuf_user_charge(struct netbuf_user *user, u64 pages)
{
	u64 max_pages = READ_ONCE(netbuf_max_user_bytes) >> PAGE_SHIFT;
	long held;

	if (!user)
		return true;
	/*
	 * Compare and exchange: charges racing from several contexts add up,
	 * and a request that does not fit never shows in the count, where it
	 * could make smaller ones fail.
	 */
	held = atomic_long_read(&user->pages);
	do {
		if (pages > max_pages || (u64)held > max_pages - pages)
			return false;
	} while (!atomic_long_try_cmpxchg(&user->pages, &held, held + pages));
	return true;
}

void netbuf_user_uncharge(struct netbuf_user *user, u64 pages)
{
	if (user)
		atomic_long_sub(pages, &user->pages);
}
