// spin: loops forever without a system call, a CPU-bound program for the
// kill and Ctrl-C tests (only a kill, or an interrupt from the timer,
// brings it into the kernel).
#include "user.h"

int main(void) {
  volatile uint64 n = 0;
  for (;;)
    n++;
}
