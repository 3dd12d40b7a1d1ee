// Host shim: the user programs' system calls mapped onto Linux x86-64
// system calls, so the C logic (sh's parser and job control, grep, wc,
// printf, malloc, the test programs' bookkeeping) can be exercised on the
// development machine before the kernel exists.  Built freestanding, with
// no libc, exactly like the RISC-V programs; only this file differs.
// Not part of the shipped programs; see run.sh.
#include "user.h"
#include "fcntl.h"

static long sc(long n, long a, long b, long c, long d) {
  long r;
  register long r10 asm("r10") = d;
  asm volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
               : "rcx", "r11", "memory");
  return r;
}

// Linux x86-64 numbers.
enum {
  L_read = 0, L_write = 1, L_open = 2, L_close = 3, L_fstat = 5, L_brk = 12,
  L_pipe = 22, L_sched_yield = 24, L_dup = 32, L_nanosleep = 35, L_getpid = 39,
  L_fork = 57, L_execve = 59, L_wait4 = 61, L_kill = 62, L_chdir = 80,
  L_mkdir = 83, L_link = 86, L_unlink = 87, L_getuid = 102, L_setuid = 105, L_setpgid = 109,
  L_getppid = 110, L_getpgid = 121,
  L_clock_gettime = 228, L_exit_group = 231, L_getdents64 = 217,
};

static int ret(long r) {
  return r < 0 ? -1 : (int)r;
}

// xv6 status: the exit value, or -1 for a process that was killed.
static int xstatus(int raw) {
  if ((raw & 0x7f) == 0)
    return (signed char)((raw >> 8) & 0xff);
  return -1;
}

