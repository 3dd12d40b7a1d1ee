// Reads the user counters through Zicsr: instret must grow by the work done.
#include "lib.h"

static inline unsigned long rdinstret(void) { unsigned long v; asm volatile("rdinstret %0" : "=r"(v)); return v; }
static inline unsigned long rdcycle(void) { unsigned long v; asm volatile("rdcycle %0" : "=r"(v)); return v; }
static inline unsigned long rdtime(void) { unsigned long v; asm volatile("rdtime %0" : "=r"(v)); return v; }

int main(void)
{
    unsigned long i0 = rdinstret(), c0 = rdcycle(), t0 = rdtime();
    volatile unsigned long sink = 0;
    for (int i = 0; i < 10000; i++) sink += i;
    unsigned long i1 = rdinstret(), c1 = rdcycle(), t1 = rdtime();
    putdec(i1 - i0 >= 30000); putchar_(' ');
    putdec(c1 - c0 >= 30000); putchar_(' ');
    putdec(t1 >= t0); putchar_('\n');
    return 0;
}
