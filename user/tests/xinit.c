// xinit: an init in the style of xv6's own, for the tests of what
// Xv6Sharp does with an image made for xv6: it knows nothing of
// `init -r` or `init -c` (it ignores options) and runs sh forever,
// printing "init: starting sh" each time; a sh that exits (end of input)
// is simply started again.  Unlike xv6's, it waits a tick between starts,
// so a missing sh does not spin a hart, and `xinit SCRIPT` runs `sh SCRIPT`
// (a shell that does no job control, like xv6's).
#include "user.h"
#include "fcntl.h"

int main(int argc, char *argv[]) {
  if (open("console", O_RDWR) < 0) {
    mknod("console", 1, 0);
    open("console", O_RDWR);
  }
  dup(0);   // stdout
  dup(0);   // stderr
  char *shargv[] = {"sh", 0, 0};
  if (argc > 1 && argv[1][0] != '-')
    shargv[1] = argv[1];
  for (;;) {
    printf("init: starting sh\n");
    int pid = fork();
    if (pid < 0) {
      printf("init: fork failed\n");
      exit(1);
    }
    if (pid == 0) {
      exec("sh", shargv);
      printf("init: exec sh failed\n");
      exit(1);
    }
    while (wait(0) != pid)
      ;
    sleep(1);
  }
}
