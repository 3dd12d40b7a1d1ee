// hostile [PART...]: a hostile user program.  Odd arguments to the newer
// system calls (uids, kill, getprocs, sysinfo, unknown call numbers, the
// console), raw from registers so the kernel sees all 64 bits.  Each must
// return -1 (or do what docs/SYSCALLS.md says), never panic, hang or leak.
//   uid       setuid/getuid/kill with negative, huge and 2^31-ish values
//   procs     getprocs/sysinfo with null, kernel, trap-frame, text,
//             page-crossing and lazily allocated buffers, odd counts
//   unknown   call numbers 0, -1, 35..64 (60..63: the test calls a normal
//             kernel does not have), 2^32+1, INT64_MAX, INT64_MIN
//   console   console write/read with bad pointers and counts
//   killrace  200 rounds: children exiting, spinning and killing each
//             other while the parent kills them and waits
//   lazy      kernel copies (wait's status, pipes, console, getprocs) into
//             lazily allocated memory, and into more of it than the machine has
//   bigwrite  a child writes 1 MiB to the console in one write and is
//             killed: it must stop at once, not finish the write
//   blockedwrite  as bigwrite, and a second writer waiting for the console
//             (asleep on "console write") is killed first: it must go at
//             once, not after the first one's write
// Prints "hostile: ok" (or a FAIL line per failed check, then exits 1).
#include "user.h"
#include "syscall.h"

static int failures;

static long raw(long number, long a0, long a1, long a2) {
  register long r0 asm("a0") = a0;
  register long r1 asm("a1") = a1;
  register long r2 asm("a2") = a2;
  register long r7 asm("a7") = number;
  asm volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
  return r0;
}

static void expect(long got, long want, const char *what) {
  if (got != want) {
    printf("FAIL: hostile: %s returned %ld, expected %ld\n", what, got, want);
    failures++;
  }
}

// A child's failures count as ours.
static void join(int pid) {
  int st;
  if (waitpid(pid, &st) != pid || st != 0) {
    printf("FAIL: hostile: child %d ended with status %d\n", pid, st);
    failures++;
  }
}

static void uids(void) {
  int pid = fork();
  if (pid == 0) {
    expect(setuid(-1), -1, "setuid(-1)");
    expect(setuid(0x80000000), -1, "setuid(INT_MIN)");
    expect(raw(SYS_setuid, 0x80000000L, 0, 0), -1, "raw setuid(2^31)");
    expect(getuid(), 0, "getuid after refused setuids");
    // A C int argument: the kernel takes the low 32 bits, as xv6's argint does.
    expect(raw(SYS_setuid, 0x100000007L, 0, 0), 0, "raw setuid(2^32+7)");
    expect(getuid(), 7, "getuid after setuid(2^32+7)");
    expect(setuid(0), -1, "setuid(0) as uid 7");
    expect(raw(SYS_setuid, 0x100000000L, 0, 0), -1, "raw setuid(2^32) as uid 7");
    expect(setuid(7), 0, "setuid(own uid)");
    expect(kill(1), -1, "kill(init) as uid 7");
    expect(kill(0), -1, "kill(0) as uid 7");
    expect(kill(-1), -1, "kill(-1) as uid 7");
    expect(kill(0x7fffffff), -1, "kill(INT_MAX) as uid 7");
    expect(raw(SYS_kill, 0x100000001L, 0, 0), -1, "raw kill(2^32+1) as uid 7");
    expect(kill(getppid()), -1, "kill(root parent) as uid 7");
    exit(failures);
  }
  join(pid);
  pid = fork();
  if (pid == 0) {
    expect(setuid(0x7fffffff), 0, "setuid(INT_MAX)");
    expect(getuid(), 0x7fffffff, "getuid after setuid(INT_MAX)");
    struct procinfo pi;
    expect(findproc(getpid(), &pi), 1, "findproc(self)");
    expect(pi.uid, 0x7fffffff, "procinfo uid");
    exit(failures);
  }
  join(pid);
  expect(kill(0), -1, "kill(0) as root");
  expect(kill(-1), -1, "kill(-1) as root");
  expect(kill(0x80000000), -1, "kill(INT_MIN) as root");
  expect(kill(1), -1, "kill(init) as root");
}

static struct procinfo many[NPROC + 8];

