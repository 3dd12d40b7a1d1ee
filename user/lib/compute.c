// Helpers shared by the compute-bound benchmark programs (sha256, crc32,
// qsort, matmul): one pseudo-random stream so the host can recompute every
// result, argument parsing, and the timing line the benchmarks read.
#include "user.h"

uint64 xorshift64(uint64 *state) {
  uint64 x = *state;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  *state = x;
  return x;
}

void fill_stream(uint64 *state, uint8 *buf, int n) {
  for (int i = 0; i < n; i += 8) {
    uint64 v = xorshift64(state);
    for (int b = 0; b < 8 && i + b < n; b++)
      buf[i + b] = (uint8)(v >> (8 * b));
  }
}

int count_arg(int argc, char **argv, int dflt, const char *name) {
  if (argc < 2)
    return dflt;
  int n = atoi(argv[1]);
  if (n <= 0)
    fail("%s: the size must be a positive number, not '%s'", name, argv[1]);
  return n;
}

void report_time(const char *name, uint64 start_ns) {
  uint64 us = (nanotime() - start_ns) / 1000;
  printf("time %s: %lu us\n", name, us);
}
