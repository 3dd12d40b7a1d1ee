// lostupdate [N]: a planted bug for `xv6sharp explore` to find.  Two
// processes each add 1 to a counter kept in a file, N times (default 20),
// as read, add, write back, with no lock: when one reads between the
// other's read and write, an update is lost.  Whether that happens is
// the schedule's choice, so under --seed some seeds lose updates and some
// do not.  Exits 1 with "lostupdate: counted C, expected 2N" when one was
// lost, else prints "lostupdate: counted 2N".
#include "user.h"
#include "fcntl.h"

static const char *path = "lostupdate.counter";

static int get(void) {
  int fd = open(path, O_RDONLY);
  int v = 0;
  if (fd < 0 || read(fd, &v, sizeof v) != sizeof v)
    fail("lostupdate: cannot read the counter");
  close(fd);
  return v;
}

static void put(int v) {
  int fd = open(path, O_WRONLY);
  if (fd < 0 || write(fd, &v, sizeof v) != sizeof v)
    fail("lostupdate: cannot write the counter");
  close(fd);
}

int main(int argc, char *argv[]) {
  int n = argc > 1 ? atoi(argv[1]) : 20;
  if (n < 1)
    fail("usage: lostupdate [N >= 1]");
  int fd = open(path, O_CREATE | O_WRONLY | O_TRUNC);
  if (fd < 0)
    fail("lostupdate: cannot create the counter");
  close(fd);
  put(0);
  for (int c = 0; c < 2; c++) {
    int pid = fork();
    if (pid < 0)
      fail("lostupdate: fork failed");
    if (pid == 0) {
      for (int i = 0; i < n; i++)
        put(get() + 1);
      exit(0);
    }
  }
  for (int c = 0; c < 2; c++)
    wait(0);
  int counted = get();
  unlink(path);
  if (counted != 2 * n) {
    printf("lostupdate: counted %d, expected %d\n", counted, 2 * n);
    exit(1);
  }
  printf("lostupdate: counted %d\n", counted);
  exit(0);
}
