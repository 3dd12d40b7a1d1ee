// printf family.  Output is collected in a small buffer and written with
// as few write() calls as possible: a system call per character would be
// slow on a simulated machine, and one write per line keeps lines from
// different processes from interleaving mid-line on the console.
//
// Supported: %d %i %u %x %p %s %c %%, length modifiers l and ll, a field
// width, and the flags '0' (zero padding for numbers) and '-' (left
// justify).
#include "user.h"

#define OUTBUF 128   // small: the user stack is a single page

struct out {
  int fd;
  int n;
  char buf[OUTBUF];
};

static void flush(struct out *o) {
  if (o->n > 0)
    writeall(o->fd, o->buf, o->n);
  o->n = 0;
}

static void put(struct out *o, char c) {
  o->buf[o->n++] = c;
  if (o->n == OUTBUF)
    flush(o);
}

static void pad(struct out *o, char c, int count) {
  while (count-- > 0)
    put(o, c);
}

// Emit one converted field: optional sign, then body, within width.
static void field(struct out *o, const char *sign, const char *body, int len,
                  int width, int left, int zero) {
  int slen = strlen(sign);
  int fill = width - slen - len;
  if (!left && !zero)
    pad(o, ' ', fill);
  for (int i = 0; i < slen; i++)
    put(o, sign[i]);
  if (!left && zero)
    pad(o, '0', fill);
  for (int i = 0; i < len; i++)
    put(o, body[i]);
  if (left)
    pad(o, ' ', fill);
}

// Digits of x in the given base into the end of tmp; returns the start.
static char *digits(uint64 x, int base, char *end, int mindigits) {
  static const char hex[] = "0123456789abcdef";
  char *p = end;
  int n = 0;
  do {
    *--p = hex[x % base];
    x /= base;
    n++;
  } while (x != 0 || n < mindigits);
  return p;
}

void vprintf(int fd, const char *fmt, va_list ap) {
  struct out o;
  char tmp[24];
  char *end = tmp + sizeof(tmp);

  o.fd = fd;
  o.n = 0;
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      put(&o, *fmt);
      continue;
    }
    const char *start = fmt++;
    int left = 0, zero = 0, width = 0, lng = 0;
    for (;; fmt++) {
      if (*fmt == '-')
        left = 1;
      else if (*fmt == '0')
        zero = 1;
      else
        break;
    }
    while (*fmt >= '0' && *fmt <= '9')
      width = width * 10 + (*fmt++ - '0');
    while (*fmt == 'l') {
      lng++;
      fmt++;
    }

    char *p;
    switch (*fmt) {
    case 'd':
    case 'i': {
      int64 v = lng ? va_arg(ap, long) : va_arg(ap, int);
      // Negate in unsigned arithmetic so the most negative value works.
      uint64 mag = v < 0 ? -(uint64)v : (uint64)v;
      p = digits(mag, 10, end, 1);
      field(&o, v < 0 ? "-" : "", p, end - p, width, left, zero);
      break;
    }
    case 'u':
    case 'x': {
      uint64 v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
      p = digits(v, *fmt == 'u' ? 10 : 16, end, 1);
      field(&o, "", p, end - p, width, left, zero);
      break;
    }
    case 'p': {
      uint64 v = (uint64)va_arg(ap, void *);
      p = digits(v, 16, end, 16);
      field(&o, "0x", p, end - p, width, left, 0);
      break;
    }
    case 's': {
      const char *s = va_arg(ap, const char *);
      if (s == 0)
        s = "(null)";
      field(&o, "", s, strlen(s), width, left, 0);
      break;
    }
    case 'c': {
      char c = (char)va_arg(ap, int);
      field(&o, "", &c, 1, width, left, 0);
      break;
    }
    case '%':
      put(&o, '%');
      break;
    default:
      // Unknown conversion (or the string ended): print it literally.
      for (const char *q = start; q <= fmt && *q; q++)
        put(&o, *q);
      if (*fmt == 0)
        fmt--;   // let the loop see the terminator
      break;
    }
  }
  flush(&o);
}

void printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(1, fmt, ap);
  va_end(ap);
}

void fprintf(int fd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fd, fmt, ap);
  va_end(ap);
}
