// xv6 path for a lab program's #include "kernel/param.h".
#include "../param.h"
