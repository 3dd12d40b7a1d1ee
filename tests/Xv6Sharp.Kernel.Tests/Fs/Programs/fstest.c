// fstest: file-system system call checks, run by the Fs tests of
// Xv6Sharp.Kernel.Tests (compiled there at test time against user/lib).
//   fstest NAME...   runs the named groups ("all" = every group)
// Prints "FAIL: ..." for each failed check and "fstest NAME: ok" per group
// that passed; exits 1 if anything failed.
#include "user.h"
#include "fcntl.h"
#include "dirent.h"

static int failures;

#define CHECK(cond, ...) do { if (!(cond)) { printf("FAIL: %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); failures++; } } while (0)

static char big[40960];

static int create_with(const char *path, const char *text) {
  int fd = open(path, O_CREATE | O_WRONLY | O_TRUNC);
  if (fd < 0) return -1;
  int n = strlen(text);
  int r = write(fd, text, n);
  close(fd);
  return r == n ? 0 : -1;
}

static int read_all(const char *path, char *buf, int max) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  int total = 0, n;
  while (total < max && (n = read(fd, buf + total, max - total)) > 0) total += n;
  close(fd);
  return total;
}

// The lowest free descriptor: what the next open/dup gets.
static int lowest_free_fd(void) {
  int fd = dup(0);
  if (fd >= 0) close(fd);
  return fd;
}

static void t_stat(void) {
  CHECK(create_with("st.f", "0123456789") == 0, "create st.f");
  int fd = open("st.f", O_RDONLY);
  CHECK(fd >= 0, "open st.f");
  // Raw bytes: dev@0 ino@4 type@8 nlink@10 size@16, 24 bytes in all.
  unsigned char raw[32];
  memset(raw, 0xAB, sizeof raw);
  CHECK(fstat(fd, (struct stat *)raw) == 0, "fstat");
  CHECK(*(int *)(raw + 0) == 1, "dev %d", *(int *)(raw + 0));
  CHECK(*(uint *)(raw + 4) > 1, "ino %d", *(uint *)(raw + 4));
  CHECK(*(short *)(raw + 8) == T_FILE, "type %d", *(short *)(raw + 8));
  CHECK(*(short *)(raw + 10) == 1, "nlink %d", *(short *)(raw + 10));
  CHECK(*(uint64 *)(raw + 16) == 10, "size %d", (int)*(uint64 *)(raw + 16));
  CHECK(raw[24] == 0xAB, "fstat wrote past 24 bytes");
  CHECK(fstat(fd, (struct stat *)0) == -1, "fstat to address 0");
  CHECK(fstat(fd, (struct stat *)0x3fffffe000L) == -1, "fstat to trap frame page");
  close(fd);
  struct stat st;
  CHECK(stat(".", &st) == 0 && st.type == T_DIR, "stat . is a directory");
  CHECK(stat("/", &st) == 0 && st.ino == 1, "root is inode 1 (got %d)", st.ino);
  int p[2];
  CHECK(pipe(p) == 0, "pipe");
  CHECK(fstat(p[0], &st) == -1, "fstat on a pipe");
  close(p[0]);
  close(p[1]);
  unlink("st.f");
}

