// SPDX-License-Identifier: MPL-2.0
// ktests for lib/rbtree.h: after every batch of inserts and erases the tree must be a valid
// red-black tree (black root, no red-red edge, equal black heights, consistent parent links)
// whose in-order walk is sorted and complete.
#include <hal/compiler.h>
#include <hal/ktest.h>
#include <hal/lib/rbtree.h>

#define NR_NODES 1000

struct knode {
	u64 key;
	bool in_tree;
	struct rb_node rb;
};

static struct knode nodes[NR_NODES];

static u64 key_of(const struct rb_node *n)
{
	return rb_entry(n, struct knode, rb)->key;
}

static bool knode_less(const struct rb_node *a, const struct rb_node *b)
{
	return key_of(a) < key_of(b);
}

static int knode_cmp_key(const void *key, const struct rb_node *n)
{
	u64 k = *(const u64 *)key;

	return k < key_of(n) ? -1 : k > key_of(n);
}

static int knode_cmp(const struct rb_node *a, const struct rb_node *b)
{
	return knode_cmp_key(&rb_entry(a, struct knode, rb)->key, b);
}

/* xorshift64: deterministic keys, so a failure reproduces. */
static u64 next_rand(u64 *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* Black height of the subtree at @n, or -1 when any red-black rule is broken in it. */
static int check_subtree(const struct rb_node *n, const struct rb_node *parent)
{
	int lh, rh;

	if (!n)
		return 1;
	if (rb_parent(n) != parent)
		return -1;
	if (rb_is_red(n) && (rb_is_red(n->rb_left) || rb_is_red(n->rb_right)))
		return -1;
	if ((n->rb_left && key_of(n->rb_left) > key_of(n)) ||
	    (n->rb_right && key_of(n->rb_right) < key_of(n)))
		return -1;
	lh = check_subtree(n->rb_left, n);
	rh = check_subtree(n->rb_right, n);
	if (lh < 0 || lh != rh)
		return -1;
	return lh + rb_is_black(n);
}

/* Validate @root and return its node count, or -1 when it is broken. */
static long check_tree(const struct rb_root *root)
{
	const struct rb_node *n, *prev = NULL;
	long count = 0;

	if (rb_is_red(root->rb_node) || check_subtree(root->rb_node, NULL) < 0)
		return -1;
	for (n = rb_first(root); n; prev = n, n = rb_next(n)) {
		if (prev && key_of(prev) > key_of(n))
			return -1;
		if (prev && rb_prev(n) != prev)
			return -1;
		count++;
	}
	if (prev != rb_last(root))
		return -1;
	return count;
}

static void fill_tree(struct rb_root *root, u64 seed)
{
	*root = RB_ROOT;
	for (int i = 0; i < NR_NODES; i++) {
		nodes[i].key = next_rand(&seed) % 5000; /* some duplicates on purpose */
		nodes[i].in_tree = true;
		rb_add(&nodes[i].rb, root, knode_less);
	}
}

KTEST(rbtree, insert_erase_random)
{
	struct rb_root root;
	long expect = NR_NODES;

	fill_tree(&root, 0x9e3779b97f4a7c15ULL);
	KASSERT_EQ(check_tree(&root), NR_NODES);
	/* Erase every other node in insertion order, checking as we go. */
	for (int i = 0; i < NR_NODES; i += 2) {
		rb_erase(&nodes[i].rb, &root);
		nodes[i].in_tree = false;
		KEXPECT_TRUE(RB_EMPTY_NODE(&nodes[i].rb));
		if (--expect % 100 == 0)
			KASSERT_EQ(check_tree(&root), expect);
	}
	KASSERT_EQ(check_tree(&root), NR_NODES / 2);
	for (int i = 0; i < NR_NODES; i++) {
		u64 key = nodes[i].key;
		struct rb_node *found = rb_find(&key, &root, knode_cmp_key);

		if (nodes[i].in_tree)
			KEXPECT_TRUE(found && key_of(found) == key);
	}
	/* Then the rest, from the smallest key up. */
	while (!RB_EMPTY_ROOT(&root)) {
		rb_erase(rb_first(&root), &root);
		if (--expect % 50 == 0)
			KASSERT_EQ(check_tree(&root), expect);
	}
	KEXPECT_EQ(expect, 0);
	KEXPECT_NULL(rb_first(&root));
	KEXPECT_NULL(rb_last(&root));
}

KTEST(rbtree, ascending_and_descending)
{
	struct rb_root root = RB_ROOT;

	/* Sorted input is the worst case for an unbalanced tree. */
	for (int i = 0; i < NR_NODES; i++) {
		nodes[i].key = i < NR_NODES / 2 ? (u64)i : (u64)(3 * NR_NODES - i);
		rb_add(&nodes[i].rb, &root, knode_less);
	}
	KASSERT_EQ(check_tree(&root), NR_NODES);
	for (int i = NR_NODES - 1; i >= 0; i -= 3)
		rb_erase(&nodes[i].rb, &root);
	KEXPECT_EQ(check_tree(&root), NR_NODES - (NR_NODES + 2) / 3);
}

KTEST(rbtree, find_add_and_replace)
{
	static struct knode a[3], extra;
	struct rb_root root = RB_ROOT;
	u64 key = 20;

	for (int i = 0; i < 3; i++) {
		a[i].key = 10 * (i + 1);
		KEXPECT_NULL(rb_find_add(&a[i].rb, &root, knode_cmp));
	}
	extra.key = 20;
	KEXPECT_EQ(rb_find_add(&extra.rb, &root, knode_cmp), &a[1].rb);
	KEXPECT_EQ(check_tree(&root), 3);
	rb_replace_node(&a[1].rb, &extra.rb, &root);
	KEXPECT_EQ(rb_find(&key, &root, knode_cmp_key), &extra.rb);
	KEXPECT_TRUE(RB_EMPTY_NODE(&a[1].rb));
	KEXPECT_EQ(check_tree(&root), 3);
	key = 25;
	KEXPECT_NULL(rb_find(&key, &root, knode_cmp_key));
}

KTEST(rbtree, postorder_visits_children_first)
{
	struct rb_root root;
	struct knode *pos, *n;
	int visited = 0;

	fill_tree(&root, 12345);
	rbtree_postorder_for_each_entry_safe(pos, n, &root, rb) {
		/* Both children were already visited (and marked), the parent not yet. */
		if ((pos->rb.rb_left && rb_entry(pos->rb.rb_left, struct knode, rb)->in_tree) ||
		    (pos->rb.rb_right && rb_entry(pos->rb.rb_right, struct knode, rb)->in_tree))
			KEXPECT_TRUE(false);
		pos->in_tree = false;
		visited++;
	}
	KEXPECT_EQ(visited, NR_NODES);
}

KTEST(rbtree, equal_keys_keep_insertion_order)
{
	struct rb_root root = RB_ROOT;
	struct rb_node *n;
	int i = 0;

	for (int j = 0; j < 50; j++) {
		nodes[j].key = 7;
		rb_add(&nodes[j].rb, &root, knode_less);
	}
	rb_for_each(n, &root) {
		KEXPECT_EQ(n, &nodes[i].rb);
		i++;
	}
	KEXPECT_EQ(i, 50);
}
