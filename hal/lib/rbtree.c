// SPDX-License-Identifier: MPL-2.0
// Red-black tree balancing, removal and iteration for the intrusive trees of lib/rbtree.h.
// Left and right cases are one code path indexed by direction (0 = left, 1 = right).
#include <hal/compiler.h>
#include <hal/lib/rbtree.h>

enum { LEFT, RIGHT };

static struct rb_node **child(struct rb_node *node, int dir)
{
	return dir == LEFT ? &node->rb_left : &node->rb_right;
}

/* Which side of its parent @node hangs on; @node may be NULL when @parent has one child. */
static int side_of(const struct rb_node *node, const struct rb_node *parent)
{
	return parent->rb_left == node ? LEFT : RIGHT;
}

/* Make @new take @old's place under @old's parent (or as the root). */
static void replace_child(struct rb_root *root, struct rb_node *old, struct rb_node *new,
			  struct rb_node *parent)
{
	if (!parent)
		root->rb_node = new;
	else
		*child(parent, side_of(old, parent)) = new;
	if (new)
		new->__parent = parent;
}

/*
 * Rotate @x towards @dir: its child on the other side, y, takes its place and @x becomes
 * y's @dir child; y's inner subtree moves over to @x. In-order sequence is unchanged.
 */
static void rotate(struct rb_root *root, struct rb_node *x, int dir)
{
	struct rb_node *y = *child(x, !dir);
	struct rb_node *inner = *child(y, dir);

	*child(x, !dir) = inner;
	if (inner)
		inner->__parent = x;
	replace_child(root, x, y, x->__parent);
	*child(y, dir) = x;
	x->__parent = y;
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent, *gparent, *uncle;

	/* The only violation is a red node with a red parent; push it upwards. */
	while ((parent = node->__parent) && parent->__color == RB_RED) {
		int dir;

		gparent = parent->__parent; /* exists: a red node is never the root */
		dir = side_of(parent, gparent);
		uncle = *child(gparent, !dir);
		if (rb_is_red(uncle)) {
			parent->__color = uncle->__color = RB_BLACK;
			gparent->__color = RB_RED;
			node = gparent;
			continue;
		}
		if (node == *child(parent, !dir)) {
			/* Inner grandchild: turn it into the outer case. */
			rotate(root, parent, dir);
			node = parent;
			parent = node->__parent;
		}
		parent->__color = RB_BLACK;
		gparent->__color = RB_RED;
		rotate(root, gparent, !dir);
		break;
	}
	root->rb_node->__color = RB_BLACK;
}

/*
 * A black node was removed above @node (possibly NULL), child of @parent: the paths through
 * @node are one black short. Fix it with the sibling's help, or move the deficit upwards.
 */
static void erase_fixup(struct rb_root *root, struct rb_node *node, struct rb_node *parent)
{
	while (node != root->rb_node && rb_is_black(node)) {
		int dir = side_of(node, parent);
		struct rb_node *sib = *child(parent, !dir);

		if (rb_is_red(sib)) {
			sib->__color = RB_BLACK;
			parent->__color = RB_RED;
			rotate(root, parent, dir);
			sib = *child(parent, !dir);
		}
		if (rb_is_black(sib->rb_left) && rb_is_black(sib->rb_right)) {
			sib->__color = RB_RED;
			node = parent;
			parent = node->__parent;
			continue;
		}
		if (rb_is_black(*child(sib, !dir))) {
			(*child(sib, dir))->__color = RB_BLACK;
			sib->__color = RB_RED;
			rotate(root, sib, !dir);
			sib = *child(parent, !dir);
		}
		sib->__color = parent->__color;
		parent->__color = RB_BLACK;
		(*child(sib, !dir))->__color = RB_BLACK;
		rotate(root, parent, dir);
		return;
	}
	if (node)
		node->__color = RB_BLACK;
}

static struct rb_node *leftmost(struct rb_node *node)
{
	while (node->rb_left)
		node = node->rb_left;
	return node;
}

