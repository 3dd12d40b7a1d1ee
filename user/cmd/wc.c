// wc [FILE...]: count lines, words and bytes, printed as
// "lines words bytes name" per file (no name for standard input), plus a
// "total" line when more than one file is given.
#include "user.h"
#include "fcntl.h"

static char buf[1024];
static int total_l, total_w, total_c;

static int isspace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int count(int fd, const char *name) {
  int l = 0, w = 0, c = 0, inword = 0, n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) {
    for (int i = 0; i < n; i++) {
      c++;
      if (buf[i] == '\n')
        l++;
      if (isspace(buf[i])) {
        inword = 0;
      } else if (!inword) {
        w++;
        inword = 1;
      }
    }
  }
  if (n < 0) {
    fprintf(2, "wc: read error\n");
    return -1;
  }
  if (name)
    printf("%d %d %d %s\n", l, w, c, name);
  else
    printf("%d %d %d\n", l, w, c);
  total_l += l;
  total_w += w;
  total_c += c;
  return 0;
}

int main(int argc, char *argv[]) {
  if (argc < 2)
    return count(0, 0) < 0 ? 1 : 0;
  int status = 0;
  for (int i = 1; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(2, "wc: cannot open %s\n", argv[i]);
      status = 1;
      continue;
    }
    if (count(fd, argv[i]) < 0)
      status = 1;
    close(fd);
  }
  if (argc > 2)
    printf("%d %d %d total\n", total_l, total_w, total_c);
  return status;
}
