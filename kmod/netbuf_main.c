// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/netbuf: the misc device, its ioctls, its limits and its counters.
 * The dispatcher finds an ioctl by its number and copies its argument in
 * at the caller's struct size (which may be an older or newer version);
 * the ioctl validates every field, calls the context and copies the result
 * out; no user copy happens under a lock.
 */
#include <kunit/visibility.h>
#include <linux/cred.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <linux/netbuf.h>

#include "netbuf_internal.h"

unsigned long long netbuf_max_bytes = SZ_1G;
module_param_named(max_bytes, netbuf_max_bytes, ullong, 0644);
MODULE_PARM_DESC(max_bytes,
		 "Page-rounded bytes live in one context (default 1 GiB)");
EXPORT_SYMBOL_IF_KUNIT(netbuf_max_bytes);

unsigned int netbuf_max_buffers = 1U << 20;
module_param_named(max_buffers, netbuf_max_buffers, uint, 0644);
MODULE_PARM_DESC(max_buffers, "Buffers live in one context (default 1048576)");
EXPORT_SYMBOL_IF_KUNIT(netbuf_max_buffers);

/*
 * 0 at load means half of RAM: the pages are never swapped out. Written at
 * run time, the value is taken as it is. Counts every byte a user's
 * contexts and buffers keep, not only the pages (netbuf_user.c).
 */
unsigned long long netbuf_max_user_bytes;
module_param_named(max_user_bytes, netbuf_max_user_bytes, ullong, 0644);
MODULE_PARM_DESC(max_user_bytes,
		 "Bytes of kernel memory (pages and metadata) held by all contexts one user opened (default half of RAM)");
EXPORT_SYMBOL_IF_KUNIT(netbuf_max_user_bytes);

/* Above this, or at 0, buffers get pages of their own (netbuf_small.c). */
unsigned int netbuf_small_max = NETBUF_SMALL_MAX;
module_param_named(small_max, netbuf_small_max, uint, 0644);
MODULE_PARM_DESC(small_max,
		 "Largest buffer packed into a shared page, at most 2048 (default 2048; 0: none)");
EXPORT_SYMBOL_IF_KUNIT(netbuf_small_max);

atomic_long_t netbuf_nr_contexts = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_contexts);
atomic_long_t netbuf_nr_buffers = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_buffers);
atomic_long_t netbuf_nr_pages = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_pages);
atomic_long_t netbuf_nr_held_pages = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_held_pages);
atomic_long_t netbuf_nr_descriptors = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_descriptors);
atomic_long_t netbuf_nr_small_buffers = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_small_buffers);
atomic_long_t netbuf_nr_small_pages = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_small_pages);
atomic_long_t netbuf_nr_small_quarantined = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_small_quarantined);
atomic_long_t netbuf_nr_small_overwrites = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_small_overwrites);
atomic_long_t netbuf_nr_alloc_failures = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_alloc_failures);
atomic_long_t netbuf_nr_limit_hits[NETBUF_NR_LIMITS];
EXPORT_SYMBOL_IF_KUNIT(netbuf_nr_limit_hits);

/*
 * The caller's argument: where it is and how long the caller's struct is
 * (_IOC_SIZE of its command), which may be another version than ours.
 */
struct netbuf_uarg {
	void __user *ptr;
	size_t size;
};

/*
 * Copies the answer back: as much of it as the caller's struct holds. The
 * bytes of a longer struct past ours were checked to be 0 and stay so.
 */
static int netbuf_copy_out(const struct netbuf_uarg *u, const void *karg,
			   size_t ksize)
{
	return copy_to_user(u->ptr, karg, min(u->size, ksize)) ? -EFAULT : 0;
}

/*
 * The layouts the header promises, the same on 32- and 64-bit (the
 * compat path passes the structs through unchanged): each struct that
 * grew keeps its first version as a prefix.
 */
static_assert(sizeof(struct netbuf_alloc) == NETBUF_ALLOC_SIZE_VER1);
static_assert(offsetof(struct netbuf_alloc, site) == NETBUF_ALLOC_SIZE_VER0);
static_assert(sizeof(struct netbuf_realloc) == NETBUF_REALLOC_SIZE_VER1);
static_assert(offsetof(struct netbuf_realloc, site) ==
	      NETBUF_REALLOC_SIZE_VER0);
