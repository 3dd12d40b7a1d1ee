# Entry of every test program: the test harness sets sp; call main and pass
# its result to exit. The harness treats ecall a7=1 as putchar(a0) and
# a7=93 as exit(a0).
    .section .text.start
    .globl _start
_start:
    call main
    li a7, 93
    ecall
1:  j 1b
