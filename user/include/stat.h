// struct stat as the kernel's fstat copies it out: 24 bytes with natural
// alignment (ABI.md), so the field order and sizes must not change.
#ifndef XV6SHARP_STAT_H
#define XV6SHARP_STAT_H

#include "types.h"

#define T_DIR    1   // directory
#define T_FILE   2   // regular file
#define T_DEVICE 3   // device node (the console is major 1)

struct stat {
  int dev;       // file system's disk device
  uint ino;      // inode number
  short type;    // T_DIR, T_FILE or T_DEVICE
  short nlink;   // number of directory entries naming this inode
  uint64 size;   // size in bytes
};

#endif
