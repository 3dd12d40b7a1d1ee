// seq [FIRST] LAST: print the numbers FIRST (default 1) to LAST, one per
// line.  Handy for making long output: "seq 5000 > big" is a 28 KB file.
#include "user.h"

static char buf[512];

int main(int argc, char *argv[]) {
  if (argc < 2 || argc > 3) {
    fprintf(2, "usage: seq [FIRST] LAST\n");
    return 2;
  }
  int first = 1, last;
  for (int a = 1; a < argc; a++) {
    // A number that is not one (or does not fit an int) is an error, not
    // atoi's 0 or clamped value: "seq 1 3x" must not quietly count to 3.
    if (parseint(argv[a], a == argc - 1 ? &last : &first) < 0) {
      fprintf(2, "seq: bad number %s\n", argv[a]);
      return 2;
    }
  }
  // Whole lines in 512-byte writes: one write per line would make the
  // numbers cost more than the output.
  int n = 0;
  for (int i = first; i <= last; i++) {   // (i == last ends it before i++ could overflow)
    char digits[12];
    int k = 0;
    unsigned v = i < 0 ? -(unsigned)i : (unsigned)i;
    do {
      digits[k++] = '0' + v % 10;
      v /= 10;
    } while (v > 0);
    if (i < 0)
      digits[k++] = '-';
    if (n + k + 1 > (int)sizeof(buf)) {
      if (writeall(1, buf, n) != n)
        return 1;
      n = 0;
    }
    while (k > 0)
      buf[n++] = digits[--k];
    buf[n++] = '\n';
    if (i == last)
      break;
  }
  if (n > 0 && writeall(1, buf, n) != n)
    return 1;
  return 0;
}
