// init: the first process (pid 1).
//
//   init               keep an interactive sh running on the console; when
//                      console input has ended for good, power off
//   init -c "LINE"     run `sh -c LINE` once, then power off with its
//                      exit status as the machine's exit status
//
// Every orphan in the system is given to init, so every wait() here may
// return some other process: it is simply reaped.  init must never return
// from main or call exit: the kernel panics if init exits.
#include "user.h"
#include "fcntl.h"

#define CONSOLE_MAJOR 1

// Loop forever reaping; used only if halt() itself fails.
static void reap_forever(void) __attribute__((noreturn));
static void reap_forever(void) {
  for (;;)
    if (wait(0) < 0)
      sleep(100);   // no children at all: do not spin
}

static void power_off(int status) __attribute__((noreturn));
static void power_off(int status) {
  halt(status);
  fprintf(2, "init: halt failed\n");
  reap_forever();
}

// Fork and exec sh with the given argv.  Returns the child's pid, or -1.
static int start_sh(char **argv) {
  int pid = fork();
  if (pid < 0) {
    fprintf(2, "init: fork failed\n");
    return -1;
  }
  if (pid == 0) {
    exec("sh", argv);
    exec("/sh", argv);
    fprintf(2, "init: exec sh failed\n");
    exit(1);
  }
  return pid;
}

// Wait until the process `pid` has exited, reaping orphans on the way.
// Returns its exit status (-1 if wait itself fails, which for init can
// only mean the child is already gone).
static int wait_sh(int pid) {
  for (;;) {
    int status;
    int w = wait(&status);
    if (w == pid)
      return status;
    if (w < 0)
      return -1;
    // any other pid: an orphan, now reaped
  }
}

static int hung_up(void) {
  struct sysinfo si;
  if (sysinfo(&si) < 0)
    return 0;
  return si.hungup != 0;
}

int main(int argc, char *argv[]) {
  // fds 0, 1, 2 = the console.  The device node may not exist yet on a
  // fresh disk, so create it on first boot.
  if (open("console", O_RDWR) < 0) {
    mknod("console", CONSOLE_MAJOR, 0);
    if (open("console", O_RDWR) < 0)
      power_off(1);   // no console: nothing could ever be seen or typed
  }
  if (dup(0) != 1 || dup(0) != 2) {   // stdout, stderr
    // Still usable through fd 0; say so there and carry on.
    const char msg[] = "init: cannot set up fds 1 and 2\n";
    write(0, msg, sizeof(msg) - 1);
  }

  if (argc >= 2 && strcmp(argv[1], "-c") == 0) {
    if (argc < 3) {
      fprintf(2, "init: usage: init [-c COMMAND-LINE]\n");
      power_off(2);
    }
    char *shargv[] = {"sh", "-c", argv[2], 0};
    int pid = start_sh(shargv);
    if (pid < 0)
      power_off(1);
    // Orphans that outlive sh die with the machine; waiting for them
    // could block forever.
    power_off(wait_sh(pid));
  }
  if (argc >= 2)
    fprintf(2, "init: ignoring unknown arguments\n");

  char *shargv[] = {"sh", 0};
  for (;;) {
    int pid = start_sh(shargv);
    if (pid < 0) {
      sleep(10);   // process table full: let someone exit first
      continue;
    }
    wait_sh(pid);
    if (hung_up())
      power_off(0);
    printf("init: restarting sh\n");
    // A missing or instantly failing sh must not turn this into a busy
    // loop that starves everything else.
    sleep(1);
  }
}
