// Structures exchanged with Xv6Sharp's own system calls (22..30).  Their
// layout is part of the ABI: the kernel copies them out byte for byte, so
// the sizes are checked at compile time below.
#ifndef XV6SHARP_XV6SHARP_H
#define XV6SHARP_XV6SHARP_H

#include "types.h"

// procinfo.state values (the kernel's process states).
#define PS_UNUSED   0
#define PS_USED     1
#define PS_SLEEPING 2
#define PS_RUNNABLE 3
#define PS_RUNNING  4
#define PS_ZOMBIE   5

// One entry of getprocs(): 72 bytes.
struct procinfo {
  int pid;
  int ppid;       // parent's pid (0 if none, e.g. init)
  int state;      // PS_*
  int killed;     // 1 once kill() has marked the process
  int hart;       // hart id if RUNNING, else -1
  int xstate;     // exit status if ZOMBIE
  uint64 size;    // bytes of user memory
  char name[16];  // program name (NUL-terminated)
  int uid;        // user id (0 = root)
  char chan[16];  // if SLEEPING: what on ("uart tx", "pipe read", "wait", ...); else ""
  int pad;
};

// sysinfo(): 40 bytes.
struct sysinfo {
  uint64 freepages;   // free physical pages
  uint64 totalpages;  // all allocatable physical pages
  uint64 ticks;       // timer ticks since boot
  int nproc;          // processes whose state is not UNUSED
  int nharts;         // number of harts (CPUs)
  int hungup;         // 1 once console input has ended for good
  int pad;
};

_Static_assert(sizeof(struct procinfo) == 72, "struct procinfo must be 72 bytes");
_Static_assert(sizeof(struct sysinfo) == 40, "struct sysinfo must be 40 bytes");

#endif
