// Sorts pseudo-random arrays with quicksort and checks the result: exercises
// loads/stores, branches, recursion (stack), and 64-bit comparisons.
#include "lib.h"

#define N 2000
static long data[N];

static unsigned long seed = 88172645463325252UL;
static unsigned long next(void)
{
    seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17;
    return seed;
}

static void quicksort(long *a, long lo, long hi)
{
    while (lo < hi) {
        long pivot = a[lo + (hi - lo) / 2], i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) { long t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; }
        else { quicksort(a, i, hi); hi = j; }
    }
}

int main(void)
{
    unsigned long sum = 0;
    for (int i = 0; i < N; i++) { data[i] = (long)next() >> 3; sum += data[i]; }
    quicksort(data, 0, N - 1);
    unsigned long after = 0;
    for (int i = 0; i < N; i++) {
        after += data[i];
        if (i > 0 && data[i - 1] > data[i]) { puts_("unsorted at "); putdec(i); putchar_('\n'); return 1; }
    }
    if (after != sum) { puts_("sum changed\n"); return 2; }
    puts_("sorted "); putdec(N); puts_(" min "); putdec(data[0]); puts_(" max "); putdec(data[N - 1]); putchar_('\n');
    return 0;
}
