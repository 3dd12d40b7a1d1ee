// killspin: kill() must stop a process that spins in user mode and never
// makes a system call; the kernel notices `killed` on the next timer
// interrupt or, sooner, the inter-processor interrupt kill() sends to the
// hart running it.  The child exits with status -1.
// Prints: "killspin: status -1", "killspin: reaped in <ns> ns".
#include "user.h"

int main(void) {
  int p[2];
  if (pipe(p) < 0)
    fail("killspin: pipe failed");
  int pid = fork();
  if (pid < 0)
    fail("killspin: fork failed");
  if (pid == 0) {
    close(p[0]);
    // Tell the parent we are running, then spin without system calls.
    if (write(p[1], "r", 1) != 1)
      exit(2);
    volatile uint64 n = 0;
    for (;;)
      n++;
  }

  close(p[1]);
  char c;
  if (read(p[0], &c, 1) != 1)
    fail("killspin: child never started");
  close(p[0]);
  // Let the child spin for a moment. A busy wait on the clock, not sleep():
  // the test runs with a timer tick far too long to wait for, so that only
  // the inter-processor interrupt sent by kill() can stop the child.
  uint64 until = nanotime() + 2000000;
  while (nanotime() < until)
    ;

  uint64 t0 = nanotime();
  if (kill(pid) < 0)
    fail("killspin: kill(%d) failed", pid);
  int st = 0;
  int r = wait(&st);
  uint64 t1 = nanotime();
  printf("killspin: status %d\n", st);
  if (r != pid)
    fail("killspin: wait returned %d, expected %d", r, pid);
  if (st != -1)
    fail("killspin: status %d, expected -1", st);
  printf("killspin: reaped in %lu ns\n", t1 - t0);
  return 0;
}
