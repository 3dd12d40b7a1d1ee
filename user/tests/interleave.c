// interleave N [LINES]: N processes (default 3) each print LINES lines
// (default 5) to the console with no coordination at all, one write per
// line, and the parent waits for them all.  The order of the lines is the
// order the schedule ran them in: under --seed N it is the same for the
// same seed, and differs between seeds (docs/SEEDED-RUNS.md).
// Prints "interleave: N processes, LINES lines each" at the end.
#include "user.h"

int main(int argc, char *argv[]) {
  int n = argc > 1 ? atoi(argv[1]) : 3;
  int lines = argc > 2 ? atoi(argv[2]) : 5;
  if (n < 1 || n > 32 || lines < 1)
    fail("usage: interleave [N 1..32] [LINES >= 1]");
  for (int i = 0; i < n; i++) {
    int pid = fork();
    if (pid < 0)
      fail("interleave: fork failed");
    if (pid == 0) {
      for (int j = 0; j < lines; j++) {
        char line[16];
        int len = 0;
        line[len++] = 'a' + i;
        if (j >= 100)
          line[len++] = '0' + j / 100 % 10;
        if (j >= 10)
          line[len++] = '0' + j / 10 % 10;
        line[len++] = '0' + j % 10;
        line[len++] = '\n';
        write(1, line, len);
        // A little work between lines, so time slices and quanta end at different lines.
        volatile int spin = 0;
        for (int k = 0; k < 2000 * (i + 1); k++)
          spin += k;
      }
      exit(0);
    }
  }
  for (int i = 0; i < n; i++) {
    int st;
    if (wait(&st) < 0 || st != 0)
      fail("interleave: a child failed");
  }
  printf("interleave: %d processes, %d lines each\n", n, lines);
  exit(0);
}
