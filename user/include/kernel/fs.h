// xv6 path for a lab program's #include "kernel/fs.h": what user programs use of it (struct dirent, DIRSIZ).
#include "../dirent.h"
