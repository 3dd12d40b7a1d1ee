// crashmix W R: W worker processes at once, each in its own directory
// "dW", do R rounds of file operations; for the crash tests of
// CrashRecoveryTests, which cut the power at every sector write and check
// each worker's directory against a model of its steps (CrashMixModel.cs).
// Every visible step below is exactly one transaction, and a worker's
// steps commit in order, so after any crash each directory must hold the
// state after some prefix of its worker's steps.
//
// Worker w:                                             visible steps
//   mkdir dW                                             1
//   round r = 0..R-1, K = r % 3, n = size(w, r):
//     fd = open(fK, O_CREATE|O_WRONLY|O_TRUNC)            1 (fK empty)
//     write(fd, pattern(w, r), n)                         ceil(n / 3072)
//     if r % 5 == 2: [unlink lK if it exists], link fK lK 1 or 2
//     if r % 6 == 5: mkdir s                              1
//     if r % 6 == 0 and r > 0: unlink s                   1
//     if r % 4 == 3: unlink fK while it is still open     1 (fK gone)
//                    write(fd, 2000 more bytes)           0 (an orphan)
//     close(fd)                                           0 (frees an orphan)
// size and pattern are the formulas below, repeated in CrashMixModel.cs.
#include "user.h"
#include "fcntl.h"

static char data[8192];

static int size_of(int w, int r) {
  return ((w * 7 + r * 13) % 5) * 2000 + 100;
}

static void fill(int w, int r, int n) {
  for (int i = 0; i < n; i++)
    data[i] = (char)(i * 7 + r * 13 + w * 101 + (i >> 8));
}

static void must(int ok, int w, int r, const char *what) {
  if (!ok)
    fail("crashmix: worker %d round %d: %s", w, r, what);
}

static void worker(int w, int rounds) {
  char dir[4] = {'d', '0' + w, 0, 0};
  must(mkdir(dir) == 0, w, -1, "mkdir");
  must(chdir(dir) == 0, w, -1, "chdir");
  int linked[3] = {0, 0, 0};
  int sub = 0;
  for (int r = 0; r < rounds; r++) {
    int k = r % 3, n = size_of(w, r);
    char f[3] = {'f', '0' + k, 0}, l[3] = {'l', '0' + k, 0};
    fill(w, r, n);
    int fd = open(f, O_CREATE | O_WRONLY | O_TRUNC);
    must(fd >= 0, w, r, "open");
    must(write(fd, data, n) == n, w, r, "write");
    if (r % 5 == 2) {
      if (linked[k])
        must(unlink(l) == 0, w, r, "unlink link");
      must(link(f, l) == 0, w, r, "link");
      linked[k] = 1;
    }
    if (r % 6 == 5) {
      must(mkdir("s") == 0, w, r, "mkdir s");
      sub = 1;
    }
    if (r % 6 == 0 && sub) {
      must(unlink("s") == 0, w, r, "unlink s");
      sub = 0;
    }
    if (r % 4 == 3) {
      must(unlink(f) == 0, w, r, "unlink open file");
      must(write(fd, data, 2000) == 2000, w, r, "write to the orphan");
    }
    close(fd);
  }
  exit(0);
}

int main(int argc, char *argv[]) {
  int workers, rounds;
  if (argc != 3 || parseint(argv[1], &workers) < 0 || parseint(argv[2], &rounds) < 0 || workers < 1 || workers > 9)
    fail("usage: crashmix WORKERS(1..9) ROUNDS");
  for (int w = 0; w < workers; w++) {
    int pid = fork();
    must(pid >= 0, w, -1, "fork");
    if (pid == 0)
      worker(w, rounds);
  }
  int bad = 0;
  for (int w = 0; w < workers; w++) {
    int status;
    if (wait(&status) < 0 || status != 0)
      bad++;
  }
  if (bad)
    fail("crashmix: %d workers failed", bad);
  printf("crashmix: done\n");
  exit(0);
}
