// SPDX-License-Identifier: MPL-2.0
// hal/lib/rbtree.c: random inserts and erases checked against a sorted-array model with the
// red-black invariants verified throughout; exhaustive small trees; heap nodes so ASan
// catches any access to an erased and freed node.
// sources: hal/lib/rbtree.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "keel_host.h"

struct knode {
	long key;
	int id;
	struct rb_node rb;
};

static uint64_t rng = 0xbe5466cf34e90c6cULL;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static long key_of(const struct rb_node *n)
{
	return rb_entry(n, struct knode, rb)->key;
}

static bool less(const struct rb_node *a, const struct rb_node *b)
{
	return key_of(a) < key_of(b);
}

static int cmp_key(const void *key, const struct rb_node *n)
{
	long k = *(const long *)key;

	return k < key_of(n) ? -1 : k > key_of(n);
}

static int cmp_nodes(const struct rb_node *a, const struct rb_node *b)
{
	return cmp_key(&rb_entry(a, struct knode, rb)->key, b);
}

/* Black height of the subtree, failing the test on any broken rule. */
static int check_subtree(const struct rb_node *n, const struct rb_node *parent, long *count)
{
	int lh, rh;

	if (!n)
		return 1;
	assert_ptr_equal(rb_parent(n), parent);
	assert_false(RB_EMPTY_NODE(n));
	if (rb_is_red(n)) {
		assert_false(rb_is_red(n->rb_left));
		assert_false(rb_is_red(n->rb_right));
	}
	lh = check_subtree(n->rb_left, n, count);
	rh = check_subtree(n->rb_right, n, count);
	assert_int_equal(lh, rh);
	(*count)++;
	return lh + rb_is_black(n);
}

/* Full check: invariants, then the in-order walk both ways equals the model exactly. */
static void check_tree(const struct rb_root *root, const long *model, long n)
{
	const struct rb_node *node;
	long count = 0, i = 0;

	assert_false(rb_is_red(root->rb_node));
	check_subtree(root->rb_node, NULL, &count);
	assert_int_equal(count, n);
	for (node = rb_first(root); node; node = rb_next(node))
		assert_int_equal(key_of(node), model[i++]);
	assert_int_equal(i, n);
	for (node = rb_last(root); node; node = rb_prev(node))
		assert_int_equal(key_of(node), model[--i]);
	assert_int_equal(i, 0);
}

static void model_insert(long *model, long *n, long key)
{
	long i = *n;

	/* After any equal keys, as rb_add places them. */
	while (i > 0 && model[i - 1] > key) {
		model[i] = model[i - 1];
		i--;
	}
	model[i] = key;
	(*n)++;
}

static void model_erase(long *model, long *n, long key)
{
	long i = 0;

	while (model[i] != key)
		i++;
	memmove(model + i, model + i + 1, (*n - i - 1) * sizeof(*model));
	(*n)--;
}

static void test_random_ops(void **state)
{
	enum { MAX = 3000, ROUNDS = 60000 };
	struct knode **live = calloc(MAX, sizeof(*live));
	long *model = calloc(MAX, sizeof(*model)), n = 0;
	struct rb_root root = RB_ROOT;

	(void)state;
	for (int round = 0; round < ROUNDS; round++) {
		/* Drift between growing and shrinking so both big and tiny trees are exercised. */
		bool grow = n == 0 ||
			    (n < MAX && next_rand() % 100 < ((round / 10000) % 2 ? 30 : 70));

		if (grow) {
			struct knode *k = malloc(sizeof(*k));

			k->key = (long)(next_rand() % 2000) - 1000;
			rb_add(&k->rb, &root, less);
			live[n] = k;
			model_insert(model, &n, k->key);
		} else {
			long victim = (long)(next_rand() % n);
			struct knode *k = live[victim];

			rb_erase(&k->rb, &root);
			assert_true(RB_EMPTY_NODE(&k->rb));
			model_erase(model, &n, k->key);
			live[victim] = live[n];
			free(k);
		}
		if (round % 500 == 0 || n < 8)
			check_tree(&root, model, n);
	}
	check_tree(&root, model, n);
	for (long i = 0; i < n; i++) {
		long key = live[i]->key;
		struct rb_node *f = rb_find(&key, &root, cmp_key);

		assert_non_null(f);
		assert_int_equal(key_of(f), key);
	}
	for (long i = 0; i < n; i++)
		free(live[i]);
	free(live);
	free(model);
}

