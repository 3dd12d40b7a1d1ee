// callspin [N]: preemption of a process that loops on a cheap system call.
// A child calls getpid() forever; the parent, on the same hart, sleeps N
// ticks (default 2), kills the child and waits for it.  A timer tick that
// arrives while the child is in the kernel must still end its time slice
// (it yields before it returns to user mode): otherwise, on one hart, the
// parent never runs again and the program hangs.
// Prints "callspin: parent ran after N ticks, child killed (status -1)".
#include "user.h"

int main(int argc, char *argv[]) {
  int ticks = argc > 1 ? atoi(argv[1]) : 2;
  int pid = fork();
  if (pid < 0)
    fail("callspin: fork failed");
  if (pid == 0)
    for (;;)
      getpid();
  int start = uptime();
  if (sleep(ticks) < 0)
    fail("callspin: sleep failed");
  int slept = uptime() - start;
  if (kill(pid) < 0)
    fail("callspin: kill failed");
  int st = 0;
  if (wait(&st) != pid)
    fail("callspin: wait did not return the child");
  if (st != -1)
    fail("callspin: child exited with %d, not -1", st);
  printf("callspin: parent ran after %d ticks, child killed (status %d)\n", slept >= ticks ? ticks : slept, st);
  exit(0);
}
