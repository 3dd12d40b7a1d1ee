// testcall: makes the test-only system calls a kernel test registers
// (numbers 60..63, KernelConfig.TestSyscalls), to run kernel code that
// breaks a rule on purpose.
//   testcall N...      each call in turn, in this process
//   testcall -p N...   each call in its own child, all at once, then waits
// Prints "testcall N: RESULT" for each call that returns.
#include "user.h"

static long call(long number) {
  register long a0 asm("a0") = 0;
  register long a7 asm("a7") = number;
  asm volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
  return a0;
}

static int number(const char *text) {
  int n;
  if (parseint(text, &n) < 0 || n < 60 || n > 63)
    fail("testcall: '%s' is not a test call number (60..63)", text);
  return n;
}

int main(int argc, char **argv) {
  int parallel = argc > 1 && strcmp(argv[1], "-p") == 0;
  int first = parallel ? 2 : 1;
  if (argc <= first)
    fail("usage: testcall [-p] N...");
  for (int i = first; i < argc; i++) {
    int n = number(argv[i]);
    if (parallel) {
      int pid = fork();
      if (pid < 0)
        fail("testcall: fork failed");
      if (pid > 0)
        continue;
    }
    printf("testcall %d: %ld\n", n, call(n));
    if (parallel)
      exit(0);
  }
  if (parallel) {
    while (wait(0) > 0) {
    }
  }
  return 0;
}
