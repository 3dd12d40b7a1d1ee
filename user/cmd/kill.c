// kill PID...: mark each process killed.  Only root (uid 0) may kill
// another user's processes, and nobody may kill init (pid 1); a refused
// or unknown pid prints an error, and the exit status is then 1.
#include "user.h"

int main(int argc, char *argv[]) {
  if (argc < 2) {
    fprintf(2, "usage: kill PID...\n");
    return 1;
  }
  int status = 0;
  for (int i = 1; i < argc; i++) {
    int pid;
    if (parseint(argv[i], &pid) < 0) {
      // Not a number, or one that does not fit an int (4294967297 would
      // otherwise wrap around to pid 1).
      fprintf(2, "kill: %s: not a process id\n", argv[i]);
      status = 1;
      continue;
    }
    if (kill(pid) < 0) {
      fprintf(2, "kill: cannot kill %s: no such process or not permitted\n", argv[i]);
      status = 1;
    }
  }
  return status;
}
