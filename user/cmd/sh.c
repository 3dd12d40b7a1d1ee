// sh: the shell.
//
//   sh              read commands from standard input ("$ " prompt on fd 2
//                   when standard input is the console)
//   sh -c LINE      run one line; exit with its status
//   sh FILE         run a script line by line; exit with the last status
//
// Grammar (one line at a time; a newline inside -c text acts like ';'):
//   list     := pipeline { (';' | '&' | newline) [pipeline] }
//   pipeline := command { '|' command }
//   command  := '(' list ')' { redirect }
//             | { word | redirect }          (at least one of either)
//   redirect := '<' word | '>' word | '>>' word
// Words may be quoted with '...' or "..." (inside "...", \" and \\ escape)
// and a backslash outside quotes escapes the next character.  '#' at the
// start of a word begins a comment.  $? (outside '...') is the status of
// the last job, taken when the command runs.
//
// The status of a line is the status of its last job: for a pipeline the
// status of its last stage, for a background job 0.  Built-ins: cd DIR,
// exit [N], wait [PID], jobs.  A command that is not found prints
// "sh: NAME: not found" and has status 127 (126 if it exists but exec
// fails).
//
// At the console (interactive) the shell does job control: each job runs
// in a process group of its own, a foreground job is made the console's
// foreground group so that Ctrl-C kills all of it (and only it), and a
// background job's number and pid are printed ("[1] 12") and its end
// reported before the next prompt.  A job ended by Ctrl-C also ends the
// rest of its line.
//
// The parse tree lives in static pools reset for every line, so a
// long-running shell cannot leak memory; all big buffers are static
// because the user stack is a single 4 KiB page.
#include "user.h"
#include "fcntl.h"

#define MAXLINE   1024
#define MAXTOKENS 256
#define MAXNODES  64    // commands, redirections and jobs per line
#define MAXDEPTH  6     // nesting of ( ): bounds recursion on a 1-page stack

enum {
  TK_END, TK_WORD, TK_SEMI, TK_NEWLINE, TK_AMP, TK_PIPE,
  TK_LT, TK_GT, TK_APPEND, TK_LPAREN, TK_RPAREN,
};

struct token {
  int kind;
  char *word;   // TK_WORD only
};

struct redir {
  int kind;     // TK_LT, TK_GT or TK_APPEND
  char *file;
  struct redir *next;
};

struct job;

struct cmd {
  int sub;                  // 1: "( list )", 0: simple command
  int argc;
  char *argv[MAXARG + 1];
  struct job *list;         // sub only
  struct redir *redirs;
  struct cmd *next;         // next stage of the pipeline
  int expanded;             // $? in argv and redirs already replaced
};

struct job {
  struct cmd *pipeline;
  int bg;                   // followed by '&'
  struct job *next;
};

static char line[MAXLINE];
static char words[MAXLINE + 1];   // unquoted word text, each NUL-ended
static struct token toks[MAXTOKENS];
static int ntok, pos;

static struct cmd cmdpool[MAXNODES];
static struct redir redirpool[MAXNODES];
static struct job jobpool[MAXNODES];
static int ncmd, nredir, njob;

// statusref[i] is 1 where words[i] starts a "$?" to be replaced when the
// command runs (so "false; echo $?" sees the status of false).
static char statusref[MAXLINE + 1];
// Expanded words of the command about to run; "$?" is at most 11 bytes
// ("-2147483648") for its 2, so this holds any line's words.
static char expanded[6 * (MAXLINE + 1)];

static int perr;          // a syntax error has been reported for this line
static int depth;         // current ( ) nesting while parsing
static int last_status;   // status of the last job: $?, and "exit" without N

static int interactive;   // commands come from the console: prompt, report jobs
static int jobcontrol;    // this process gives each job its own process group
static int interrupted;   // a foreground job was ended by Ctrl-C: skip the rest of the line

// Background jobs, for "jobs" and the "[1] done" reports (interactive only).
#define MAXJOBS 16
static struct bgjob {
  int pid;                // 0: free slot
  int done, status;
  char what[40];          // the start of its command, for the reports
} jobs[MAXJOBS];

