// On-disk directory entry (ABI.md): reading a directory with read() yields
// an array of these.  name is NUL-padded but NOT terminated when 14 long.
#ifndef XV6SHARP_DIRENT_H
#define XV6SHARP_DIRENT_H

#include "types.h"

#define DIRSIZ 14

struct dirent {
  ushort inum;          // 0 = free slot
  char name[DIRSIZ];
};

#endif
