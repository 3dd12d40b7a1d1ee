// xv6 path for a lab program's #include "kernel/fcntl.h".
#include "../fcntl.h"