static char scratch[512]; // for reading to the end of a ">>" file

// ---------------------------------------------------------------- lexer

static int is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int is_special(char c) {
  return c == ';' || c == '&' || c == '|' || c == '<' || c == '>' ||
         c == '(' || c == ')' || c == '\n';
}

static const char *token_text(int kind) {
  switch (kind) {
  case TK_SEMI: return ";";
  case TK_NEWLINE: return "newline";
  case TK_AMP: return "&";
  case TK_PIPE: return "|";
  case TK_LT: return "<";
  case TK_GT: return ">";
  case TK_APPEND: return ">>";
  case TK_LPAREN: return "(";
  case TK_RPAREN: return ")";
  case TK_END: return "end of line";
  default: return "word";
  }
}

static void syntax(const char *what) {
  if (!perr)
    fprintf(2, "sh: syntax error: %s\n", what);
  perr = 1;
}

static void unexpected(int kind) {
  if (!perr)
    fprintf(2, "sh: syntax error near '%s'\n", token_text(kind));
  perr = 1;
}

// Split s into toks[]; returns 0, or -1 after reporting an error.
static int tokenize(const char *s) {
  char *w = words;
  ntok = 0;
  memset(statusref, 0, sizeof(statusref));
  for (;;) {
    while (is_space(*s))
      s++;
    if (*s == 0)
      break;
    if (*s == '#') {          // comment to the end of the line
      while (*s && *s != '\n')
        s++;
      continue;
    }
    if (ntok == MAXTOKENS - 1) {
      syntax("line has too many words");
      return -1;
    }
    struct token *t = &toks[ntok++];
    t->word = 0;
    switch (*s) {
    case ';': t->kind = TK_SEMI; s++; continue;
    case '\n': t->kind = TK_NEWLINE; s++; continue;
    case '&': t->kind = TK_AMP; s++; continue;
    case '|': t->kind = TK_PIPE; s++; continue;
    case '<': t->kind = TK_LT; s++; continue;
    case '(': t->kind = TK_LPAREN; s++; continue;
    case ')': t->kind = TK_RPAREN; s++; continue;
    case '>':
      if (s[1] == '>') {
        t->kind = TK_APPEND;
        s += 2;
      } else {
        t->kind = TK_GT;
        s++;
      }
      continue;
    }
    // A word: never longer than its source text, so words[] (as long as
    // line[] plus one) cannot overflow.
    t->kind = TK_WORD;
    t->word = w;
    while (*s && !is_space(*s) && !is_special(*s)) {
      if (*s == '\'') {
        for (s++; *s && *s != '\''; )
          *w++ = *s++;
        if (*s == 0) {
          syntax("unterminated '");
          return -1;
        }
        s++;
      } else if (*s == '"') {
        for (s++; *s && *s != '"'; ) {
          if (*s == '$' && s[1] == '?')
            statusref[w - words] = 1;
          if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
            s++;
          *w++ = *s++;
        }
        if (*s == 0) {
          syntax("unterminated \"");
          return -1;
        }
        s++;
      } else if (*s == '\\' && s[1] != 0) {
        s++;
        *w++ = *s++;
      } else {
        if (*s == '$' && s[1] == '?')
          statusref[w - words] = 1;
        *w++ = *s++;
      }
    }
    *w++ = 0;
  }
  toks[ntok].kind = TK_END;
  toks[ntok].word = 0;
  return 0;
}

// --------------------------------------------------------------- parser

static struct cmd *new_cmd(void) {
  if (ncmd == MAXNODES) {
    syntax("line too complex");
    return 0;
  }
  struct cmd *c = &cmdpool[ncmd++];
  memset(c, 0, sizeof(*c));
  return c;
}

static struct redir *new_redir(void) {
  if (nredir == MAXNODES) {
    syntax("too many redirections");
    return 0;
  }
  struct redir *r = &redirpool[nredir++];
  memset(r, 0, sizeof(*r));
  return r;
}

