// ls [PATH...]: one line per entry, "name type ino size", with the name
// padded to 14 characters (the longest directory entry name).  A file
// argument lists just that file under its last path component; a
// directory argument lists its entries.
#include "user.h"
#include "fcntl.h"
#include "dirent.h"

static char path[MAXPATH + DIRSIZ + 2];

static const char *basename(const char *p) {
  const char *b = p;
  for (; *p; p++)
    if (*p == '/' && p[1] != 0)
      b = p + 1;
  return b;
}

static void show(const char *name, struct stat *st) {
  printf("%-14s %d %d %lu\n", name, st->type, st->ino, st->size);
}

static int ls(const char *dir) {
  struct stat st;
  int fd = open(dir, O_RDONLY);
  if (fd < 0) {
    fprintf(2, "ls: cannot open %s\n", dir);
    return -1;
  }
  if (fstat(fd, &st) < 0) {
    fprintf(2, "ls: cannot stat %s\n", dir);
    close(fd);
    return -1;
  }
  if (st.type != T_DIR) {
    show(basename(dir), &st);
    close(fd);
    return 0;
  }

  uint len = strlen(dir);
  if (len + 1 + DIRSIZ + 1 > sizeof(path)) {
    fprintf(2, "ls: path too long\n");
    close(fd);
    return -1;
  }
  strcpy(path, dir);
  char *name = path + len;
  if (len == 0 || path[len - 1] != '/')
    *name++ = '/';

  struct dirent de;
  int n;
  while ((n = read(fd, &de, sizeof(de))) == sizeof(de)) {
    if (de.inum == 0)
      continue;
    memmove(name, de.name, DIRSIZ);
    name[DIRSIZ] = 0;   // a 14-character name is not NUL-terminated
    if (stat(path, &st) < 0) {
      fprintf(2, "ls: cannot stat %s\n", path);
      continue;
    }
    show(name, &st);
  }
  close(fd);
  if (n != 0) {
    fprintf(2, "ls: error reading %s\n", dir);
    return -1;
  }
  return 0;
}

int main(int argc, char *argv[]) {
  if (argc < 2)
    return ls(".") < 0 ? 1 : 0;
  int status = 0;
  for (int i = 1; i < argc; i++)
    if (ls(argv[i]) < 0)
      status = 1;
  return status;
}
