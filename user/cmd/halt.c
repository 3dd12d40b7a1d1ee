// halt [STATUS]: sync the disk and power the machine off; STATUS (default
// 0) becomes the machine's exit status.  Only root (uid 0) may halt.
#include "user.h"

int main(int argc, char *argv[]) {
  int status = 0;
  if (argc > 1 && parseint(argv[1], &status) < 0) {
    fprintf(2, "halt: bad status %s\n", argv[1]);
    return 1;
  }
  halt(status);
  // Only reached if the kernel refused.
  fprintf(2, "halt: not permitted (uid %d; only root may halt)\n", getuid());
  return 1;
}