static void t_open(void) {
  char buf[64];
  unlink("op.f");
  CHECK(open("op.f", O_RDONLY) == -1, "open of a missing file without O_CREATE");
  CHECK(create_with("op.f", "hello world") == 0, "create");
  int fd = open("op.f", O_RDONLY);
  CHECK(write(fd, "x", 1) == -1, "write to O_RDONLY");
  close(fd);
  fd = open("op.f", O_WRONLY);
  CHECK(read(fd, buf, 1) == -1, "read from O_WRONLY");
  CHECK(write(fd, "J", 1) == 1, "write to O_WRONLY");
  close(fd);
  CHECK(read_all("op.f", buf, 64) == 11 && buf[0] == 'J' && buf[1] == 'e', "overwrite in place keeps the size");
  fd = open("op.f", O_RDWR | O_TRUNC);
  CHECK(fd >= 0, "O_TRUNC open");
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && st.size == 0, "O_TRUNC empties the file");
  close(fd);
  fd = open("op.f", O_CREATE | O_RDWR);
  CHECK(fd >= 0, "O_CREATE on an existing file opens it");
  close(fd);
  CHECK(mkdir("op.d") == 0, "mkdir");
  CHECK(open("op.d", O_WRONLY) == -1, "directory for O_WRONLY");
  CHECK(open("op.d", O_RDWR) == -1, "directory for O_RDWR");
  CHECK(open("op.d", O_CREATE | O_RDWR) == -1, "O_CREATE over a directory");
  fd = open("op.d", O_RDONLY);
  CHECK(fd >= 0, "directory for reading");
  struct dirent de;
  CHECK(read(fd, &de, sizeof de) == sizeof de && strcmp(de.name, ".") == 0, "first entry is .");
  CHECK(read(fd, &de, sizeof de) == sizeof de && strcmp(de.name, "..") == 0 && de.inum == 1, "second entry is .. (root)");
  CHECK(read(fd, &de, sizeof de) == 0, "empty directory ends after ..");
  close(fd);
  CHECK(open("op.f/x", O_CREATE | O_RDWR) == -1, "a file is not a directory");
  CHECK(open("nodir/x", O_CREATE | O_RDWR) == -1, "missing directory");
  fd = open("", O_RDONLY);
  CHECK(fd >= 0, "empty path names the cwd");
  close(fd);
  unlink("op.f");
  unlink("op.d");
}

static void t_names(void) {
  // Names are cut to 14 bytes when looked up and when created.
  CHECK(create_with("abcdefghijklmnopqrs", "long") == 0, "create a 19-byte name");
  char buf[16];
  CHECK(read_all("abcdefghijklmn", buf, 16) == 4, "the 14-byte prefix names it");
  CHECK(read_all("abcdefghijklmnXYZ", buf, 16) == 4, "another long name with the same prefix names it");
  CHECK(read_all("abcdefghijklm", buf, 16) == -1, "a 13-byte prefix does not");
  int fd = open(".", O_RDONLY);
  struct dirent de;
  int found = 0;
  while (read(fd, &de, sizeof de) == sizeof de)
    if (de.inum != 0 && memcmp(de.name, "abcdefghijklmn", 14) == 0) found++;
  close(fd);
  CHECK(found == 1, "one entry holds the 14-byte name (found %d)", found);
  CHECK(unlink("abcdefghijklmnZZZ") == 0, "unlink by another long name");

  // Path length: MAXPATH (128) bytes including the NUL.
  CHECK(create_with("pl", "p") == 0, "create pl");
  char path[300];
  int n = 0;
  while (n < 125) { path[n++] = '.'; path[n++] = '/'; }   // 126 bytes of "./"
  path[n] = 0;
  // "./" * 63 = 126 bytes, then "pl" would be 128 + NUL: too long; "./"*62 + "pl" = 126 + NUL fits.
  n = 124;
  path[n++] = 'p'; path[n++] = 'l'; path[n] = 0;
  CHECK(strlen(path) == 126, "path length %d", strlen(path));
  fd = open(path, O_RDONLY);
  CHECK(fd >= 0, "a 126-byte path opens");
  close(fd);
  path[124] = '/'; path[125] = '/'; path[126] = 'p'; path[127] = 'l'; path[128] = 0;
  CHECK(open(path, O_RDONLY) == -1, "a 128-byte path (129 with NUL) is refused");
  for (int i = 0; i < 299; i++) path[i] = 'a';
  path[299] = 0;
  CHECK(open(path, O_CREATE | O_RDWR) == -1, "a 299-byte path is refused");
  CHECK(open((char *)0x3fffffe000L, O_RDONLY) == -1, "a path in the trap frame page");
  CHECK(open((char *)0xffffffffff00L, O_RDONLY) == -1, "a path above MAXVA");
  unlink("pl");
}

