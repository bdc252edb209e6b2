#!/usr/bin/python3
# SPDX-License-Identifier: MPL-2.0
# Read the KTAP v1 report in a ktest serial log, print one line per case and a summary, and fail
# on anything short of a clean, complete run. Used by scripts/ktest-run; --self-test checks it.
"""usage: ktap.py [--label L] [--results FILE] [--qemu-status N] [--timeout S] LOG
       ktap.py --self-test"""

import argparse
import os
import re
import sys
import tempfile

TAIL_LINES = 30

VERSION_RE = re.compile(r"^(\s*)K?TAP version (\d+)\s*$")
PLAN_RE = re.compile(r"^(\s*)1\.\.(\d+)\s*(#.*)?$")
RESULT_RE = re.compile(r"^(\s*)(ok|not ok)\s+(\d+)\s*(?:-\s*)?([^#]*?)\s*(?:#\s*(.*))?$")
SUBTEST_RE = re.compile(r"^(\s*)#\s*Subtest:\s*(.*?)\s*$")
TIMESTAMP_RE = re.compile(r"^\[\s*\d+\.\d+\]\s?")
PANIC_RE = re.compile(r"Kernel panic")


class Case:
	def __init__(self, name, status, reason="", output=()):
		self.name = name
		self.status = status  # "pass", "fail" or "skip"
		self.reason = reason
		self.output = list(output)


class Level:
	"""One (sub)test list being read: its indent, plan, results so far and pending lines."""

	def __init__(self, indent, prefix):
		self.indent = indent
		self.prefix = prefix  # "suite." for a nested list, "" at the top
		self.plan = None
		self.count = 0
		self.pending = []  # lines since the last result: they belong to the next one
		self.subtest_name = None
		self.child_cases = None  # cases a finished nested list produced, for its parent result


class Report:
	def __init__(self):
		self.cases = []
		self.problems = []
		self.seen_version = False


def strip_prefix_fn(version_line):
	"""Lines may carry what came before "KTAP version" (a timestamp, say): strip it from all."""
	head = version_line[: version_line.find("TAP version")].rstrip("K")
	if TIMESTAMP_RE.match(head):
		return lambda s: TIMESTAMP_RE.sub("", s, count=1)
	head = head.rstrip()
	if head and not head.isspace():
		return lambda s: s[len(head) :].lstrip(" ") if s.startswith(head) else s
	return lambda s: s


def directive_status(ok, directive):
	d = (directive or "").strip()
	word = d.split(None, 1)[0].upper() if d else ""
	reason = d.split(None, 1)[1] if " " in d else ""
	if word == "SKIP":
		return "skip", reason
	if word == "TODO":
		return "skip", "TODO " + reason
	return ("pass" if ok else "fail"), ""


def handle_result(report, stack, m):
	indent, ok, num, name, directive = m.group(1), m.group(2) == "ok", m.group(3), m.group(4), m.group(5)
	# A result less indented than the current list ends that list (its parent reports it).
	while len(stack) > 1 and len(indent) < stack[-1].indent:
		finish_level(report, stack.pop(), stack[-1])
	level = stack[-1]
	level.count += 1
	if int(num) != level.count:
		report.problems.append(f"result {num} out of order (expected {level.count}): {m.group(0).strip()}")
	status, reason = directive_status(ok, directive)
	children, level.child_cases = level.child_cases, None
	placeholder = f"{level.prefix}subtest{num}."
	for c in children or ():
		# A nested list without "# Subtest:" takes its name from its parent's result line.
		if c.name.startswith(placeholder):
			c.name = f"{level.prefix}{name}.{c.name[len(placeholder):]}"
	if children is not None and status != "skip":
		# A suite's own line only counts when its cases do not already explain it.
		if status == "fail" and not any(c.status == "fail" for c in children):
			report.cases.append(Case(level.prefix + name, "fail", "", level.pending))
	else:
		report.cases.append(Case(level.prefix + name, status, reason, level.pending))
	level.pending = []
	level.subtest_name = None


def finish_level(report, child, parent):
	if child.plan is not None and child.count < child.plan:
		report.problems.append(
			f"{child.prefix.rstrip('.') or 'subtest'}: {child.count} of {child.plan} results"
		)
	parent.child_cases = [c for c in report.cases if c.name.startswith(child.prefix)]


def open_level(stack, indent):
	parent = stack[-1]
	name = parent.subtest_name or f"subtest{parent.count + 1}"
	stack.append(Level(indent, parent.prefix + name + "."))