static_assert(sizeof(struct netbuf_size) == NETBUF_SIZE_SIZE_VER0);
static_assert(sizeof(struct netbuf_free) == NETBUF_FREE_SIZE_VER1);
static_assert(offsetof(struct netbuf_free, site) == NETBUF_FREE_SIZE_VER0);
static_assert(sizeof(struct netbuf_info) == NETBUF_INFO_SIZE_VER1);
static_assert(offsetof(struct netbuf_info, meta_offset) ==
	      NETBUF_INFO_SIZE_VER0);
static_assert(sizeof(struct netbuf_whatis) == NETBUF_WHATIS_SIZE_VER0);
static_assert(offsetof(struct netbuf_whatis, kind) == 56);

/*
 * The flags and site of an ALLOC, REALLOC or FREE (the bits line up, see
 * NETBUF_OP_*): a site only with its flag, one placement at most.
 */
static int netbuf_op_from(struct netbuf_op *op, u32 flags, u32 valid, u64 site)
{
	if (flags & ~valid || (site && !(flags & NETBUF_OP_SITE)) ||
	    (flags & NETBUF_OP_GUARD) == NETBUF_OP_GUARD)
		return -EINVAL;
	*op = (struct netbuf_op){ .flags = flags, .site = site };
	return 0;
}

static int netbuf_ioctl_alloc(struct netbuf_ctx *ctx, void *karg,
			      const struct netbuf_uarg *u)
{
	struct netbuf_alloc *req = karg;
	struct netbuf_op op;
	int ret;

	ret = netbuf_op_from(&op, req->flags, NETBUF_ALLOC_FLAGS_VALID,
			     req->site);
	if (ret || req->offset)
		return -EINVAL;
	if (!netbuf_ctx_is(ctx, req->context))
		return -ESTALE;
	ret = netbuf_ctx_alloc_op(ctx, req->size, &op, &req->offset);
	if (ret)
		return ret;
	ret = netbuf_copy_out(u, req, sizeof(*req));
	/* The caller cannot learn the offset: take the buffer back. */
	if (ret)
		netbuf_ctx_free(ctx, req->offset);
	return ret;
}

static int netbuf_ioctl_realloc(struct netbuf_ctx *ctx, void *karg,
				const struct netbuf_uarg *u)
{
	struct netbuf_realloc *req = karg;
	struct netbuf_op op;
	int ret;

	ret = netbuf_op_from(&op, req->flags, NETBUF_REALLOC_FLAGS_VALID,
			     req->site);
	if (ret || req->new_offset)
		return -EINVAL;
	if (!netbuf_ctx_is(ctx, req->context))
		return -ESTALE;
	/*
	 * A resize cannot be rolled back once the old range is gone, so make
	 * sure the answer can be written before changing anything.
	 */
	ret = netbuf_copy_out(u, req, sizeof(*req));
	if (ret)
		return ret;
	ret = netbuf_ctx_realloc_op(ctx, req->offset, req->size, &op,
				    &req->new_offset);
	if (ret)
		return ret;
	return netbuf_copy_out(u, req, sizeof(*req));
}

static int netbuf_ioctl_size(struct netbuf_ctx *ctx, void *karg,
			     const struct netbuf_uarg *u)
{
	struct netbuf_size *req = karg;
	int ret;

	if (req->flags & ~NETBUF_SIZE_FLAGS_VALID || req->size)
		return -EINVAL;
	if (!netbuf_ctx_is(ctx, req->context))
		return -ESTALE;
	ret = netbuf_ctx_size(ctx, req->offset, &req->size);
	if (ret)
		return ret;
	return netbuf_copy_out(u, req, sizeof(*req));
}

static int netbuf_ioctl_free(struct netbuf_ctx *ctx, void *karg,
			     const struct netbuf_uarg *u)
{
	struct netbuf_free *req = karg;
	struct netbuf_op op;

	if (netbuf_op_from(&op, req->flags, NETBUF_FREE_FLAGS_VALID, req->site))
		return -EINVAL;
	if (!netbuf_ctx_is(ctx, req->context))
		return -ESTALE;
	return netbuf_ctx_free_op(ctx, req->offset, &op);
}

