// holdopen: makes "held" (20,000 bytes), unlinks it while it is open,
// writes 20,000 more bytes to it, and halts the machine with the file
// still open: the disk is then what a power cut before the last close
// leaves (an inode with no links that nobody will ever close).  For
// OrphanReclaimTests.
#include "user.h"
#include "fcntl.h"

static char data[20000];

int main(void) {
  for (int i = 0; i < (int)sizeof(data); i++)
    data[i] = (char)i;
  int fd = open("held", O_CREATE | O_RDWR);
  if (fd < 0 || write(fd, data, sizeof(data)) != sizeof(data))
    fail("holdopen: cannot write held");
  if (unlink("held") < 0)
    fail("holdopen: cannot unlink held");
  if (write(fd, data, sizeof(data)) != sizeof(data))
    fail("holdopen: cannot write to the unlinked file");
  printf("holdopen: halting with held open\n");
  halt(0);
  fail("holdopen: halt failed");
}
