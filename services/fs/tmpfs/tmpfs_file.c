// SPDX-License-Identifier: MPL-2.0
// tmpfs regular files: pages in a tree by index, holes read as zeros, size limits (-ENOSPC
// for the instance, -EFBIG past the largest offset), SEEK_DATA/SEEK_HOLE and truncation.
#include <hal/errno.h>
#include <hal/mm.h>
#include <hal/lib/string.h>
#include "tmpfs_internal.h"

/* The page at @index, or the first one after it when @ge; NULL if none. */
static struct tmpfs_page *page_find(struct tmpfs_node *node, u64 index, bool ge)
{
	struct rb_node *n = node->pages.rb_node;
	struct tmpfs_page *best = NULL;

	while (n) {
		struct tmpfs_page *p = rb_entry(n, struct tmpfs_page, node);

		if (index < p->index) {
			if (ge)
				best = p;
			n = n->rb_left;
		} else if (index > p->index) {
			n = n->rb_right;
		} else {
			return p;
		}
	}
	return best;
}

static bool page_less(const struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct tmpfs_page, node)->index <
	       rb_entry(b, struct tmpfs_page, node)->index;
}

static void account_pages(struct inode *inode, s64 delta)
{
	atomic64_add(delta, &tmpfs_sb(inode->sb)->pages);
	spin_lock(&inode->lock);
	inode->blocks += (u64)(delta * (s64)(PAGE_SIZE / 512));
	spin_unlock(&inode->lock);
}

/* The page at @index, allocated (zeroed) if it is a hole. Caller holds the rwsem for writing. */
static struct tmpfs_page *page_get(struct inode *inode, u64 index)
{
	struct tmpfs_sb *sbi = tmpfs_sb(inode->sb);
	struct tmpfs_node *node = tmpfs_node(inode);
	struct tmpfs_page *p = page_find(node, index, false);

	if (p)
		return p;
	if ((u64)atomic64_read(&sbi->pages) >= sbi->max_pages)
		return ERR_PTR(-ENOSPC);
	p = kmalloc(sizeof(*p));
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->frame = frame_alloc();
	if (IS_ERR(p->frame)) {
		kfree(p);
		return ERR_PTR(-ENOMEM);
	}
	p->index = index;
	rb_add(&p->node, &node->pages, page_less);
	account_pages(inode, 1);
	return p;
}

static void page_free(struct inode *inode, struct tmpfs_page *p)
{
	rb_erase(&p->node, &tmpfs_node(inode)->pages);
	frame_put(p->frame);
	kfree(p);
	account_pages(inode, -1);
}

void tmpfs_free_pages(struct inode *inode)
{
	struct tmpfs_page *p;

	while ((p = page_find(tmpfs_node(inode), 0, true)))
		page_free(inode, p);
}

/* Cut the file to @size: pages past it go, the tail of the last one is zeroed. */
int tmpfs_truncate_pages(struct inode *inode, s64 size)
{
	struct tmpfs_node *node = tmpfs_node(inode);
	u64 keep = DIV_ROUND_UP((u64)size, PAGE_SIZE);
	struct tmpfs_page *p;

	if (size > MAX_LFS_FILESIZE || size < 0)
		return -EFBIG;
	while ((p = page_find(node, keep, true)))
		page_free(inode, p);
	if ((u64)size % PAGE_SIZE && (p = page_find(node, (u64)size / PAGE_SIZE, false)))
		frame_fill(p->frame, (u64)size % PAGE_SIZE, 0, PAGE_SIZE - (u64)size % PAGE_SIZE);
	inode_set_size(inode, size);
	return 0;
}

static ssize_t tmpfs_read(struct file *f, void *buf, size_t len, s64 *ppos)
{
	struct inode *inode = f->inode;
	s64 pos = *ppos, size;
	size_t done = 0;

	rwsem_read_lock(&inode->rwsem);
	size = inode_size(inode);
	if (pos < size)
		len = MIN(len, (size_t)(size - pos));
	else
		len = 0;
	while (done < len) {
		u64 at = (u64)pos + done, off = at % PAGE_SIZE;
		size_t n = MIN(len - done, PAGE_SIZE - off);
		struct tmpfs_page *p = page_find(tmpfs_node(inode), at / PAGE_SIZE, false);

		if (p)
			frame_read(p->frame, off, (u8 *)buf + done, n);
		else
			memset((u8 *)buf + done, 0, n);
		done += n;
	}
	rwsem_read_unlock(&inode->rwsem);
	if (done)
		inode_touch_atime(inode);
	*ppos = pos + (s64)done;
	return (ssize_t)done;
}

/* Copy @len bytes at @pos into the file's pages; returns bytes written or -errno if none. */
static ssize_t write_pages(struct inode *inode, const void *buf, size_t len, s64 pos)
{
	size_t done = 0;

	while (done < len) {
		u64 at = (u64)pos + done, off = at % PAGE_SIZE;
		size_t n = MIN(len - done, PAGE_SIZE - off);
		struct tmpfs_page *p = page_get(inode, at / PAGE_SIZE);

		if (IS_ERR(p))
			return done ? (ssize_t)done : PTR_ERR(p);
		frame_write(p->frame, off, (const u8 *)buf + done, n);
		done += n;
	}
	return (ssize_t)done;
}

static ssize_t tmpfs_write(struct file *f, const void *buf, size_t len, s64 *ppos)
{
	struct inode *inode = f->inode;
	ssize_t ret;
	s64 pos;

	rwsem_write_lock(&inode->rwsem);
	pos = (READ_ONCE(f->flags) & O_APPEND) ? inode_size(inode) : *ppos;
	if (pos >= MAX_LFS_FILESIZE) {
		ret = -EFBIG;
		goto out;
	}
	len = MIN(len, (size_t)(MAX_LFS_FILESIZE - pos));
	ret = write_pages(inode, buf, len, pos);
	if (ret > 0) {
		if (pos + ret > inode_size(inode))
			inode_set_size(inode, pos + ret);
		inode_touch(inode, ATTR_MTIME | ATTR_CTIME);
		*ppos = pos + ret;
	}
out:
	rwsem_write_unlock(&inode->rwsem);
	return ret;
}

/* SEEK_DATA: the next byte in an allocated page; SEEK_HOLE: the next byte in a hole or EOF. */
static s64 tmpfs_seek_data(struct file *f, s64 offset, int whence)
{
	struct inode *inode = f->inode;
	struct tmpfs_node *node = tmpfs_node(inode);
	u64 index = (u64)offset / PAGE_SIZE;
	struct tmpfs_page *p;
	s64 size, res;

	rwsem_read_lock(&inode->rwsem);
	size = inode_size(inode);
	p = page_find(node, index, true);
	if (whence == SEEK_DATA) {
		res = p ? MAX(offset, (s64)(p->index * PAGE_SIZE)) : size;
		if (res >= size)
			res = -ENXIO;
	} else {
		while (p && p->index == index) {
			index++;
			p = page_find(node, index, true);
		}
		res = MIN(MAX(offset, (s64)(index * PAGE_SIZE)), size);
	}
	rwsem_read_unlock(&inode->rwsem);
	return res;
}

const struct file_operations tmpfs_file_fops = {
	.read = tmpfs_read,
	.write = tmpfs_write,
	.seek_data = tmpfs_seek_data,
};

const struct inode_operations tmpfs_file_iops = {
	.setattr = tmpfs_setattr,
};
