// Everything a user program calls: the system calls (lib/usys.S) and the
// small C library (lib/*.c).  Include types.h-dependent headers first or
// just this one: it pulls in what it needs.
#ifndef XV6SHARP_USER_H
#define XV6SHARP_USER_H

#include <stdarg.h>   // GCC's freestanding header: va_list for vprintf
#include "types.h"
#include "stat.h"
#include "xv6sharp.h"

#include "param.h"

#define PGSIZE   4096

// ---- System calls 1..21 (xv6) ----
int fork(void);
int exit(int status) __attribute__((noreturn));
int wait(int *status);
int pipe(int *fds);
int read(int fd, void *buf, int n);
int kill(int pid);
int exec(const char *path, char **argv);
int fstat(int fd, struct stat *st);
int chdir(const char *path);
int dup(int fd);
int getpid(void);
char *sys_sbrk(int n, int mode);    // the raw call; mode SBRK_EAGER or SBRK_LAZY
char *sbrk(int n);                  // grow (eagerly) or shrink; returns the old break
char *sbrklazy(int n);              // grow lazily: pages are mapped when first touched
#define SBRK_ERROR ((char *)-1)     // what sbrk and sbrklazy return on failure
int sleep(int ticks);
int pause(int ticks);               // newer xv6's name for sleep (the same call)
int uptime(void);
int open(const char *path, int flags);
int write(int fd, const void *buf, int n);
int mknod(const char *path, short major, short minor);
int unlink(const char *path);
int link(const char *oldpath, const char *newpath);
int mkdir(const char *path);
int close(int fd);

// ---- System calls 22..30 (Xv6Sharp) ----
// pid > 0: wait for that child only; pid <= 0: any child.
// Returns the reaped pid, or -1 if there is no such child or the caller is
// killed.  status may be 0.
int waitpid(int pid, int *status);
int yield(void);                                  // give up the CPU
int getppid(void);                                // parent's pid
int getprocs(struct procinfo *buf, int max);      // returns the count
int halt(int status);   // sync disk, power off; returns only on failure
int sysinfo(struct sysinfo *info);
int getcpu(void);                                 // hart id of the caller
int getuid(void);                                 // the caller's user id (0 = root)
// Root may set any uid >= 0; anyone else only its own.  0, or -1 if refused.
int setuid(int uid);

// ---- Process groups and the console's foreground job (31..34) ----
// setpgid: put the caller (pid 0) or a child in group pgid (0: its own pid,
// a new group).  getpgid: the group of pid (0: the caller).  -1 if refused.
int setpgid(int pid, int pgid);
int getpgid(int pid);
// The console's foreground group, the job Ctrl-C kills; fd must be open on
// the console.  pgid 0: no foreground job (the shell reads).
int tcsetpgrp(int fd, int pgid);
int tcgetpgrp(int fd);

// ---- C library ----
char *strcpy(char *dst, const char *src);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, uint n);
uint strlen(const char *s);
char *strchr(const char *s, int c);
void *memset(void *dst, int c, uint64 n);
void *memmove(void *dst, const void *src, uint64 n);
void *memcpy(void *dst, const void *src, uint64 n);
int memcmp(const void *a, const void *b, uint64 n);
int atoi(const char *s);   // clamps to INT_MIN/INT_MAX instead of wrapping
// The whole of s as a decimal int (blanks and a sign allowed in front):
// 0 and *value set, or -1 if s is empty, has other characters after the
// digits, or does not fit an int.
int parseint(const char *s, int *value);
char *gets(char *buf, int max);
int stat(const char *path, struct stat *st);

void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vprintf(int fd, const char *fmt, va_list ap);

void *malloc(uint64 n);
void free(void *p);

uint64 rdtime(void);     // the `time` CSR: a 10 MHz counter
uint64 nanotime(void);   // rdtime() * 100

// ---- Compute benchmarks (lib/compute.c) ----
// The stream every compute program draws its input from (xorshift64; the
// state must start non-zero).
uint64 xorshift64(uint64 *state);
// n bytes of the stream, eight per step, least significant byte first.
void fill_stream(uint64 *state, uint8 *buf, int n);
// argv[1] as a positive count, or dflt without arguments; fails otherwise.
int count_arg(int argc, char **argv, int dflt, const char *name);
// Prints "time NAME: MICROSECONDS us" for the time since start_ns.
void report_time(const char *name, uint64 start_ns);

// Write all n bytes (retrying short writes); returns n or -1.
int writeall(int fd, const void *buf, int n);

// ---- Helpers for the test programs ----
// Find pid in the process table; copies its entry into *out and returns 1,
// or returns 0 if no non-UNUSED process has that pid (-1 if getprocs fails).
int findproc(int pid, struct procinfo *out);
// Wait (up to about max_ticks) until at most `target` processes exist,
// i.e. until init has reaped the orphans a test left behind, so that a
// following memory reading is not disturbed.  1: reached, 0: timed out,
// -1: sysinfo failed.
int settle(int target, int max_ticks);
// Print "FAIL: <message>\n" to fd 1 and exit(1).
void fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
