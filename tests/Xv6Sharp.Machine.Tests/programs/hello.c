#include "lib.h"

int main(void)
{
    puts_("hello from C\n");
    return 0;
}
