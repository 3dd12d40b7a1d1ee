// Helpers shared by the kernel scenario test programs in tests/.
#include "user.h"

// The process table may be configured larger than the default 64, so ask
// for plenty of entries.  Static: the user stack is only one page.
#define MAXPROCS 256
static struct procinfo procs[MAXPROCS];

int findproc(int pid, struct procinfo *out) {
  int n = getprocs(procs, MAXPROCS);
  if (n < 0)
    return -1;
  if (n > MAXPROCS)
    n = MAXPROCS;
  for (int i = 0; i < n; i++) {
    if (procs[i].pid == pid) {
      if (out)
        *out = procs[i];
      return 1;
    }
  }
  return 0;
}

int settle(int target, int max_ticks) {
  struct sysinfo si;
  for (int i = 0; i <= max_ticks; i++) {
    if (sysinfo(&si) < 0)
      return -1;
    if (si.nproc <= target)
      return 1;
    // A few yields first: init usually reaps within a time slice.
    if (i < 10)
      yield();
    else
      sleep(1);
  }
  return 0;
}

void fail(const char *fmt, ...) {
  // Build the format "FAIL: <fmt>\n" so the whole line goes out through
  // one vprintf, i.e. normally one write: a FAIL line from one process
  // then cannot be split by another process's output.
  char line[160];
  va_list ap;
  strcpy(line, "FAIL: ");
  uint n = strlen(line);
  uint fl = strlen(fmt);
  if (n + fl + 2 <= sizeof(line)) {
    memmove(line + n, fmt, fl);
    line[n + fl] = '\n';
    line[n + fl + 1] = 0;
    va_start(ap, fmt);
    vprintf(1, line, ap);
    va_end(ap);
  } else {
    printf("FAIL: ");
    va_start(ap, fmt);
    vprintf(1, fmt, ap);
    va_end(ap);
    printf("\n");
  }
  exit(1);
}
