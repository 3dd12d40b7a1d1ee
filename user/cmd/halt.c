// halt [STATUS]: sync the disk and power the machine off; STATUS (default
// 0) becomes the machine's exit status.  Only root (uid 0) may halt.
#include "user.h"

int main(int argc, char *argv[]) {
  int status = argc > 1 ? atoi(argv[1]) : 0;
  halt(status);
  // Only reached if the kernel refused.
  fprintf(2, "halt: not permitted (uid %d; only root may halt)\n", getuid());
  return 1;
}
