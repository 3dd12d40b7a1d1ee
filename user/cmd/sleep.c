// sleep TICKS: pause for a number of timer ticks.
#include "user.h"

int main(int argc, char *argv[]) {
  if (argc != 2) {
    fprintf(2, "usage: sleep TICKS\n");
    return 1;
  }
  int n;
  if (parseint(argv[1], &n) < 0 || n < 0) {
    fprintf(2, "sleep: bad tick count %s\n", argv[1]);
    return 1;
  }
  if (sleep(n) < 0) {
    fprintf(2, "sleep: interrupted\n");
    return 1;
  }
  return 0;
}
