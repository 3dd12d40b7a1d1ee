// The tiny runtime shared by the test programs: two "system calls" the test
// harness implements, and the helpers gcc may call even when freestanding.
#pragma once
typedef unsigned long size_t;
typedef unsigned long uint64;
typedef long int64;

void putchar_(int c);
void exit_(int code) __attribute__((noreturn));
void puts_(const char *s);
void putdec(long v);
void puthex(unsigned long v);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
