// init: the first process (pid 1).
//
//   init               keep an interactive sh running on the console; when
//                      console input has ended for good, power off
//   init -r            run the boot command (the command line the host
//                      gave the kernel: `xv6sharp run`) as `sh -c`, once,
//                      then power off with its exit status as the
//                      machine's exit status
//   init -c "LINE"     the same with LINE itself (it shares init's one
//                      stack page with everything else: keep it short)
//
// The boot command is read from the device node "cmdline" (major 2,
// made here on first use) into static memory, never onto init's stack.
// sh -c takes at most MAXLINE-1 bytes; a longer command is refused with
// status 2.
//
// Every orphan in the system is given to init, so every wait() here may
// return some other process: it is simply reaped.  init must never return
// from main or call exit: the kernel panics if init exits.
#include "user.h"
#include "fcntl.h"

#define CONSOLE_MAJOR 1
#define BOOTCMD_MAJOR 2
#define MAXLINE 1024    // sh's line buffer, NUL included

// The boot command; static, not on the stack.  One byte more than sh takes,
// so a longer command is seen as such and refused.
static char command[MAXLINE + 1];

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
// foreground: sh runs in a process group of its own, made the console's
// foreground group, so that Ctrl-C ends the command (and everything it
// started) and nothing else.  An interactive sh sets up its own.
static int start_sh(char **argv, int foreground) {
  int pid = fork();
  if (pid < 0) {
    fprintf(2, "init: fork failed\n");
    return -1;
  }
  if (foreground) {
    // Both sides, so the group exists whichever runs first.
    setpgid(pid == 0 ? 0 : pid, 0);
    if (pid != 0)
      tcsetpgrp(0, pid);
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

// Run `sh -c LINE` once, reaping orphans meanwhile, and power off with
// its status.  Orphans that outlive sh die with the machine; waiting for
// them could block forever.
static void run_once(char *line) __attribute__((noreturn));
static void run_once(char *line) {
  if (strlen(line) >= MAXLINE) {
    // write, not fprintf: an argv this long leaves little of the stack page.
    static const char msg[] = "init: the command line is longer than 1023 bytes\n";
    write(2, msg, sizeof(msg) - 1);
    power_off(2);
  }
  char *shargv[] = {"sh", "-c", line, 0};
  int pid = start_sh(shargv, 1);
  if (pid < 0)
    power_off(1);
  power_off(wait_sh(pid));
}

// The boot command device gives the command's bytes once, then end of file.
static void run_boot_command(void) __attribute__((noreturn));
static void run_boot_command(void) {
  int fd = open("cmdline", O_RDONLY);
  if (fd < 0) {
    mknod("cmdline", BOOTCMD_MAJOR, 0);
    fd = open("cmdline", O_RDONLY);
  }
  struct stat st;
  if (fd < 0 || fstat(fd, &st) < 0 || st.type != T_DEVICE) {
    fprintf(2, "init: cmdline is not the boot command device\n");
    power_off(2);
  }
  int n = 0, r;
  while (n < MAXLINE && (r = read(fd, command + n, MAXLINE - n)) > 0)
    n += r;
  close(fd);
  command[n] = 0;
  run_once(command);
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

  if (argc >= 2 && strcmp(argv[1], "-r") == 0)
    run_boot_command();
  if (argc >= 2 && strcmp(argv[1], "-c") == 0) {
    if (argc < 3) {
      fprintf(2, "init: usage: init [-r | -c COMMAND-LINE]\n");
      power_off(2);
    }
    run_once(argv[2]);
  }
  if (argc >= 2)
    fprintf(2, "init: ignoring unknown arguments\n");

  char *shargv[] = {"sh", 0};
  for (;;) {
    int pid = start_sh(shargv, 0);
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