static int netbuf_ioctl_info(struct netbuf_ctx *ctx, void *karg,
			     const struct netbuf_uarg *u)
{
	struct netbuf_info *req = karg;

	/* Every field before flags is an output and must come in as zero. */
	if (req->flags & ~NETBUF_INFO_FLAGS_VALID || req->context ||
	    req->meta_offset ||
	    memchr_inv(req, 0, offsetof(struct netbuf_info, flags)))
		return -EINVAL;
	netbuf_ctx_info(ctx, req);
	return netbuf_copy_out(u, req, sizeof(*req));
}

static int netbuf_ioctl_whatis(struct netbuf_ctx *ctx, void *karg,
			       const struct netbuf_uarg *u)
{
	struct netbuf_whatis *req = karg;

	/* Every field from start to kind is an output and must come in 0. */
	if (req->flags & ~NETBUF_WHATIS_FLAGS_VALID || req->reserved ||
	    memchr_inv(&req->start, 0, offsetof(struct netbuf_whatis, flags) -
				      offsetof(struct netbuf_whatis, start)))
		return -EINVAL;
	if (!netbuf_ctx_is(ctx, req->context))
		return -ESTALE;
	netbuf_ctx_whatis(ctx, req);
	return netbuf_copy_out(u, req, sizeof(*req));
}

/* Room for the argument of any ioctl, in the module's version. */
union netbuf_ioctl_arg {
	struct netbuf_alloc alloc;
	struct netbuf_realloc realloc;
	struct netbuf_size size;
	struct netbuf_free free;
	struct netbuf_info info;
	struct netbuf_whatis whatis;
};

/**
 * struct netbuf_ioctl_desc - one ioctl, found by its number
 * @cmd: its command as the header defines it: direction, type, our size
 * @size_ver0: the size of its struct in the struct's first version
 * @handler: validates the argument (copied in), does the work and copies
 *           the answer out with netbuf_copy_out()
 */
struct netbuf_ioctl_desc {
	unsigned int cmd;
	size_t size_ver0;
	int (*handler)(struct netbuf_ctx *ctx, void *karg,
		       const struct netbuf_uarg *u);
};

/*
 * Numbers 0x06-0x08 are not here: ABI 4 removed them and keeps them
 * reserved (ENOTTY).
 */
static const struct netbuf_ioctl_desc netbuf_ioctls[] = {
	{ NETBUF_IOC_ALLOC, NETBUF_ALLOC_SIZE_VER0, netbuf_ioctl_alloc },
	{ NETBUF_IOC_REALLOC, NETBUF_REALLOC_SIZE_VER0, netbuf_ioctl_realloc },
	{ NETBUF_IOC_SIZE, NETBUF_SIZE_SIZE_VER0, netbuf_ioctl_size },
	{ NETBUF_IOC_FREE, NETBUF_FREE_SIZE_VER0, netbuf_ioctl_free },
	{ NETBUF_IOC_INFO, NETBUF_INFO_SIZE_VER0, netbuf_ioctl_info },
	{ NETBUF_IOC_WHATIS, NETBUF_WHATIS_SIZE_VER0, netbuf_ioctl_whatis },
};

/*
 * Finds the ioctl of @cmd by its type and number; its direction must be
 * the one we define, its size may be another version's (see the uapi
 * header). NULL when the command is not ours.
 */
static const struct netbuf_ioctl_desc *netbuf_ioctl_find(unsigned int cmd)
{
	const struct netbuf_ioctl_desc *desc;
	size_t i;

	if (_IOC_TYPE(cmd) != NETBUF_IOC_MAGIC)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(netbuf_ioctls); i++) {
		desc = &netbuf_ioctls[i];
		if (_IOC_NR(cmd) == _IOC_NR(desc->cmd))
			return _IOC_DIR(cmd) == _IOC_DIR(desc->cmd) ? desc : NULL;
	}
	return NULL;
}

static long netbuf_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	const struct netbuf_ioctl_desc *desc = netbuf_ioctl_find(cmd);
	struct netbuf_ctx *ctx = file->private_data;
	struct netbuf_uarg u = {
		.ptr = (void __user *)arg,
		.size = _IOC_SIZE(cmd),
	};
	union netbuf_ioctl_arg karg;
	int ret;

	if (!desc)
		return -ENOTTY;
	/* The context serves its opener, not whoever inherits the fd. */
	if (current->mm != ctx->mm)
		return -EPERM;
	if (u.size < desc->size_ver0)
		return -EINVAL;
	/* Shorter: the rest reads as 0; longer: the rest must be 0 (E2BIG). */
	ret = copy_struct_from_user(&karg, _IOC_SIZE(desc->cmd), u.ptr, u.size);
	if (ret)
		return ret;
	return desc->handler(ctx, &karg, &u);
}

