// killfs: a file system operation in progress completes even if its
// process is killed meanwhile.  The child writes 40 KiB to killfs.out in
// ONE write call; the parent kills it while that write is under way.
// The kernel only acts on `killed` at system call boundaries and in
// interruptible sleeps, never inside disk I/O or the log, so the file
// must end up complete: 40960 bytes of the pattern byte i = i % 251.
// Prints: "killfs: file intact 40960".
#include "user.h"
#include "fcntl.h"

#define FILE_NAME "killfs.out"
#define SIZE 40960

static char buf[SIZE];   // static: far bigger than the one-page stack

int main(void) {
  for (int i = 0; i < SIZE; i++)
    buf[i] = (char)(i % 251);
  unlink(FILE_NAME);   // a leftover from an earlier run; may not exist

  int p[2];
  if (pipe(p) < 0)
    fail("killfs: pipe failed");
  int pid = fork();
  if (pid < 0)
    fail("killfs: fork failed");
  if (pid == 0) {
    close(p[0]);
    int fd = open(FILE_NAME, O_CREATE | O_WRONLY | O_TRUNC);
    if (fd < 0)
      exit(2);
    if (write(p[1], "w", 1) != 1)   // "about to write"
      exit(3);
    int n = write(fd, buf, SIZE);
    exit(n == SIZE ? 0 : 4);
  }

  close(p[1]);
  char c;
  if (read(p[0], &c, 1) != 1) {
    int st = 0;
    wait(&st);
    fail("killfs: child did not start (status %d)", st);
  }
  close(p[0]);

  // The signal comes just BEFORE the write call, and a kill that lands
  // before the call starts would (correctly) stop the child at the system
  // call boundary with nothing written.  So wait until the file has
  // started to grow, which proves the write is in progress (or done),
  // and kill at once.
  struct stat st;
  for (int i = 0; i < 100000; i++) {
    if (stat(FILE_NAME, &st) < 0)
      fail("killfs: cannot stat %s", FILE_NAME);
    if (st.size > 0)
      break;
    struct procinfo pi;
    if (findproc(pid, &pi) != 1 || pi.state == PS_ZOMBIE)
      break;   // already finished (or failed): nothing left to race
    yield();
  }
  if (kill(pid) < 0)
    fail("killfs: kill(%d) failed", pid);
  int status = 0;
  int r = wait(&status);
  if (r != pid)
    fail("killfs: wait returned %d, expected %d", r, pid);
  // -1: killed after the write; 0: it had already exited on its own.
  if (status != -1 && status != 0)
    fail("killfs: child exited with status %d", status);

  int fd = open(FILE_NAME, O_RDONLY);
  if (fd < 0)
    fail("killfs: %s missing", FILE_NAME);
  if (fstat(fd, &st) < 0)
    fail("killfs: fstat failed");
  if (st.size != SIZE)
    fail("killfs: size %lu, expected %d (write was cut short)", st.size, SIZE);
  // Read the file back in chunks and compare with the pattern.
  static char chunk[1024];
  int off = 0, n;
  while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
    for (int i = 0; i < n; i++)
      if (chunk[i] != (char)((off + i) % 251))
        fail("killfs: byte %d is %d, expected %d", off + i, (uchar)chunk[i], (off + i) % 251);
    off += n;
  }
  close(fd);
  if (n < 0 || off != SIZE)
    fail("killfs: read back %d bytes, expected %d", off, SIZE);
  printf("killfs: file intact %d\n", off);
  unlink(FILE_NAME);
  return 0;
}
