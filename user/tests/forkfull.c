// forkfull: fork until the kernel refuses (process table or memory full),
// then release every child and check that fork works again, i.e. that a
// failed fork leaks nothing and every reaped slot is reusable.
// Prints: "forkfull: fork failed after <n> children", "forkfull: recovered".
#include "user.h"

#define LIMIT 10000   // safety bound should fork never fail

int main(void) {
  int p[2];
  if (pipe(p) < 0)
    fail("forkfull: pipe failed");

  int n = 0;
  for (; n < LIMIT; n++) {
    int pid = fork();
    if (pid < 0)
      break;
    if (pid == 0) {
      // Block until the parent closes the write end (end of file).
      close(p[1]);
      char c;
      read(p[0], &c, 1);
      exit(0);
    }
  }
  printf("forkfull: fork failed after %d children\n", n);
  if (n == 0)
    fail("forkfull: the very first fork failed");
  if (n == LIMIT)
    fail("forkfull: fork never failed");

  close(p[1]);   // every child's read now returns 0 (its own copy is closed)
  close(p[0]);
  int reaped = 0, st;
  int r;
  while ((r = wait(&st)) >= 0) {
    if (st != 0)
      fail("forkfull: child %d exited with %d", r, st);
    reaped++;
  }
  if (reaped != n)
    fail("forkfull: reaped %d children, forked %d", reaped, n);

  // Slots are free again; allow a few ticks in case other processes in
  // the system (orphans awaiting init) briefly hold some.
  for (int i = 0; i < 20; i++) {
    int pid = fork();
    if (pid == 0)
      exit(0);
    if (pid > 0) {
      if (wait(&st) != pid || st != 0)
        fail("forkfull: wait after recovery failed");
      printf("forkfull: recovered\n");
      return 0;
    }
    sleep(1);
  }
  fail("forkfull: fork still fails after all children were reaped");
}