static int netbuf_open(struct inode *inode, struct file *file)
{
	struct netbuf_ctx *ctx;

	if (!current->mm)
		return -EPERM;
	ctx = netbuf_ctx_create(current->mm, current_uid());
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	file->f_mapping = ctx->mapping;
	file->private_data = ctx;
	return 0;
}

/* The last reference is gone: no window VMA exists any more. */
static int netbuf_release(struct inode *inode, struct file *file)
{
	netbuf_ctx_destroy(file->private_data);
	return 0;
}

static const struct file_operations netbuf_fops;

/* The context of @file, or NULL when @file is not an open of /dev/netbuf. */
struct netbuf_ctx *netbuf_file_ctx(struct file *file)
{
	return file && file->f_op == &netbuf_fops ? file->private_data : NULL;
}

/* DRM-style key:\tvalue lines in /proc/<pid>/fdinfo/<fd>. */
static void netbuf_show_fdinfo(struct seq_file *m, struct file *file)
{
	struct netbuf_ctx *ctx = file->private_data;

	mutex_lock(&ctx->lock);
	/* Descriptors of one context (inherited, passed) share its id. */
	seq_printf(m, "netbuf-context-id:\t%u\n", ctx->id);
	seq_printf(m, "netbuf-buffers:\t%lu\n", ctx->live_buffers);
	seq_printf(m, "netbuf-bytes:\t%llu\n",
		   (u64)ctx->live_pages << PAGE_SHIFT);
	seq_printf(m, "netbuf-peak-bytes:\t%llu\n",
		   (u64)ctx->peak_pages << PAGE_SHIFT);
	seq_printf(m, "netbuf-window-bytes:\t%llu\n", netbuf_window_bytes(ctx));
	seq_printf(m, "netbuf-small-buffers:\t%lu\n", ctx->small.live);
	seq_printf(m, "netbuf-small-pages:\t%lu\n", ctx->small.nr_pages);
	seq_printf(m, "netbuf-small-quarantined:\t%u\n", ctx->small.q_count);
	seq_printf(m, "netbuf-small-overwrites:\t%lu\n",
		   ctx->small.overwrites);
	seq_printf(m, "netbuf-sites-recorded:\t%lu\n", ctx->sites.recorded);
	seq_printf(m, "netbuf-sites-live:\t%lu\n", ctx->sites.nr_live);
	seq_printf(m, "netbuf-freed-history:\t%u\n", ctx->sites.count);
	seq_printf(m, "netbuf-meta-pages:\t%lu\n", ctx->meta.nr_pages);
	mutex_unlock(&ctx->lock);
}

static const struct file_operations netbuf_fops = {
	.owner = THIS_MODULE,
	.open = netbuf_open,
	.release = netbuf_release,
	.unlocked_ioctl = netbuf_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = netbuf_mmap,
	.show_fdinfo = netbuf_show_fdinfo,
};

/* A read-only sysfs file showing one counter, shifted (pages as bytes). */
struct netbuf_counter_attr {
	struct device_attribute attr;
	atomic_long_t *counter;
	unsigned int shift;
};

static ssize_t netbuf_counter_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	struct netbuf_counter_attr *ca =
		container_of(attr, struct netbuf_counter_attr, attr);

	return sysfs_emit(buf, "%llu\n",
			  (u64)atomic_long_read(ca->counter) << ca->shift);
}

#define NETBUF_COUNTER_ATTR(_name, _counter, _shift)			\
	static struct netbuf_counter_attr netbuf_attr_##_name = {	\
		.attr = __ATTR(_name, 0444, netbuf_counter_show, NULL),	\
		.counter = (_counter),					\
		.shift = (_shift),					\
	}

