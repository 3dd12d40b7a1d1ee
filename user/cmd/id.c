// id: print the caller's user id, "uid=0(root)" or "uid=N".
#include "user.h"

int main(void) {
  int uid = getuid();
  if (uid == 0)
    printf("uid=0(root)\n");
  else
    printf("uid=%d\n", uid);
  return 0;
}