static void t_links(void) {
  unlink("ln.a"); unlink("ln.b");
  CHECK(create_with("ln.a", "shared") == 0, "create");
  CHECK(link("ln.a", "ln.b") == 0, "link");
  struct stat st;
  CHECK(stat("ln.a", &st) == 0 && st.nlink == 2, "nlink 2 after link (%d)", st.nlink);
  CHECK(link("ln.a", "ln.b") == -1, "link onto an existing name");
  CHECK(link("nosuch", "ln.c") == -1, "link from a missing file");
  CHECK(link("ln.a", "nodir/ln.c") == -1, "link into a missing directory");
  CHECK(mkdir("ln.d") == 0, "mkdir");
  CHECK(link("ln.d", "ln.e") == -1, "link to a directory");
  CHECK(unlink("ln.a") == 0, "unlink one name");
  char buf[16];
  CHECK(read_all("ln.b", buf, 16) == 6 && memcmp(buf, "shared", 6) == 0, "the other name still reads");
  CHECK(stat("ln.b", &st) == 0 && st.nlink == 1, "nlink back to 1");
  CHECK(unlink("ln.a") == -1, "unlink twice");
  CHECK(unlink(".") == -1, "unlink .");
  CHECK(unlink("..") == -1, "unlink ..");
  CHECK(unlink("ln.d/.") == -1, "unlink dir/.");
  CHECK(unlink("ln.d/..") == -1, "unlink dir/..");
  CHECK(create_with("ln.d/f", "x") == 0, "file in directory");
  CHECK(unlink("ln.d") == -1, "unlink a non-empty directory");
  CHECK(unlink("ln.d/f") == 0, "empty it");
  CHECK(unlink("ln.d") == 0, "unlink the empty directory");
  CHECK(open("ln.d", O_RDONLY) == -1, "gone");

  // An unlinked file stays readable through an open descriptor.
  CHECK(create_with("ln.open", "still here") == 0, "create");
  int fd = open("ln.open", O_RDONLY);
  CHECK(unlink("ln.open") == 0, "unlink while open");
  CHECK(read(fd, buf, 16) == 10 && memcmp(buf, "still here", 10) == 0, "read after unlink");
  CHECK(fstat(fd, &st) == 0 && st.nlink == 0, "nlink 0 while open (%d)", st.nlink);
  close(fd);
  unlink("ln.b");
}

static void t_dirs(void) {
  struct stat st;
  CHECK(stat(".", &st) == 0, "stat .");
  int rootlinks = st.nlink;
  CHECK(mkdir("dd") == 0, "mkdir dd");
  CHECK(mkdir("dd") == -1, "mkdir an existing name");
  CHECK(stat(".", &st) == 0 && st.nlink == rootlinks + 1, "parent gains a link for ..");
  CHECK(stat("dd", &st) == 0 && st.nlink == 1 && st.type == T_DIR, "new directory has 1 link (%d)", st.nlink);
  CHECK(mkdir("dd/ee") == 0, "nested mkdir");
  CHECK(stat("dd", &st) == 0 && st.nlink == 2, "dd has 2 links (%d)", st.nlink);
  CHECK(chdir("dd/ee") == 0, "chdir dd/ee");
  CHECK(create_with("f", "deep") == 0, "relative create");
  CHECK(chdir("../..") == 0, "chdir ../..");
  char buf[8];
  CHECK(read_all("dd/ee/f", buf, 8) == 4, "read back through the path");
  CHECK(read_all("/dd/./ee/../ee//f", buf, 8) == 4, "., .. and // in a path");
  CHECK(chdir("dd/ee/f") == -1, "chdir to a file");
  CHECK(chdir("nosuch") == -1, "chdir to a missing directory");
  CHECK(mkdir("dd/ee/f/g") == -1, "mkdir under a file");
  CHECK(mkdir("/") == -1, "mkdir /");
  CHECK(unlink("dd/ee/f") == 0 && unlink("dd/ee") == 0 && unlink("dd") == 0, "clean up");
  CHECK(stat(".", &st) == 0 && st.nlink == rootlinks, "parent links restored");

  // A directory removed while it is some process's cwd: lookups there fail cleanly.
  CHECK(mkdir("gone") == 0, "mkdir gone");
  int pid = fork();
  if (pid == 0) {
    if (chdir("gone") != 0) exit(2);
    if (unlink("../gone") != 0) exit(3);
    if (open("x", O_CREATE | O_RDWR) >= 0) exit(4);
    exit(0);
  }
  int status = -1;
  wait(&status);
  CHECK(status == 0, "create in a removed cwd fails (status %d)", status);
}