NETBUF_COUNTER_ATTR(contexts, &netbuf_nr_contexts, 0);
NETBUF_COUNTER_ATTR(buffers, &netbuf_nr_buffers, 0);
NETBUF_COUNTER_ATTR(bytes, &netbuf_nr_pages, PAGE_SHIFT);
NETBUF_COUNTER_ATTR(alloc_failures, &netbuf_nr_alloc_failures, 0);
NETBUF_COUNTER_ATTR(small_buffers, &netbuf_nr_small_buffers, 0);
NETBUF_COUNTER_ATTR(small_pages, &netbuf_nr_small_pages, 0);
NETBUF_COUNTER_ATTR(small_quarantined, &netbuf_nr_small_quarantined, 0);
NETBUF_COUNTER_ATTR(small_overwrites, &netbuf_nr_small_overwrites, 0);
NETBUF_COUNTER_ATTR(sites_recorded, &netbuf_nr_sites_recorded, 0);
NETBUF_COUNTER_ATTR(sites_live, &netbuf_nr_sites_live, 0);
NETBUF_COUNTER_ATTR(freed_history, &netbuf_nr_freed_history, 0);
NETBUF_COUNTER_ATTR(limit_hits_max_bytes,
		    &netbuf_nr_limit_hits[NETBUF_LIMIT_MAX_BYTES], 0);
NETBUF_COUNTER_ATTR(limit_hits_max_buffers,
		    &netbuf_nr_limit_hits[NETBUF_LIMIT_MAX_BUFFERS], 0);
NETBUF_COUNTER_ATTR(limit_hits_max_user_bytes,
		    &netbuf_nr_limit_hits[NETBUF_LIMIT_MAX_USER_BYTES], 0);

/* The sum of the three above. */
static ssize_t limit_hits_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	long sum = 0;
	int i;

	for (i = 0; i < NETBUF_NR_LIMITS; i++)
		sum += atomic_long_read(&netbuf_nr_limit_hits[i]);
	return sysfs_emit(buf, "%ld\n", sum);
}
static DEVICE_ATTR_RO(limit_hits);

NETBUF_COUNTER_ATTR(order_fallbacks, &netbuf_nr_order_fallbacks, 0);

/* Blocks the page allocator gave per order since load, order 0 first. */
static ssize_t blocks_by_order_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	return netbuf_pages_orders_show(buf);
}
static DEVICE_ATTR_RO(blocks_by_order);

/* Of those, the blocks of order 1 or more. */
static ssize_t high_order_blocks_show(struct device *dev,
				      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%ld\n", netbuf_pages_high_order_blocks());
}
static DEVICE_ATTR_RO(high_order_blocks);

/* What max_user_bytes is charged for each buffer beyond its pages. */
static ssize_t charge_buffer_bytes_show(struct device *dev,
					struct device_attribute *attr,
					char *buf)
{
	return sysfs_emit(buf, "%llu\n", netbuf_user_buffer_bytes(0));
}
static DEVICE_ATTR_RO(charge_buffer_bytes);

/* What max_user_bytes is charged per small buffer, and per shared page. */
static ssize_t charge_small_buffer_bytes_show(struct device *dev,
					      struct device_attribute *attr,
					      char *buf)
{
	return sysfs_emit(buf, "%llu\n", netbuf_user_small_buffer_bytes());
}
static DEVICE_ATTR_RO(charge_small_buffer_bytes);

static ssize_t charge_small_page_bytes_show(struct device *dev,
					    struct device_attribute *attr,
					    char *buf)
{
	return sysfs_emit(buf, "%llu\n", netbuf_user_small_page_bytes());
}
static DEVICE_ATTR_RO(charge_small_page_bytes);

/* What max_user_bytes is charged per metadata page while it exists. */
static ssize_t charge_meta_page_bytes_show(struct device *dev,
					   struct device_attribute *attr,
					   char *buf)
{
	return sysfs_emit(buf, "%llu\n", netbuf_meta_page_bytes());
}
static DEVICE_ATTR_RO(charge_meta_page_bytes);

/* What max_user_bytes is charged for each open context. */
static ssize_t charge_context_bytes_show(struct device *dev,
					 struct device_attribute *attr,
					 char *buf)
{
	return sysfs_emit(buf, "%llu\n", netbuf_user_context_bytes());
}
static DEVICE_ATTR_RO(charge_context_bytes);

/* What max_user_bytes is charged per recorded site, and per history. */
static ssize_t charge_site_bytes_show(struct device *dev,
				      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", netbuf_site_bytes());
}
static DEVICE_ATTR_RO(charge_site_bytes);