static void procs(void) {
  char *top = sbrk(0);   // page-aligned here: the next page is unmapped
  expect(getprocs(0, 10), -1, "getprocs(0, 10)");
  expect(getprocs(0, 0), 0, "getprocs(0, 0)");
  expect(getprocs(many, -5), 0, "getprocs(buf, -5)");
  expect(getprocs(many, 0x7fffffff) >= 2, 1, "getprocs(buf, INT_MAX) >= 2");
  expect(raw(SYS_getprocs, 0x80000000L, 10, 0), -1, "getprocs(kernel address)");
  expect(raw(SYS_getprocs, -72L, 10, 0), -1, "getprocs(-72)");
  expect(raw(SYS_getprocs, 0x3fffffe000L, 10, 0), -1, "getprocs(trap frame)");
  expect(raw(SYS_getprocs, 0x3fffffffc0L, 10, 0), -1, "getprocs(under MAXVA)");
  expect(getprocs((struct procinfo *)uids, 10), -1, "getprocs(text)");
  expect(getprocs((struct procinfo *)(top - 8), 1), -1, "getprocs(crossing the heap's end)");
  struct sysinfo si;
  expect(sysinfo((struct sysinfo *)(top - 20)), -1, "sysinfo(crossing the heap's end)");
  expect(raw(SYS_sysinfo, 0x80000000L, 0, 0), -1, "sysinfo(kernel address)");
  expect(sysinfo(&si), 0, "sysinfo");
}

