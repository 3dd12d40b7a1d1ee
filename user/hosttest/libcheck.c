// Host-only check of the user library: printf conversions, malloc/free,
// string routines.  Prints "libcheck: ok" or FAIL lines.
#include "user.h"

static int bad;

static void expect_fmt(const char *want, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void expect_fmt(const char *want, const char *fmt, ...) {
  int p[2];
  if (pipe(p) < 0)
    fail("pipe");
  va_list ap;
  va_start(ap, fmt);
  vprintf(p[1], fmt, ap);
  va_end(ap);
  close(p[1]);
  static char got[256];
  int n = read(p[0], got, sizeof(got) - 1);
  close(p[0]);
  got[n < 0 ? 0 : n] = 0;
  if (strcmp(got, want) != 0) {
    printf("FAIL: format \"%s\": got \"%s\", want \"%s\"\n", fmt, got, want);
    bad++;
  }
}

int main(void) {
  expect_fmt("42", "%d", 42);
  expect_fmt("-42", "%i", -42);
  expect_fmt("-2147483648", "%d", (int)0x80000000);
  expect_fmt("4294967295", "%u", 0xffffffffu);
  expect_fmt("ff", "%x", 255);
  expect_fmt("-9223372036854775808", "%ld", (long)0x8000000000000000UL);
  expect_fmt("18446744073709551615", "%lu", ~0UL);
  expect_fmt("ffffffffffffffff", "%llx", ~0ULL);
  expect_fmt("0x0000000000001000", "%p", (void *)0x1000);
  expect_fmt("   42|42   |00042|-0042", "%5d|%-5d|%05d|%05d", 42, 42, 42, -42);
  expect_fmt("0a", "%02x", 10);
  const char *volatile null = 0;   // volatile: GCC would flag a known NULL
  expect_fmt("abc  |  abc|(null)", "%-5s|%5s|%s", "abc", "abc", null);
  expect_fmt("x%y", "%c%%%c", 'x', 'y');
  const char *unknown = "%q";   // not a literal: keep -Wformat quiet
  expect_fmt("%q", unknown, 0);
  expect_fmt("0", "%d", 0);
  expect_fmt("0", "%x", 0);

  if (atoi("123") != 123 || atoi("-7") != -7 || atoi("  12x") != 12 || atoi("") != 0)
    fail("atoi");
  if (strcmp("abc", "abd") >= 0 || strcmp("b", "a") <= 0 || strcmp("x", "x") != 0)
    fail("strcmp");
  if (strncmp("abcX", "abcY", 3) != 0 || strncmp("ab", "abc", 3) >= 0)
    fail("strncmp");
  if (strchr("hello", 'l') == 0 || *strchr("hello", 'l') != 'l' || strchr("hello", 'z') != 0)
    fail("strchr");
  char mv[16] = "0123456789";
  memmove(mv + 2, mv, 8);
  if (memcmp(mv, "0101234567", 10) != 0)
    fail("memmove overlap forward: %s", mv);
  memmove(mv, mv + 2, 8);
  if (memcmp(mv, "0123456767", 10) != 0)
    fail("memmove overlap backward: %s", mv);

  // malloc: distinct, aligned, reusable; freeing everything and
  // allocating a big block must reuse the coalesced space.
  char *ptrs[64];
  for (int i = 0; i < 64; i++) {
    ptrs[i] = malloc(1 + i * 37);
    if (ptrs[i] == 0 || ((uint64)ptrs[i] & 15) != 0)
      fail("malloc %d", i);
    memset(ptrs[i], i, 1 + i * 37);
  }
  for (int i = 0; i < 64; i++)
    for (int j = 0; j < 1 + i * 37; j++)
      if (ptrs[i][j] != (char)i)
        fail("malloc block %d overwritten", i);
  char *brk_before = sbrk(0);
  for (int i = 0; i < 64; i += 2)
    free(ptrs[i]);
  for (int i = 1; i < 64; i += 2)
    free(ptrs[i]);
  char *big = malloc(60 * 37);
  if (big == 0 || sbrk(0) != brk_before)
    fail("malloc did not reuse freed memory (break moved %ld)", (long)(sbrk(0) - brk_before));
  free(big);
  if (malloc(1UL << 40) != 0)
    fail("malloc(1 TiB) succeeded");

  if (bad)
    fail("%d format checks failed", bad);
  printf("libcheck: ok\n");
  return 0;
}
