// Integer arithmetic the C compiler turns into M-extension instructions
// (mul, mulh*, div*, rem*, the W forms) plus a sieve; prints the results so
// the test can compare them with the same computation done in C#.
#include "lib.h"

static long gcd(long a, long b) { while (b) { long t = a % b; a = b; b = t; } return a; }

static int sieve_count(int n)
{
    static unsigned char composite[10001];
    int count = 0;
    for (int i = 2; i <= n; i++) {
        if (composite[i]) continue;
        count++;
        for (int j = i * i; j <= n; j += i) composite[j] = 1;
    }
    return count;
}

static unsigned long powmod(unsigned long b, unsigned long e, unsigned long m)
{
    unsigned long r = 1;
    b %= m;
    while (e) {
        if (e & 1) r = r * b % m;   // m < 2^32, so the products fit in 64 bits
        b = b * b % m;
        e >>= 1;
    }
    return r;
}

volatile long vneg = -7, vpos = 3, vmin = (long)0x8000000000000000UL, vm1 = -1, vzero = 0;
volatile int wneg = -7, wpos = 3;

int main(void)
{
    putdec(gcd(1071, 462)); putchar_(' ');
    putdec(sieve_count(10000)); putchar_(' ');
    putdec((long)powmod(2, 1000000, 1000000007UL)); putchar_(' ');
    putdec(vneg / vpos); putchar_(' ');
    putdec(vneg % vpos); putchar_(' ');
    putdec(wneg / wpos); putchar_(' ');
    putdec(wneg % wpos); putchar_(' ');
    putdec((long)((unsigned long)vneg / (unsigned long)vpos)); putchar_(' ');
    putdec(vmin / vm1); putchar_(' ');
    putdec(vmin % vm1); putchar_(' ');
    putdec(vpos / vzero); putchar_(' ');
    putdec(vpos % vzero); putchar_(' ');
    __int128 big = (__int128)vmin * vneg;
    puthex((unsigned long)(big >> 64)); putchar_(' ');
    puthex((unsigned long)big);
    putchar_('\n');
    return 0;
}
