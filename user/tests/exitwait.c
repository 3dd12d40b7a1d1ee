// exitwait: a child's exit status reaches its parent through wait, and a
// second wait with no children left returns -1.
// Prints: "exitwait: child <pid> status 7", "exitwait: no more children -1".
#include "user.h"

int main(void) {
  int pid = fork();
  if (pid < 0)
    fail("exitwait: fork failed");
  if (pid == 0)
    exit(7);

  int st = 12345;
  int r = wait(&st);
  printf("exitwait: child %d status %d\n", r, st);
  if (r != pid)
    fail("exitwait: wait returned %d, fork returned %d", r, pid);
  if (st != 7)
    fail("exitwait: status %d, expected 7", st);

  r = wait(0);
  printf("exitwait: no more children %d\n", r);
  if (r != -1)
    fail("exitwait: second wait returned %d, expected -1", r);
  return 0;
}
