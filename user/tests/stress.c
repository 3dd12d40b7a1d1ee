// stress [ROUNDS]: a mixed process workload for CI (default 30 rounds).
// Each round forks six children at once:
//   pipes    forks a writer grandchild and checks 4 KiB of patterned data
//            arriving through a pipe in odd-sized pieces        -> status 0
//   orphan   forks a grandchild and exits at once; the parent checks
//            that init reaps the grandchild before the next round  -> 0
//   reader   blocks reading a pipe nobody writes; killed           -> -1
//   spinner  spins in user mode; killed                            -> -1
//   writer   fills a pipe nobody reads, blocks writing; killed     -> -1
//   exec     execs `true`                                          -> 0
// The parent kills the three after a varying delay, reaps all six and
// checks every status.
// Prints: "stress: ok <rounds>".
#include "user.h"

#define DATA 4096

enum { PIPES, ORPHAN, READER, SPINNER, WRITER, EXEC, NKIDS };
static const char *names[NKIDS] = {"pipes", "orphan", "reader", "spinner", "writer", "exec"};
static const int expected[NKIDS] = {0, 0, -1, -1, -1, 0};

static uint32 seed = 1;
static uint32 rnd(void) {
  seed = seed * 1103515245 + 12345;
  return seed >> 16;
}

static char buf[512];

static void child_pipes(void) __attribute__((noreturn));
static void child_pipes(void) {
  int q[2];
  if (pipe(q) < 0)
    exit(10);
  int w = fork();
  if (w < 0)
    exit(11);
  if (w == 0) {
    close(q[0]);
    int sent = 0;
    while (sent < DATA) {
      int n = 1 + rnd() % 97;   // odd sizes exercise partial pipe reads
      if (n > DATA - sent)
        n = DATA - sent;
      for (int i = 0; i < n; i++)
        buf[i] = (char)((sent + i) % 253);
      if (writeall(q[1], buf, n) != n)
        exit(12);
      sent += n;
    }
    exit(0);
  }
  close(q[1]);
  int got = 0, n;
  while ((n = read(q[0], buf, sizeof(buf))) > 0) {
    for (int i = 0; i < n; i++)
      if (buf[i] != (char)((got + i) % 253))
        exit(13);
    got += n;
  }
  if (n < 0 || got != DATA)
    exit(14);
  int st;
  if (wait(&st) != w || st != 0)
    exit(15);
  exit(0);
}

// Tells the parent the grandchild's pid through fd `tell`, so the parent
// can check that init reaps it.
static void child_orphan(int tell) __attribute__((noreturn));
static void child_orphan(int tell) {
  int g = fork();
  if (g == 0) {
    for (int i = 0; i < 5; i++)
      yield();
    exit(0);
  }
  if (g < 0)
    exit(20);
  exit(write(tell, &g, sizeof(g)) == sizeof(g) ? 0 : 21);
}

int main(int argc, char *argv[]) {
  int rounds = argc > 1 ? atoi(argv[1]) : 30;
  if (rounds <= 0)
    fail("stress: bad round count");

  for (int r = 0; r < rounds; r++) {
    seed = 7919 * (r + 1);
    int block[2], ready[2], full[2], orphan[2];
    if (pipe(block) < 0 || pipe(ready) < 0 || pipe(full) < 0 || pipe(orphan) < 0)
      fail("stress: round %d: pipe failed", r);

    int pids[NKIDS];
    for (int k = 0; k < NKIDS; k++) {
      int pid = fork();
      if (pid < 0)
        fail("stress: round %d: fork of %s failed", r, names[k]);
      if (pid == 0) {
        seed += k;
        switch (k) {
        case PIPES:
          child_pipes();
        case ORPHAN:
          child_orphan(orphan[1]);
        case READER: {
          close(block[1]);
          char c;
          read(block[0], &c, 1);
          exit(30);   // reached only if read returned without a kill
        }
        case SPINNER: {
          if (write(ready[1], "s", 1) != 1)
            exit(40);
          volatile uint64 n = 0;
          for (;;)
            n++;
        }
        case WRITER: {
          close(full[0]);
          memset(buf, 'w', sizeof(buf));
          for (;;)
            if (write(full[1], buf, sizeof(buf)) < 0)
              exit(50);
        }
        case EXEC: {
          char *args[] = {"true", 0};
          exec("true", args);
          exec("/true", args);
          exit(60);
        }
        }
        exit(99);
      }
      pids[k] = pid;
    }

    // Wait until the spinner is really spinning, then vary the moment of
    // the kills so they land in different places from round to round.
    char c;
    if (read(ready[0], &c, 1) != 1)
      fail("stress: round %d: spinner did not start", r);
    switch (rnd() % 3) {
    case 0:
      break;
    case 1:
      for (int i = 0; i < 3; i++)
        yield();
      break;
    case 2:
      sleep(1);
      break;
    }
    if (kill(pids[READER]) < 0 || kill(pids[SPINNER]) < 0 || kill(pids[WRITER]) < 0)
      fail("stress: round %d: kill failed", r);

    for (int done = 0; done < NKIDS; done++) {
      int st;
      int pid = wait(&st);
      if (pid < 0)
        fail("stress: round %d: wait failed with %d children left", r, NKIDS - done);
      int k = 0;
      while (k < NKIDS && pids[k] != pid)
        k++;
      if (k == NKIDS)
        fail("stress: round %d: wait returned stranger %d", r, pid);
      if (st != expected[k])
        fail("stress: round %d: %s exited with %d, expected %d", r, names[k], st, expected[k]);
      pids[k] = 0;
    }
    close(block[0]);
    close(block[1]);
    close(ready[0]);
    close(ready[1]);
    close(full[0]);
    close(full[1]);

    // The orphan's grandchild must be reaped by init, and is gone before
    // the next round so that nothing accumulates (and a memcheck after
    // stress sees a quiet system).
    int g;
    if (read(orphan[0], &g, sizeof(g)) != sizeof(g))
      fail("stress: round %d: orphan's grandchild pid not received", r);
    close(orphan[0]);
    close(orphan[1]);
    int gone = 0;
    for (int i = 0; i < 500; i++) {
      int f = findproc(g, 0);
      if (f < 0)
        fail("stress: getprocs failed");
      gone = f == 0;
      if (gone)
        break;
      if (i < 10)
        yield();
      else
        sleep(1);
    }
    if (!gone)
      fail("stress: round %d: orphan %d not reaped by init", r, g);
  }
  printf("stress: ok %d\n", rounds);
  return 0;
}
