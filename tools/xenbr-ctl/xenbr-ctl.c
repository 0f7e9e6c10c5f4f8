// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: configure xenbr bridges through the "xenbr" generic netlink
 * family. This file reads the options, finds the verb and prints the help;
 * the verbs live in one file per group (brctl.c, fdb.c, port.c, stats.c,
 * netback.c, monitor.c, vlan.c, doctor.c, uplink.c, reload.c), on the
 * model of the kernel's replies in model.c; errors.c prints errors as
 * "VERB: what", parse.c reads arguments, json.c writes -j, nl.c talks
 * netlink, rtnl.c rtnetlink; the state file is state_*.c's.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "errors.h"
#include "json.h"
#include "state.h"

struct verb {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *args;
	const char *help;
};

static const struct verb verbs[] = {
	{ "addbr", cmd_addbr, "BRIDGE", "Create a bridge." },
	{ "delbr", cmd_delbr, "BRIDGE",
	  "Delete a bridge; its ports are released." },
	{ "addif", cmd_addif, "BRIDGE DEV",
	  "Make DEV a port of BRIDGE." },
	{ "delif", cmd_delif, "BRIDGE DEV",
	  "Release the port DEV from BRIDGE." },
	{ "show", cmd_show, "[BRIDGE]",
	  "List bridges and their ports, as brctl show does; a port that is\n"
	  "a Xen netback vif has its domid, handle and guest MAC after it." },
	{ "showmacs", cmd_showmacs, "BRIDGE",
	  "List the forwarding database, as brctl showmacs does." },
	{ "setageing", cmd_setageing, "BRIDGE SECONDS",
	  "Set the ageing time of learned entries; 0 turns learning off." },
	{ "stp", cmd_stp, "BRIDGE off",
	  "Accepted for brctl compatibility: xenbr has no STP." },
	{ "setfd", cmd_setfd, "BRIDGE 0",
	  "Accepted for brctl compatibility: xenbr has no forward delay." },
	{ "fdb", cmd_fdb,
	  "add BRIDGE MAC DEV [vlan VID]\n"
	  "replace BRIDGE MAC DEV [vlan VID]\n"
	  "del BRIDGE MAC [vlan VID]\n"
	  "flush BRIDGE [dev DEV] [vlan VID] [static]\n"
	  "show BRIDGE [vlan VID]",
	  "Add a static entry (replace: even if it is static on another\n"
	  "port), delete an entry, flush the learned entries (of one port,\n"
	  "of one VLAN; static ones too with \"static\"), or list the FDB.\n"
	  "Entries are per VLAN: vlan VID names one (default 0, the one\n"
	  "VLAN of a bridge without VLAN filtering)." },
	{ "port", cmd_port,
	  "set DEV [learning on|off] [flood on|off] [mcast-flood on|off]\n"
	  "    [bcast-flood on|off] [limit N]\n"
	  "    [lock unlocked|locked|disabled [mac MAC]\n"
	  "     [ipv4 ADDR[/LEN][,...]|none] [ipv6 ADDR[/LEN][,...]|none]]\n"
	  "show [BRIDGE|DEV]",
	  "Change a port's flags and learning limit, or show ports (a Xen\n"
	  "netback vif with its domid, handle and guest MAC). A locked port\n"
	  "forwards only what its guest sends from MAC (default: the guest\n"
	  "MAC the netback glue knows) and the allowed addresses (default:\n"
	  "the current ones), DHCP requests, ARP probes and DAD; a disabled\n"
	  "one nothing, either way." },
	{ "limits", cmd_limits, "[BRIDGE] [max N] [port-max N]",
	  "Show learned-entry counts and limits, or set the bridge's limit\n"
	  "(max) and the limit that ports added later get (port-max)." },
	{ "stats", cmd_stats, "[-d|--details] [--format prometheus] [BRIDGE|DEV]",
	  "Show the counters of bridges and ports: traffic, drops (their\n"
	  "total and the reasons that counted; -d: every reason), FDB moves,\n"
	  "learning-limit hits, suppressed events; -j every reason as JSON;\n"
	  "--format prometheus as Prometheus' text format, for\n"
	  "node_exporter's textfile collector." },
	{ "netback", cmd_netback, "[on|off]",
	  "Show whether the netback glue attaches Xen netback vifs to their\n"
	  "bridge (with -j, also how many it attached, failed to attach,\n"
	  "left to others, skipped and saw go), or turn it on or off: for\n"
	  "the whole host, from the initial network namespace only." },
	{ "monitor", cmd_monitor, "[count N]",
	  "Print FDB and port events, time-stamped, as they happen; stop\n"
	  "after N events if given. Port events of a Xen netback vif carry\n"
	  "its domid, handle and, once the glue attached it, guest MAC." },
	{ "vlan", cmd_vlan,
	  "filtering BRIDGE [on|off]\n"
	  "default-pvid BRIDGE [VID]\n"
	  "add dev DEV vid VID[-VID] [pvid] [untagged]\n"
	  "del dev DEV vid VID[-VID]\n"
	  "show [dev DEV]",
	  "802.1Q VLANs, as iproute2's bridge vlan: turn a bridge's VLAN\n"
	  "filtering on or off (off: tags cross untouched), set the VLAN\n"
	  "new ports join as PVID, untagged (0: none; only with filtering\n"
	  "off), or show either; put a port, or the bridge itself (dom0),\n"
	  "in VLANs 1 to 4094 or take it out (pvid: untagged frames in are\n"
	  "of this VLAN; untagged: frames of it leave untagged), or list\n"
	  "the VLANs of every port and bridge, as bridge vlan show." },
	{ "doctor", cmd_doctor, "[BRIDGE]",
	  "Run the troubleshooting checklist of a Xen bridged network on\n"
	  "every bridge (or BRIDGE) and the host, read-only: one line per\n"
	  "finding, \"ok|warn|FAIL CHECK: detail (fix: ...)\", naming the\n"
	  "device at fault. Exit status 1 when a check FAILs." },
	{ "uplink", cmd_uplink,
	  "add BRIDGE DEV [--force]\n"
	  "del BRIDGE DEV",
	  "Take dom0's NIC DEV into BRIDGE as Xen's network-bridge did: make\n"
	  "it a port, move its IPv4 and IPv6 addresses and its routes to the\n"
	  "bridge, which takes its MAC (del: move the bridge's back to DEV\n"
	  "and release it). Refused with no change when DEV is no Ethernet\n"
	  "device, is a port already, or (without --force) has nothing to\n"
	  "move; a change the kernel refuses half-way undoes the others." },
	{ "save", cmd_save, "[FILE]",
	  "Write every xenbr bridge of the network namespace, with its\n"
	  "settings, ports, VLANs, static entries, MTU, addresses and\n"
	  "routes, to FILE (default: standard output) as a state file: JSON,\n"
	  "versioned, written whole or not at all." },
	{ "restore", cmd_restore, "[--check] [FILE]",
	  "Make the bridges of a state file (default: standard input) so,\n"
	  "creating what is missing. The whole file and every device it\n"
	  "names are checked first: a fault is reported with its place and\n"
	  "nothing changes (--check: only that). What is already so is left\n"
	  "alone; a running vif is left to the netback glue, which takes it\n"
	  "back." },
	{ "reload", cmd_reload, "[MODULE.ko]",
	  "Put a new xenbr module in service under running guests: save,\n"
	  "rmmod, load (modprobe xenbr, the module installed for the running\n"
	  "kernel, or insmod MODULE.ko), restore; print how long the guests\n"
	  "were cut off. The state is kept in /run/xenbr/reload-state.json:\n"
	  "if the new module does not load, restore it from there." },
};

