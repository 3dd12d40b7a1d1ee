// Time from the `time` CSR.  In a file of its own because it is the only
// RISC-V-specific C in the library (the host test harness replaces it).
#include "user.h"

uint64 rdtime(void) {
  uint64 t;
  // `time` is readable from user mode (ABI.md: Zicsr reads of the user
  // counters); volatile so repeated reads are not merged.
  asm volatile("csrr %0, time" : "=r"(t));
  return t;
}

uint64 nanotime(void) {
  return rdtime() * 100;   // 10 MHz: one tick is 100 ns
}
