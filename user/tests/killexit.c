// killexit [N]: a kill that lands while its target is in the middle of exit
// changes nothing about that exit (lecture 13.6 to 13.8), N rounds
// (default 20).  Each round:
//   - the target holds the write end of a pipe as its lowest file
//     descriptor above the console, then 10 files of 4 KiB that it has
//     unlinked while keeping them open, and calls exit(42).  exit closes
//     descriptors in order: the pipe first, which gives the killer end of
//     file, so from then on the target is certainly inside exit; then the
//     files, each freed in its own log transaction, so exit goes on for a
//     while, sleeping on the disk, the log and buffer locks;
//   - the killer waits for that end of file and then kills the target again
//     and again (asleep, runnable or running) until it is a zombie;
//   - the parent checks that the zombie carries status 42 (not the -1 of a
//     killed process) and the killed mark, that wait returns it once with
//     42, that a second wait finds no child, and at the end that the free
//     page count is back where it started (no leak, no double free).
// Prints "killexit: N rounds, K kills landed mid-exit".
#include "user.h"
#include "fcntl.h"

#define NFILES 10
#define FILE_BYTES (4 * 1024)
static char buf[1024];

static void target(int r, int w) {
  // The pipe's write end at the lowest free descriptor: exit closes it first.
  close(r);
  int sig = dup(w);
  close(w);
  char name[] = "killexit.0";
  memset(buf, 'k', sizeof(buf));
  for (int f = 0; f < NFILES; f++) {
    name[9] = '0' + f;
    int fd = open(name, O_CREATE | O_RDWR | O_TRUNC);
    if (fd < 0 || fd < sig)
      fail("killexit: cannot create %s above the pipe (fd %d)", name, fd);
    for (int done = 0; done < FILE_BYTES; done += sizeof(buf))
      if (write(fd, buf, sizeof(buf)) != sizeof(buf))
        fail("killexit: write failed");
    // fd stays open: exit's close is the last reference and frees the file.
    if (unlink(name) < 0)
      fail("killexit: unlink failed");
  }
  exit(42);
}

// Waits for end of file on `r` (the target is in exit), then kills `pid`
// until it is a zombie; exits with the number of kills (at most 255).
static void killer(int pid, int r, int w) {
  close(w);
  char c;
  if (read(r, &c, 1) != 0)
    fail("killexit: the killer read data, not end of file");
  int landed = 0;
  struct procinfo pi;
  for (;;) {
    int found = findproc(pid, &pi);
    if (found < 0)
      fail("killexit: getprocs failed");
    if (found == 0 || pi.state == PS_ZOMBIE)
      break;
    if (kill(pid) < 0)
      fail("killexit: kill of the exiting target failed");
    if (landed < 255)
      landed++;
  }
  exit(landed);
}

int main(int argc, char *argv[]) {
  int rounds = argc > 1 ? atoi(argv[1]) : 20;
  struct sysinfo si;
  if (settle(3, 500) != 1 || sysinfo(&si) < 0)
    fail("killexit: cannot read the free page count");
  uint64 before = si.freepages;
  int total = 0;
  for (int i = 0; i < rounds; i++) {
    int p[2];
    if (pipe(p) < 0)
      fail("killexit: pipe failed");
    int t = fork();
    if (t < 0)
      fail("killexit: fork failed");
    if (t == 0)
      target(p[0], p[1]);
    int k = fork();
    if (k < 0)
      fail("killexit: fork failed");
    if (k == 0)
      killer(t, p[0], p[1]);
    close(p[0]);
    close(p[1]);
    int st = -1;
    if (waitpid(k, &st) != k)
      fail("killexit: waitpid(killer) failed");
    int landed = st;
    struct procinfo pi;
    if (findproc(t, &pi) != 1 || pi.state != PS_ZOMBIE)
      fail("killexit: round %d: target is not a zombie after the killer saw it exit", i);
    if (pi.xstate != 42)
      fail("killexit: round %d: zombie's status is %d, not 42", i, pi.xstate);
    if (landed > 0 && !pi.killed)
      fail("killexit: round %d: %d kills landed but the zombie is not marked killed", i, landed);
    st = -1;
    if (waitpid(t, &st) != t || st != 42)
      fail("killexit: round %d: wait gave status %d, not 42", i, st);
    if (waitpid(t, &st) != -1 || wait(0) != -1)
      fail("killexit: round %d: the target was reaped twice", i);
    total += landed;
  }
  if (settle(3, 500) != 1 || sysinfo(&si) < 0)
    fail("killexit: cannot read the free page count");
  if (si.freepages != before)
    fail("killexit: free pages %lu before, %lu after", before, si.freepages);
  printf("killexit: %d rounds, %d kills landed mid-exit\n", rounds, total);
  exit(0);
}
