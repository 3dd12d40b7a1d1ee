// memcheck: print the number of free physical pages, so a test can
// compare it before and after a workload (a leak shows as a drop).
// Prints: "memcheck: freepages <n>".
#include "user.h"

int main(void) {
  struct sysinfo si;
  if (sysinfo(&si) < 0)
    fail("memcheck: sysinfo failed");
  printf("memcheck: freepages %lu\n", si.freepages);
  return 0;
}