static struct job *new_job(void) {
  if (njob == MAXNODES) {
    syntax("too many commands");
    return 0;
  }
  struct job *j = &jobpool[njob++];
  memset(j, 0, sizeof(*j));
  return j;
}

static int peek(void) {
  return toks[pos].kind;
}

static struct job *parse_list(void);

static struct cmd *parse_command(void) {
  struct cmd *c = new_cmd();
  if (c == 0)
    return 0;
  if (peek() == TK_LPAREN) {
    if (depth == MAXDEPTH) {
      syntax("( ) nested too deeply");
      return 0;
    }
    pos++;
    depth++;
    c->sub = 1;
    c->list = parse_list();
    depth--;
    if (perr)
      return 0;
    if (peek() != TK_RPAREN) {
      unexpected(peek());
      return 0;
    }
    if (c->list == 0) {
      syntax("empty ( )");
      return 0;
    }
    pos++;
  }
  struct redir **rtail = &c->redirs;
  for (;;) {
    int k = peek();
    if (k == TK_LT || k == TK_GT || k == TK_APPEND) {
      pos++;
      if (peek() != TK_WORD) {
        unexpected(peek());
        return 0;
      }
      struct redir *r = new_redir();
      if (r == 0)
        return 0;
      r->kind = k;
      r->file = toks[pos++].word;
      *rtail = r;
      rtail = &r->next;
    } else if (k == TK_WORD) {
      if (c->sub) {
        syntax("word after ( )");
        return 0;
      }
      if (c->argc == MAXARG) {
        syntax("too many arguments");
        return 0;
      }
      c->argv[c->argc++] = toks[pos++].word;
    } else {
      break;
    }
  }
  if (!c->sub && c->argc == 0 && c->redirs == 0) {
    unexpected(peek());
    return 0;
  }
  c->argv[c->argc] = 0;
  return c;
}

static struct cmd *parse_pipeline(void) {
  struct cmd *first = parse_command();
  struct cmd *c = first;
  while (c != 0 && peek() == TK_PIPE) {
    pos++;
    // Allow "a |" + newline + "b" inside -c text.
    while (peek() == TK_NEWLINE)
      pos++;
    c->next = parse_command();
    c = c->next;
  }
  return c == 0 ? 0 : first;
}

// Returns the list (0 if empty); check perr for errors.
static struct job *parse_list(void) {
  struct job *head = 0, **tail = &head;
  for (;;) {
    while (peek() == TK_NEWLINE)
      pos++;
    if (peek() == TK_END || peek() == TK_RPAREN)
      return head;
    struct cmd *p = parse_pipeline();
    if (p == 0)
      return 0;
    struct job *j = new_job();
    if (j == 0)
      return 0;
    j->pipeline = p;
    *tail = j;
    tail = &j->next;
    int k = peek();
    if (k == TK_AMP) {
      j->bg = 1;
      pos++;
    } else if (k == TK_SEMI || k == TK_NEWLINE) {
      pos++;
    } else if (k != TK_END && k != TK_RPAREN) {
      unexpected(k);
      return 0;
    }
  }
}

// ------------------------------------------------------------- executor

static int run_list(struct job *j);

// Make fd become target (there is no dup2: close target, then dup takes
// the lowest free descriptor, which is target as long as the lower ones
// are open, as they are for 0/1 in a child of the shell).
static void move_fd(int fd, int target) {
  if (fd == target)
    return;
  close(target);
  int d = dup(fd);
  if (d != target) {
    fprintf(2, "sh: cannot redirect to fd %d\n", target);
    exit(1);
  }
  close(fd);
}

