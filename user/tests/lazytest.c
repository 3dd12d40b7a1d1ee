// lazytest: sbrklazy moves the break without allocating; a page is mapped
// when first touched, by the program itself or by the kernel copying into
// it (read). fork copies only touched pages; freeing and shrinking give every
// page back; touching beyond the break still kills.
// Prints: "lazytest: ok".
#include "user.h"

#define PGSIZE 4096
#define REGION (256 * 1024 * 1024)   // far more than the machine's memory
#define STRIDE (256 * PGSIZE)        // touch one page in 256

static uint64 freepages(void) {
  struct sysinfo si;
  if (sysinfo(&si) < 0)
    fail("lazytest: sysinfo failed");
  return si.freepages;
}

int main(void) {
  uint64 before = freepages();
  char *start = sbrklazy(REGION);
  if (start == (char *)-1)
    fail("lazytest: sbrklazy(256 MiB) failed");
  if (sbrk(0) != start + REGION)
    fail("lazytest: break is %p, expected %p", sbrk(0), start + REGION);
  if (before - freepages() > 4)
    fail("lazytest: sbrklazy allocated %lu pages up front", before - freepages());

  // Touch one page in every STRIDE: only those (and their page tables) get memory.
  int touched = 0;
  for (char *a = start; a < start + REGION; a += STRIDE, touched++)
    *(char **)a = a;
  for (char *a = start; a < start + REGION; a += STRIDE)
    if (*(char **)a != a)
      fail("lazytest: page %p lost its value", a);
  // Each touched page plus the page-table pages under it: one level-0 table
  // per 2 MiB touched, and a few above.
  uint64 used = before - freepages();
  uint64 tables = REGION / (512 * PGSIZE) + 4;
  if (used < (uint64)touched || used > (uint64)touched + tables)
    fail("lazytest: %d pages touched but %lu used", touched, used);

  // The kernel's copy into an untouched lazy page maps it too.
  int fds[2];
  if (pipe(fds) < 0)
    fail("lazytest: pipe failed");
  char *target = start + STRIDE / 2;
  if (write(fds[1], "lazy", 5) != 5 || read(fds[0], target, 5) != 5 || strcmp(target, "lazy") != 0)
    fail("lazytest: read into a lazy page failed");
  close(fds[0]);
  close(fds[1]);

  // fork copies what is mapped; the child sees the values and its untouched pages are lazy too.
  int pid = fork();
  if (pid < 0)
    fail("lazytest: fork failed");
  if (pid == 0) {
    for (char *a = start; a < start + REGION; a += STRIDE)
      if (*(char **)a != a)
        exit(2);
    start[STRIDE + 8] = 1;     // an untouched page, mapped in the child only
    exit(0);
  }
  int status = -1;
  if (wait(&status) != pid || status != 0)
    fail("lazytest: child saw wrong values (status %d)", status);

  // Shrinking gives every page back; touching beyond the break still kills.
  pid = fork();
  if (pid == 0) {
    sbrklazy(-REGION);
    *(volatile char *)(start + STRIDE) = 1;
    exit(0);
  }
  if (wait(&status) != pid || status != -1)
    fail("lazytest: touching past the break did not kill (status %d)", status);
  // Every data page comes back; page-table pages stay until exit, as in xv6
  // (the leak check around this program in the test suite sees them freed).
  sbrk(-REGION);
  if (before - freepages() > tables)
    fail("lazytest: %ld pages not given back", (long)(before - freepages()));

  printf("lazytest: ok\n");
  return 0;
}
