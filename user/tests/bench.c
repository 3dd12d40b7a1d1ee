// bench [NAME [ITERATIONS]]...: user-level micro-benchmarks timed with
// nanotime().  Each prints "bench.<name>: <us> us", the mean microseconds
// per operation with two decimals.  Without arguments all run with their
// default iteration counts (chosen for roughly half a second each).
//
//   forkexitwait     fork, child exits, parent waits
//   pipe_rtt         1-byte round trip to a child through two pipes
//   forkexecwait     fork, child execs `true`, parent waits
//   kill_spinning    fork a child that spins, kill it, wait
//   kill_pipereader  fork a child that reads an empty pipe, kill it, wait
//   sbrk_1mib        grow by 1 MiB, touch every page, shrink back
//   ctxswitch        two processes calling yield() in turn; per yield
//   cpu              an integer loop with no memory access (xorshift and a
//                    sum); reported in nanoseconds per iteration
#include "user.h"

#define MiB (1024 * 1024)

static int check_fork(int pid) {
  if (pid < 0)
    fail("bench: fork failed");
  return pid;
}

static void reap(int pid, int expect) {
  int st = 0;
  int r = wait(&st);
  if (r != pid)
    fail("bench: wait returned %d, expected %d", r, pid);
  if (st != expect)
    fail("bench: child exited with %d, expected %d", st, expect);
}

static void forkexitwait(int n) {
  for (int i = 0; i < n; i++) {
    int pid = check_fork(fork());
    if (pid == 0)
      exit(0);
    reap(pid, 0);
  }
}

static void forkexecwait(int n) {
  for (int i = 0; i < n; i++) {
    int pid = check_fork(fork());
    if (pid == 0) {
      char *args[] = {"true", 0};
      exec("true", args);
      exec("/true", args);
      exit(1);
    }
    reap(pid, 0);
  }
}

static void pipe_rtt(int n) {
  int to[2], from[2];
  if (pipe(to) < 0 || pipe(from) < 0)
    fail("bench: pipe failed");
  int pid = check_fork(fork());
  if (pid == 0) {
    close(to[1]);
    close(from[0]);
    char c;
    while (read(to[0], &c, 1) == 1)
      if (write(from[1], &c, 1) != 1)
        exit(1);
    exit(0);
  }
  close(to[0]);
  close(from[1]);
  for (int i = 0; i < n; i++) {
    char c = (char)i;
    if (write(to[1], &c, 1) != 1 || read(from[0], &c, 1) != 1 || c != (char)i)
      fail("bench: pipe round trip %d failed", i);
  }
  close(to[1]);   // the echo child sees end of file and exits
  close(from[0]);
  reap(pid, 0);
}

static void kill_spinning(int n) {
  for (int i = 0; i < n; i++) {
    int pid = check_fork(fork());
    if (pid == 0) {
      volatile uint64 x = 0;
      for (;;)
        x++;
    }
    if (kill(pid) < 0)
      fail("bench: kill failed");
    reap(pid, -1);
  }
}

static void kill_pipereader(int n) {
  int p[2];
  if (pipe(p) < 0)
    fail("bench: pipe failed");
  for (int i = 0; i < n; i++) {
    int pid = check_fork(fork());
    if (pid == 0) {
      char c;
      read(p[0], &c, 1);   // nobody ever writes
      exit(1);
    }
    if (kill(pid) < 0)
      fail("bench: kill failed");
    reap(pid, -1);
  }
  close(p[0]);
  close(p[1]);
}

static void sbrk_1mib(int n) {
  for (int i = 0; i < n; i++) {
    char *p = sbrk(MiB);
    if (p == (char *)-1)
      fail("bench: sbrk failed");
    for (int off = 0; off < MiB; off += PGSIZE)
      p[off] = 1;
    if (sbrk(-MiB) == (char *)-1)
      fail("bench: sbrk shrink failed");
  }
}

static void ctxswitch(int n) {
  int go[2];
  if (pipe(go) < 0)
    fail("bench: pipe failed");
  int pid = check_fork(fork());
  if (pid == 0) {
    close(go[1]);
    char c;
    if (read(go[0], &c, 1) != 1)
      exit(1);
    for (int i = 0; i < n; i++)
      yield();
    exit(0);
  }
  close(go[0]);
  if (write(go[1], "g", 1) != 1)
    fail("bench: pipe write failed");
  close(go[1]);
  for (int i = 0; i < n; i++)
    yield();
  reap(pid, 0);
}

static volatile uint64 cpu_sink;

static void cpu(int n) {
  uint64 x = 88172645463325252UL, sum = 0;
  for (int i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    sum += x & 0xff;
  }
  cpu_sink = sum;
}

struct bench {
  const char *name;
  int iterations;   // default
  void (*run)(int n);
};

static const struct bench benches[] = {
  // Counts sized from a first run on the 2-hart kernel (roughly 0.2-0.5 s
  // each there); adjust when the kernel's speed changes a lot.
  {"forkexitwait", 2000, forkexitwait},
  {"pipe_rtt", 10000, pipe_rtt},
  {"forkexecwait", 2000, forkexecwait},
  {"kill_spinning", 200, kill_spinning},
  {"kill_pipereader", 5000, kill_pipereader},
  {"sbrk_1mib", 2000, sbrk_1mib},
  {"ctxswitch", 50000, ctxswitch},
  {"cpu", 20000000, cpu},
};
#define NBENCH ((int)(sizeof(benches) / sizeof(benches[0])))

static void measure(const struct bench *b, int n) {
  // A short untimed warm-up so one-time costs (first page faults, the
  // host's JIT) stay out of the figure.
  int warm = n / 10 < 20 ? n / 10 : 20;
  if (warm > 0)
    b->run(warm);

  uint64 t0 = nanotime();
  b->run(n);
  uint64 t1 = nanotime();

  // ctxswitch reports per yield, and both processes yield n times.
  uint64 ops = (uint64)n * (b->run == ctxswitch ? 2 : 1);
  if (b->run == cpu) {
    // Nanoseconds per iteration, with two decimals.
    uint64 centins = (t1 - t0) * 100 / ops;
    printf("bench.%s: %lu.%02lu ns\n", b->name, centins / 100, centins % 100);
    return;
  }
  // Hundredths of a microsecond = ns / 10.
  uint64 centi = (t1 - t0) / ops / 10;
  printf("bench.%s: %lu.%02lu us\n", b->name, centi / 100, centi % 100);
}

static const struct bench *lookup(const char *name) {
  for (int i = 0; i < NBENCH; i++)
    if (strcmp(benches[i].name, name) == 0)
      return &benches[i];
  return 0;
}

static int is_number(const char *s) {
  if (*s == 0)
    return 0;
  for (; *s; s++)
    if (*s < '0' || *s > '9')
      return 0;
  return 1;
}

int main(int argc, char *argv[]) {
  if (argc == 1) {
    for (int i = 0; i < NBENCH; i++)
      measure(&benches[i], benches[i].iterations);
    return 0;
  }
  for (int i = 1; i < argc; i++) {
    const struct bench *b = lookup(argv[i]);
    if (b == 0) {
      fprintf(2, "bench: unknown benchmark %s; known:", argv[i]);
      for (int j = 0; j < NBENCH; j++)
        fprintf(2, " %s", benches[j].name);
      fprintf(2, "\n");
      return 1;
    }
    int n = b->iterations;
    if (i + 1 < argc && is_number(argv[i + 1])) {
      n = atoi(argv[++i]);
      if (n <= 0) {
        fprintf(2, "bench: iterations must be positive\n");
        return 1;
      }
    }
    measure(b, n);
  }
  return 0;
}
