// String and memory routines.  GCC may emit calls to memset/memcpy/memmove
// on its own (struct copies, zeroing), so these must exist with the
// standard signatures.  This file is compiled with
// -fno-tree-loop-distribute-patterns (see the Makefile) so that GCC does
// not "optimise" the loops below back into calls to themselves.
#include "user.h"

char *strcpy(char *dst, const char *src) {
  char *d = dst;
  while ((*d++ = *src++) != 0)
    ;
  return dst;
}

int strcmp(const char *a, const char *b) {
  while (*a && *a == *b) {
    a++;
    b++;
  }
  return (uchar)*a - (uchar)*b;
}

int strncmp(const char *a, const char *b, uint n) {
  for (; n > 0; n--, a++, b++) {
    if (*a != *b)
      return (uchar)*a - (uchar)*b;
    if (*a == 0)
      return 0;
  }
  return 0;
}

uint strlen(const char *s) {
  uint n = 0;
  while (s[n])
    n++;
  return n;
}

char *strchr(const char *s, int c) {
  for (; *s; s++)
    if (*s == (char)c)
      return (char *)s;
  // Like C's strchr, searching for the terminator finds it.
  return c == 0 ? (char *)s : 0;
}

void *memset(void *dst, int c, uint64 n) {
  uchar *d = dst;
  while (n-- > 0)
    *d++ = (uchar)c;
  return dst;
}

void *memmove(void *dst, const void *src, uint64 n) {
  uchar *d = dst;
  const uchar *s = src;
  if (d == s || n == 0)
    return dst;
  if (d < s || d >= s + n) {
    // No harmful overlap: copy forwards, a word at a time when both
    // pointers are 8-byte aligned (the common case for buffers).
    if ((((uint64)d | (uint64)s) & 7) == 0) {
      while (n >= 8) {
        *(uint64 *)d = *(const uint64 *)s;
        d += 8;
        s += 8;
        n -= 8;
      }
    }
    while (n-- > 0)
      *d++ = *s++;
  } else {
    // dst overlaps the tail of src: copy backwards.
    d += n;
    s += n;
    while (n-- > 0)
      *--d = *--s;
  }
  return dst;
}

void *memcpy(void *dst, const void *src, uint64 n) {
  return memmove(dst, src, n);
}

int memcmp(const void *a, const void *b, uint64 n) {
  const uchar *x = a, *y = b;
  for (; n > 0; n--, x++, y++)
    if (*x != *y)
      return *x - *y;
  return 0;
}
