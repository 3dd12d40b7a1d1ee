// Limits from ABI.md that programs size their buffers with (the kernel's
// defaults; the names are xv6's, so kernel/param.h maps here).
#ifndef XV6SHARP_PARAM_H
#define XV6SHARP_PARAM_H

#define NPROC    64    // process table size
#define NOFILE   16    // open files per process
#define NFILE    100   // open files in the whole system
#define MAXARG   32    // exec arguments
#define MAXPATH  128   // path length, NUL included

#endif