static void t_devices(void) {
  unlink("cons2");
  CHECK(mknod("cons2", 1, 0) == 0, "mknod console");
  int fd = open("cons2", O_WRONLY);
  CHECK(fd >= 0, "open the new node");
  CHECK(write(fd, "via-node\n", 9) == 9, "write through the node");
  struct stat st;
  CHECK(fstat(fd, &st) == 0 && st.type == T_DEVICE, "T_DEVICE");
  close(fd);
  CHECK(mknod("cons2", 1, 0) == -1, "mknod over an existing name");
  CHECK(mknod("nodev", 7, 0) == 0, "mknod with a major that has no driver");
  fd = open("nodev", O_RDWR);
  CHECK(fd >= 0, "open of a driverless node (checked at read/write)");
  char c;
  CHECK(read(fd, &c, 1) == -1 && write(fd, "x", 1) == -1, "read/write with no driver");
  close(fd);
  CHECK(mknod("baddev", 1000, 0) == 0, "mknod with an impossible major");
  CHECK(open("baddev", O_RDWR) == -1, "open with an impossible major");
  unlink("cons2"); unlink("nodev"); unlink("baddev");
}

static void t_big(void) {
  // The largest file: 268 blocks of 1024 bytes.
  int fd = open("big.f", O_CREATE | O_RDWR | O_TRUNC);
  CHECK(fd >= 0, "create big.f");
  for (int i = 0; i < 1024; i++) big[i] = (char)i;
  int blocks = 0;
  for (; blocks < 268; blocks++) {
    big[0] = (char)blocks; big[1] = (char)(blocks >> 8);
    if (write(fd, big, 1024) != 1024) break;
  }
  CHECK(blocks == 268, "wrote %d blocks of 268", blocks);
  CHECK(write(fd, big, 1) == -1, "a byte past the largest file");
  close(fd);
  fd = open("big.f", O_RDONLY);
  int ok = 1;
  for (int b = 0; b < 268 && ok; b++) {
    if (read(fd, big, 1024) != 1024 || (unsigned char)big[0] != (b & 0xFF) || (unsigned char)big[1] != (b >> 8) || big[100] != 100)
      ok = 0;
  }
  CHECK(ok, "content of the largest file");
  CHECK(read(fd, big, 10) == 0, "end of file");
  close(fd);
  CHECK(unlink("big.f") == 0, "unlink big.f");

  // One 40 KiB write is split into several transactions and completes.
  for (int i = 0; i < (int)sizeof big; i++) big[i] = (char)(i % 253);
  fd = open("w40.f", O_CREATE | O_RDWR | O_TRUNC);
  CHECK(write(fd, big, sizeof big) == sizeof big, "40 KiB in one write");
  close(fd);
  memset(big, 0, sizeof big);
  CHECK(read_all("w40.f", big, sizeof big) == sizeof big, "read 40 KiB");
  ok = 1;
  for (int i = 0; i < (int)sizeof big; i++) if (big[i] != (char)(i % 253)) { ok = 0; break; }
  CHECK(ok, "40 KiB content");
  unlink("w40.f");
}