// A word with every "$?" in it replaced by the last status; the copy lives
// in expanded[] until the next expand_command().
static char *expanded_end;
static char *expand(char *word) {
  int at = word - words;
  int refs = 0;
  for (int i = 0; word[i]; i++)
    refs += statusref[at + i];
  if (refs == 0)
    return word;
  char *out = expanded_end, num[16];
  for (int i = 0; word[i]; i++) {
    if (statusref[at + i]) {
      // Build the digits backwards; the status may be negative (-1: killed).
      uint v = last_status < 0 ? -(uint)last_status : (uint)last_status;
      int n = 0;
      do {
        num[n++] = '0' + v % 10;
        v /= 10;
      } while (v);
      if (last_status < 0)
        *out++ = '-';
      while (n > 0)
        *out++ = num[--n];
      i++;   // the '?'
    } else {
      *out++ = word[i];
    }
  }
  *out++ = 0;
  char *start = expanded_end;
  expanded_end = out;
  return start;
}

static void expand_command(struct cmd *c) {
  if (c->expanded)
    return;
  c->expanded = 1;
  expanded_end = expanded;
  for (int i = 0; i < c->argc; i++)
    c->argv[i] = expand(c->argv[i]);
  for (struct redir *r = c->redirs; r != 0; r = r->next)
    r->file = expand(r->file);
}

// ------------------------------------------------------------------ jobs

// In a child of the shell, first thing: join the job's process group (0: a
// new group led by this child).  Only the shell itself does job control;
// its children run the job's commands where they are.
static void join_job(int pgid) {
  if (jobcontrol)
    setpgid(0, pgid);
  jobcontrol = 0;
}

// In the shell after forking a member of a job: the same, from this side,
// so the group exists whichever of the two runs first.  Returns the pgid.
static int add_to_job(int pid, int pgid) {
  if (pgid == 0)
    pgid = pid;
  if (jobcontrol)
    setpgid(pid, pgid);
  return pgid;
}

static void to_foreground(int pgid) {
  if (jobcontrol)
    tcsetpgrp(0, pgid);
}

// The foreground job is over: the shell reads the console again.  Ctrl-C
// kills the job and leaves the console with no foreground job, which is
// how a job ended by Ctrl-C is told from one that died otherwise.
static void from_foreground(int pgid, int status) {
  if (!jobcontrol)
    return;
  if (status == -1 && tcgetpgrp(0) != pgid)
    interrupted = 1;
  tcsetpgrp(0, 0);
}

static void note_done(int pid, int status) {
  for (int i = 0; i < MAXJOBS; i++) {
    if (jobs[i].pid == pid && !jobs[i].done) {
      jobs[i].done = 1;
      jobs[i].status = status;
    }
  }
}

static void add_bgjob(int pid, struct cmd *c) {
  int i = 0;
  while (i < MAXJOBS && jobs[i].pid != 0)
    i++;
  if (i == MAXJOBS) {
    fprintf(2, "[?] %d\n", pid);   // the table is full: still say the pid
    return;
  }
  jobs[i].pid = pid;
  jobs[i].done = 0;
  char *w = jobs[i].what, *end = w + sizeof(jobs[i].what) - 1;
  for (int a = 0; a < c->argc && w < end; a++) {
    for (char *s = c->argv[a]; *s && w < end; )
      *w++ = *s++;
    if (w < end && a + 1 < c->argc)
      *w++ = ' ';
  }
  if (c->sub || c->argc == 0 || c->next)
    for (const char *s = c->sub ? "( ... )" : c->argc == 0 ? "..." : " | ..."; *s && w < end; )
      *w++ = *s++;
  *w = 0;
  fprintf(2, "[%d] %d\n", i + 1, pid);
}

// "jobs": the running background jobs; before each prompt (and in "jobs"),
// the ones that ended are reported once and forgotten.
static void report_jobs(int list_running) {
  struct procinfo pi;
  for (int i = 0; i < MAXJOBS; i++) {
    if (jobs[i].pid == 0)
      continue;
    int st;
    // A zombie is reaped here, so its end is reported without a wait.
    if (!jobs[i].done && findproc(jobs[i].pid, &pi) == 1 && pi.state == PS_ZOMBIE &&
        waitpid(jobs[i].pid, &st) == jobs[i].pid)
      note_done(jobs[i].pid, st);
    if (jobs[i].done) {
      fprintf(2, "[%d] done (status %d)  %s\n", i + 1, jobs[i].status, jobs[i].what);
      jobs[i].pid = 0;
    } else if (list_running) {
      fprintf(2, "[%d] running %d  %s\n", i + 1, jobs[i].pid, jobs[i].what);
    }
  }
}

