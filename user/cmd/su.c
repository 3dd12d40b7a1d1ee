// su UID [COMMAND [ARG...]]: run COMMAND (default: a shell) as user UID.
// Only root may use it; the command replaces su (exec), so its exit status
// is su's.  Errors: a usage message and status 2 for a missing or bad UID,
// status 1 when not permitted or when COMMAND cannot be run.
#include "user.h"

static void usage(void) __attribute__((noreturn));
static void usage(void) {
  fprintf(2, "usage: su UID [COMMAND [ARG...]]   (UID: a number >= 0)\n");
  exit(2);
}

int main(int argc, char *argv[]) {
  if (argc < 2)
    usage();
  int uid;
  if (parseint(argv[1], &uid) < 0 || uid < 0)
    usage();
  if (getuid() != 0 || setuid(uid) < 0) {
    fprintf(2, "su: permission denied (only root may change user)\n");
    return 1;
  }
  char *shell[] = {"sh", 0};
  char **cmd = argc > 2 ? argv + 2 : shell;
  exec(cmd[0], cmd);
  if (cmd[0][0] != '/') {
    // Like sh: a bare name is also looked up in the root directory.
    static char path[MAXPATH];
    if (strlen(cmd[0]) + 2 <= sizeof(path)) {
      path[0] = '/';
      strcpy(path + 1, cmd[0]);
      exec(path, cmd);
    }
  }
  fprintf(2, "su: exec %s failed\n", cmd[0]);
  return 1;
}
