// wakerace MODE N: provokes the race of the seed notes (lecture 13.3) on
// purpose, N times: a wakeup that arrives while the sleeper is between
// "my condition is false" and "asleep".  The kernel's sleep takes p->lock
// before it lets the condition lock go, so such a wakeup waits for the
// sleeper to be asleep and is never lost; with --broken-sleep one soon is,
// and the program hangs.
//
//   pipe N   two processes pass one byte back and forth N times through two
//            pipes: each read finds its pipe empty and goes to sleep just as
//            the other process, on another hart, writes and wakes it.
//   uart N   N one-byte writes to the console: on a fast line (a high
//            --uart-baud) each byte finds the transmitter idle, so its
//            transmit-done interrupt is raised while the writer still holds
//            the transmit lock, and is taken the moment the writer lets the
//            lock go to sleep: the lecture's own demonstration.
//
// Prints "wakerace: pipe N round trips" or "wakerace: uart N bytes".
#include "user.h"

static void pipe_race(int n) {
  int ping[2], pong[2];
  if (pipe(ping) < 0 || pipe(pong) < 0)
    fail("wakerace: pipe failed");
  int pid = fork();
  if (pid < 0)
    fail("wakerace: fork failed");
  char c = 0;
  if (pid == 0) {
    close(ping[1]);
    close(pong[0]);
    for (int i = 0; i < n; i++) {
      if (read(ping[0], &c, 1) != 1)
        fail("wakerace: child read failed at %d", i);
      c++;
      if (write(pong[1], &c, 1) != 1)
        fail("wakerace: child write failed at %d", i);
    }
    exit(0);
  }
  close(ping[0]);
  close(pong[1]);
  for (int i = 0; i < n; i++) {
    char sent = (char)i;
    if (write(ping[1], &sent, 1) != 1)
      fail("wakerace: write failed at %d", i);
    if (read(pong[0], &c, 1) != 1)
      fail("wakerace: read failed at %d", i);
    if (c != (char)(sent + 1))
      fail("wakerace: round %d came back as %d", i, c);
  }
  int st = -1;
  if (wait(&st) != pid || st != 0)
    fail("wakerace: child exited with %d", st);
  printf("wakerace: pipe %d round trips\n", n);
}

static void uart_race(int n) {
  for (int i = 0; i < n; i++)
    if (write(1, ".", 1) != 1)
      fail("wakerace: console write failed at %d", i);
  printf("\nwakerace: uart %d bytes\n", n);
}

int main(int argc, char *argv[]) {
  if (argc != 3 || atoi(argv[2]) <= 0) {
    fprintf(2, "usage: wakerace pipe|uart N\n");
    exit(2);
  }
  int n = atoi(argv[2]);
  if (strcmp(argv[1], "pipe") == 0)
    pipe_race(n);
  else if (strcmp(argv[1], "uart") == 0)
    uart_race(n);
  else {
    fprintf(2, "usage: wakerace pipe|uart N\n");
    exit(2);
  }
  exit(0);
}