static void t_full(void) {
  // Fill the disk: writes must fail with -1, never crash; removing the files frees the space.
  char name[8] = "full00";
  int files = 0, failed = 0;
  for (int i = 0; i < 256 && !failed; i++) {
    memset(big, i, 1024);
    name[4] = '0' + i / 10 % 10; name[5] = '0' + i % 10;
    if (i >= 100) { name[3] = '0' + i / 100; }
    int fd = open(name, O_CREATE | O_WRONLY | O_TRUNC);
    if (fd < 0) { failed = 1; break; }
    files++;
    for (int b = 0; b < 268; b++) {
      int r = write(fd, big, 1024);
      if (r != 1024) {
        CHECK(r == -1, "a write on a full disk returns -1 (got %d)", r);
        failed = 1;
        break;
      }
    }
    close(fd);
  }
  CHECK(failed, "the disk filled up");
  printf("fstest full: filled after %d files\n", files);
  for (int i = 0; i < files; i++) {
    name[4] = '0' + i / 10 % 10; name[5] = '0' + i % 10;
    name[3] = i >= 100 ? '0' + i / 100 : 'l';
    CHECK(unlink(name) == 0, "unlink %s", name);
  }
  int fd = open("after.f", O_CREATE | O_WRONLY);
  CHECK(fd >= 0 && write(fd, big, 10240) == 10240, "space is usable again");
  close(fd);
  unlink("after.f");
}

static void t_pipes(void) {
  int p[2];
  char buf[600];
  CHECK(pipe(p) == 0, "pipe");
  CHECK(write(p[1], "abc", 3) == 3, "write");
  close(p[1]);
  CHECK(read(p[0], buf, sizeof buf) == 3, "read what is there");
  CHECK(read(p[0], buf, sizeof buf) == 0, "EOF once every writer closed");
  close(p[0]);

  CHECK(pipe(p) == 0, "pipe");
  close(p[0]);
  CHECK(write(p[1], "x", 1) == -1, "write with no reader");
  close(p[1]);

  int low = lowest_free_fd();
  CHECK(pipe((int *)0x3fffffe000L) == -1, "pipe into the trap frame page");
  CHECK(pipe((int *)0) == -1, "pipe into address 0");
  CHECK(lowest_free_fd() == low, "failed pipe() leaks no descriptors");

  CHECK(pipe(p) == 0, "pipe");
  CHECK(write(p[1], (char *)0x3fffffe000L, 10) == -1, "pipe write from a bad address");
  CHECK(write(p[1], "data", 4) == 4, "write");
  CHECK(read(p[0], (char *)0x3fffffe000L, 4) == -1, "pipe read into a bad address");
  CHECK(read(p[0], buf, 4) == 4 && memcmp(buf, "data", 4) == 0, "data still there after the bad read");

  // 100 KiB through the pipe between processes, with a checksum.
  int pid = fork();
  if (pid == 0) {
    close(p[0]);
    for (int i = 0; i < 200; i++) {
      for (int j = 0; j < 512; j++) buf[j] = (char)(i + j);
      if (write(p[1], buf, 512) != 512) exit(1);
    }
    exit(0);
  }
  close(p[1]);
  int total = 0, bad = 0, n;
  while ((n = read(p[0], buf, 333)) > 0) {
    for (int k = 0; k < n; k++) {
      int pos = total + k;
      if (buf[k] != (char)(pos / 512 + pos % 512)) bad++;
    }
    total += n;
  }
  close(p[0]);
  int status = -1;
  wait(&status);
  CHECK(total == 200 * 512 && bad == 0 && status == 0, "100 KiB through a pipe: %d bytes, %d bad, status %d", total, bad, status);
}

