// uidtest: the uid rules (the notes' question "why may one process kill
// another?", lecture 13.8).  Run as root.  Checks, printing FAIL on the
// first broken rule:
//   - getuid() is 0; fork copies the uid; exec keeps it (a uid-1000 child
//     execs `id`, which prints "uid=1000");
//   - A (uid 1000) and B (uid 1001) block reading a pipe.  C (uid 1000):
//     kill(B) = -1 and B is unharmed; kill(A) = 0 and A exits with -1;
//     kill(1) = -1; halt(0) = -1; setuid(0) = -1; setuid(1000) = 0;
//     setuid(-1) = -1;
//   - root: kill(1) = -1 and init is unharmed; kill(B) = 0.
// Prints "uidtest: ok".
#include "user.h"

// A child that becomes `uid` and then blocks reading fd.
static int sleeper(int uid, int fd) {
  int pid = fork();
  if (pid < 0)
    fail("uidtest: fork failed");
  if (pid == 0) {
    if (setuid(uid) < 0 || getuid() != uid)
      fail("uidtest: root could not become %d", uid);
    char c;
    read(fd, &c, 1);
    exit(7);   // only if the pipe is closed: the parent never does
  }
  return pid;
}

static int wait_status(int pid) {
  int st = 99;
  if (waitpid(pid, &st) != pid)
    fail("uidtest: waitpid(%d) failed", pid);
  return st;
}

static void wait_asleep(int pid) {
  struct procinfo pi;
  for (int i = 0; i < 1000; i++) {
    if (findproc(pid, &pi) == 1 && pi.state == PS_SLEEPING)
      return;
    sleep(1);
  }
  fail("uidtest: %d never went to sleep", pid);
}

int main(void) {
  if (getuid() != 0)
    fail("uidtest: must run as root, runs as %d", getuid());
  int p[2];
  if (pipe(p) < 0)
    fail("uidtest: pipe failed");
  int a = sleeper(1000, p[0]);
  int b = sleeper(1001, p[0]);
  wait_asleep(a);
  wait_asleep(b);

  int c = fork();
  if (c < 0)
    fail("uidtest: fork failed");
  if (c == 0) {
    if (setuid(1000) < 0 || getuid() != 1000)
      fail("uidtest: setuid(1000) failed");
    if (kill(b) != -1)
      fail("uidtest: uid 1000 killed a uid-1001 process");
    struct procinfo pi;
    if (findproc(b, &pi) != 1 || pi.killed || pi.state == PS_ZOMBIE)
      fail("uidtest: the refused kill harmed its target");
    if (kill(a) != 0)
      fail("uidtest: uid 1000 could not kill its own process");
    if (kill(1) != -1)
      fail("uidtest: uid 1000 killed init");
    if (halt(0) != -1)
      fail("uidtest: uid 1000 halted the machine");
    if (setuid(0) != -1 || getuid() != 1000)
      fail("uidtest: uid 1000 became root");
    if (setuid(1000) != 0 || setuid(-1) != -1)
      fail("uidtest: setuid to its own uid must work, to -1 must not");
    // fork copies the uid, exec keeps it: `id` prints uid=1000.
    int d = fork();
    if (d == 0) {
      char *argv[] = {"id", 0};
      exec("id", argv);
      exec("/id", argv);
      fail("uidtest: exec id failed");
    }
    if (d < 0 || wait_status(d) != 0)
      fail("uidtest: id failed");
    exit(0);
  }
  if (wait_status(c) != 0)
    fail("uidtest: the uid-1000 checks failed");
  if (wait_status(a) != -1)
    fail("uidtest: A was not killed");

  if (kill(1) != -1)
    fail("uidtest: root killed init");
  struct procinfo pi;
  if (findproc(1, &pi) != 1 || pi.killed)
    fail("uidtest: init was harmed by a refused kill");
  if (kill(b) != 0)
    fail("uidtest: root could not kill a uid-1001 process");
  if (wait_status(b) != -1)
    fail("uidtest: B was not killed");
  printf("uidtest: ok\n");
  exit(0);
}