#define N_VERBS (sizeof(verbs) / sizeof(verbs[0]))

static const struct verb *find_verb(const char *name)
{
	size_t i;

	for (i = 0; i < N_VERBS; i++)
		if (!strcmp(verbs[i].name, name))
			return &verbs[i];
	return NULL;
}

/* Prints @text, its first line after @first, each further line after @rest
 * (for a usage line: as wide as "xenbr-ctl VERB ").
 */
static void print_lines(const char *text, const char *first,
			const char *rest)
{
	const char *nl;

	fputs(first, stdout);
	while ((nl = strchr(text, '\n'))) {
		printf("%.*s\n%s", (int)(nl - text), text, rest);
		text = nl + 1;
	}
	printf("%s\n", text);
}

static void print_verb(const struct verb *v, bool usage)
{
	char first[64], rest[64];

	snprintf(first, sizeof(first), "%sxenbr-ctl %s ",
		 usage ? "Usage: " : "  ", v->name);
	snprintf(rest, sizeof(rest), "%*s", (int)strlen(first), "");
	print_lines(v->args, first, rest);
	print_lines(v->help, usage ? "" : "      ", usage ? "" : "      ");
}

void usage_of(const char *name)
{
	const struct verb *v = find_verb(name);

	fprintf(stderr, "xenbr-ctl: %s: wrong arguments; see xenbr-ctl %s --help\n",
		name, v ? v->name : "");
	exit(2);
}