// ------------------------------------------------------------- built-ins

static void cd(struct cmd *c, int *status) {
  const char *dir = c->argc > 1 ? c->argv[1] : "/";
  struct stat st;
  *status = 1;
  if (c->argc > 2)
    fprintf(2, "cd: too many arguments\n");
  else if (chdir(dir) == 0)
    *status = 0;
  else if (stat(dir, &st) < 0)
    fprintf(2, "cd: %s: no such file or directory\n", dir);
  else if (st.type != T_DIR)
    fprintf(2, "cd: %s: not a directory\n", dir);
  else
    fprintf(2, "cd: %s: cannot change directory\n", dir);
}

// "wait": every child (status 0); "wait PID": that child (its status, or
// 127 if it is not a child of this shell).
static void wait_builtin(struct cmd *c, int *status) {
  int st, pid;
  if (c->argc == 1) {
    while ((pid = wait(&st)) >= 0)
      note_done(pid, st);
    *status = 0;
  } else if (c->argc > 2 || parseint(c->argv[1], &pid) < 0 || pid <= 0) {
    fprintf(2, "wait: usage: wait [PID]\n");
    *status = 2;
  } else if (waitpid(pid, &st) != pid) {
    fprintf(2, "wait: %d is not a child of this shell\n", pid);
    *status = 127;
  } else {
    note_done(pid, st);
    *status = st;
  }
}

// Built-ins.  Returns 1 and sets *status if c was one.
static int builtin(struct cmd *c, int *status) {
  if (c->sub || c->argc == 0)
    return 0;
  if (strcmp(c->argv[0], "cd") == 0) {
    cd(c, status);
    return 1;
  }
  if (strcmp(c->argv[0], "wait") == 0) {
    wait_builtin(c, status);
    return 1;
  }
  if (strcmp(c->argv[0], "jobs") == 0) {
    report_jobs(1);
    *status = 0;
    return 1;
  }
  if (strcmp(c->argv[0], "exit") == 0) {
    int n = last_status;
    if (c->argc > 1 && parseint(c->argv[1], &n) < 0) {
      fprintf(2, "exit: bad status %s\n", c->argv[1]);
      *status = 2;
      return 1;
    }
    exit(n);
  }
  return 0;
}

// ------------------------------------------------------------- commands

// exec failed: 127 if there is no such file, 126 if there is one that
// cannot be run (not a program, a bad ELF, too many arguments...).
static void not_run(char *name, char *path) __attribute__((noreturn));
static void not_run(char *name, char *path) {
  struct stat st;
  if (stat(name, &st) == 0 || (path != 0 && stat(path, &st) == 0)) {
    fprintf(2, "sh: %s: cannot execute\n", name);
    exit(126);
  }
  fprintf(2, "sh: %s: not found\n", name);
  exit(127);
}

// Run one pipeline stage in the current process, which is a child the
// shell may lose: apply the redirections, then exec (or run the
// parenthesised list).  Never returns.
static void run_stage(struct cmd *c) __attribute__((noreturn));
static void run_stage(struct cmd *c) {
  expand_command(c);
  for (struct redir *r = c->redirs; r != 0; r = r->next) {
    int flags = r->kind == TK_LT ? O_RDONLY
              : r->kind == TK_GT ? O_WRONLY | O_CREATE | O_TRUNC
              : O_RDWR | O_CREATE;
    int fd = open(r->file, flags);
    if (fd < 0) {
      fprintf(2, "sh: cannot open %s\n", r->file);
      exit(1);
    }
    if (r->kind == TK_APPEND) {
      // No O_APPEND in this ABI: reading to the end leaves the file
      // offset there, so the command's writes append.
      int n;
      while ((n = read(fd, scratch, sizeof(scratch))) > 0)
        ;
      if (n < 0) {
        fprintf(2, "sh: cannot append to %s\n", r->file);
        exit(1);
      }
    }
    move_fd(fd, r->kind == TK_LT ? 0 : 1);
  }

  if (c->sub)
    exit(run_list(c->list));
  if (c->argc == 0)
    exit(0);   // only redirections: the files are created, that's all
  int status;
  if (builtin(c, &status))
    exit(status);

  exec(c->argv[0], c->argv);
  // Programs live in the root directory; let "ls" work after "cd dir".
  static char path[MAXPATH];   // static: see run_pipeline's pids
  if (strchr(c->argv[0], '/') == 0 && strlen(c->argv[0]) + 2 <= MAXPATH) {
    path[0] = '/';
    strcpy(path + 1, c->argv[0]);
    exec(path, c->argv);
    not_run(c->argv[0], path);
  }
  not_run(c->argv[0], 0);
}

