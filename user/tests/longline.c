// longline N: runs `sh -c "echo xx...x"` whose text is N bytes long
// (N >= 6; at most 16000) and prints sh's exit status.  For the tests of
// sh's line limit (1023 bytes): a line that fits is echoed, a longer one
// gets "sh: line too long" and status 2, and one that does not even fit
// on the new program's stack page makes exec fail.
#include "user.h"

static char cmd[16001];   // static: a single 4 KiB stack page could not hold it

int main(int argc, char *argv[]) {
  int n;
  if (argc != 2 || parseint(argv[1], &n) < 0 || n < 6 || n > 16000) {
    fprintf(2, "usage: longline N (6..16000)\n");
    exit(2);
  }
  memcpy(cmd, "echo ", 5);
  memset(cmd + 5, 'x', n - 5);
  cmd[n] = 0;
  int pid = fork();
  if (pid < 0)
    fail("longline: fork failed");
  if (pid == 0) {
    char *shargv[] = {"sh", "-c", cmd, 0};
    exec("sh", shargv);
    exec("/sh", shargv);
    printf("longline: exec failed\n");
    exit(99);
  }
  int status;
  if (wait(&status) != pid)
    fail("longline: wait failed");
  printf("longline: status %d\n", status);
  exit(0);
}
