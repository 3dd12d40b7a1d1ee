#include "lib.h"

void putchar_(int c)
{
    register long a0 asm("a0") = c;
    register long a7 asm("a7") = 1;
    asm volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
}

void exit_(int code)
{
    register long a0 asm("a0") = code;
    register long a7 asm("a7") = 93;
    asm volatile("ecall" : : "r"(a0), "r"(a7) : "memory");
    for (;;) ;
}

void puts_(const char *s) { while (*s) putchar_(*s++); }

void putdec(long v)
{
    char buf[24];
    int i = 0;
    unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
    do { buf[i++] = '0' + u % 10; u /= 10; } while (u);
    if (v < 0) putchar_('-');
    while (i) putchar_(buf[--i]);
}

void puthex(unsigned long v)
{
    for (int shift = 60; shift >= 0; shift -= 4) putchar_("0123456789abcdef"[(v >> shift) & 15]);
}

void *memset(void *d, int c, size_t n) { unsigned char *p = d; while (n--) *p++ = (unsigned char)c; return d; }
void *memcpy(void *d, const void *s, size_t n) { unsigned char *p = d; const unsigned char *q = s; while (n--) *p++ = *q++; return d; }
void *memmove(void *d, const void *s, size_t n)
{
    unsigned char *p = d; const unsigned char *q = s;
    if (p < q) while (n--) *p++ = *q++;
    else { p += n; q += n; while (n--) *--p = *--q; }
    return d;
}
int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    for (; n; n--, p++, q++) if (*p != *q) return *p - *q;
    return 0;
}
size_t strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
