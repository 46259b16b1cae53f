// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reports (netbuf-report(7)): what went wrong with a buffer, said on
 * stderr the way a sanitizer says it, for every buffer of a production
 * binary. Off by default; NETBUF_REPORT and NETBUF_GUARD (read once, when
 * the library is loaded) or netbuf_set_report() switch it on.
 *
 * - A fault in the window (SIGSEGV, SIGBUS): the handler asks the kernel
 *   what the address is (NETBUF_IOC_WHATIS), reports, puts back the
 *   disposition it found and returns, so that the instruction faults
 *   again and the process dies by the original signal with the original
 *   address (core dumps and debuggers see the real fault). A fault outside
 *   the window goes to the handler installed before this one, or to the
 *   disposition it found.
 * - A refused NetApiBufferFree: double-free or invalid-free, then the call
 *   returns 87 as always (or abort()s with "halt").
 * - At exit, with "leaks": the live buffers, grouped by allocation site.
 *
 * Everything a report does is async-signal-safe, in the handler and out
 * of it: no malloc, no stdio, no lock that a faulting thread could hold.
 * Lines are formatted here and written with write(2); sites are named by
 * dladdr(), or where it knows no name (static programs, symbols not
 * exported) by the object file's own ELF symbol table, read through
 * open() and mmap(). One report at a time: a report lock owned by a
 * thread id, which a report from inside a report skips.
 */
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <linux/netbuf.h>

#include "internal.h"
#include "netbufext.h"

#define MODES_VALID	(NETBUF_REPORT_ERRORS | NETBUF_REPORT_LEAKS | \
			 NETBUF_REPORT_HALT | NETBUF_GUARD_END | \
			 NETBUF_GUARD_START)

_Atomic unsigned int netbuf_report_mode;

/* ---- Output: one line at a time, write(2) only ---- */

struct out {
	size_t len;
	char buf[256];
};

