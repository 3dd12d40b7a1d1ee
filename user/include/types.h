// Fixed-width names used throughout the user programs.  The ABI is LP64
// (int 32 bits, long and pointers 64 bits), so these typedefs are exact.
#ifndef XV6SHARP_TYPES_H
#define XV6SHARP_TYPES_H

typedef unsigned int   uint;
typedef unsigned short ushort;
typedef unsigned char  uchar;

typedef unsigned char      uint8;
typedef unsigned short     uint16;
typedef unsigned int       uint32;
typedef unsigned long      uint64;
typedef long               int64;

#ifndef NULL
#define NULL ((void *)0)
#endif

#endif
