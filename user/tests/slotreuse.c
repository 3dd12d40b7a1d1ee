// slotreuse: 192 sequential fork+wait pairs, three times the default
// process table size: every wait must free the slot for reuse.
// Prints: "slotreuse: 192 forks ok".
#include "user.h"

#define ROUNDS (3 * 64)

int main(void) {
  for (int i = 0; i < ROUNDS; i++) {
    int pid = fork();
    if (pid < 0)
      fail("slotreuse: fork %d failed", i);
    if (pid == 0)
      exit(i % 100);   // a status that differs from round to round
    int st = -99;
    int r = wait(&st);
    if (r != pid)
      fail("slotreuse: fork %d: wait returned %d, expected %d", i, r, pid);
    if (st != i % 100)
      fail("slotreuse: fork %d: status %d, expected %d", i, st, i % 100);
  }
  printf("slotreuse: %d forks ok\n", ROUNDS);
  return 0;
}