// Wait until every pid in pids[0..n) has exited, reaping any other child
// (finished background jobs) on the way.  Returns the status of pids[n-1],
// or -1 if wait fails first (e.g. the shell was killed).
static int wait_for(int *pids, int n) {
  int left = n, status = -1;
  while (left > 0) {
    int st, mine = 0;
    int pid = wait(&st);
    if (pid < 0)
      return -1;
    for (int i = 0; i < n; i++) {
      if (pids[i] == pid) {
        pids[i] = 0;
        left--;
        mine = 1;
        if (i == n - 1)
          status = st;
      }
    }
    if (!mine)
      note_done(pid, st);
  }
  return status;
}

// Run a pipeline and return its status (the last stage's).  inplace: the
// current process is a disposable child, so a single command may simply
// exec in it instead of forking once more.
static int run_pipeline(struct cmd *first, int inplace) {
  int status;
  if (first->next == 0) {
    // Built-ins without redirections run in the shell itself, so that cd
    // changes the shell's directory and exit ends the shell.
    if (first->redirs == 0 && !first->sub && first->argc > 0) {
      expand_command(first);
      if (builtin(first, &status))
        return status;
    }
    if (inplace)
      run_stage(first);
    int pid = fork();
    if (pid < 0) {
      fprintf(2, "sh: fork failed\n");
      return 1;
    }
    if (pid == 0) {
      join_job(0);
      run_stage(first);
    }
    int pgid = add_to_job(pid, 0);
    to_foreground(pgid);
    status = wait_for(&pid, 1);
    from_foreground(pgid, status);
    return status;
  }

  // Static, not on the one-page stack: nested ( ) would otherwise stack
  // one such array per level.  Sharing it is safe because a process only
  // re-enters run_pipeline inside a forked stage (run_stage), which never
  // returns to the outer call.
  static int pids[MAXNODES];
  int n = 0, in = -1, failed = 0, pgid = 0;
  for (struct cmd *c = first; c != 0; c = c->next) {
    int p[2] = {-1, -1};
    if (c->next != 0 && pipe(p) < 0) {
      fprintf(2, "sh: pipe failed\n");
      failed = 1;
      break;
    }
    int pid = fork();
    if (pid < 0) {
      fprintf(2, "sh: fork failed\n");
      if (p[0] >= 0) {
        close(p[0]);
        close(p[1]);
      }
      failed = 1;
      break;
    }
    if (pid == 0) {
      join_job(pgid);
      if (in >= 0)
        move_fd(in, 0);
      if (c->next != 0) {
        close(p[0]);
        move_fd(p[1], 1);
      }
      run_stage(c);
    }
    if (n == 0)
      to_foreground(pgid = add_to_job(pid, 0));
    else
      add_to_job(pid, pgid);
    pids[n++] = pid;
    // The shell keeps no pipe ends: a reader must see end of file once
    // its writer exits, and a writer must fail once its reader is gone.
    if (in >= 0)
      close(in);
    in = -1;
    if (c->next != 0) {
      close(p[1]);
      in = p[0];
    }
  }
  if (in >= 0)
    close(in);
  if (n == 0)
    return 1;
  status = wait_for(pids, n);
  from_foreground(pgid, status);
  return failed ? 1 : status;
}

