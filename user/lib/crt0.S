# Program entry.  exec leaves a0 = argc, a1 = argv and sp pointing at the
# (16-byte aligned) argv array, which is exactly main's calling convention,
# so _start only has to call main and hand its result to exit.
# It lives in .text.start so the linker script can place it first (at 0).
        .section .text.start, "ax"
        .globl _start
        .type _start, @function
_start:
        call main
        call exit          # a0 still holds main's return value
1:      j 1b               # exit never returns; never fall off the end
        .size _start, . - _start
