// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-rawsend: a test program that sends one Ethernet frame, given in
 * hex, out of a device through a packet socket, as a guest that builds its
 * own frames would (tools/tests/lock.sh: spoofed sources, router
 * advertisements, tagged frames). The frame goes out exactly as given.
 *
 * xenbr-rawsend DEV HEX...: the words are joined; ':', '.' and '-' are
 * ignored, so "02:00:00:00:00:01 ..." reads as it looks.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void __attribute__((noreturn)) fail(const char *what)
{
	fprintf(stderr, "xenbr-rawsend: %s: %s\n", what,
		errno ? strerror(errno) : "invalid");
	exit(1);
}

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

int main(int argc, char **argv)
{
	unsigned char frame[9216];
	struct sockaddr_ll sll = { 0 };
	size_t len = 0;
	int i, fd, hi = -1;
	const char *p;

	if (argc < 3) {
		fprintf(stderr, "Usage: xenbr-rawsend DEV HEX...\n");
		return 2;
	}
	for (i = 2; i < argc; i++) {
		for (p = argv[i]; *p; p++) {
			if (strchr(":.- ", *p))
				continue;
			errno = 0;
			if (!isxdigit((unsigned char)*p) || len >= sizeof(frame))
				fail("frame");
			if (hi < 0) {
				hi = hexval((unsigned char)*p);
			} else {
				frame[len++] = hi << 4 | hexval((unsigned char)*p);
				hi = -1;
			}
		}
	}
	errno = 0;
	if (hi >= 0 || len < ETH_HLEN)
		fail("frame");

	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = if_nametoindex(argv[1]);
	if (!sll.sll_ifindex)
		fail(argv[1]);
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0)
		fail("socket");
	if (sendto(fd, frame, len, 0, (struct sockaddr *)&sll,
		   sizeof(sll)) != (ssize_t)len)
		fail("send");
	close(fd);
	return 0;
}
