// qsort [N]: sorts N (default 1000000) 32-bit integers from the compute
// stream (seed 3, each the stream's value >> 33, as a signed int) with a
// quicksort, checks the order, and prints the smallest, the largest, a
// checksum (sum of a[i] * (i + 1), mod 2^64) and the time it took.
#include "user.h"

static void insertion(int *a, int n) {
  for (int i = 1; i < n; i++) {
    int v = a[i], j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

static void swap(int *a, int i, int j) {
  int t = a[i];
  a[i] = a[j];
  a[j] = t;
}

// Recurses into the smaller part and loops on the larger, so the depth
// stays below log2(N) frames: the stack is a single page.
static void quicksort(int *a, int n) {
  while (n > 16) {
    int m = n / 2;
    if (a[m] < a[0]) swap(a, m, 0);
    if (a[n - 1] < a[0]) swap(a, n - 1, 0);
    if (a[n - 1] < a[m]) swap(a, n - 1, m);
    int pivot = a[m];
    int i = 0, j = n - 1;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (j + 1 < n - i) {
      quicksort(a, j + 1);
      a += i;
      n -= i;
    } else {
      quicksort(a + i, n - i);
      n = j + 1;
    }
  }
  insertion(a, n);
}

int main(int argc, char *argv[]) {
  int n = count_arg(argc, argv, 1000000, "qsort");
  int *a = malloc((uint64)n * sizeof(int));
  if (a == 0)
    fail("qsort: out of memory for %d numbers", n);
  uint64 seed = 3;
  for (int i = 0; i < n; i++)
    a[i] = (int)(xorshift64(&seed) >> 33) - (1 << 30);

  uint64 t0 = nanotime();
  quicksort(a, n);
  report_time("qsort", t0);

  uint64 sum = 0;
  for (int i = 0; i < n; i++) {
    if (i > 0 && a[i - 1] > a[i])
      fail("qsort: not sorted at %d", i);
    sum += (uint64)(int64)a[i] * (uint64)(i + 1);
  }
  printf("qsort %d: min %d max %d sum %lu\n", n, a[0], a[n - 1], sum);
  return 0;
}
