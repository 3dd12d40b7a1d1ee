// crashload: a fixed sequence of file-system operations for the crash
// tests (CrashRecoveryTests). The tests cut the power after N sector writes
// for many N, then check that the disk holds the state after some prefix
// of these operations' transactions, nothing half-done. Expects on disk:
// "a" (any content) and "src" (any content); see CrashRecoveryTests for
// the exact expectations.
#include "user.h"
#include "fcntl.h"

#define F_SIZE 20000

static char pattern[F_SIZE];

static void must(int ok, const char *what) {
  if (!ok) fail("crashload: %s", what);
}

int main(void) {
  for (int i = 0; i < F_SIZE; i++) pattern[i] = (char)('a' + i % 23);

  int fd = open("b", O_CREATE | O_WRONLY);            // txn: create b
  must(fd >= 0, "create b");
  must(write(fd, "new-contents-b", 14) == 14, "write b");   // txn: b's data
  close(fd);
  must(link("a", "c") == 0, "link a c");              // txn
  must(unlink("a") == 0, "unlink a");                 // txn
  must(mkdir("d") == 0, "mkdir d");                   // txn
  fd = open("d/e", O_CREATE | O_WRONLY);              // txn
  must(fd >= 0, "create d/e");
  must(write(fd, "hi", 2) == 2, "write d/e");         // txn
  close(fd);
  fd = open("f", O_CREATE | O_WRONLY);                // txn
  must(fd >= 0, "create f");
  must(write(fd, pattern, F_SIZE) == F_SIZE, "write f");   // 7 txns of at most 3 KiB
  close(fd);
  must(unlink("src") == 0, "unlink src");             // txn: frees all of src's blocks
  fd = open("c", O_WRONLY | O_TRUNC);                 // txn: truncate
  must(fd >= 0, "open c");
  must(write(fd, "replaced", 8) == 8, "write c");     // txn
  close(fd);
  printf("crashload: done\n");
  exit(0);
}
