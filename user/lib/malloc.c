// malloc/free: first fit over an address-ordered free list, memory taken
// from the kernel with sbrk.  Every block starts with a 16-byte header, so
// payloads are 16-byte aligned (what RISC-V's psABI promises for malloc).
// Keeping the list sorted by address lets free() merge a block with both
// neighbours in one pass, which keeps long-running programs (sh) from
// fragmenting the heap.
#include "user.h"

#define UNIT 16                 // allocation granule = header size
#define MIN_GROW_UNITS (PGSIZE / UNIT)  // ask the kernel for >= one page

struct block {
  uint64 units;          // size of this block in UNITs, header included
  struct block *next;    // next free block (higher address), or 0
};

_Static_assert(sizeof(struct block) == UNIT, "header must be one unit");

static struct block *freelist;   // lowest free block first

void free(void *ptr) {
  if (ptr == 0)
    return;
  struct block *b = (struct block *)ptr - 1;
  struct block *prev = 0, *cur = freelist;
  while (cur != 0 && cur < b) {
    prev = cur;
    cur = cur->next;
  }
  // Link b between prev and cur, merging with cur if they touch.
  if (cur != 0 && b + b->units == cur) {
    b->units += cur->units;
    b->next = cur->next;
  } else {
    b->next = cur;
  }
  // ...and with prev if they touch.
  if (prev != 0 && prev + prev->units == b) {
    prev->units += b->units;
    prev->next = b->next;
  } else if (prev != 0) {
    prev->next = b;
  } else {
    freelist = b;
  }
}

// Get at least `units` more units from the kernel and put them on the
// free list.  Returns 0 if the kernel refuses.
static int grow(uint64 units) {
  if (units < MIN_GROW_UNITS)
    units = MIN_GROW_UNITS;
  // Keep the heap UNIT-aligned even if someone else moved the break by
  // an odd amount with sbrk.
  uint64 brk = (uint64)sbrk(0);
  if (brk == (uint64)-1)
    return 0;
  if (brk % UNIT != 0 && sbrk(UNIT - brk % UNIT) == (char *)-1)
    return 0;
  uint64 bytes = units * UNIT;
  if (bytes > 0x7fffffff)
    return 0;   // sbrk takes an int
  char *p = sbrk((int)bytes);
  if (p == (char *)-1)
    return 0;
  struct block *b = (struct block *)p;
  b->units = units;
  free(b + 1);
  return 1;
}

void *malloc(uint64 n) {
  if (n > 0x7fff0000)
    return 0;
  uint64 units = (n + UNIT - 1) / UNIT + 1;
  for (;;) {
    struct block *prev = 0, *cur = freelist;
    for (; cur != 0; prev = cur, cur = cur->next) {
      if (cur->units < units)
        continue;
      if (cur->units == units) {
        if (prev)
          prev->next = cur->next;
        else
          freelist = cur->next;
      } else {
        // Hand out the tail so the free block stays linked in place.
        cur->units -= units;
        cur += cur->units;
        cur->units = units;
      }
      cur->next = 0;
      return cur + 1;
    }
    if (!grow(units))
      return 0;
  }
}
