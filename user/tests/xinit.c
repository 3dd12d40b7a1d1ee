// xinit: an init in the style of xv6's own, for the tests of what
// Xv6Sharp does with an image made for xv6: it knows nothing of
// `init -r` or `init -c` (its arguments are passed on to sh instead) and
// runs sh forever, printing "init: starting sh" each time; a sh that
// exits (end of input) is simply started again.  Unlike xv6's, it waits a
// tick between starts, so a missing sh does not spin a hart.
#include "user.h"
#include "fcntl.h"

int main(int argc, char *argv[]) {
  if (open("console", O_RDWR) < 0) {
    mknod("console", 1, 0);
    open("console", O_RDWR);
  }
  dup(0);   // stdout
  dup(0);   // stderr
  argv[0] = "sh";
  for (;;) {
    printf("init: starting sh\n");
    int pid = fork();
    if (pid < 0) {
      printf("init: fork failed\n");
      exit(1);
    }
    if (pid == 0) {
      exec("sh", argv);
      printf("init: exec sh failed\n");
      exit(1);
    }
    while (wait(0) != pid)
      ;
    sleep(1);
  }
}