def name_subtest(stack, indent, name):
	"""'# Subtest: X' names the nested list it heads (KTAP v1) or the one about to start."""
	level = stack[-1]
	if indent > level.indent:
		stack[-1].subtest_name = name
		open_level(stack, indent)
	elif len(stack) > 1 and indent == level.indent and level.count == 0 and level.plan is None:
		level.prefix = stack[-2].prefix + name + "."
	else:
		level.subtest_name = name


def parse(lines):
	"""Parse the serial log lines; return a Report of cases and run-level problems."""
	report = Report()
	stack = []
	strip = None
	for raw in lines:
		line = raw.replace("\r", "").rstrip("\n")
		if PANIC_RE.search(line):
			report.problems.append("kernel panic: " + line.strip())
		if strip is None:
			# Everything before the first "KTAP version" line is boot log.
			if re.search(r"K?TAP version \d+\s*$", line):
				strip = strip_prefix_fn(line)
				report.seen_version = True
				stack.append(Level(0, ""))
			continue
		line = strip(line)
		m = VERSION_RE.match(line)
		if m:
			indent = len(m.group(1))
			if indent > stack[-1].indent:
				open_level(stack, indent)
			continue
		m = PLAN_RE.match(line)
		if m:
			indent = len(m.group(1))
			if indent > stack[-1].indent:
				open_level(stack, indent)
			while len(stack) > 1 and indent < stack[-1].indent:
				finish_level(report, stack.pop(), stack[-1])
			if stack[-1].plan is None:
				stack[-1].plan = int(m.group(2))
			continue
		m = RESULT_RE.match(line)
		if m:
			handle_result(report, stack, m)
			continue
		m = SUBTEST_RE.match(line)
		if m:
			name_subtest(stack, len(m.group(1)), m.group(2))
			continue
		if line.strip():
			stack[-1].pending.append(line.strip())
	while len(stack) > 1:
		finish_level(report, stack.pop(), stack[-1])
	if not report.seen_version:
		report.problems.append("no 'KTAP version 1' line: the tests never started")
	elif stack[0].plan is None:
		report.problems.append("no plan line (1..N)")
	elif stack[0].count < stack[0].plan:
		report.problems.append(f"only {stack[0].count} of {stack[0].plan} results: the run was cut short")
	return report


def qemu_problem(status, timeout):
	if status == 0:
		return None
	if status == 124:
		return f"timeout after {timeout} s" if timeout else "timeout"
	if status == 125:
		return "the guest stopped without reporting a result"
	if status == 126:
		return "QEMU failed to run"
	return f"the kernel exited with code {status}"


def report_run(report, args, lines, out):
	"""Print the per-case lines, problems with the log tail, and the summary; return exit code."""
	label = args.label
	for c in report.cases:
		tag = c.status.upper()
		extra = f" ({c.reason})" if c.status == "skip" and c.reason else ""
		print(f"  {tag:<4}  {label} {c.name}{extra}", file=out)
		if c.status == "fail":
			for o in c.output:
				print(f"        {o}", file=out)
	problems = list(report.problems)
	failed_cases = sum(c.status == "fail" for c in report.cases)
	qp = qemu_problem(args.qemu_status, args.timeout)
	# A non-zero exit the failed cases already explain is not a second failure.
	if qp and not (failed_cases and args.qemu_status not in (124, 125, 126)):
		problems.append(qp)
	for p in problems:
		print(f"  FAIL  {label} (run): {p}", file=out)
	if problems:
		print(f"--- last {TAIL_LINES} lines of {args.log} ---", file=out)
		for line in lines[-TAIL_LINES:]:
			print("  | " + line, file=out)
		if not lines:
			print("  (empty)", file=out)
		print("---", file=out)
	n_pass = sum(c.status == "pass" for c in report.cases)
	n_skip = sum(c.status == "skip" for c in report.cases)
	n_fail = failed_cases + len(problems)
	print(f"ktest {label}: {n_pass} passed, {n_fail} failed, {n_skip} skipped", file=out)
	if args.results:
		with open(args.results, "w") as f:
			for c in report.cases:
				f.write(f"{c.status}\t{label} {c.name}\n")
			for p in problems:
				f.write(f"fail\t{label} (run): {p}\n")
	return 1 if n_fail else 0


# Terminal escapes (SeaBIOS clears the screen) and other control bytes, but not tabs.
CONTROL_RE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[ -~]|[\x00-\x08\x0b-\x1f\x7f]")


def read_log(path):
	"""The log's lines without CRs, terminal escapes or control bytes: safe to parse and print."""
	with open(path, "rb") as f:
		text = f.read().decode("utf-8", "replace")
	if text.endswith("\n"):
		text = text[:-1]
	return [CONTROL_RE.sub("", line) for line in text.split("\n")] if text else []