static int run_list(struct job *j) {
  int status = 0;
  for (; j != 0 && !interrupted; j = j->next) {
    if (j->bg) {
      int pid = fork();
      if (pid < 0) {
        fprintf(2, "sh: fork failed\n");
        status = 1;
      } else if (pid == 0) {
        join_job(0);
        exit(run_pipeline(j->pipeline, 1));
      } else {
        add_to_job(pid, 0);
        if (interactive)
          add_bgjob(pid, j->pipeline);
        status = 0;   // nobody waits for it here; a later wait reaps it
      }
    } else {
      status = run_pipeline(j->pipeline, 0);
    }
    last_status = status;
  }
  return status;
}

// Parse and run one line; returns its status (2 for a syntax error or a
// line too long for line[] and words[]).
static int run_line(const char *s) {
  if (strlen(s) >= MAXLINE) {
    // tokenize() relies on this: words[] holds at most the line plus one NUL.
    // write, not fprintf: a -c line this long leaves little of the stack page.
    static const char msg[] = "sh: line too long\n";
    write(2, msg, sizeof(msg) - 1);
    last_status = 2;
    return 2;
  }
  ncmd = nredir = njob = 0;
  perr = 0;
  depth = 0;
  pos = 0;
  interrupted = 0;
  if (tokenize(s) < 0) {
    last_status = 2;
    return 2;
  }
  struct job *list = parse_list();
  if (!perr && peek() != TK_END)
    unexpected(peek());
  if (perr) {
    last_status = 2;
    return 2;
  }
  if (list == 0)
    return 0;   // empty line or comment
  return run_list(list);
}

// ---------------------------------------------------------------- input

// Read one line from fd into line[].  Returns 1 for a line, 0 at end of
// file, -1 if the line was too long (the rest of it is skipped).  A line
// may fill line[] exactly (MAXLINE-1 bytes) if a newline or the end of the
// input follows.
static int read_line(int fd) {
  int n = 0;
  if (fd == 0) {
    gets(line, sizeof(line));
    n = strlen(line);
  } else {
    char c;
    while (n + 1 < (int)sizeof(line) && read(fd, &c, 1) == 1) {
      line[n++] = c;
      if (c == '\n')
        break;
    }
    line[n] = 0;
  }
  if (n == 0)
    return 0;
  if (n == (int)sizeof(line) - 1 && line[n - 1] != '\n') {
    char c;
    if (read(fd, &c, 1) == 1 && c != '\n') {
      while (read(fd, &c, 1) == 1 && c != '\n')
        ;
      fprintf(2, "sh: line too long\n");
      return -1;
    }
  }
  return 1;
}

int main(int argc, char *argv[]) {
  if (argc >= 2 && strcmp(argv[1], "-c") == 0) {
    if (argc < 3) {
      fprintf(2, "usage: sh -c COMMAND-LINE\n");
      exit(2);
    }
    exit(run_line(argv[2]));
  }

  int fd = 0;
  if (argc >= 2) {
    fd = open(argv[1], O_RDONLY);
    if (fd < 0) {
      fprintf(2, "sh: cannot open %s\n", argv[1]);
      exit(1);
    }
  } else {
    // Prompt only for a person at the console, not for piped input.
    struct stat st;
    interactive = fstat(0, &st) == 0 && st.type == T_DEVICE;
  }
  if (interactive) {
    // A group of its own, and nothing in the foreground while it reads:
    // Ctrl-C at the prompt then kills nothing and just gives a new prompt.
    setpgid(0, 0);
    jobcontrol = tcsetpgrp(0, 0) == 0;
  }

  for (;;) {
    if (interactive) {
      report_jobs(0);
      fprintf(2, "$ ");
    }
    int r = read_line(fd);
    if (r == 0)
      break;
    if (r > 0)
      run_line(line);
  }
  // End of input: 0 for standard input, the last status for a script.
  exit(fd == 0 ? 0 : last_status);
}
