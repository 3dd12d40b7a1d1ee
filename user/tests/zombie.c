// zombie: an exited child stays a ZOMBIE (holding its exit status) until
// its parent waits, and is gone from the process table afterwards.
// Prints: "zombie: child <pid> is ZOMBIE", "zombie: still ZOMBIE after
// sleep", "zombie: reaped".
#include "user.h"

int main(void) {
  int pid = fork();
  if (pid < 0)
    fail("zombie: fork failed");
  if (pid == 0)
    exit(5);

  struct procinfo pi;
  int seen = 0;
  // Bounded: 2000 rounds of yield, with a tick of sleep every tenth, is
  // far longer than a child needs to call exit.
  for (int i = 0; i < 2000; i++) {
    int r = findproc(pid, &pi);
    if (r < 0)
      fail("zombie: getprocs failed");
    if (r == 0)
      fail("zombie: child %d vanished before wait", pid);
    if (pi.state == PS_ZOMBIE) {
      seen = 1;
      break;
    }
    if (i % 10 == 9)
      sleep(1);
    else
      yield();
  }
  if (!seen)
    fail("zombie: child %d never became ZOMBIE (state %d)", pid, pi.state);
  printf("zombie: child %d is ZOMBIE\n", pid);
  if (pi.xstate != 5)
    fail("zombie: ZOMBIE's xstate is %d, expected 5", pi.xstate);
  if (pi.ppid != getpid())
    fail("zombie: ZOMBIE's ppid is %d, expected %d", pi.ppid, getpid());

  if (sleep(3) < 0)
    fail("zombie: sleep failed");
  int r = findproc(pid, &pi);
  if (r != 1 || pi.state != PS_ZOMBIE)
    fail("zombie: child not ZOMBIE after sleep (found %d state %d)", r, pi.state);
  printf("zombie: still ZOMBIE after sleep\n");

  int st = 0;
  r = wait(&st);
  if (r != pid || st != 5)
    fail("zombie: wait returned %d status %d, expected %d status 5", r, st, pid);
  r = findproc(pid, &pi);
  if (r != 0)
    fail("zombie: pid %d still in the process table after wait (state %d)", pid, pi.state);
  printf("zombie: reaped\n");
  return 0;
}