static ssize_t charge_history_bytes_show(struct device *dev,
					 struct device_attribute *attr,
					 char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  netbuf_history_bytes(min_t(u32,
						     READ_ONCE(netbuf_history_len),
						     NETBUF_HISTORY_MAX)));
}
static DEVICE_ATTR_RO(charge_history_bytes);

static struct attribute *netbuf_attrs[] = {
	&netbuf_attr_contexts.attr.attr,
	&netbuf_attr_buffers.attr.attr,
	&netbuf_attr_bytes.attr.attr,
	&netbuf_attr_alloc_failures.attr.attr,
	&dev_attr_limit_hits.attr,
	&netbuf_attr_limit_hits_max_bytes.attr.attr,
	&netbuf_attr_limit_hits_max_buffers.attr.attr,
	&netbuf_attr_limit_hits_max_user_bytes.attr.attr,
	&dev_attr_charge_buffer_bytes.attr,
	&dev_attr_charge_context_bytes.attr,
	&netbuf_attr_small_buffers.attr.attr,
	&netbuf_attr_small_pages.attr.attr,
	&netbuf_attr_small_quarantined.attr.attr,
	&netbuf_attr_small_overwrites.attr.attr,
	&dev_attr_charge_small_buffer_bytes.attr,
	&dev_attr_charge_small_page_bytes.attr,
	&dev_attr_charge_meta_page_bytes.attr,
	&netbuf_attr_sites_recorded.attr.attr,
	&netbuf_attr_sites_live.attr.attr,
	&netbuf_attr_freed_history.attr.attr,
	&dev_attr_charge_site_bytes.attr,
	&dev_attr_charge_history_bytes.attr,
	&dev_attr_blocks_by_order.attr,
	&dev_attr_high_order_blocks.attr,
	&netbuf_attr_order_fallbacks.attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(netbuf);

static int netbuf_debugfs_read(void *data, u64 *val)
{
	*val = atomic_long_read(data);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(netbuf_debugfs_counter, netbuf_debugfs_read, NULL,
			 "%llu\n");

static struct dentry *netbuf_debugfs;

/* Leak checks for tests: pages and descriptors held right now. */
static void netbuf_debugfs_init(void)
{
	netbuf_debugfs = debugfs_create_dir("netbuf", NULL);
	debugfs_create_file_unsafe("held_pages", 0444, netbuf_debugfs,
				   &netbuf_nr_held_pages,
				   &netbuf_debugfs_counter);
	debugfs_create_file_unsafe("descriptors", 0444, netbuf_debugfs,
				   &netbuf_nr_descriptors,
				   &netbuf_debugfs_counter);
	debugfs_create_file_unsafe("meta_pages", 0444, netbuf_debugfs,
				   &netbuf_nr_meta_pages,
				   &netbuf_debugfs_counter);
}

/* 0666 is safe: every open is a private context of its opener. */
static struct miscdevice netbuf_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "netbuf",
	.fops = &netbuf_fops,
	.groups = netbuf_groups,
	.mode = 0666,
};

static int __init netbuf_init(void)
{
	int ret;

	if (!netbuf_max_user_bytes)
		netbuf_max_user_bytes = (u64)totalram_pages() << (PAGE_SHIFT - 1);
	ret = netbuf_buffer_cache_init();
	if (ret)
		return ret;
	ret = netbuf_meta_module_init();
	if (ret)
		goto out_destroy_cache;
	ret = netbuf_fs_init();
	if (ret)
		goto out_meta_exit;
	ret = misc_register(&netbuf_misc);
	if (ret)
		goto out_unmount_fs;
	netbuf_debugfs_init();
	return 0;

out_unmount_fs:
	netbuf_fs_exit();
out_meta_exit:
	netbuf_meta_module_exit();
out_destroy_cache:
	netbuf_buffer_cache_exit();
	return ret;
}

static void __exit netbuf_exit(void)
{
	debugfs_remove_recursive(netbuf_debugfs);
	misc_deregister(&netbuf_misc);
	netbuf_fs_exit();
	netbuf_meta_module_exit();
	netbuf_buffer_cache_exit();
}

module_init(netbuf_init);
module_exit(netbuf_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Kernel-allocated buffers mapped into processes (NetApiBuffer)");
MODULE_AUTHOR("The netbuf developers");
