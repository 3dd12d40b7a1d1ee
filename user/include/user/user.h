// xv6 path for a lab program's #include "user/user.h".
#include "../user.h"