int need_args(int argc, int min, int max)
{
	if (argc < min || argc > max)
		usage_of(verb);
	return argc;
}

static void help(void)
{
	size_t i;

	printf("Usage: xenbr-ctl [-j|--json] VERB [ARGS...]\n"
	       "       xenbr-ctl VERB --help\n"
	       "       xenbr-ctl -h|--help | -V|--version\n"
	       "\n"
	       "Configure xenbr bridges. The brctl verbs (addbr to setfd) print\n"
	       "what brctl prints.\n"
	       "\n"
	       "Verbs:\n");
	for (i = 0; i < N_VERBS; i++)
		print_verb(&verbs[i], false);
	printf("\n"
	       "Options:\n"
	       "  -j, --json     print what is read as one JSON document\n"
	       "                 (monitor: one document per event, a line each)\n"
	       "  -h, --help     show this help\n"
	       "  -V, --version  show the version\n"
	       "\n"
	       "Exit status: 0 on success, 1 on failure, 2 on wrong usage.\n");
}

int main(int argc, char **argv)
{
	char **args = calloc(argc + 1, sizeof(*args));
	const struct verb *v;
	bool want_help = false;
	int i, n = 0;

	if (!args)
		die("out of memory");
	/* Options may come before or after the verb. */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "-h") ||
			   !strcmp(argv[i], "--help")) {
			want_help = true;
		} else if (!strcmp(argv[i], "-V") ||
			   !strcmp(argv[i], "--version")) {
			printf("xenbr-ctl %s\n", XENBR_VERSION);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1] && !n) {
			fprintf(stderr, "xenbr-ctl: unknown option '%s'; try xenbr-ctl --help\n",
				argv[i]);
			return 2;
		} else {
			args[n++] = argv[i];
		}
	}
	if (!n) {
		if (want_help) {
			help();
			return 0;
		}
		fprintf(stderr, "xenbr-ctl: no verb given; try xenbr-ctl --help\n");
		return 2;
	}
	v = find_verb(args[0]);
	if (!v) {
		fprintf(stderr, "xenbr-ctl: unknown verb '%s'; try xenbr-ctl --help\n",
			args[0]);
		return 2;
	}
	verb = v->name;
	if (want_help) {
		print_verb(v, true);
		return 0;
	}
	i = v->fn(n - 1, args + 1);
	if (fflush(stdout))
		die("%s: cannot write the output: %s", verb, strerror(errno));
	nl_close(&nl);
	free(args);
	return i;
}
