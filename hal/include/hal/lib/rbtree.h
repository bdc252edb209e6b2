// SPDX-License-Identifier: MPL-2.0
// Intrusive red-black trees: embed a struct rb_node in your object, keep a struct rb_root,
// and order the tree yourself (rb_add/rb_find with a callback, or a hand-written descent
// ending in rb_link_node() + rb_insert_color(), as in Linux). No locking, no allocation.
#ifndef HAL_LIB_RBTREE_H
#define HAL_LIB_RBTREE_H

#include <hal/compiler.h>
#include <hal/types.h>

/*
 * The parent and colour are separate fields rather than bits packed into one word: it costs
 * a word per node but keeps every inline helper here free of integer-to-pointer casts, which
 * untrusted code (services/, drivers/) may not contain. Fields starting with "__" are private.
 */
struct rb_node {
	struct rb_node *__parent;
	struct rb_node *rb_left;
	struct rb_node *rb_right;
	int __color;
};

struct rb_root {
	struct rb_node *rb_node;
};

enum { RB_RED, RB_BLACK };

#define RB_ROOT ((struct rb_root){ NULL })

#define rb_entry(ptr, type, member) container_of(ptr, type, member)
#define rb_entry_safe(ptr, type, member)                        \
	({                                                      \
		struct rb_node *__rb_p = (ptr);                 \
		__rb_p ? rb_entry(__rb_p, type, member) : NULL; \
	})

#define RB_EMPTY_ROOT(root) ((root)->rb_node == NULL)
/* A node that is in no tree points at itself (after RB_CLEAR_NODE() or rb_erase()). */
#define RB_EMPTY_NODE(node) ((node)->__parent == (node))
#define RB_CLEAR_NODE(node) ((node)->__parent = (node))

static inline struct rb_node *rb_parent(const struct rb_node *node)
{
	return node->__parent;
}

static inline bool rb_is_red(const struct rb_node *node)
{
	return node && node->__color == RB_RED;
}

static inline bool rb_is_black(const struct rb_node *node)
{
	return !rb_is_red(node);
}

/*
 * rb_link_node - hang @node (not yet in a tree) at *@link, a NULL child pointer of @parent
 * (or the root's rb_node when @parent is NULL). Follow it with rb_insert_color().
 */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent, struct rb_node **link)
{
	node->__parent = parent;
	node->__color = RB_RED;
	node->rb_left = NULL;
	node->rb_right = NULL;
	*link = node;
}

/* rb_insert_color - rebalance @root after rb_link_node() added @node. O(log n). */
void rb_insert_color(struct rb_node *node, struct rb_root *root);

/* rb_erase - remove @node from @root and mark it empty (RB_EMPTY_NODE). O(log n). */
void rb_erase(struct rb_node *node, struct rb_root *root);

/* rb_replace_node - put @new where @victim is, without rebalancing: the caller makes sure
 * @new sorts at the same place. @victim is left empty. */
void rb_replace_node(struct rb_node *victim, struct rb_node *new, struct rb_root *root);

/* In-order iteration; NULL past either end or on an empty tree. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/* Post-order iteration (children before parents): lets a caller free every node of a
 * tree without rebalancing it; the tree is garbage afterwards. */
struct rb_node *rb_first_postorder(const struct rb_root *root);
struct rb_node *rb_next_postorder(const struct rb_node *node);

/*
 * rb_add - insert @node, ordered by @less(a, b) ("a sorts before b"). Nodes equal to
 * existing ones go after them, so equal keys keep their insertion order.
 */
void rb_add(struct rb_node *node, struct rb_root *root,
	    bool (*less)(const struct rb_node *a, const struct rb_node *b));

/*
 * rb_find - the node matching @key, or NULL. @cmp(key, node) is <0 when the key sorts
 * before the node, 0 on a match, >0 after it. With duplicates, any match may be returned.
 */
struct rb_node *rb_find(const void *key, const struct rb_root *root,
			int (*cmp)(const void *key, const struct rb_node *node));

/*
 * rb_find_add - insert @node unless a node comparing equal (@cmp(node, other) == 0) exists.
 * Returns that existing node (and does not insert), or NULL once @node is inserted.
 */
struct rb_node *rb_find_add(struct rb_node *node, struct rb_root *root,
			    int (*cmp)(const struct rb_node *a, const struct rb_node *b));

#define rb_for_each(pos, root) for (pos = rb_first(root); pos; pos = rb_next(pos))

/* Visit every entry children-first; @pos may be freed in the body. */
#define rbtree_postorder_for_each_entry_safe(pos, n, root, member)                                 \
	for (pos = rb_entry_safe(rb_first_postorder(root), __typeof__(*pos), member);              \
	     pos && ({                                                                             \
		     n = rb_entry_safe(rb_next_postorder(&pos->member), __typeof__(*pos), member); \
		     1;                                                                            \
	     });                                                                                   \
	     pos = n)

#endif /* HAL_LIB_RBTREE_H */