static void out_flush(struct out *o)
{
	size_t done = 0;
	ssize_t n;

	while (done < o->len) {
		n = write(STDERR_FILENO, o->buf + done, o->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	o->len = 0;
}

static void out_mem(struct out *o, const char *s, size_t len)
{
	while (len--) {
		if (o->len == sizeof(o->buf))
			out_flush(o);
		o->buf[o->len++] = *s++;
	}
}

static void out_str(struct out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

static void out_dec(struct out *o, uint64_t v)
{
	char t[24];
	size_t i = sizeof(t);

	do
		t[--i] = (char)('0' + v % 10);
	while (v /= 10);
	out_mem(o, t + i, sizeof(t) - i);
}

static void out_sdec(struct out *o, int64_t v)
{
	if (v < 0) {
		out_str(o, "-");
		out_dec(o, -(uint64_t)v);
	} else {
		out_dec(o, (uint64_t)v);
	}
}

static void out_hex(struct out *o, uint64_t v)
{
	char t[16];
	size_t i = sizeof(t);

	do
		t[--i] = "0123456789abcdef"[v & 15];
	while (v >>= 4);
	out_str(o, "0x");
	out_mem(o, t + i, sizeof(t) - i);
}

/* "1 buffer", "2 buffers" */
static void out_count(struct out *o, uint64_t n, const char *one)
{
	out_dec(o, n);
	out_str(o, " ");
	out_str(o, one);
	if (n != 1)
		out_str(o, "s");
}

/* Starts a line: every line of a report says it is netbuf's. */
static void out_begin(struct out *o)
{
	out_str(o, "netbuf: ");
}

static void out_end(struct out *o)
{
	out_str(o, "\n");
	out_flush(o);
}

/* ---- Naming code addresses ---- */

/* An object file's symbol table, mapped once and kept. */
struct elf_syms {
	char path[256];
	bool tried;
	const ElfW(Sym) *sym;
	size_t nr_sym;
	const char *str;
	size_t str_size;
	unsigned int type;	/* e_type: ET_EXEC addresses need no bias */
	uintptr_t phoff;	/* e_phoff */
};

#define ELF_CACHE	4
static struct elf_syms elf_cache[ELF_CACHE];
static char exe_path[256];

/* Is [off, off + len) inside a file of @size bytes? */
static bool in_file(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* Maps @e->path and finds its .symtab (else .dynsym): all checked. */
static void elf_load(struct elf_syms *e)
{
	const ElfW(Shdr) *sh, *link;
	const ElfW(Ehdr) *eh;
	const unsigned char *map;
	struct stat st;
	unsigned int i, pick = 0;
	int fd;

	e->tried = true;
	fd = open(e->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	map = MAP_FAILED;
	if (fstat(fd, &st) == 0 && st.st_size >= (off_t)sizeof(*eh))
		map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return;
	eh = (const void *)map;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != (sizeof(void *) == 8 ? ELFCLASS64 :
							   ELFCLASS32) ||
	    eh->e_shentsize != sizeof(*sh) ||
	    !in_file(eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(*sh),
		     st.st_size))
		goto out_unmap;
	sh = (const void *)(map + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++)
		if (sh[i].sh_type == SHT_SYMTAB ||
		    (sh[i].sh_type == SHT_DYNSYM && !pick))
			pick = i;
	if (!pick || sh[pick].sh_link >= eh->e_shnum)
		goto out_unmap;
	link = &sh[sh[pick].sh_link];
	if (!in_file(sh[pick].sh_offset, sh[pick].sh_size, st.st_size) ||
	    !in_file(link->sh_offset, link->sh_size, st.st_size))
		goto out_unmap;
	e->sym = (const void *)(map + sh[pick].sh_offset);
	e->nr_sym = sh[pick].sh_size / sizeof(ElfW(Sym));
	e->str = (const char *)map + link->sh_offset;
	e->str_size = link->sh_size;
	e->type = eh->e_type;
	e->phoff = eh->e_phoff;
	return;

out_unmap:
	munmap((void *)map, st.st_size);
}

static struct elf_syms *elf_get(const char *path)
{
	struct elf_syms *e;
	int i;

	for (i = 0; i < ELF_CACHE; i++) {
		e = &elf_cache[i];
		if (!e->path[0]) {
			if (strlen(path) >= sizeof(e->path))
				return NULL;
			strcpy(e->path, path);
			elf_load(e);
		}
		if (!strcmp(e->path, path))
			return e->sym ? e : NULL;
	}
	return NULL;
}

/*
 * The function symbol holding @addr (a link-time address), else NULL.
 * (ELF32_ST_* and ELF64_ST_* read st_info alike.)
 */
static const ElfW(Sym) *elf_find(const struct elf_syms *e, uintptr_t addr)
{
	const ElfW(Sym) *s, *best = NULL;
	unsigned int type;
	size_t i;

	for (i = 0; i < e->nr_sym; i++) {
		s = &e->sym[i];
		type = ELF32_ST_TYPE(s->st_info);
		if ((type != STT_FUNC && type != STT_GNU_IFUNC) ||
		    s->st_shndx == SHN_UNDEF || s->st_name >= e->str_size ||
		    s->st_value > addr ||
		    addr - s->st_value >= (s->st_size ? s->st_size : 1))
			continue;
		/* Aliases: the global name rather than a local one. */
		if (!best || ELF32_ST_BIND(s->st_info) == STB_GLOBAL)
			best = s;
	}
	return best;
}

static const char *program_path(void)
{
	ssize_t n;

	if (!exe_path[0]) {
		n = readlink("/proc/self/exe", exe_path, sizeof(exe_path) - 1);
		exe_path[n > 0 ? n : 0] = '\0';
	}
	return exe_path[0] ? exe_path : "/proc/self/exe";
}

/*
 * The load bias of the program itself (a static PIE) when dladdr() does
 * not know it: its first segment maps the file from offset 0 at address
 * 0, so its program headers lie e_phoff after the bias.
 */
static uintptr_t program_bias(const struct elf_syms *e)
{
	uintptr_t phdr = getauxval(AT_PHDR);

	return phdr > e->phoff ? phdr - e->phoff : 0;
}

/*
 * "name+0x1c (module)" for a code address (a return address: the call
 * before it is named), or "(module)" or "(unknown module)".
 */
static void out_symbol(struct out *o, uintptr_t addr)
{
	const char *module = NULL, *name = NULL;
	uintptr_t start = 0, bias = 0;
	const struct elf_syms *e;
	const ElfW(Sym) *s;
	Dl_info info;

	if (dladdr((void *)(addr - 1), &info) && info.dli_fname) {
		module = info.dli_fname;
		if (info.dli_sname && info.dli_saddr) {
			name = info.dli_sname;
			start = (uintptr_t)info.dli_saddr;
		}
		bias = (uintptr_t)info.dli_fbase;
	}
	/* The main program says "" (or its argv[0]): its file is this. */
	if (!module || !module[0])
		module = program_path();
	if (!name) {
		e = elf_get(module);
		if (e) {
			if (e->type != ET_DYN)
				bias = 0;
			else if (!bias)
				bias = program_bias(e);
			s = elf_find(e, addr - 1 - bias);
			if (s) {
				name = e->str + s->st_name;
				start = s->st_value + bias;
			}
		}
	}
	if (name) {
		out_mem(o, name, strnlen(name, 128));
		out_str(o, "+");
		out_hex(o, addr - start);
		out_str(o, " ");
	}
	out_str(o, "(");
	out_str(o, module);
	out_str(o, ")");
}

/* "thread 1234 (main)" */
static void out_thread(struct out *o, uint32_t tid)
{
	out_str(o, "thread ");
	out_dec(o, tid);
	if (tid == (uint32_t)getpid())
		out_str(o, " (main)");
}

/* "allocated by thread 12 at 0x401234: fn+0x1c (module)" */
static void out_site(struct out *o, const char *what, uint32_t tid,
		     uint64_t site)
{
	out_begin(o);
	out_str(o, what);
	if (!site) {
		out_str(o, " at an unrecorded site (reporting was off then)");
		out_end(o);
		return;
	}
	out_str(o, " by ");
	out_thread(o, tid);
	out_str(o, " at ");
	out_hex(o, site);
	out_str(o, ": ");
	out_symbol(o, (uintptr_t)site);
}

/* ---- One report at a time ---- */

static _Atomic pid_t report_owner;

static pid_t this_thread(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/*
 * False when this thread is already reporting (a fault inside a report);
 * waits a while for another thread's report, then goes ahead anyway (a
 * forked child inherits the lock of a thread it does not have).
 */
static bool report_lock(void)
{
	pid_t self = this_thread(), owner;
	long spins;

	for (spins = 0; spins < 100000; spins++) {
		owner = 0;
		if (atomic_compare_exchange_strong(&report_owner, &owner,
						   self))
			return true;
		if (owner == self)
			return false;
		sched_yield();
	}
	atomic_store(&report_owner, self);
	return true;
}

static void report_unlock(void)
{
	atomic_store(&report_owner, 0);
}

/* ---- What an address is ---- */

struct finding {
	const char *type;	/* "use-after-free", ... */
	bool known;		/* w is about a buffer */
	int64_t offset;		/* of the address from the buffer's start */
	struct netbuf_whatis w;
};

/* The first live buffer at or after @offset; false when none. */
static bool next_live(const struct netbuf_view *view, __u64 offset,
		      struct netbuf_whatis *n)
{
	memset(n, 0, sizeof(*n));
	n->offset = offset;
	n->flags = NETBUF_WHATIS_NEXT_LIVE;
	return netbuf_whatis(view, n) == 0 && n->kind == NETBUF_WHATIS_LIVE;
}

/*
 * A fault at @offset of the window: which buffer, and what kind of bug.
 * In a guard page, the nearer of the buffer before (an overflow) and the
 * live one after (an underflow, GUARD_START) is meant.
 */
static void classify_fault(const struct netbuf_view *view, __u64 offset,
			   struct finding *f)
{
	uint64_t page = netbuf_view_page_size(view), end, before = UINT64_MAX;
	struct netbuf_whatis n;

	memset(f, 0, sizeof(*f));
	f->type = "wild-access";
	f->w.offset = offset;
	if (netbuf_whatis(view, &f->w) < 0)
		f->w.kind = NETBUF_WHATIS_NONE;
	end = f->w.start + f->w.size;
	switch (f->w.kind) {
	case NETBUF_WHATIS_FREED:
		f->type = "use-after-free";
		f->known = true;
		if (offset >= end)
			before = offset - end;
		break;
	case NETBUF_WHATIS_LIVE:
	case NETBUF_WHATIS_GUARD:
		f->known = true;
		if (offset < f->w.start)
			f->type = "buffer-underflow";
		else if (offset >= end)
			f->type = "buffer-overflow";
		before = offset >= end ? offset - end : UINT64_MAX;
		break;
	}
	if ((!f->known || before != UINT64_MAX) && next_live(view, offset, &n) &&
	    n.start > offset && n.start - offset <= page &&
	    n.start - offset <= before) {
		f->w = n;
		f->known = true;
		f->type = "buffer-underflow";
	}
	f->offset = (int64_t)(offset - f->w.start);
}

/* "offset 48 in a 48-byte buffer", with @prep and @what. */
static void out_place(struct out *o, const struct finding *f,
		      const char *prep, const char *what)
{
	out_str(o, "offset ");
	out_sdec(o, f->offset);
	out_str(o, prep);
	out_dec(o, f->w.size);
	out_str(o, "-byte ");
	out_str(o, what);
}

/* "offset 48 in a 48-byte buffer at 0x7f..." and the sites. */
static void out_buffer(struct out *o, const struct netbuf_view *view,
		       const struct finding *f, const char *what)
{
	out_begin(o);
	out_place(o, f, " in a ", what);
	out_str(o, " at ");
	out_hex(o, (uintptr_t)netbuf_pointer_at(view, f->w.start));
	if (f->offset < 0) {
		out_str(o, " (");
		out_count(o, -(uint64_t)f->offset, "byte");
		out_str(o, " before its start)");
	} else if ((uint64_t)f->offset >= f->w.size) {
		out_str(o, " (");
		out_count(o, (uint64_t)f->offset - f->w.size, "byte");
		out_str(o, " after its end)");
	}
	out_end(o);
	out_begin(o);
	out_str(o, "size ");
	out_dec(o, f->w.size);
	out_end(o);
	out_site(o, "allocated", f->w.alloc_tid, f->w.alloc_site);
	if (f->w.alloc_site)
		out_end(o);
	if (f->w.kind != NETBUF_WHATIS_FREED)
		return;
	out_site(o, "freed", f->w.free_tid, f->w.free_site);
	if (f->w.free_site) {
		out_str(o, ", ");
		out_dec(o, f->w.age_ns / 1000);
		out_str(o, " us ago");
		out_end(o);
	}
}

static void out_summary(struct out *o, const struct finding *f,
			const char *tail)
{
	out_begin(o);
	out_str(o, "SUMMARY: ");
	out_str(o, f->type);
	if (f->known) {
		out_str(o, " at ");
		out_place(o, f, " of a ", "buffer");
	}
	out_str(o, tail);
	out_end(o);
}

static void out_error(struct out *o, const char *type, uintptr_t addr)
{
	out_begin(o);
	out_str(o, "ERROR: ");
	out_str(o, type);
	out_str(o, " on address ");
	out_hex(o, addr);
	out_end(o);
}

/* ---- Faults ---- */

static struct sigaction old_segv, old_bus;

static struct sigaction *old_action(int sig)
{
	return sig == SIGBUS ? &old_bus : &old_segv;
}

/* The faulting instruction and whether it wrote, where the CPU says. */
static void out_access(struct out *o, int sig, void *ucontext)
{
	uintptr_t pc = 0;
	int write = -1;
#if defined(__x86_64__) || defined(__i386__)
	const ucontext_t *uc = ucontext;

#ifdef __x86_64__
	pc = uc->uc_mcontext.gregs[REG_RIP];
#else
	pc = uc->uc_mcontext.gregs[REG_EIP];
#endif
	/* The page fault's error code: bit 1 is a write. */
	write = !!(uc->uc_mcontext.gregs[REG_ERR] & 2);
#else
	(void)ucontext;
#endif
	out_begin(o);
	out_str(o, write < 0 ? "access" : write ? "WRITE" : "READ");
	out_str(o, sig == SIGBUS ? " (SIGBUS) in " : " (SIGSEGV) in ");
	out_thread(o, (uint32_t)this_thread());
	if (pc) {
		out_str(o, " at pc ");
		out_hex(o, pc);
		out_str(o, ": ");
		/* A pc is no return address: name its own byte. */
		out_symbol(o, pc + 1);
	}
	out_end(o);
}

static void report_fault(const struct netbuf_view *view, int sig,
			 uintptr_t addr, __u64 offset, void *ucontext)
{
	struct finding f;
	struct out o;

	if (!report_lock())
		return;
	o.len = 0;
	classify_fault(view, offset, &f);
	out_error(&o, f.type, addr);
	out_access(&o, sig, ucontext);
	if (f.known) {
		out_buffer(&o, view, &f, f.w.kind == NETBUF_WHATIS_FREED ?
			   "freed buffer" : "buffer");
	} else {
		out_begin(&o);
		out_str(&o, "no buffer known at offset ");
		out_hex(&o, offset);
		out_str(&o, " of the window (never allocated, or freed too long ago)");
		out_end(&o);
	}
	out_summary(&o, &f, "");
	report_unlock();
}

/* Hands the signal on to what was there before this handler. */
static void chain(int sig, siginfo_t *si, void *ucontext)
{
	const struct sigaction *old = old_action(sig);

	if (old->sa_flags & SA_SIGINFO) {
		old->sa_sigaction(sig, si, ucontext);
		return;
	}
	if (old->sa_handler == SIG_IGN && si->si_code <= 0)
		return;		/* sent, and ignored before */
	if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
		old->sa_handler(sig);
		return;
	}
	/*
	 * Put back the default (or ignore, which the kernel overrides for a
	 * fault) and return: the instruction faults again. A sent signal
	 * does not come back by itself: send it again.
	 */
	sigaction(sig, old, NULL);
	if (si->si_code <= 0)
		raise(sig);
}

static void on_fault(int sig, siginfo_t *si, void *ucontext)
{
	const struct netbuf_view *view = netbuf_current_view();
	uintptr_t addr = (uintptr_t)si->si_addr;
	int saved_errno = errno;
	__u64 offset;

	/* si_code > 0: the kernel's, a real fault with its address. */
	if (!view || si->si_code <= 0 ||
	    !(netbuf_reporting() & NETBUF_REPORT_ERRORS) ||
	    !netbuf_window_offset(view, addr, &offset)) {
		chain(sig, si, ucontext);
		errno = saved_errno;
		return;
	}
	report_fault(view, sig, addr, offset, ucontext);
	/* The same access faults again, now to the program's disposition. */
	sigaction(sig, old_action(sig), NULL);
	errno = saved_errno;
}

static void install_handler(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	/* The program's alternate stack, if it has one (a stack overflow). */
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
}

/* ---- Bad frees ---- */

void netbuf_report_bad_free(const struct netbuf_view *view, const void *ptr,
			    uintptr_t site)
{
	uintptr_t addr = (uintptr_t)ptr;
	int saved_errno = errno;
	struct finding f;
	struct out o;
	__u64 offset;

	if (!report_lock())
		return;
	o.len = 0;
	memset(&f, 0, sizeof(f));
	f.type = "invalid-free";
	if (view && netbuf_window_offset(view, addr, &offset)) {
		f.w.offset = offset;
		if (netbuf_whatis(view, &f.w) == 0 &&
		    f.w.kind != NETBUF_WHATIS_NONE) {
			f.known = true;
			f.offset = (int64_t)(offset - f.w.start);
			if (f.w.kind == NETBUF_WHATIS_FREED && !f.offset)
				f.type = "double-free";
		}
	}
	out_error(&o, f.type, addr);
	out_begin(&o);
	out_str(&o, "NetApiBufferFree in ");
	out_thread(&o, (uint32_t)this_thread());
	out_str(&o, " from ");
	out_hex(&o, site);
	out_str(&o, ": ");
	out_symbol(&o, site);
	out_end(&o);
	if (f.known) {
		out_buffer(&o, view, &f, f.w.kind == NETBUF_WHATIS_FREED ?
			   "freed buffer" : f.w.kind == NETBUF_WHATIS_LIVE ?
			   "live buffer" : "buffer's guard page: buffer");
	} else {
		out_begin(&o);
		out_str(&o, view && netbuf_window_offset(view, addr, &offset) ?
			"no buffer known at this address of the window" :
			"the address is not in netbuf's window: not from NetApiBufferAllocate (malloc? another library's? a parent's?)");
		out_end(&o);
	}
	out_summary(&o, &f,
		    (netbuf_reporting() & NETBUF_REPORT_HALT) ?
		    "; aborting (NETBUF_REPORT=halt)" :
		    "; NetApiBufferFree returned ERROR_INVALID_PARAMETER (87)");
	report_unlock();
	if (netbuf_reporting() & NETBUF_REPORT_HALT)
		abort();
	errno = saved_errno;
}

/* ---- Leaks at exit ---- */

struct leak_site {
	uint64_t site;
	uint64_t count;
	uint64_t bytes;
};

#define LEAK_SITES	256
static struct leak_site leak_sites[LEAK_SITES];

/* Adds a buffer to its site's group; the last group takes the rest. */
static int leak_add(int nr, uint64_t site, uint64_t size)
{
	int i;

	for (i = 0; i < nr; i++)
		if (leak_sites[i].site == site)
			break;
	if (i == nr) {
		if (nr == LEAK_SITES)
			i = nr - 1;
		else
			leak_sites[nr++].site = site;
	}
	leak_sites[i].count++;
	leak_sites[i].bytes += size;
	return nr;
}

static void leak_sort(int nr)
{
	struct leak_site t;
	int i, j;

	for (i = 1; i < nr; i++) {
		t = leak_sites[i];
		for (j = i; j > 0 && leak_sites[j - 1].bytes < t.bytes; j--)
			leak_sites[j] = leak_sites[j - 1];
		leak_sites[j] = t;
	}
}

/* "3 buffers, 300 bytes" */
static void out_amount(struct out *o, uint64_t count, uint64_t bytes)
{
	out_count(o, count, "buffer");
	out_str(o, ", ");
	out_count(o, bytes, "byte");
}

static void report_leaks(void)
{
	const struct netbuf_view *view = netbuf_current_view();
	uint64_t count = 0, bytes = 0;
	struct netbuf_whatis w;
	__u64 offset = 0;
	struct out o;
	int nr = 0, i;

	if (!view || !(netbuf_reporting() & NETBUF_REPORT_LEAKS) ||
	    !report_lock())
		return;
	while (next_live(view, offset, &w)) {
		nr = leak_add(nr, w.alloc_site, w.size);
		count++;
		bytes += w.size;
		offset = w.start + 1;
	}
	if (count) {
		leak_sort(nr);
		o.len = 0;
		out_begin(&o);
		out_str(&o, "ERROR: leaks: ");
		out_amount(&o, count, bytes);
		out_str(&o, " still live at exit");
		out_end(&o);
		for (i = 0; i < nr; i++) {
			out_begin(&o);
			out_amount(&o, leak_sites[i].count, leak_sites[i].bytes);
			if (i == LEAK_SITES - 1)
				out_str(&o, " (this and further sites)");
			if (leak_sites[i].site) {
				out_str(&o, " allocated at ");
				out_hex(&o, leak_sites[i].site);
				out_str(&o, ": ");
				out_symbol(&o, leak_sites[i].site);
			} else {
				out_str(&o, " allocated at unrecorded sites (reporting was off then)");
			}
			out_end(&o);
		}
		out_begin(&o);
		out_str(&o, "SUMMARY: ");
		out_count(&o, bytes, "byte");
		out_str(&o, " leaked in ");
		out_count(&o, count, "buffer");
		out_str(&o, " from ");
		out_count(&o, nr, "site");
		out_end(&o);
	}
	report_unlock();
}

/* ---- Settings ---- */

static _Atomic bool handler_armed, leaks_armed;

void netbuf_report_opened(const struct netbuf_view *view)
{
	unsigned int mode = netbuf_reporting();

	(void)view;
	if ((mode & NETBUF_REPORT_ERRORS) &&
	    !atomic_exchange(&handler_armed, true))
		install_handler();
	if ((mode & NETBUF_REPORT_LEAKS) &&
	    !atomic_exchange(&leaks_armed, true))
		atexit(report_leaks);
}

__u32 netbuf_report_alloc_flags(unsigned int mode)
{
	const struct netbuf_view *view = netbuf_open_view();
	__u32 flags = 0;

	if (!view || netbuf_view_abi(view) < 5)
		return 0;
	if (mode & NETBUF_REPORT_ERRORS)
		flags |= NETBUF_ALLOC_SITE;
	if (mode & NETBUF_GUARD_END)
		flags |= NETBUF_ALLOC_GUARD_END;
	else if (mode & NETBUF_GUARD_START)
		flags |= NETBUF_ALLOC_GUARD_START;
	return flags;
}

__u32 netbuf_report_free_flags(unsigned int mode)
{
	const struct netbuf_view *view = netbuf_current_view();

	return view && netbuf_view_abi(view) >= 5 &&
	       (mode & NETBUF_REPORT_ERRORS) ? NETBUF_FREE_SITE : 0;
}

NETBUF_EXPORT int netbuf_set_report(unsigned int flags)
{
	const struct netbuf_view *view;

	if (flags & NETBUF_REPORT_LEAKS)
		flags |= NETBUF_REPORT_ERRORS;
	if ((flags & ~MODES_VALID) ||
	    ((flags & NETBUF_GUARD_END) && (flags & NETBUF_GUARD_START)) ||
	    ((flags & NETBUF_REPORT_HALT) && !(flags & NETBUF_REPORT_ERRORS))) {
		errno = EINVAL;
		return -1;
	}
	atomic_store(&netbuf_report_mode, flags);
	view = netbuf_current_view();
	if (view)
		netbuf_report_opened(view);
	return 0;
}

/* A word of a comma-separated list, as a mode; false when unknown. */
static bool parse_word(const char *w, size_t len, bool guard,
		       unsigned int *mode)
{
	static const struct {
		const char *word;
		bool guard;
		unsigned int mode;
	} words[] = {
		{ "0", false, 0 }, { "off", false, 0 },
		{ "1", false, NETBUF_REPORT_ERRORS },
		{ "on", false, NETBUF_REPORT_ERRORS },
		{ "leaks", false, NETBUF_REPORT_ERRORS | NETBUF_REPORT_LEAKS },
		{ "halt", false, NETBUF_REPORT_ERRORS | NETBUF_REPORT_HALT },
		{ "0", true, 0 }, { "off", true, 0 },
		{ "1", true, NETBUF_GUARD_END }, { "end", true, NETBUF_GUARD_END },
		{ "overflow", true, NETBUF_GUARD_END },
		{ "start", true, NETBUF_GUARD_START },
		{ "underflow", true, NETBUF_GUARD_START },
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (words[i].guard == guard && strlen(words[i].word) == len &&
		    !memcmp(words[i].word, w, len)) {
			*mode |= words[i].mode;
			return true;
		}
	return false;
}

static unsigned int parse_env(const char *name, bool guard, const char *usage)
{
	const char *v = getenv(name), *w, *end;
	unsigned int mode = 0;
	struct out o;

	for (w = v; w && *w; w = *end ? end + 1 : end) {
		end = strchrnul(w, ',');
		if (end == w || parse_word(w, end - w, guard, &mode))
			continue;
		o.len = 0;
		out_begin(&o);
		out_str(&o, name);
		out_str(&o, "=");
		out_str(&o, v);
		out_str(&o, ": unknown word \"");
		out_mem(&o, w, end - w);
		out_str(&o, "\", ignored; ");
		out_str(&o, usage);
		out_end(&o);
	}
	return mode;
}

__attribute__((constructor)) static void report_from_env(void)
{
	unsigned int mode;

	mode = parse_env("NETBUF_REPORT", false,
			 "say 1 (reports), leaks (and the leak report at exit), halt (abort after a bad free), e.g. NETBUF_REPORT=leaks,halt");
	mode |= parse_env("NETBUF_GUARD", true,
			  "say 1 or end (overflows fault), start or underflow (underflows fault)");
	if ((mode & NETBUF_GUARD_END) && (mode & NETBUF_GUARD_START))
		mode &= ~NETBUF_GUARD_START;
	atomic_store(&netbuf_report_mode, mode);
}
