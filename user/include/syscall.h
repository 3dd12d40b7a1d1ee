// System call numbers (passed in a7).  Only #defines: this header is also
// included by the assembly stubs in lib/usys.S.
// 1..21 are xv6's and must keep these numbers (ABI.md); 22.. are Xv6Sharp's.
#ifndef XV6SHARP_SYSCALL_H
#define XV6SHARP_SYSCALL_H

#define SYS_fork      1
#define SYS_exit      2
#define SYS_wait      3
#define SYS_pipe      4
#define SYS_read      5
#define SYS_kill      6
#define SYS_exec      7
#define SYS_fstat     8
#define SYS_chdir     9
#define SYS_dup      10
#define SYS_getpid   11
#define SYS_sbrk     12

// sbrk's second argument (a1)
#define SBRK_EAGER 1
#define SBRK_LAZY  2
#define SYS_sleep    13
#define SYS_uptime   14
#define SYS_open     15
#define SYS_write    16
#define SYS_mknod    17
#define SYS_unlink   18
#define SYS_link     19
#define SYS_mkdir    20
#define SYS_close    21

#define SYS_waitpid  22
#define SYS_yield    23
#define SYS_getppid  24
#define SYS_getprocs 25
#define SYS_halt     26
#define SYS_sysinfo  27
#define SYS_getcpu   28
#define SYS_getuid   29
#define SYS_setuid   30
#define SYS_setpgid  31
#define SYS_getpgid  32
#define SYS_tcsetpgrp 33
#define SYS_tcgetpgrp 34

#endif
