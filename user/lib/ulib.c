// Small helpers built on the system calls.
#include "user.h"
#include "fcntl.h"
#include "syscall.h"

// A decimal number after optional blanks and one sign, up to the first
// non-digit (*sp is left there).  *bad becomes 1 if there are no digits
// or the value does not fit an int; the result is then clamped to INT_MIN
// or INT_MAX, so an oversized number never wraps around to a small one
// (kill 4294967297 must not mean kill 1).
static int scanint(const char **sp, int *bad) {
  const char *s = *sp;
  const uint64 limit = (uint64)2147483647 + 1;   // |INT_MIN|
  uint64 n = 0;
  int neg = 0;
  while (*s == ' ' || *s == '\t')
    s++;
  if (*s == '-' || *s == '+')
    neg = (*s++ == '-');
  const char *digits = s;
  while (*s >= '0' && *s <= '9') {
    n = n * 10 + (*s++ - '0');
    if (n > limit)
      n = limit + 1;   // above every valid magnitude; cannot wrap
  }
  *sp = s;
  *bad = s == digits;
  if (n > (neg ? limit : limit - 1)) {
    *bad = 1;
    return neg ? -2147483647 - 1 : 2147483647;
  }
  return neg ? (int)-(long long)n : (int)n;
}

int atoi(const char *s) {
  int bad;
  return scanint(&s, &bad);
}

int parseint(const char *s, int *value) {
  int bad;
  int n = scanint(&s, &bad);
  if (bad || *s != 0)
    return -1;
  *value = n;
  return 0;
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