static void unknown(void) {
  long nums[] = {0, -1, 35, 59, 60, 61, 62, 63, 64, 1000, 0x100000001L, 0x7fffffffffffffffL,
                 (long)0x8000000000000000UL};
  for (int i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
    expect(raw(nums[i], 0, 0, 0), -1, "an unknown system call");
}

static char buf[512];

static void console(void) {
  char *top = sbrk(0);
  expect(raw(SYS_write, 1, 0x3fffffe000L, 10), -1, "write(console, trap frame)");
  expect(raw(SYS_write, 1, 0x80000000L, 10), -1, "write(console, kernel address)");
  expect(write(1, buf, -1), -1, "write(console, buf, -1)");
  expect(write(1, buf, 0), 0, "write(console, buf, 0)");
  memset(top - 10, ' ', 9);
  top[-1] = '\n';
  // Ten good bytes, then the unmapped page: all or none of them is fine.
  long r = write(1, top - 10, 0x7fffffff);
  expect(r == -1 || r == 10, 1, "write(console, 10 bytes before the heap's end, INT_MAX)");
  memset(buf, ' ', 5);
  buf[4] = '\n';
  expect(raw(SYS_write, 1, (long)buf, 0x100000005L), 5, "write(console, buf, 2^32+5)");
  expect(read(0, buf, -1), -1, "read(console, buf, -1)");
  expect(raw(SYS_read, 0, 0x80000000L, 10) <= 0, 1, "read(console, kernel address)");
}

// Kill racing exit and wait: of four children, two exit at once, one spins
// and one kills its siblings, itself and the next pid; the parent kills them
// all (some already zombies) and, after each is reaped, kills the dead pid.
static void killrace(void) {
  for (int round = 0; round < 200; round++) {
    int pids[4];
    for (int i = 0; i < 4; i++) {
      pids[i] = fork();
      if (pids[i] < 0)
        fail("hostile: fork failed");
      if (pids[i] == 0) {
        if (i == 3) {
          for (int j = 0; j < 3; j++)
            kill(pids[j]);
          kill(getpid() + 1);
          kill(getpid());
          for (;;)
            yield();
        }
        if (i % 2)
          exit(i);
        for (;;)
          getpid();
      }
    }
    for (int i = 3; i >= 0; i--)
      kill(pids[i]);
    for (int i = 0; i < 4; i++) {
      int st;
      expect(waitpid(pids[i], &st), pids[i], "waitpid(killed child)");
      expect(kill(pids[i]), -1, "kill(reaped pid)");
    }
  }
  expect(wait(0), -1, "wait with no children left");
}

static void lazy(void) {
  char *l = sbrklazy(6 * 4096);
  int pid = fork();
  if (pid == 0)
    exit(3);
  int *st = (int *)(l + 4096 + 8);
  expect(wait(st), pid, "wait(lazy status)");
  expect(*st, 3, "the status wait stored in lazy memory");
  int p[2];
  if (pipe(p) < 0)
    fail("hostile: pipe failed");
  write(p[1], "abc", 3);
  expect(read(p[0], l + 2 * 4096 - 1, 3), 3, "pipe read into lazy pages");
  expect(write(p[1], l + 3 * 4096 - 1, 2), 2, "pipe write from lazy pages");
  expect(read(p[0], l + 4 * 4096 + 5, 2), 2, "pipe read into a lazy page");
  close(p[0]);
  close(p[1]);
  expect(read(0, l + 5 * 4096 + 7, 10) >= 0, 1, "console read into a lazy page");
  expect(getprocs((struct procinfo *)(l + 5 * 4096 + 100), 2), 2, "getprocs into a lazy page");
  // More lazy memory than the machine has: kernel copies into it map pages
  // until memory runs out, then fail; exit gives every page back.
  pid = fork();
  if (pid == 0) {
    char *huge = sbrklazy(0x7ffff000);
    sbrklazy(0x7ffff000);
    long total = 0;
    for (;;) {
      int fd = open("hostile", 0);
      int n = read(fd, huge + total, 1 << 20);
      close(fd);
      if (n <= 0)
        break;
      total += n;
    }
    long r = getprocs((struct procinfo *)(huge + total + 4096), 1);
    expect(r == -1 || r == 1, 1, "getprocs with memory (nearly) exhausted");
    exit(failures);
  }
  join(pid);
}

// Forks a child that writes 1 MiB to the console in one call (minutes at a slow baud).
static int fork_bigwriter(void) {
  int pid = fork();
  if (pid == 0) {
    char *b = sbrk(1 << 20);
    if (b == SBRK_ERROR)
      exit(1);
    memset(b, '.', 1 << 20);
    write(1, b, 1 << 20);
    exit(0);
  }
  return pid;
}

static void bigwrite(void) {
  int pid = fork_bigwriter();
  sleep(5);
  kill(pid);
  int st;
  waitpid(pid, &st);
  printf("\nhostile: bigwrite status %d\n", st);
  expect(st, -1, "the killed writer's status");
}

// Polls (up to 1000 ticks) until pid sleeps on the channel named chan.
static int sleeps_on(int pid, const char *chan) {
  struct procinfo pi;
  for (int t = 0; t < 1000; t++) {
    if (findproc(pid, &pi) == 1 && pi.state == PS_SLEEPING && strcmp(pi.chan, chan) == 0)
      return 1;
    sleep(1);
  }
  return 0;
}

// A writer of 1 MiB holds the console; a second writer waits for it and is
// killed: it must go at once, not after the first one's write.
static void blockedwrite(void) {
  int holder = fork_bigwriter();
  int holding = sleeps_on(holder, "uart tx");
  int waiter = fork();
  if (waiter == 0) {
    write(1, "waiter\n", 7);
    exit(0);
  }
  int waiting = sleeps_on(waiter, "console write");
  kill(waiter);
  int st;
  waitpid(waiter, &st);
  kill(holder);
  int hst;
  waitpid(holder, &hst);
  printf("\nhostile: blocked writer status %d\n", st);
  expect(holding, 1, "the first writer sleeping on uart tx");
  expect(waiting, 1, "the second writer sleeping on console write");
  expect(st, -1, "the killed waiting writer's status");
  expect(hst, -1, "the killed holding writer's status");
}

int main(int argc, char **argv) {
  struct sysinfo before, after;
  sysinfo(&before);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "uid") == 0) uids();
    else if (strcmp(argv[i], "procs") == 0) procs();
    else if (strcmp(argv[i], "unknown") == 0) unknown();
    else if (strcmp(argv[i], "console") == 0) console();
    else if (strcmp(argv[i], "killrace") == 0) killrace();
    else if (strcmp(argv[i], "lazy") == 0) lazy();
    else if (strcmp(argv[i], "bigwrite") == 0) bigwrite();
    else if (strcmp(argv[i], "blockedwrite") == 0) blockedwrite();
    else fail("hostile: no part named %s", argv[i]);
  }
  sysinfo(&after);
  // Our own lazy pages (lazy) are still ours; everything children had is back.
  if (after.freepages + 16 < before.freepages) {
    printf("FAIL: hostile: free pages %ld before, %ld after\n", before.freepages, after.freepages);
    failures++;
  }
  if (failures)
    fail("hostile: %d failures", failures);
  printf("hostile: ok\n");
  return 0;
}
