// exitrace [N]: a child and its own child exit at the same moment, N
// times (default 200); the parent's wait must always return the child.
// This races exit's reparenting of the grandchild against the
// grandchild's own exit.
// Prints: "exitrace: N rounds ok".
#include "user.h"

int main(int argc, char *argv[]) {
  int rounds = argc > 1 ? atoi(argv[1]) : 200;
  if (rounds <= 0)
    fail("exitrace: bad round count");

  struct sysinfo si;
  if (sysinfo(&si) < 0)
    fail("exitrace: sysinfo failed");
  int nproc_before = si.nproc;

  int skipped = 0;
  for (int i = 0; i < rounds; i++) {
    int c = fork();
    if (c < 0) {
      // Orphans waiting for init to reap them can fill the table for a
      // moment; that is not what this test is about.
      if (++skipped > 1000)
        fail("exitrace: fork keeps failing (round %d)", i);
      sleep(1);
      i--;
      continue;
    }
    if (c == 0) {
      int g = fork();
      if (g == 0)
        exit(0);     // grandchild: exit at once
      exit(g < 0 ? 3 : 0);   // child: exit right after forking
    }
    int st = -99;
    int r = wait(&st);
    if (r != c)
      fail("exitrace: round %d: wait returned %d, expected %d", i, r, c);
    if (st == 3) {
      // The child could not fork: repeat the round.
      if (++skipped > 1000)
        fail("exitrace: grandchild fork keeps failing (round %d)", i);
      sleep(1);
      i--;
      continue;
    }
    if (st != 0)
      fail("exitrace: round %d: child status %d", i, st);
  }
  // The grandchildren are init's to reap; give it a moment so that the
  // process count (and a memcheck run next) is back to where it was.
  // Not a failure if it is not: other processes may have started meanwhile.
  settle(nproc_before, 200);
  printf("exitrace: %d rounds ok\n", rounds);
  return 0;
}
