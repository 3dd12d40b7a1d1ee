// xv6 path for a lab program's #include "kernel/stat.h".
#include "../stat.h"