static struct rb_node *rightmost(struct rb_node *node)
{
	while (node->rb_right)
		node = node->rb_right;
	return node;
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *next, *fix, *fix_parent;
	int removed_color = node->__color;

	if (!node->rb_left || !node->rb_right) {
		/* At most one child: it moves up into the hole. */
		fix = node->rb_left ? node->rb_left : node->rb_right;
		fix_parent = node->__parent;
		replace_child(root, node, fix, fix_parent);
	} else {
		/* Two children: the in-order successor (no left child) takes over node's place
		 * and colour, so the removal really happens at the successor's old place. */
		next = leftmost(node->rb_right);
		removed_color = next->__color;
		fix = next->rb_right;
		if (next->__parent == node) {
			fix_parent = next;
		} else {
			fix_parent = next->__parent;
			replace_child(root, next, fix, fix_parent);
			next->rb_right = node->rb_right;
			next->rb_right->__parent = next;
		}
		replace_child(root, node, next, node->__parent);
		next->rb_left = node->rb_left;
		next->rb_left->__parent = next;
		next->__color = node->__color;
	}
	if (removed_color == RB_BLACK)
		erase_fixup(root, fix, fix_parent);
	RB_CLEAR_NODE(node);
}

void rb_replace_node(struct rb_node *victim, struct rb_node *new, struct rb_root *root)
{
	*new = *victim;
	if (victim->rb_left)
		victim->rb_left->__parent = new;
	if (victim->rb_right)
		victim->rb_right->__parent = new;
	replace_child(root, victim, new, victim->__parent);
	RB_CLEAR_NODE(victim);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	return root->rb_node ? leftmost(root->rb_node) : NULL;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	return root->rb_node ? rightmost(root->rb_node) : NULL;
}

/* Step in-order towards @dir (RIGHT: successor, LEFT: predecessor). */
static struct rb_node *step(const struct rb_node *node, int dir)
{
	struct rb_node *parent, *sub = *child((struct rb_node *)node, dir);

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (sub) {
		while (*child(sub, !dir))
			sub = *child(sub, !dir);
		return sub;
	}
	/* Climb while we come from the @dir side: those ancestors were already visited. */
	while ((parent = node->__parent) && node == *child(parent, dir))
		node = parent;
	return parent;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	return step(node, RIGHT);
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	return step(node, LEFT);
}

/* The first node in post-order of the subtree at @node: its deepest leftmost leaf. */
static struct rb_node *deepest_left(struct rb_node *node)
{
	for (;;) {
		if (node->rb_left)
			node = node->rb_left;
		else if (node->rb_right)
			node = node->rb_right;
		else
			return node;
	}
}

struct rb_node *rb_first_postorder(const struct rb_root *root)
{
	return root->rb_node ? deepest_left(root->rb_node) : NULL;
}

struct rb_node *rb_next_postorder(const struct rb_node *node)
{
	struct rb_node *parent = node->__parent;

	/* After a left child comes its right sibling's subtree, then the parent itself. */
	if (parent && node == parent->rb_left && parent->rb_right)
		return deepest_left(parent->rb_right);
	return parent;
}

void rb_add(struct rb_node *node, struct rb_root *root,
	    bool (*less)(const struct rb_node *a, const struct rb_node *b))
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = less(node, parent) ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(node, parent, link);
	rb_insert_color(node, root);
}

struct rb_node *rb_find(const void *key, const struct rb_root *root,
			int (*cmp)(const void *key, const struct rb_node *node))
{
	struct rb_node *node = root->rb_node;

	while (node) {
		int c = cmp(key, node);

		if (!c)
			return node;
		node = c < 0 ? node->rb_left : node->rb_right;
	}
	return NULL;
}

struct rb_node *rb_find_add(struct rb_node *node, struct rb_root *root,
			    int (*cmp)(const struct rb_node *a, const struct rb_node *b))
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	while (*link) {
		int c;

		parent = *link;
		c = cmp(node, parent);
		if (!c)
			return parent;
		link = c < 0 ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(node, parent, link);
	rb_insert_color(node, root);
	return NULL;
}
