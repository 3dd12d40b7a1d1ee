// String routines: byte loads/stores, unaligned copies, compares.
#include "lib.h"

static void reverse(char *s) { size_t n = strlen(s); for (size_t i = 0; i < n / 2; i++) { char t = s[i]; s[i] = s[n - 1 - i]; s[n - 1 - i] = t; } }

static int strcmp_(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return (unsigned char)*a - (unsigned char)*b; }

static char *itoa_(long v, char *out)
{
    char tmp[24]; int i = 0; int neg = v < 0; unsigned long u = neg ? -(unsigned long)v : (unsigned long)v;
    do { tmp[i++] = '0' + u % 10; u /= 10; } while (u);
    char *p = out; if (neg) *p++ = '-';
    while (i) *p++ = tmp[--i];
    *p = 0;
    return out;
}

static char buf[256];
static char buf2[256];

int main(void)
{
    const char *msg = "The quick brown fox jumps over the lazy dog";
    memcpy(buf + 3, msg, strlen(msg) + 1);          // deliberately misaligned
    reverse(buf + 3);
    puts_(buf + 3); putchar_('\n');
    memmove(buf2, buf + 3, 10); buf2[10] = 0;
    puts_(buf2); putchar_('\n');
    putdec(strcmp_("apple", "apricot") < 0); putchar_(' ');
    putdec(strcmp_("same", "same")); putchar_(' ');
    putdec(memcmp("abcd", "abce", 4) < 0); putchar_(' ');
    puts_(itoa_(-9876543210L, buf)); putchar_(' ');
    memset(buf, 'z', 5); buf[5] = 0; puts_(buf);
    putchar_('\n');
    return 0;
}
