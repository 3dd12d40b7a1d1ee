// killpipe: kill() must wake a process blocked reading an empty pipe (the
// parent keeps the write end open, so no data or end of file ever comes);
// the read fails and the child exits with status -1.
// Prints: "killpipe: status -1".
#include "user.h"

int main(void) {
  int p[2];
  if (pipe(p) < 0)
    fail("killpipe: pipe failed");
  int pid = fork();
  if (pid < 0)
    fail("killpipe: fork failed");
  if (pid == 0) {
    close(p[1]);
    char c;
    int n = read(p[0], &c, 1);
    // Only reached if the kernel let read return instead of killing us.
    exit(n < 0 ? 2 : 3);
  }

  close(p[0]);   // the parent holds only the write end, and keeps it
  if (sleep(2) < 0)
    fail("killpipe: sleep failed");
  if (kill(pid) < 0)
    fail("killpipe: kill(%d) failed", pid);
  int st = 0;
  int r = wait(&st);
  printf("killpipe: status %d\n", st);
  if (r != pid)
    fail("killpipe: wait returned %d, expected %d", r, pid);
  if (st != -1)
    fail("killpipe: status %d, expected -1", st);
  close(p[1]);
  return 0;
}
