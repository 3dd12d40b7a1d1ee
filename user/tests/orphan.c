// orphan: when a process exits, its children are given to init (pid 1),
// which reaps them.  Parent P forks C; C forks G and exits at once; G waits
// to see getppid() == 1; P waits for C, then watches G disappear.
// Prints: "orphan: grandchild adopted by 1" (from G), then
// "orphan: grandchild reaped by init" (from P).
#include "user.h"

int main(void) {
  int p[2];
  if (pipe(p) < 0)
    fail("orphan: pipe failed");

  int c = fork();
  if (c < 0)
    fail("orphan: fork failed");
  if (c == 0) {
    close(p[0]);
    int g = fork();
    if (g < 0)
      fail("orphan: fork of grandchild failed");
    if (g == 0) {
      close(p[1]);
      // C exits right away, so this usually succeeds within a tick or two.
      for (int i = 0; i < 1000; i++) {
        if (getppid() == 1) {
          printf("orphan: grandchild adopted by 1\n");
          exit(0);
        }
        sleep(1);
      }
      fail("orphan: grandchild's parent is %d, never 1", getppid());
    }
    // Tell P who the grandchild is, then exit immediately.
    if (write(p[1], &g, sizeof(g)) != sizeof(g))
      exit(2);
    exit(0);
  }

  close(p[1]);
  int g = -1;
  if (read(p[0], &g, sizeof(g)) != sizeof(g))
    fail("orphan: did not learn the grandchild's pid");
  close(p[0]);

  int st = -99;
  int r = wait(&st);
  if (r != c || st != 0)
    fail("orphan: wait returned %d status %d, expected %d status 0", r, st, c);

  for (int i = 0; i < 500; i++) {
    int found = findproc(g, 0);
    if (found < 0)
      fail("orphan: getprocs failed");
    if (found == 0) {
      printf("orphan: grandchild reaped by init\n");
      return 0;
    }
    sleep(1);
  }
  struct procinfo pi;
  findproc(g, &pi);
  fail("orphan: grandchild %d still present after 500 ticks (state %d, ppid %d)",
       g, pi.state, pi.ppid);
}
