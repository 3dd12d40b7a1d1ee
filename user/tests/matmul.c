// matmul [N]: C = A x B for N x N (default 300) matrices of 32-bit integers
// from the compute stream (seed 4, each the stream's value >> 56, A first,
// row by row, then B), arithmetic modulo 2^32; prints a checksum (sum of
// C[i][j] * (i * N + j + 1), mod 2^64) and the time it took.
#include "user.h"

int main(int argc, char *argv[]) {
  int n = count_arg(argc, argv, 300, "matmul");
  uint64 cells = (uint64)n * n;
  uint32 *a = malloc(cells * 4), *b = malloc(cells * 4), *c = malloc(cells * 4);
  if (a == 0 || b == 0 || c == 0)
    fail("matmul: out of memory for %d x %d", n, n);
  uint64 seed = 4;
  for (uint64 i = 0; i < cells; i++)
    a[i] = (uint32)(xorshift64(&seed) >> 56);
  for (uint64 i = 0; i < cells; i++)
    b[i] = (uint32)(xorshift64(&seed) >> 56);
  memset(c, 0, cells * 4);

  uint64 t0 = nanotime();
  // i-k-j order: the inner loop walks rows of B and C.
  for (int i = 0; i < n; i++) {
    uint32 *ci = c + (uint64)i * n;
    for (int k = 0; k < n; k++) {
      uint32 aik = a[(uint64)i * n + k];
      const uint32 *bk = b + (uint64)k * n;
      for (int j = 0; j < n; j++)
        ci[j] += aik * bk[j];
    }
  }
  report_time("matmul", t0);

  uint64 sum = 0;
  for (uint64 i = 0; i < cells; i++)
    sum += (uint64)c[i] * (i + 1);
  printf("matmul %d: sum %lu\n", n, sum);
  return 0;
}
