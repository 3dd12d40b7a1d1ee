// grep PATTERN [FILE...]: print the lines that match PATTERN.
// Patterns: literal characters, '.' (any character), 'x*' (zero or more of
// the preceding item), '^' (start of line) and '$' (end of line).  With
// several files each line is prefixed by "name:".  Exit status as in
// Unix: 0 if some line matched, 1 if none, 2 on error.
#include "user.h"
#include "fcntl.h"

static char buf[1024];

static int match_here(const char *re, const char *text);

// Does item c (a char or '.') match character t?
static int item_matches(char c, char t) {
  return t != 0 && (c == '.' || c == t);
}

// re starts with "c*": try every run length, longest first is not needed
// for a yes/no answer, so shortest first.
static int match_star(char c, const char *re, const char *text) {
  for (;;) {
    if (match_here(re, text))
      return 1;
    if (!item_matches(c, *text))
      return 0;
    text++;
  }
}

// Does re match at the beginning of text?
static int match_here(const char *re, const char *text) {
  for (;;) {
    if (re[0] == 0)
      return 1;
    if (re[1] == '*')
      return match_star(re[0], re + 2, text);
    if (re[0] == '$' && re[1] == 0)
      return *text == 0;
    if (!item_matches(re[0], *text))
      return 0;
    re++;
    text++;
  }
}

// Does re match anywhere in text?
static int match(const char *re, const char *text) {
  if (re[0] == '^')
    return match_here(re + 1, text);
  do {
    if (match_here(re, text))
      return 1;
  } while (*text++ != 0);
  return 0;
}

static int matched;

static void check(const char *re, const char *line, const char *prefix) {
  if (!match(re, line))
    return;
  matched++;
  if (prefix)
    printf("%s:%s\n", prefix, line);
  else
    printf("%s\n", line);
}

// Returns the number of matching lines, or -1 on a read error.
static int grep(const char *re, int fd, const char *prefix) {
  int have = 0, n;
  matched = 0;
  for (;;) {
    n = read(fd, buf + have, sizeof(buf) - 1 - have);
    if (n < 0)
      return -1;
    have += n;
    int start = 0;
    for (int i = 0; i < have; i++) {
      if (buf[i] == '\n') {
        buf[i] = 0;
        check(re, buf + start, prefix);
        start = i + 1;
      }
    }
    // Keep the unfinished line for the next read...
    have -= start;
    memmove(buf, buf + start, have);
    // ...unless input ended, or the line is longer than the buffer, in
    // which case what we have is matched as a line of its own.
    if (n == 0 || have == (int)sizeof(buf) - 1) {
      if (have > 0) {
        buf[have] = 0;
        check(re, buf, prefix);
        have = 0;
      }
      if (n == 0)
        return matched;
    }
  }
}

int main(int argc, char *argv[]) {
  if (argc < 2) {
    fprintf(2, "usage: grep PATTERN [FILE...]\n");
    return 2;
  }
  const char *re = argv[1];
  if (argc == 2) {
    int m = grep(re, 0, 0);
    if (m < 0) {
      fprintf(2, "grep: read error\n");
      return 2;
    }
    return m > 0 ? 0 : 1;
  }
  int status = 1;
  int error = 0;
  for (int i = 2; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(2, "grep: cannot open %s\n", argv[i]);
      error = 1;
      continue;
    }
    int m = grep(re, fd, argc > 3 ? argv[i] : 0);
    close(fd);
    if (m < 0) {
      fprintf(2, "grep: read error on %s\n", argv[i]);
      error = 1;
    } else if (m > 0) {
      status = 0;
    }
  }
  return error ? 2 : status;
}
