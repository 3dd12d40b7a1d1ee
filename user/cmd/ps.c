// ps: list processes from getprocs() as PID PPID UID STATE HART CHAN NAME.
// HART is the hart running the process, or "-" when it is not running.
// CHAN is what a SLEEPING process sleeps on ("uart tx", "pipe read",
// "wait", "sleep", "disk", "log", "buf N", "inode N", "console read"...),
// or "-".
#include "user.h"

#define MAXPROCS 256   // more than the default table; it is configurable
static struct procinfo procs[MAXPROCS];

static const char *statename(int s) {
  static const char *names[] = {"UNUSED", "USED", "SLEEPING", "RUNNABLE", "RUNNING", "ZOMBIE"};
  if (s >= 0 && s < (int)(sizeof(names) / sizeof(names[0])))
    return names[s];
  return "???";
}

int main(void) {
  int n = getprocs(procs, MAXPROCS);
  if (n < 0) {
    fprintf(2, "ps: getprocs failed\n");
    return 1;
  }
  if (n > MAXPROCS)
    n = MAXPROCS;
  printf("%-5s %-5s %-5s %-8s %-4s %-12s %s\n", "PID", "PPID", "UID", "STATE", "HART", "CHAN", "NAME");
  for (int i = 0; i < n; i++) {
    struct procinfo *p = &procs[i];
    char hart[12] = "-";
    if (p->hart >= 0) {
      // Format the hart id ourselves so the column stays aligned.
      int h = p->hart, k = 0;
      char tmp[12];
      do {
        tmp[k++] = '0' + h % 10;
        h /= 10;
      } while (h > 0);
      for (int j = 0; j < k; j++)
        hart[j] = tmp[k - 1 - j];
      hart[k] = 0;
    }
    // Never trust the kernel's NULs.
    p->name[sizeof(p->name) - 1] = 0;
    p->chan[sizeof(p->chan) - 1] = 0;
    const char *chan = p->state == PS_SLEEPING && p->chan[0] ? p->chan : "-";
    printf("%-5d %-5d %-5d %-8s %-4s %-12s %s%s\n", p->pid, p->ppid, p->uid, statename(p->state), hart,
           chan, p->name, p->killed ? " (killed)" : "");
  }
  return 0;
}
