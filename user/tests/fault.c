// fault [KIND]: a user program that faults is killed with status -1.
//   load     load from an unmapped address (past the heap)
//   store    store to an unmapped address
//   text     store into the program's own (read-only) code
//   illegal  execute the all-zero instruction word (defined illegal)
//   guard    store into the guard page just below the stack
//   high     load from MAXVA (2^38), outside the user address space
//   tframe   load from the trap-frame page (0x3fffffe000): mapped, but
//            not for user mode
//   float    execute an F-extension instruction (not implemented)
// With KIND: perform that fault (and report FAIL if still alive).
// Without: fork one child per kind and print "fault: <kind> status <st>"
// for each; exits 0 only if every status is -1.
#include "user.h"

static const char *kinds[] = {"load", "store", "text", "illegal", "guard", "high", "tframe", "float"};
#define NKINDS ((int)(sizeof(kinds) / sizeof(kinds[0])))

static uint64 unmapped_address(void) {
  uint64 brk = (uint64)sbrk(0);
  return ((brk + PGSIZE - 1) & ~(uint64)(PGSIZE - 1)) + 16 * PGSIZE;
}

// Returns only if the fault did not kill us (or KIND is unknown).
static void do_fault(const char *kind) {
  volatile uint64 sink = 0;
  if (strcmp(kind, "load") == 0) {
    sink = *(volatile uint64 *)unmapped_address();
  } else if (strcmp(kind, "store") == 0) {
    *(volatile uint64 *)unmapped_address() = 1;
  } else if (strcmp(kind, "text") == 0) {
    *(volatile uint32 *)(uint64)do_fault = 0;
  } else if (strcmp(kind, "illegal") == 0) {
    asm volatile(".word 0");
  } else if (strcmp(kind, "guard") == 0) {
    // Any local lives in the stack page; the page below it is the guard.
    uint64 stack_page = (uint64)&sink & ~(uint64)(PGSIZE - 1);
    *(volatile uint64 *)(stack_page - 16) = 1;
  } else if (strcmp(kind, "high") == 0) {
    sink = *(volatile uint64 *)(1UL << 38);
  } else if (strcmp(kind, "tframe") == 0) {
    sink = *(volatile uint64 *)0x3fffffe000UL;
  } else if (strcmp(kind, "float") == 0) {
    asm volatile(".word 0x00007053");   // fadd.s ft0, ft0, ft0
  } else {
    fprintf(2, "fault: unknown kind %s\n", kind);
    exit(2);
  }
  (void)sink;
}

int main(int argc, char *argv[]) {
  if (argc > 1) {
    do_fault(argv[1]);
    fail("fault: %s did not kill the process", argv[1]);
  }

  int bad = 0;
  for (int i = 0; i < NKINDS; i++) {
    int pid = fork();
    if (pid < 0)
      fail("fault: fork failed");
    if (pid == 0) {
      do_fault(kinds[i]);
      fail("fault: %s did not kill the process", kinds[i]);
    }
    int st = 0;
    if (wait(&st) != pid)
      fail("fault: wait failed");
    printf("fault: %s status %d\n", kinds[i], st);
    if (st != -1)
      bad++;
  }
  if (bad > 0)
    fail("fault: %d kinds did not end with status -1", bad);
  return 0;
}
