// xv6 path for a lab program's #include "kernel/types.h".
#include "../types.h"
