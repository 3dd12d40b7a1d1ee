// fsgrind SEED PROCS OPS: PROCS processes at once each do OPS random file
// operations (seeded; in the spirit of xv6's grind) on names they share in
// the directory "g": create and write, unlink, link, mkdir, rmdir, files
// in subdirectories, reads, forks, pipes, and above all files unlinked
// while still open and written afterwards (orphans until their close).
// Operations may fail (another process removed the name first); that is
// part of the game.  For the power-cut tests of OrphanReclaimTests: after a
// cut anywhere in this, the next mount must leave no orphaned inode behind.
#include "user.h"
#include "fcntl.h"

static char buf[12000];
static unsigned long long state;

static unsigned rnd(unsigned n) {
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (unsigned)(state >> 33) % n;
}

static void name(char *out, char kind, unsigned i) {
  out[0] = kind;
  out[1] = '0' + i % 6;
  out[2] = 0;
}

static void write_file(const char *path, int n) {
  int fd = open(path, O_CREATE | O_WRONLY | O_TRUNC);
  if (fd < 0)
    return;
  write(fd, buf, n);
  close(fd);
}

static void one_op(void) {
  char a[3], b[3], d[3], path[8];
  name(a, 'f', rnd(6));
  name(b, 'f', rnd(6));
  name(d, 'd', rnd(3));
  switch (rnd(10)) {
  case 0:
  case 1:
    write_file(a, rnd(sizeof(buf)));
    break;
  case 2:
    unlink(a);
    break;
  case 3:
  case 4: {
    // The orphan: unlinked while open, written, closed later.
    write_file(a, rnd(4000));
    int fd = open(a, O_RDWR);
    if (fd < 0)
      break;
    unlink(a);
    write(fd, buf, rnd(sizeof(buf)));
    if (rnd(2))
      yield();
    close(fd);
    break;
  }
  case 5:
    link(a, b);
    break;
  case 6:
    if (rnd(2))
      mkdir(d);
    else
      unlink(d);
    break;
  case 7:
    memcpy(path, d, 2);
    path[2] = '/';
    memcpy(path + 3, a, 3);
    if (rnd(3))
      write_file(path, rnd(3000));
    else
      unlink(path);
    break;
  case 8: {
    int fd = open(a, O_RDONLY);
    if (fd >= 0) {
      while (read(fd, buf, sizeof(buf)) > 0)
        ;
      close(fd);
    }
    break;
  }
  default: {
    int p[2];
    if (pipe(p) < 0)
      break;
    int pid = fork();
    if (pid == 0) {
      close(p[0]);
      write_file(b, rnd(2000));
      write(p[1], "x", 1);
      exit(0);
    }
    close(p[1]);
    char c;
    read(p[0], &c, 1);
    close(p[0]);
    if (pid > 0)
      wait(0);
    break;
  }
  }
}

int main(int argc, char *argv[]) {
  int seed, procs, ops;
  if (argc != 4 || parseint(argv[1], &seed) < 0 || parseint(argv[2], &procs) < 0 || parseint(argv[3], &ops) < 0)
    fail("usage: fsgrind SEED PROCS OPS");
  for (int i = 0; i < (int)sizeof(buf); i++)
    buf[i] = (char)(i * 31 + 7);
  if (mkdir("g") < 0 || chdir("g") < 0)
    fail("fsgrind: cannot make g");
  for (int p = 0; p < procs; p++) {
    int pid = fork();
    if (pid < 0)
      fail("fsgrind: fork");
    if (pid == 0) {
      state = (unsigned long long)seed * 1000003 + p;
      for (int i = 0; i < ops; i++)
        one_op();
      exit(0);
    }
  }
  for (int p = 0; p < procs; p++)
    wait(0);
  printf("fsgrind: done\n");
  exit(0);
}
