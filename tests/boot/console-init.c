// SPDX-License-Identifier: MPL-2.0
// Console input as /init: polls stdin, reads lines in canonical mode until ^D, then checks
// the terminal ioctls and a raw-mode read; pipes with poll and select. tests/boot/console.sh
// feeds the keystrokes.
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

static void say(const char *s)
{
	write(1, s, strlen(s));
}

/* A pipe seen through select and poll: empty, with data, and after the writer closed. */
static void pipe_checks(void)
{
	struct pollfd pfd[2];
	struct timeval tv = { 0, 0 };
	char line[160], c;
	fd_set rd;
	int p[2], a, b, d, e;

	if (pipe(p) != 0) {
		say("console: pipe failed\n");
		return;
	}
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	a = select(p[0] + 1, &rd, NULL, NULL, &tv);
	pfd[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	b = poll(pfd, 2, 10);
	write(p[1], "x", 1);
	FD_SET(p[0], &rd);
	d = select(p[0] + 1, &rd, NULL, NULL, NULL);
	read(p[0], &c, 1);
	close(p[1]);
	e = poll(pfd, 1, -1);
	snprintf(line, sizeof(line),
		 "console: pipe select %d poll %d/%x select %d poll %d/%x read %zd\n", a, b,
		 pfd[1].revents, d, e, pfd[0].revents, read(p[0], &c, 1));
	say(line);
	close(p[0]);
}

/* As pid 1 only (it mounts on /dev): devtmpfs nodes and a FIFO made with mknod. */
static void devfs_checks(void)
{
	char line[160], buf[4] = "abc";
	struct stat st;
	int m, z = -1, f = -1, fd;

	mkdir("/dev", 0755);
	m = mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	fd = open("/dev/zero", O_RDONLY);
	if (fd >= 0 && read(fd, buf, 3) == 3)
		z = buf[0] | buf[1] | buf[2];
	close(fd);
	if (stat("/dev/ttyS0", &st) == 0)
		snprintf(buf, sizeof(buf), "%s", S_ISCHR(st.st_mode) ? "c" : "?");
	if (mknod("/fifo", S_IFIFO | 0600, 0) == 0 && (fd = open("/fifo", O_RDWR)) >= 0) {
		f = (int)write(fd, "ab", 2);
		f += (int)read(fd, line, sizeof(line));
		close(fd);
	}
	snprintf(line, sizeof(line), "console: devtmpfs %d zero %d ttyS0 %s %u:%u fifo %d\n", m, z,
		 buf, major(st.st_rdev), minor(st.st_rdev), f);
	say(line);
}

int main(void)
{
	char buf[128], line[200];
	struct termios t;
	struct winsize ws;
	ssize_t n;

	struct pollfd in = { .fd = 0, .events = POLLIN };

	pipe_checks();
	if (getpid() == 1)
		devfs_checks();
	say("console: ready\n");
	n = poll(&in, 1, -1);
	snprintf(line, sizeof(line), "console: poll %zd revents %x\n", n, in.revents);
	say(line);
	while ((n = read(0, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = '\0';
		if (n && buf[n - 1] == '\n')
			buf[n - 1] = '\0';
		snprintf(line, sizeof(line), "console: line %zd [%s]\n", n, buf);
		say(line);
	}
	snprintf(line, sizeof(line), "console: eof %zd isatty %d\n", n, isatty(0));
	say(line);
	if (ioctl(0, TIOCGWINSZ, &ws) == 0) {
		snprintf(line, sizeof(line), "console: winsize %dx%d\n", ws.ws_col, ws.ws_row);
		say(line);
	}
	if (tcgetattr(0, &t) == 0) {
		t.c_lflag &= ~(ICANON | ECHO);
		t.c_cc[VMIN] = 3;
		t.c_cc[VTIME] = 0;
		tcsetattr(0, TCSANOW, &t);
		n = read(0, buf, 3);
		snprintf(line, sizeof(line), "console: raw %zd [%.3s]\n", n, n > 0 ? buf : "");
		say(line);
	}
	return 0;
}
