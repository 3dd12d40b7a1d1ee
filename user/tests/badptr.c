// badptr: every system call given a bad user pointer fails with -1; it
// never kills the caller, crashes the kernel, or leaks file descriptors.
// Bad pointers: above MAXVA (0xffffffffffff), the trap-frame page just
// below MAXVA (0x3fffffe000, mapped but not user-accessible), an unmapped
// address past the heap, a string that runs off the end of the heap, and
// (for calls that write to user memory) read-only data in the text segment.
// Prints: "badptr: ok" (or one FAIL line per failed check).
#include "user.h"
#include "fcntl.h"

#define TMP "badptr.tmp"

// Lives in .rodata, which the linker script puts in the read-only text
// segment.  A kernel that wrongly wrote there would only spoil this array,
// not code this program still has to run.
static const char rodata[512] = "read-only";

static int failures;

static void check(int r, const char *call, const char *what) {
  if (r != -1) {
    printf("FAIL: badptr: %s with %s returned %d, expected -1\n", call, what, r);
    failures++;
  }
}

static int open_tmp(int flags) {
  int fd = open(TMP, flags);
  if (fd < 0)
    fail("badptr: cannot open %s", TMP);
  return fd;
}

// A pipe holding one byte, so a read has something to copy out.
static void full_pipe(int p[2]) {
  if (pipe(p) < 0)
    fail("badptr: pipe failed");
  if (write(p[1], "x", 1) != 1)
    fail("badptr: write to pipe failed");
}

static void close_pipe(int p[2]) {
  close(p[0]);
  close(p[1]);
}

// A child that has exited (or will at once), for wait/waitpid to copy a
// status out of.
static int zombie_child(void) {
  int pid = fork();
  if (pid < 0)
    fail("badptr: fork failed");
  if (pid == 0)
    exit(0);
  return pid;
}

// After wait(bad) failed the kernel may or may not have freed the child;
// either way none may be left afterwards.
static void drain_children(void) {
  while (wait(0) >= 0)
    ;
}

// Calls that read memory the caller passes in (strings, buffers, arrays).
// straddle: a starts in mapped memory and runs into unmapped memory; the
// byte-buffer calls (read/write) are skipped then, because copying the
// mapped part and returning a short count is a legitimate answer for them.
static void bad_input(void *a, const char *what, int straddle) {
  int fd, p[2];

  if (!straddle) {
    fd = open_tmp(O_WRONLY);
    check(write(fd, a, 16), "write(file)", what);
    close(fd);
    if (pipe(p) < 0)
      fail("badptr: pipe failed");
    check(write(p[1], a, 16), "write(pipe)", what);
    close_pipe(p);
    check(write(1, a, 16), "write(console)", what);
  }

  check(open(a, O_RDONLY), "open", what);
  check(open(a, O_CREATE | O_RDWR), "open(O_CREATE)", what);
  check(chdir(a), "chdir", what);
  check(mkdir(a), "mkdir", what);
  check(unlink(a), "unlink", what);
  check(mknod(a, 1, 0), "mknod", what);
  check(link(a, "badptr.lnk"), "link(old)", what);
  check(link(TMP, a), "link(new)", what);

  char *argv[] = {"echo", "badptr: exec must not run this", 0};
  check(exec(a, argv), "exec(path)", what);
  check(exec("echo", (char **)a), "exec(argv)", what);
  char *argv2[] = {"echo", (char *)a, 0};
  check(exec("echo", argv2), "exec(argv[1])", what);
}

// Calls that write to memory the caller passes in (straddle as above).
static void bad_output(void *a, const char *what, int straddle) {
  int fd, p[2];

  fd = open_tmp(O_RDONLY);
  if (!straddle)
    check(read(fd, a, 16), "read(file)", what);
  check(fstat(fd, a), "fstat", what);
  close(fd);
  if (!straddle) {
    full_pipe(p);
    check(read(p[0], a, 1), "read(pipe)", what);
    close_pipe(p);
  }

  check(pipe(a), "pipe", what);
  check(getprocs(a, 4), "getprocs", what);
  check(sysinfo(a), "sysinfo", what);

  zombie_child();
  check(wait(a), "wait", what);
  drain_children();
  int pid = zombie_child();
  check(waitpid(pid, a), "waitpid", what);
  drain_children();
}

int main(void) {
  int probe = dup(0);
  if (probe < 0)
    fail("badptr: dup failed");
  close(probe);

  int fd = open(TMP, O_CREATE | O_RDWR | O_TRUNC);
  if (fd < 0 || write(fd, "0123456789abcdef0123456789abcdef", 32) != 32)
    fail("badptr: cannot create %s", TMP);
  close(fd);

  // A page of heap whose last bytes hold "abc" with no terminator: the
  // string runs into the unmapped page above the break.
  char *brk = sbrk(0);
  uint64 pad = (PGSIZE - (uint64)brk % PGSIZE) % PGSIZE;
  if (sbrk(pad + PGSIZE) == (char *)-1)
    fail("badptr: sbrk failed");
  char *page = brk + pad;
  memset(page, 'a', PGSIZE);
  char *edge = page + PGSIZE - 3;
  char *unmapped = page + 64 * PGSIZE;   // well past the break

  bad_input((void *)0xffffffffffffUL, "0xffffffffffff", 0);
  bad_input((void *)0x3fffffe000UL, "0x3fffffe000", 0);
  bad_input(unmapped, "an unmapped heap address", 0);
  bad_input(edge, "a string running off the heap", 1);

  bad_output((void *)0xffffffffffffUL, "0xffffffffffff", 0);
  bad_output((void *)0x3fffffe000UL, "0x3fffffe000", 0);
  bad_output(unmapped, "an unmapped heap address", 0);
  bad_output(page + PGSIZE - 2, "a struct running off the heap", 1);
  bad_output((void *)rodata, "read-only text segment", 0);

  if (dup(0) != probe)
    fail("badptr: file descriptors leaked (dup returned a higher fd)");
  close(probe);
  unlink(TMP);
  unlink("badptr.lnk");

  if (failures > 0) {
    printf("FAIL: badptr: %d checks failed\n", failures);
    return 1;
  }
  printf("badptr: ok\n");
  return 0;
}
