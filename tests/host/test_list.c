// SPDX-License-Identifier: MPL-2.0
// lib/list.h: random operations on a list_head list and on hlist buckets, checked against an
// array model after every step, links verified in both directions.
// sources:
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "keel_host.h"

#define NITEMS 64

struct item {
	int id;
	bool linked;
	struct list_head link;
	struct hlist_node hnode;
};

static uint64_t rng = 0xc0ac29b7c97c50ddULL;

static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* The list must hold exactly model[0..n) in order, forwards and backwards. */
static void check_list(const struct list_head *head, const int *model, int n)
{
	const struct list_head *p;
	struct item *it;
	int i = 0;

	list_for_each(p, head) {
		assert_ptr_equal(p->next->prev, p);
		assert_ptr_equal(p->prev->next, p);
		assert_true(i < n);
		assert_int_equal(list_entry(p, struct item, link)->id, model[i++]);
	}
	assert_int_equal(i, n);
	list_for_each_entry_reverse(it, head, link)
		assert_int_equal(it->id, model[--i]);
	assert_int_equal(list_count_nodes(head), n);
	assert_int_equal(list_empty(head), n == 0);
	assert_int_equal(list_is_singular(head), n == 1);
	if (n) {
		assert_int_equal(list_first_entry(head, struct item, link)->id, model[0]);
		assert_int_equal(list_last_entry(head, struct item, link)->id, model[n - 1]);
	} else {
		assert_null(list_first_entry_or_null(head, struct item, link));
		assert_null(list_last_entry_or_null(head, struct item, link));
	}
}

static int model_find(const int *model, int n, int id)
{
	for (int i = 0; i < n; i++) {
		if (model[i] == id)
			return i;
	}
	return -1;
}

static void model_remove(int *model, int *n, int pos)
{
	memmove(model + pos, model + pos + 1, (*n - pos - 1) * sizeof(*model));
	(*n)--;
}

static void model_insert(int *model, int *n, int pos, int id)
{
	memmove(model + pos + 1, model + pos, (*n - pos) * sizeof(*model));
	model[pos] = id;
	(*n)++;
}

static void random_step(struct list_head *head, struct item *items, int *model, int *n)
{
	struct item *it = &items[next_rand() % NITEMS];
	int pos = model_find(model, *n, it->id);

	switch (next_rand() % 4) {
	case 0: /* add at the front, or move there */
		if (pos >= 0) {
			list_move(&it->link, head);
			model_remove(model, n, pos);
		} else {
			list_add(&it->link, head);
		}
		model_insert(model, n, 0, it->id);
		break;
	case 1: /* add at the back, or move there */
		if (pos >= 0) {
			list_move_tail(&it->link, head);
			model_remove(model, n, pos);
		} else {
			list_add_tail(&it->link, head);
		}
		model_insert(model, n, *n, it->id);
		break;
	default: /* delete (a no-op on an unlinked, self-linked item) */
		list_del(&it->link);
		if (pos >= 0)
			model_remove(model, n, pos);
		break;
	}
}

static void test_random_list(void **state)
{
	struct item items[NITEMS];
	int model[NITEMS], n = 0;
	LIST_HEAD(head);

	(void)state;
	for (int i = 0; i < NITEMS; i++) {
		items[i].id = i;
		INIT_LIST_HEAD(&items[i].link);
	}
	for (int round = 0; round < 20000; round++) {
		random_step(&head, items, model, &n);
		check_list(&head, model, n);
	}
}

static void test_splice_and_safe_delete(void **state)
{
	struct item items[10], *pos, *tmp;
	LIST_HEAD(a);
	LIST_HEAD(b);
	int expect_a[10], na = 0;

	(void)state;
	for (int i = 0; i < 10; i++) {
		items[i].id = i;
		list_add_tail(&items[i].link, i < 4 ? &a : &b);
	}
	list_splice_init(&b, &a); /* b's 4..9 go in front */
	for (int i = 4; i < 10; i++)
		expect_a[na++] = i;
	for (int i = 0; i < 4; i++)
		expect_a[na++] = i;
	check_list(&a, expect_a, na);
	check_list(&b, NULL, 0);
	list_for_each_entry_safe(pos, tmp, &a, link) {
		if (pos->id % 3 == 0) {
			list_del(&pos->link);
			list_add_tail(&pos->link, &b);
		}
	}
	check_list(&a, (const int[]){ 4, 5, 7, 8, 1, 2 }, 6);
	check_list(&b, (const int[]){ 6, 9, 0, 3 }, 4);
	list_splice_tail_init(&b, &a);
	check_list(&a, (const int[]){ 4, 5, 7, 8, 1, 2, 6, 9, 0, 3 }, 10);
	list_del(&items[3].link);
	list_replace(&items[4].link, &items[3].link);
	assert_true(list_empty(&items[4].link));
	check_list(&a, (const int[]){ 3, 5, 7, 8, 1, 2, 6, 9, 0 }, 9);
}

static void test_hlist_buckets(void **state)
{
	enum { BUCKETS = 8 };
	struct hlist_head table[BUCKETS];
	struct item items[NITEMS], *pos;
	struct hlist_node *tmp;

	(void)state;
	for (int b = 0; b < BUCKETS; b++)
		INIT_HLIST_HEAD(&table[b]);
	for (int i = 0; i < NITEMS; i++) {
		items[i].id = i;
		items[i].linked = false;
		INIT_HLIST_NODE(&items[i].hnode);
	}
	for (int round = 0; round < 20000; round++) {
		struct item *it = &items[next_rand() % NITEMS];

		if (it->linked)
			hlist_del(&it->hnode);
		else
			hlist_add_head(&it->hnode, &table[it->id % BUCKETS]);
		it->linked = !it->linked;
		assert_int_equal(hlist_unhashed(&it->hnode), !it->linked);
		if (round % 97)
			continue;
		/* Each bucket holds exactly the linked items that hash to it. */
		for (int b = 0; b < BUCKETS; b++) {
			int count = 0, want = 0;

			hlist_for_each_entry(pos, &table[b], hnode) {
				assert_int_equal(pos->id % BUCKETS, b);
				assert_true(pos->linked);
				count++;
			}
			for (int i = b; i < NITEMS; i += BUCKETS)
				want += items[i].linked;
			assert_int_equal(count, want);
		}
	}
	for (int b = 0; b < BUCKETS; b++) {
		hlist_for_each_entry_safe(pos, tmp, &table[b], hnode)
			hlist_del(&pos->hnode);
		assert_true(hlist_empty(&table[b]));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_list),
		cmocka_unit_test(test_splice_and_safe_delete),
		cmocka_unit_test(test_hlist_buckets),
	};

	return cmocka_run_group_tests_name("list", tests, NULL, NULL);
}
