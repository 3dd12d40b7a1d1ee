// nochild: wait in a process that never had children returns -1 at once.
// Prints: "nochild: wait -1".
#include "user.h"

int main(void) {
  int r = wait(0);
  if (r != -1)
    fail("nochild: wait returned %d, expected -1", r);
  printf("nochild: wait -1\n");
  return 0;
}
