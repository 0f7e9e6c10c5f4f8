// SPDX-License-Identifier: GPL-2.0
/*
 * xenbr-ctl: the save, restore and reload verbs. reload puts a new xenbr
 * module in service under running guests: it saves the state, unloads the
 * module, loads the new one (modprobe's, i.e. the one installed for the
 * running kernel, or a given file) and restores the state; the netback
 * glue takes the running vifs back as their bridges reappear. The state is
 * read back and checked before the old module goes, and kept on disk, so
 * that a module that does not load loses nothing.
 */

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "errors.h"
#include "state.h"

#define STATE_DIR	"/run/xenbr"
#define RELOAD_STATE	STATE_DIR "/reload-state.json"

extern char **environ;

/* A temporary file of save that a failure must not leave behind. */
static char tmp_path[4096];

static void drop_tmp(void)
{
	if (tmp_path[0])
		unlink(tmp_path);
}

/* Saves to @path through a temporary file: a file there is whole. */
static void save_to(const char *path)
{
	int fd, out;

	if ((size_t)snprintf(tmp_path, sizeof(tmp_path), "%s.tmp", path) >=
	    sizeof(tmp_path))
		die("%s: %s: the name is too long", verb, path);
	fd = open(tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		die("%s: cannot write %s: %s", verb, tmp_path, strerror(errno));
	atexit(drop_tmp);
	fflush(stdout);
	out = dup(STDOUT_FILENO);
	if (out < 0 || dup2(fd, STDOUT_FILENO) < 0)
		die("%s: %s", verb, strerror(errno));
	close(fd);
	state_save();
	if (fflush(stdout) || fsync(STDOUT_FILENO))
		die("%s: cannot write %s: %s", verb, tmp_path, strerror(errno));
	if (dup2(out, STDOUT_FILENO) < 0)
		die("%s: %s", verb, strerror(errno));
	close(out);
	if (rename(tmp_path, path))
		die("%s: cannot rename %s to %s: %s", verb, tmp_path, path,
		    strerror(errno));
	tmp_path[0] = '\0';
}

int cmd_save(int argc, char **argv)
{
	need_args(argc, 0, 1);
	if (!argc || !strcmp(argv[0], "-"))
		state_save();
	else
		save_to(argv[0]);
	return 0;
}

static size_t count_ports(const struct state *st)
{
	size_t i, n = 0;

	for (i = 0; i < st->n_bridges; i++)
		n += st->bridges[i].n_ports;
	return n;
}

int cmd_restore(int argc, char **argv)
{
	bool check = argc && !strcmp(argv[0], "--check");
	const char *file;
	struct state st;
	int rc;

	argc -= check;
	argv += check;
	file = need_args(argc, 0, 1) ? argv[0] : "-";
	state_read(file, &st);
	rc = state_restore(&st, file, check);
	if (check)
		printf("%s: %zu bridge%s, %zu port%s: ok\n",
		       strcmp(file, "-") ? file : "standard input", st.n_bridges,
		       st.n_bridges == 1 ? "" : "s", count_ports(&st),
		       count_ports(&st) == 1 ? "" : "s");
	state_free(&st);
	return rc;
}

/* Runs @argv (from PATH); its exit status, or -1 when it could not run. */
static int run(char *const argv[])
{
	pid_t pid;
	int status;

	fflush(stdout);
	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ))
		return -1;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* The version of the loaded module, as MODULE_VERSION gives it. */
static const char *module_version(char *buf, size_t size)
{
	FILE *f = fopen("/sys/module/xenbr/version", "re");

	if (!f || !fgets(buf, size, f))
		snprintf(buf, size, "?");
	if (f)
		fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

int cmd_reload(int argc, char **argv)
{
	char *rmmod[] = { "rmmod", "xenbr", NULL };
	char *modprobe[] = { "modprobe", "xenbr", NULL };
	char *dry_run[] = { "modprobe", "--dry-run", "--quiet", "xenbr", NULL };
	char *insmod[] = { "insmod", NULL, NULL };
	const char *file = getenv("XENBR_RELOAD_STATE");
	char old[64], new[64];
	struct state st;
	long long t0, t_unload, t_load, t1;
	int rc;

	if (!file)
		file = RELOAD_STATE;
	need_args(argc, 0, 1);
	if (access("/sys/module/xenbr", F_OK))
		die("reload: the xenbr module is not loaded: modprobe xenbr loads it");
	/* What would be loaded is found before anything goes. */
	if (argc) {
		insmod[1] = argv[0];
		if (access(argv[0], R_OK))
			die("reload: cannot read %s: %s; nothing changed",
			    argv[0], strerror(errno));
	} else if (run(dry_run)) {
		die("reload: modprobe finds no xenbr module for this kernel (is xenbr-dkms built for it?); nothing changed");
	}
	if (mkdir(STATE_DIR, 0755) && errno != EEXIST)
		die("reload: cannot create %s: %s", STATE_DIR, strerror(errno));
	module_version(old, sizeof(old));
	save_to(file);
	state_read(file, &st);
	nl_close(&nl);

	t0 = now_us();
	rc = run(rmmod);
	if (rc)
		die("reload: rmmod xenbr failed%s; the module and its bridges stay as they were",
		    rc < 0 ? " to run" : " (see above)");
	t_unload = now_us();
	rc = run(argc ? insmod : modprobe);
	t_load = now_us();
	if (rc) {
		fprintf(stderr,
			"xenbr-ctl: reload: the new module did not load (%s %s%s); no xenbr bridge exists now.\n"
			"xenbr-ctl: reload: the state is kept in %s; once a module loads, this restores it:\n"
			"    xenbr-ctl restore %s\n",
			argc ? "insmod" : "modprobe", argc ? argv[0] : "xenbr",
			rc < 0 ? ": it could not run" : ": see above", file,
			file);
		return 1;
	}
	state_kept = file;
	rc = state_restore(&st, file, false);
	t1 = now_us();
	if (!rc)
		printf("reload: xenbr %s -> %s: %zu bridge%s, %zu port%s restored; guests were cut off for %.3f s (unload %.3f, load %.3f, restore %.3f)\n",
		       old, module_version(new, sizeof(new)), st.n_bridges,
		       st.n_bridges == 1 ? "" : "s", count_ports(&st),
		       count_ports(&st) == 1 ? "" : "s", (t1 - t0) / 1e6,
		       (t_unload - t0) / 1e6, (t_load - t_unload) / 1e6,
		       (t1 - t_load) / 1e6);
	state_free(&st);
	return rc;
}
