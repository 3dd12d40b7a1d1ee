// GCC builtins that compile to AMOs and LR/SC loops.
#include "lib.h"

static long counter;
static int word = 5;
static long cas_target = 10;

int main(void)
{
    for (int i = 0; i < 100; i++) __atomic_fetch_add(&counter, 3, __ATOMIC_SEQ_CST);
    int old = __atomic_exchange_n(&word, 42, __ATOMIC_ACQ_REL);
    __atomic_fetch_or(&word, 0x100, __ATOMIC_RELAXED);
    __atomic_fetch_and(&word, 0x1ff, __ATOMIC_RELAXED);
    long expected = 10;
    int ok1 = __atomic_compare_exchange_n(&cas_target, &expected, 77, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    expected = 10;
    int ok2 = __atomic_compare_exchange_n(&cas_target, &expected, 99, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    putdec(counter); putchar_(' ');
    putdec(old); putchar_(' ');
    putdec(word); putchar_(' ');
    putdec(ok1); putchar_(' ');
    putdec(ok2); putchar_(' ');
    putdec(expected); putchar_(' ');
    putdec(cas_target); putchar_('\n');
    return 0;
}
