// xv6 path for a program's #include "kernel/syscall.h" (the SYS_ numbers).
#include "../syscall.h"
