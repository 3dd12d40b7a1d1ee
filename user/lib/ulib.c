// Small helpers built on the system calls.
#include "user.h"
#include "fcntl.h"
#include "syscall.h"

int atoi(const char *s) {
  int neg = 0, n = 0;
  while (*s == ' ' || *s == '\t')
    s++;
  if (*s == '-' || *s == '+')
    neg = (*s++ == '-');
  while (*s >= '0' && *s <= '9')
    n = n * 10 + (*s++ - '0');
  return neg ? -n : n;
}

// Read one line from fd 0, one byte per read so that nothing past the
// newline is consumed (the rest of the input belongs to whoever reads
// next, e.g. a command the shell starts).  Keeps the newline, always
// NUL-terminates; returns an empty string at end of file.
char *gets(char *buf, int max) {
  int i = 0;
  char c;
  while (i + 1 < max) {
    if (read(0, &c, 1) != 1)
      break;
    buf[i++] = c;
    if (c == '\n' || c == '\r')
      break;
  }
  if (max > 0)
    buf[i] = 0;
  return buf;
}

int stat(const char *path, struct stat *st) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  int r = fstat(fd, st);
  close(fd);
  return r;
}

int writeall(int fd, const void *buf, int n) {
  const char *p = buf;
  int done = 0;
  while (done < n) {
    int w = write(fd, p + done, n - done);
    if (w <= 0)
      return -1;
    done += w;
  }
  return n;
}

// sbrk grows memory now (SBRK_EAGER); sbrklazy only moves the break, and the
// kernel maps each page when it is first touched.
char *sbrk(int n) { return sys_sbrk(n, SBRK_EAGER); }

char *sbrklazy(int n) { return sys_sbrk(n, SBRK_LAZY); }