static void t_fds(void) {
  char c;
  CHECK(read(-1, &c, 1) == -1 && read(16, &c, 1) == -1 && read(1000, &c, 1) == -1, "read from bad fds");
  CHECK(write(-1, &c, 1) == -1 && write(99, &c, 1) == -1, "write to bad fds");
  CHECK(close(-1) == -1 && close(16) == -1, "close bad fds");
  CHECK(dup(-1) == -1 && dup(15) == -1, "dup bad fds");
  struct stat st;
  CHECK(fstat(12, &st) == -1, "fstat a closed fd");
  int fd = open("fd.f", O_CREATE | O_RDWR | O_TRUNC);
  CHECK(close(fd) == 0 && close(fd) == -1, "close twice");

  // dup and fork share the offset.
  fd = open("fd.f", O_CREATE | O_RDWR | O_TRUNC);
  int fd2 = dup(fd);
  CHECK(write(fd, "ab", 2) == 2 && write(fd2, "cd", 2) == 2, "writes through dup'd fds");
  int pid = fork();
  if (pid == 0) { write(fd, "ef", 2); exit(0); }
  wait(0);
  close(fd); close(fd2);
  char buf[8];
  CHECK(read_all("fd.f", buf, 8) == 6 && memcmp(buf, "abcdef", 6) == 0, "shared offset");
  CHECK(read(fd, buf, 8) == -1, "read a closed fd");
  fd = open("fd.f", O_RDWR);
  CHECK(read(fd, (char *)0x3fffffe000L, 8) == -1, "file read into a bad address");
  CHECK(write(fd, (char *)0xffffffffffffL, 4) == -1, "file write from a bad address");
  close(fd);
  unlink("fd.f");

  // 16 descriptors per process.
  int fds[20], opened = 0;
  for (int i = 0; i < 20; i++) {
    fds[i] = open("/", O_RDONLY);
    if (fds[i] >= 0) opened++;
  }
  CHECK(opened == 16 - 3, "opened %d of 13 free descriptors", opened);
  for (int i = 0; i < 20; i++) if (fds[i] >= 0) close(fds[i]);
}

// Several processes creating, writing, reading and deleting files at once.
static void t_concurrent(void) {
  enum { N = 4, ROUNDS = 12 };
  for (int c = 0; c < N; c++) {
    if (fork() == 0) {
      char name[8] = "cc_0_00";
      name[3] = '0' + c;
      static char data[3000];
      for (int r = 0; r < ROUNDS; r++) {
        name[5] = '0' + r / 10; name[6] = '0' + r % 10;
        for (int i = 0; i < (int)sizeof data; i++) data[i] = (char)(c * 31 + r + i);
        int fd = open(name, O_CREATE | O_RDWR | O_TRUNC);
        if (fd < 0 || write(fd, data, sizeof data) != sizeof data) exit(1);
        close(fd);
        static char back[3000];
        if (read_all(name, back, sizeof back) != sizeof back || memcmp(back, data, sizeof data) != 0) exit(2);
        if (r % 2 == 0 && unlink(name) != 0) exit(3);
        if (mkdir("ccdir") == 0) unlink("ccdir");
      }
      exit(0);
    }
  }
  int bad = 0;
  for (int c = 0; c < N; c++) {
    int status = -1;
    wait(&status);
    if (status != 0) bad++;
  }
  CHECK(bad == 0, "%d concurrent workers failed", bad);
  for (int c = 0; c < N; c++)
    for (int r = 1; r < ROUNDS; r += 2) {
      char name[8] = "cc_0_00";
      name[3] = '0' + c; name[5] = '0' + r / 10; name[6] = '0' + r % 10;
      CHECK(unlink(name) == 0, "unlink %s", name);
    }
}

struct group { const char *name; void (*run)(void); };
static struct group groups[] = {
  {"stat", t_stat}, {"open", t_open}, {"names", t_names}, {"links", t_links},
  {"dirs", t_dirs}, {"devices", t_devices}, {"big", t_big}, {"pipes", t_pipes},
  {"fds", t_fds}, {"concurrent", t_concurrent}, {"full", t_full},
};

int main(int argc, char *argv[]) {
  int total = 0;
  for (int a = 1; a < argc; a++) {
    for (int g = 0; g < (int)(sizeof groups / sizeof groups[0]); g++) {
      if (strcmp(argv[a], "all") != 0 && strcmp(argv[a], groups[g].name) != 0) continue;
      int before = failures;
      groups[g].run();
      if (failures == before) printf("fstest %s: ok\n", groups[g].name);
    }
  }
  total = failures;
  exit(total == 0 ? 0 : 1);
}
