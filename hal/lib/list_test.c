// SPDX-License-Identifier: MPL-2.0
// ktests for lib/list.h: order after add/add_tail/move/splice, safe deletion while iterating,
// both-direction link consistency, and the hlist bucket lists.
#include <hal/compiler.h>
#include <hal/ktest.h>
#include <hal/lib/list.h>

struct item {
	int val;
	struct list_head link;
	struct hlist_node hnode;
};

/* Check @head holds exactly @vals in order, walking forwards and backwards. */
static bool list_matches(const struct list_head *head, const int *vals, size_t n)
{
	const struct list_head *p = head;

	for (size_t i = 0; i < n; i++) {
		if (p->next->prev != p)
			return false;
		p = p->next;
		if (p == head || list_entry(p, struct item, link)->val != vals[i])
			return false;
	}
	if (p->next != head || head->prev != p)
		return false;
	return list_count_nodes(head) == n;
}

static void init_items(struct item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		items[i].val = (int)i;
		INIT_LIST_HEAD(&items[i].link);
		INIT_HLIST_NODE(&items[i].hnode);
	}
}

KTEST(list, add_order)
{
	struct item it[4];
	LIST_HEAD(head);

	init_items(it, 4);
	KEXPECT_TRUE(list_empty(&head));
	list_add_tail(&it[1].link, &head);
	KEXPECT_TRUE(list_is_singular(&head));
	list_add_tail(&it[2].link, &head);
	list_add(&it[0].link, &head);
	list_add_tail(&it[3].link, &head);
	KEXPECT_TRUE(list_matches(&head, (const int[]){ 0, 1, 2, 3 }, 4));
	KEXPECT_EQ(list_first_entry(&head, struct item, link), &it[0]);
	KEXPECT_EQ(list_last_entry(&head, struct item, link), &it[3]);
	KEXPECT_TRUE(list_is_first(&it[0].link, &head));
	KEXPECT_TRUE(list_is_last(&it[3].link, &head));
	KEXPECT_FALSE(list_is_last(&it[2].link, &head));
}

KTEST(list, del_and_move)
{
	struct item it[4];
	LIST_HEAD(head);

	init_items(it, 4);
	for (int i = 0; i < 4; i++)
		list_add_tail(&it[i].link, &head);
	list_del(&it[1].link);
	KEXPECT_TRUE(list_empty(&it[1].link)); /* self-linked after list_del */
	list_del(&it[1].link);		       /* and a second del is harmless */
	KEXPECT_TRUE(list_matches(&head, (const int[]){ 0, 2, 3 }, 3));
	list_move_tail(&it[0].link, &head);
	KEXPECT_TRUE(list_matches(&head, (const int[]){ 2, 3, 0 }, 3));
	list_move(&it[0].link, &head);
	KEXPECT_TRUE(list_matches(&head, (const int[]){ 0, 2, 3 }, 3));
	list_replace(&it[2].link, &it[1].link);
	KEXPECT_TRUE(list_matches(&head, (const int[]){ 0, 1, 3 }, 3));
	KEXPECT_TRUE(list_empty(&it[2].link));
}

KTEST(list, iterate_and_delete)
{
	struct item it[10], *pos, *n;
	LIST_HEAD(head);
	int sum = 0, expect;

	init_items(it, 10);
	for (int i = 0; i < 10; i++)
		list_add_tail(&it[i].link, &head);
	/* Delete the odd ones while walking: the _safe form must not touch freed links. */
	list_for_each_entry_safe(pos, n, &head, link) {
		if (pos->val & 1)
			list_del(&pos->link);
	}
	KEXPECT_TRUE(list_matches(&head, (const int[]){ 0, 2, 4, 6, 8 }, 5));
	list_for_each_entry(pos, &head, link)
		sum += pos->val;
	KEXPECT_EQ(sum, 20);
	expect = 8;
	list_for_each_entry_reverse(pos, &head, link) {
		KEXPECT_EQ(pos->val, expect);
		expect -= 2;
	}
	KEXPECT_EQ(expect, -2);
}

KTEST(list, splice)
{
	struct item it[6];
	LIST_HEAD(a);
	LIST_HEAD(b);

	init_items(it, 6);
	for (int i = 0; i < 3; i++)
		list_add_tail(&it[i].link, &a);
	for (int i = 3; i < 6; i++)
		list_add_tail(&it[i].link, &b);
	list_splice_tail_init(&b, &a);
	KEXPECT_TRUE(list_empty(&b));
	KEXPECT_TRUE(list_matches(&a, (const int[]){ 0, 1, 2, 3, 4, 5 }, 6));
	list_splice_init(&b, &a); /* empty: no change */
	KEXPECT_TRUE(list_matches(&a, (const int[]){ 0, 1, 2, 3, 4, 5 }, 6));
	list_del(&it[4].link);
	list_del(&it[5].link);
	list_add_tail(&it[4].link, &b);
	list_add_tail(&it[5].link, &b);
	list_splice_init(&b, &a);
	KEXPECT_TRUE(list_matches(&a, (const int[]){ 4, 5, 0, 1, 2, 3 }, 6));
}

KTEST(list, hlist)
{
	struct item it[5], *pos;
	struct hlist_node *tmp;
	HLIST_HEAD(bucket);
	int seen = 0;

	init_items(it, 5);
	KEXPECT_TRUE(hlist_empty(&bucket));
	for (int i = 0; i < 5; i++)
		hlist_add_head(&it[i].hnode, &bucket);
	hlist_for_each_entry(pos, &bucket, hnode)
		seen = seen * 10 + pos->val;
	KEXPECT_EQ(seen, 43210);
	hlist_del(&it[4].hnode); /* the first */
	hlist_del(&it[2].hnode); /* a middle one */
	hlist_del(&it[0].hnode); /* the last */
	KEXPECT_TRUE(hlist_unhashed(&it[2].hnode));
	hlist_del(&it[2].hnode); /* harmless when unhashed */
	seen = 0;
	hlist_for_each_entry_safe(pos, tmp, &bucket, hnode) {
		seen = seen * 10 + pos->val;
		hlist_del(&pos->hnode);
	}
	KEXPECT_EQ(seen, 31);
	KEXPECT_TRUE(hlist_empty(&bucket));
}