SELF_TESTS = [
	# (name, qemu status, log text, expected (pass, fail, skip), expected exit)
	("clean", 0, "boot\r\nKTAP version 1\r\n1..3\r\nok 1 a.b\r\n# note\r\nok 2 a.c # SKIP no smp\r\n"
	 "ok 3 - a.d\r\n", (2, 0, 1), 0),
	("failure with diagnostics", 1, "KTAP version 1\n1..2\n# x.c:3: expected 1 == 2\nnot ok 1 s.bad\n"
	 "ok 2 s.good\n", (1, 1, 0), 1),
	("keel runner", 1, "[    0.100000] ktest: 3 cases\nKTAP version 1\n1..3\n"
	 "    # frame.bad: EXPECTATION FAILED at hal/mm/frame_test.c:12\n    # expected 1 == 2\n"
	 "not ok 1 frame.bad\nok 2 frame.good\nok 3 smp.ipi # SKIP one CPU\n"
	 "# ktest: 1 passed, 1 failed, 1 skipped\n", (1, 1, 1), 1),
	("cut short", 0, "KTAP version 1\n1..3\nok 1 s.a\n", (1, 1, 0), 1),
	("no ktap", 0, "just boot\n", (0, 1, 0), 1),
	("no plan", 0, "KTAP version 1\nok 1 s.a\n", (1, 1, 0), 1),
	("panic", 0, "KTAP version 1\n1..1\nok 1 s.a\nKernel panic - not syncing\n", (1, 1, 0), 1),
	("timeout", 124, "KTAP version 1\n1..1\nok 1 s.a\n", (1, 1, 0), 1),
	("exit code alone", 3, "KTAP version 1\n1..1\nok 1 s.a\n", (1, 1, 0), 1),
	("timestamps", 0, "[    0.1] hi\n[    0.2] KTAP version 1\n[    0.3] 1..1\n[    0.4] ok 1 s.a\n",
	 (1, 0, 0), 0),
	("nested", 0, "KTAP version 1\n1..2\n    KTAP version 1\n    # Subtest: mm\n    1..2\n"
	 "    ok 1 frame\n    not ok 2 slab\nnot ok 1 mm\n    KTAP version 1\n    # Subtest: lib\n"
	 "    1..1\n    ok 1 str\nok 2 lib\n", (2, 1, 0), 1),
	("nested unnamed", 0, "KTAP version 1\n1..1\n    KTAP version 1\n    1..1\n    not ok 1 frame\n"
	 "not ok 1 mm\n", (0, 1, 0), 1),
	("nested cut short", 0, "KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: mm\n"
	 "    1..3\n    ok 1 frame\n", (1, 2, 0), 1),
]


def self_test():
	bad = 0
	for name, status, text, want, want_rc in SELF_TESTS:
		with tempfile.TemporaryDirectory() as d:
			log = os.path.join(d, "log")
			with open(log, "w") as f:
				f.write(text)
			args = argparse.Namespace(label="t", results=os.path.join(d, "res"), qemu_status=status,
						  timeout=5, log=log)
			lines = read_log(log)
			with open(os.path.join(d, "out"), "w") as out:
				rc = report_run(parse(lines), args, lines, out)
			with open(args.results) as f:
				kinds = [line.split("\t")[0] for line in f]
			got = (kinds.count("pass"), kinds.count("fail"), kinds.count("skip"))
			with open(os.path.join(d, "out")) as f:
				summary = f.read().splitlines()[-1]
		want_sum = f"ktest t: {want[0]} passed, {want[1]} failed, {want[2]} skipped"
		if got != want or rc != want_rc or summary != want_sum:
			print(f"ktap self-test {name}: got {got} rc {rc} '{summary}', want {want} rc {want_rc}")
			bad += 1
	print(f"ktap self-test: {len(SELF_TESTS) - bad} of {len(SELF_TESTS)} ok")
	return 1 if bad else 0


def main():
	ap = argparse.ArgumentParser(description="Report a ktest KTAP log.")
	ap.add_argument("log", nargs="?")
	ap.add_argument("--label", default="ktest")
	ap.add_argument("--results", help="write pass|fail|skip<TAB>name lines here")
	ap.add_argument("--qemu-status", type=int, default=0, help="normalized exit code of qemu-run")
	ap.add_argument("--timeout", type=int, default=0)
	ap.add_argument("--self-test", action="store_true")
	args = ap.parse_args()
	if args.self_test:
		return self_test()
	if not args.log:
		ap.error("LOG is required")
	lines = read_log(args.log) if os.path.exists(args.log) else []
	return report_run(parse(lines), args, lines, sys.stdout)


if __name__ == "__main__":
	sys.exit(main())
