// halt [STATUS]: sync the disk and power the machine off; STATUS (default
// 0) becomes the machine's exit status.
#include "user.h"

int main(int argc, char *argv[]) {
  int status = argc > 1 ? atoi(argv[1]) : 0;
  halt(status);
  // Only reached if the kernel refused.
  fprintf(2, "halt: failed\n");
  return 1;
}
