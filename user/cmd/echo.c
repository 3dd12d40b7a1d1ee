// echo [ARG...]: print the arguments separated by spaces, then a newline.
// The line is assembled first and written in one call so that it cannot
// interleave with another process's output.
#include "user.h"

static char line[1024];

int main(int argc, char *argv[]) {
  int n = 0;
  for (int i = 1; i < argc; i++) {
    for (const char *s = argv[i]; *s; s++) {
      if (n == sizeof(line)) {
        if (writeall(1, line, n) < 0)
          return 1;
        n = 0;
      }
      line[n++] = *s;
    }
    if (n == sizeof(line)) {
      if (writeall(1, line, n) < 0)
        return 1;
      n = 0;
    }
    line[n++] = i + 1 < argc ? ' ' : '\n';
  }
  if (argc < 2)
    line[n++] = '\n';
  return writeall(1, line, n) < 0 ? 1 : 0;
}
