// sbrktest: sbrk grows memory eagerly and shrinks it again; an impossible
// grow fails and a shrink past zero changes nothing, as in xv6.
// Prints: "sbrktest: ok".
#include "user.h"

#define MiB (1024 * 1024)

int main(void) {
  char *old = sbrk(0);
  if (old == (char *)-1)
    fail("sbrktest: sbrk(0) failed");

  char *p = sbrk(MiB);
  if (p == (char *)-1)
    fail("sbrktest: sbrk(1 MiB) failed");
  if (p != old)
    fail("sbrktest: sbrk returned %p, expected the old break %p", p, old);
  if (sbrk(0) != old + MiB)
    fail("sbrktest: break is %p after growing, expected %p", sbrk(0), old + MiB);

  // Touch every page (the first and last byte of each), then read back.
  for (int off = 0; off < MiB; off += PGSIZE) {
    p[off] = (char)(off / PGSIZE);
    p[off + PGSIZE - 1] = (char)~(off / PGSIZE);
  }
  for (int off = 0; off < MiB; off += PGSIZE)
    if (p[off] != (char)(off / PGSIZE) || p[off + PGSIZE - 1] != (char)~(off / PGSIZE))
      fail("sbrktest: page at offset %d lost its contents", off);

  char *q = sbrk(-MiB);
  if (q != old + MiB)
    fail("sbrktest: sbrk(-1 MiB) returned %p, expected %p", q, old + MiB);
  if (sbrk(0) != old)
    fail("sbrktest: break is %p after shrinking, expected %p", sbrk(0), old);

  // Shrinking by more than the whole size changes nothing and returns the
  // old break (xv6's rule: its usertests lazy_copy checks it).
  if (sbrk(-0x40000000) != old)
    fail("sbrktest: sbrk(-1 GiB) did not return the old break");
  if (sbrk(0) != old)
    fail("sbrktest: an impossible shrink moved the break to %p", sbrk(0));

  // So must growing by far more than the machine's memory (~2 GiB).
  if (sbrk(0x7ff00000) != (char *)-1)
    fail("sbrktest: sbrk(+2 GiB) did not fail");
  if (sbrk(0) != old)
    fail("sbrktest: a failed grow moved the break to %p", sbrk(0));

  // The heap still works after all that.
  p = sbrk(PGSIZE);
  if (p != old)
    fail("sbrktest: sbrk(4096) after failures returned %p", p);
  p[0] = 1;
  p[PGSIZE - 1] = 2;
  if (sbrk(-PGSIZE) != old + PGSIZE)
    fail("sbrktest: final shrink failed");

  printf("sbrktest: ok\n");
  return 0;
}
