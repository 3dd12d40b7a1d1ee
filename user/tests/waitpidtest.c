// waitpidtest: waitpid(pid) waits for that one child even while other
// children are already zombies; waitpid(-1) takes any child; waitpid on a
// process that is not our child fails.
// Three children exit with 1, 2, 3 after sleeping 1, 3, 2 ticks, so the
// second child exits LAST: waitpid(second) has to pass over two zombies.
// Prints: "waitpid: got <pid> status 2", "waitpid: non-child -1".
#include "user.h"

static int spawn(int ticks, int status) {
  int pid = fork();
  if (pid < 0)
    fail("waitpid: fork failed");
  if (pid == 0) {
    sleep(ticks);
    exit(status);
  }
  return pid;
}

int main(void) {
  int c1 = spawn(1, 1);
  int c2 = spawn(3, 2);
  int c3 = spawn(2, 3);

  int st = -99;
  int r = waitpid(c2, &st);
  if (r != c2)
    fail("waitpid: waitpid(%d) returned %d", c2, r);
  printf("waitpid: got %d status %d\n", r, st);
  if (st != 2)
    fail("waitpid: status %d, expected 2", st);

  // The other two, in either order.
  int seen1 = 0, seen3 = 0;
  for (int i = 0; i < 2; i++) {
    st = -99;
    r = waitpid(-1, &st);
    if (r == c1 && st == 1 && !seen1)
      seen1 = 1;
    else if (r == c3 && st == 3 && !seen3)
      seen3 = 1;
    else
      fail("waitpid: waitpid(-1) returned %d status %d (children %d, %d)", r, st, c1, c3);
  }
  if (waitpid(-1, 0) != -1)
    fail("waitpid: waitpid(-1) with no children left did not return -1");

  // pid 1 (init) exists but is not our child.
  r = waitpid(1, &st);
  printf("waitpid: non-child %d\n", r);
  if (r != -1)
    fail("waitpid: waitpid(1) returned %d, expected -1", r);
  return 0;
}