/* Every insertion order of 7 keys, then erasing each key in turn from the resulting tree. */
static void permute(int *a, int k, int n, void (*fn)(const int *, int))
{
	if (k == n) {
		fn(a, n);
		return;
	}
	for (int i = k; i < n; i++) {
		int t = a[k];

		a[k] = a[i];
		a[i] = t;
		permute(a, k + 1, n, fn);
		a[i] = a[k];
		a[k] = t;
	}
}

static void build_and_erase_each(const int *order, int n)
{
	for (int victim = 0; victim < n; victim++) {
		struct knode nodes[8];
		struct rb_root root = RB_ROOT;
		long model[8], m = 0;

		for (int i = 0; i < n; i++) {
			nodes[i].key = order[i];
			assert_null(rb_find_add(&nodes[i].rb, &root, cmp_nodes));
			model_insert(model, &m, order[i]);
		}
		check_tree(&root, model, m);
		rb_erase(&nodes[victim].rb, &root);
		model_erase(model, &m, order[victim]);
		check_tree(&root, model, m);
	}
}

static void test_exhaustive_small(void **state)
{
	int keys[7] = { 1, 2, 3, 4, 5, 6, 7 };

	(void)state;
	for (int n = 0; n <= 7; n++)
		permute(keys, 0, n, build_and_erase_each);
}

static void test_find_add_duplicates(void **state)
{
	struct knode a = { .key = 5 }, b = { .key = 5 }, c = { .key = 6 };
	struct rb_root root = RB_ROOT;
	long key = 6;

	(void)state;
	assert_null(rb_find_add(&a.rb, &root, cmp_nodes));
	assert_ptr_equal(rb_find_add(&b.rb, &root, cmp_nodes), &a.rb);
	assert_null(rb_find_add(&c.rb, &root, cmp_nodes));
	assert_ptr_equal(rb_find(&key, &root, cmp_key), &c.rb);
	key = 4;
	assert_null(rb_find(&key, &root, cmp_key));
	rb_replace_node(&a.rb, &b.rb, &root);
	key = 5;
	assert_ptr_equal(rb_find(&key, &root, cmp_key), &b.rb);
	check_tree(&root, (const long[]){ 5, 6 }, 2);
}

/* Post-order visits children before parents: freeing as we go is safe (ASan checks). */
static void test_postorder_free(void **state)
{
	struct rb_root root = RB_ROOT;
	struct knode *pos, *n;
	int count = 0;

	(void)state;
	assert_null(rb_first_postorder(&root));
	for (int i = 0; i < 777; i++) {
		struct knode *k = malloc(sizeof(*k));

		k->key = (long)(next_rand() % 100000);
		rb_add(&k->rb, &root, less);
	}
	rbtree_postorder_for_each_entry_safe(pos, n, &root, rb) {
		free(pos);
		count++;
	}
	assert_int_equal(count, 777);
}

static void test_empty_and_single(void **state)
{
	struct rb_root root = RB_ROOT;
	struct knode k = { .key = 1 };

	(void)state;
	assert_true(RB_EMPTY_ROOT(&root));
	assert_null(rb_first(&root));
	assert_null(rb_last(&root));
	rb_add(&k.rb, &root, less);
	assert_false(RB_EMPTY_ROOT(&root));
	assert_ptr_equal(rb_first(&root), &k.rb);
	assert_ptr_equal(rb_last(&root), &k.rb);
	assert_null(rb_next(&k.rb));
	assert_null(rb_prev(&k.rb));
	assert_true(rb_is_black(&k.rb));
	rb_erase(&k.rb, &root);
	assert_true(RB_EMPTY_ROOT(&root));
	assert_null(rb_next(&k.rb)); /* an erased node has no neighbours */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_ops),	    cmocka_unit_test(test_exhaustive_small),
		cmocka_unit_test(test_find_add_duplicates), cmocka_unit_test(test_postorder_free),
		cmocka_unit_test(test_empty_and_single),
	};

	return cmocka_run_group_tests_name("rbtree", tests, NULL, NULL);
}