int fork(void) { return ret(sc(L_fork, 0, 0, 0, 0)); }
int exit(int status) {
  for (;;)
    sc(L_exit_group, status, 0, 0, 0);
}
int waitpid(int pid, int *status) {
  int raw = 0;
  long r = sc(L_wait4, pid > 0 ? pid : -1, (long)&raw, 0, 0);
  if (r < 0)
    return -1;
  if (status)
    *status = xstatus(raw);
  return (int)r;
}
int wait(int *status) { return waitpid(-1, status); }
int pipe(int *fds) { return ret(sc(L_pipe, (long)fds, 0, 0, 0)); }
int read(int fd, void *buf, int n) { return ret(sc(L_read, fd, (long)buf, n, 0)); }
int write(int fd, const void *buf, int n) { return ret(sc(L_write, fd, (long)buf, n, 0)); }
int kill(int pid) { return ret(sc(L_kill, pid, 9, 0, 0)); }
int exec(const char *path, char **argv) {
  static char *envp[] = {0};
  return ret(sc(L_execve, (long)path, (long)argv, (long)envp, 0));
}
int fstat(int fd, struct stat *st) {
  uint64 raw[18];
  if (sc(L_fstat, fd, (long)raw, 0, 0) < 0)
    return -1;
  uint mode = (uint)raw[3];
  st->dev = (int)raw[0];
  st->ino = (uint)raw[1];
  st->nlink = (short)raw[2];
  st->type = (mode & 0170000) == 0040000 ? T_DIR : (mode & 0170000) == 0020000 ? T_DEVICE : T_FILE;
  st->size = raw[6];
  return 0;
}
int chdir(const char *path) { return ret(sc(L_chdir, (long)path, 0, 0, 0)); }
int dup(int fd) { return ret(sc(L_dup, fd, 0, 0, 0)); }
int getpid(void) { return ret(sc(L_getpid, 0, 0, 0, 0)); }
int getppid(void) { return ret(sc(L_getppid, 0, 0, 0, 0)); }
// The raw call behind the library's sbrk and sbrklazy; Linux's brk has no
// lazy mode to ask for, so both grow the same way here.
char *sys_sbrk(int n, int mode) {
  (void)mode;
  static long cur;
  if (cur == 0)
    cur = sc(L_brk, 0, 0, 0, 0);
  long old = cur;
  if (n == 0)
    return (char *)old;
  if (n < 0 && -(long)n > old)
    return (char *)-1;
  long want = old + n;
  if (sc(L_brk, want, 0, 0, 0) != want)
    return (char *)-1;
  cur = want;
  return (char *)old;
}
int sleep(int ticks) {
  long ts[2] = {ticks / 100, (ticks % 100) * 10000000L};
  return ret(sc(L_nanosleep, (long)ts, 0, 0, 0));
}
uint64 nanotime(void) {
  long ts[2];
  sc(L_clock_gettime, 1, (long)ts, 0, 0);
  return (uint64)ts[0] * 1000000000UL + (uint64)ts[1];
}
uint64 rdtime(void) { return nanotime() / 100; }
int uptime(void) { return (int)(nanotime() / 10000000UL); }
int pause(int ticks) { return sleep(ticks); }
int open(const char *path, int flags) {
  int lf = flags & 3;
  if (flags & O_CREATE)
    lf |= 0100;
  if (flags & O_TRUNC)
    lf |= 01000;
  return ret(sc(L_open, (long)path, lf, 0644, 0));
}
int mknod(const char *path, short major, short minor) { return -1; }
int unlink(const char *path) { return ret(sc(L_unlink, (long)path, 0, 0, 0)); }
int link(const char *o, const char *n) { return ret(sc(L_link, (long)o, (long)n, 0, 0)); }
int mkdir(const char *path) { return ret(sc(L_mkdir, (long)path, 0755, 0, 0)); }
int close(int fd) { return ret(sc(L_close, fd, 0, 0, 0)); }
int yield(void) { return ret(sc(L_sched_yield, 0, 0, 0, 0)); }
// From /proc: pid, ppid and state of every process visible to us.
int getprocs(struct procinfo *buf, int max) {
  static char dents[8192], stat[512], path[64];
  int dir = ret(sc(L_open, (long)"/proc", 0200000 /* O_DIRECTORY */, 0, 0));
  if (dir < 0)
    return -1;
  int count = 0;
  long n;
  while ((n = sc(L_getdents64, dir, (long)dents, sizeof(dents), 0)) > 0) {
    for (long off = 0; off < n;) {
      ushort reclen = *(ushort *)(dents + off + 16);
      char *name = dents + off + 19;
      off += reclen;
      if (name[0] < '0' || name[0] > '9')
        continue;
      strcpy(path, "/proc/");
      strcpy(path + 6, name);
      strcpy(path + strlen(path), "/stat");
      int fd = open(path, O_RDONLY);
      if (fd < 0)
        continue;
      int len = read(fd, stat, sizeof(stat) - 1);
      close(fd);
      if (len <= 0)
        continue;
      stat[len] = 0;
      // "pid (comm) S ppid ...": comm may contain spaces, so find the last ')'.
      char *rp = 0;
      for (char *q = stat; *q; q++)
        if (*q == ')')
          rp = q;
      if (rp == 0 || count >= max) {
        count++;
        continue;
      }
      struct procinfo *pi = &buf[count++];
      memset(pi, 0, sizeof(*pi));
      pi->pid = atoi(stat);
      char st = rp[2];
      pi->state = st == 'Z' ? PS_ZOMBIE : st == 'R' ? PS_RUNNING : PS_SLEEPING;
      pi->ppid = atoi(rp + 4);
      pi->hart = -1;
    }
  }
  close(dir);
  return count;
}
int halt(int status) { exit(status); }
int sysinfo(struct sysinfo *si) {
  memset(si, 0, sizeof(*si));
  return 0;
}
int getcpu(void) { return 0; }
int getuid(void) { return (int)sc(L_getuid, 0, 0, 0, 0); }
int setuid(int uid) { return ret(sc(L_setuid, uid, 0, 0, 0)); }
int setpgid(int pid, int pgid) { return ret(sc(L_setpgid, pid, pgid, 0, 0)); }
int getpgid(int pid) { return ret(sc(L_getpgid, pid, 0, 0, 0)); }
// No console here: the shell's job control is never switched on.
int tcsetpgrp(int fd, int pgid) { return -1; }
int tcgetpgrp(int fd) { return -1; }

// Entry: the kernel leaves argc at (%rsp) and argv right above it.
asm(".globl _start\n"
    "_start:\n"
    "  xor %rbp, %rbp\n"
    "  mov (%rsp), %rdi\n"
    "  lea 8(%rsp), %rsi\n"
    "  and $-16, %rsp\n"
    "  call main\n"
    "  mov %eax, %edi\n"
    "  call exit\n");
