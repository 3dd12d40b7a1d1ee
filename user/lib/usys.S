# System call stubs: the number goes in a7, the arguments are already in
# a0..a5 (C calling convention), ecall traps to the kernel, and the result
# comes back in a0, which is also the C return register.
#include "syscall.h"

        .macro SYSCALL name, number
        .globl \name
        .type \name, @function
\name:
        li a7, \number
        ecall
        ret
        .size \name, . - \name
        .endm

        .text
        SYSCALL fork,     SYS_fork
        SYSCALL exit,     SYS_exit
        SYSCALL wait,     SYS_wait
        SYSCALL pipe,     SYS_pipe
        SYSCALL read,     SYS_read
        SYSCALL kill,     SYS_kill
        SYSCALL exec,     SYS_exec
        SYSCALL fstat,    SYS_fstat
        SYSCALL chdir,    SYS_chdir
        SYSCALL dup,      SYS_dup
        SYSCALL getpid,   SYS_getpid
        SYSCALL sys_sbrk, SYS_sbrk
        SYSCALL sleep,    SYS_sleep
        SYSCALL pause,    SYS_sleep
        SYSCALL uptime,   SYS_uptime
        SYSCALL open,     SYS_open
        SYSCALL write,    SYS_write
        SYSCALL mknod,    SYS_mknod
        SYSCALL unlink,   SYS_unlink
        SYSCALL link,     SYS_link
        SYSCALL mkdir,    SYS_mkdir
        SYSCALL close,    SYS_close
        SYSCALL waitpid,  SYS_waitpid
        SYSCALL yield,    SYS_yield
        SYSCALL getppid,  SYS_getppid
        SYSCALL getprocs, SYS_getprocs
        SYSCALL halt,     SYS_halt
        SYSCALL sysinfo,  SYS_sysinfo
        SYSCALL getcpu,   SYS_getcpu
        SYSCALL getuid,   SYS_getuid
        SYSCALL setuid,   SYS_setuid
        SYSCALL setpgid,  SYS_setpgid
        SYSCALL getpgid,  SYS_getpgid
        SYSCALL tcsetpgrp, SYS_tcsetpgrp
        SYSCALL tcgetpgrp, SYS_tcgetpgrp
