#!/bin/sh
# Host smoke test: build the user programs for x86-64 Linux against
# hostsys.c (the system calls mapped onto Linux) and check the behaviour
# of sh, grep, wc, echo, cat and some test programs.  Only the C logic is
# tested here; the real target is the Xv6Sharp kernel.
#   sh user/hosttest/run.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
user=$(dirname "$here")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

CFLAGS="-ffreestanding -fno-builtin -nostdlib -static -fno-pie -no-pie -O2 -Wall -Werror
        -Wno-unused-parameter -fno-stack-protector -fcf-protection=none
        -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables -I$user/include"
LIB="$user/lib/string.c $user/lib/printf.c $user/lib/malloc.c $user/lib/ulib.c $user/lib/testutil.c $user/lib/compute.c $here/hostsys.c"

for src in "$user"/cmd/*.c "$user"/tests/*.c; do
  name=$(basename "$src" .c)
  case $name in init|ls|ps|halt|badptr|fault|zombie|orphan|forkfull|memcheck|sbrktest|killfs) continue ;; esac
  gcc $CFLAGS -o "$out/$name" "$src" $LIB || { echo "build of $name failed"; exit 1; }
done

gcc $CFLAGS -o "$out/libcheck" "$here/libcheck.c" $LIB || { echo "build of libcheck failed"; exit 1; }

cd "$out" || exit 1
pass=0 failed=0
# expect NAME EXPECTED-OUTPUT EXPECTED-STATUS -- COMMAND...
expect() {
  name=$1 want=$2 wantst=$3; shift 4
  got=$("$@" 2>&1); st=$?
  if [ "$got" = "$want" ] && [ "$st" = "$wantst" ]; then
    pass=$((pass + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL %s\n  want (%s): %s\n  got  (%s): %s\n' "$name" "$wantst" "$want" "$st" "$got"
  fi
}

printf 'alpha\nbeta gamma\n\nalphabet soup\nzeta\n' > words.txt
nl='
'
expect libcheck "libcheck: ok" 0 -- ./libcheck
expect echo "a b c" 0 -- ./echo a b c
expect echo-empty "" 0 -- ./echo
expect cat "$(cat words.txt)" 0 -- ./cat words.txt
expect cat-missing "cat: cannot open nope" 1 -- ./cat nope
expect seq "1${nl}2${nl}3" 0 -- ./seq 3
expect seq-range "9${nl}10${nl}11" 0 -- ./seq 9 11
expect seq-empty "" 0 -- ./seq 3 1
expect seq-usage "usage: seq [FIRST] LAST" 2 -- ./seq
expect su-usage "usage: su UID [COMMAND [ARG...]]   (UID: a number >= 0)" 2 -- ./su
expect su-baduid "usage: su UID [COMMAND [ARG...]]   (UID: a number >= 0)" 2 -- ./su 12x id
expect su-negative "usage: su UID [COMMAND [ARG...]]   (UID: a number >= 0)" 2 -- ./su -1 id
expect wc "5 6 37 words.txt" 0 -- ./wc words.txt
printf 'one alpha\n' > w2.txt
expect grep-multi "words.txt:alpha${nl}words.txt:alphabet soup${nl}w2.txt:one alpha" 0 -- ./grep alpha words.txt w2.txt
expect grep-stdin "zeta" 0 -- sh -c "./cat words.txt | ./grep z"
expect wc-multi "5 6 37 words.txt${nl}1 2 10 w2.txt${nl}6 8 47 total" 0 -- ./wc words.txt w2.txt
expect wc-stdin "1 2 10" 0 -- sh -c "./wc < w2.txt"
expect grep-literal "alpha${nl}alphabet soup" 0 -- ./grep alpha words.txt
expect grep-anchor "alpha" 0 -- ./grep '^alpha$' words.txt
expect grep-dotstar "beta gamma" 0 -- ./grep 'b.*m' words.txt
expect grep-star "alpha${nl}beta gamma${nl}alphabet soup${nl}zeta" 0 -- ./grep 'a*a' words.txt
expect grep-empty-line "" 0 -- ./grep '^$' words.txt
expect grep-none "" 1 -- ./grep xyz words.txt
expect grep-end "zeta" 0 -- ./grep 'ta$' words.txt
expect sh-simple "hi" 0 -- ./sh -c "echo hi"
expect sh-status "" 1 -- ./sh -c "false"
expect sh-seq "a${nl}b" 0 -- ./sh -c "echo a; echo b"
expect sh-seq-status "" 0 -- ./sh -c "false; true"
expect sh-pipe "1 2 6" 0 -- ./sh -c "echo ab cd | cat | cat | wc"
expect sh-pipe-status "" 1 -- ./sh -c "echo x | false"
expect sh-pipe-status2 "" 0 -- ./sh -c "false | true"
expect sh-redir "hello world" 0 -- ./sh -c "echo hello world > o1.txt; cat < o1.txt"
expect sh-trunc "b" 0 -- ./sh -c "echo aaaaaa > o2.txt; echo b > o2.txt; cat o2.txt"
expect sh-append "a${nl}b" 0 -- ./sh -c "echo a > o3.txt; echo b >> o3.txt; cat o3.txt"
expect sh-sub "x${nl}y" 0 -- ./sh -c "(echo x; echo y) | cat"
expect sh-sub-redir "1 1 2" 0 -- ./sh -c "(echo q) > o4.txt; wc < o4.txt"
expect sh-nested "3 3 6" 0 -- ./sh -c "((echo a; echo b); echo c) | wc"
expect sh-quotes "a  b|c 'd' \"e\"" 0 -- ./sh -c "echo 'a  b|c' \"'d'\" '\"e\"'"
expect sh-backslash "a;b" 0 -- ./sh -c 'echo a\;b'
expect sh-comment "x" 0 -- ./sh -c "echo x # not this"
expect sh-exit "" 3 -- ./sh -c "exit 3; echo no"
expect sh-exit-last "" 1 -- ./sh -c "false; exit"
expect sh-bg "fg" 0 -- ./sh -c "sleep 1 & echo fg"
expect sh-bg-status "" 0 -- ./sh -c "false &"
expect sh-notfound "sh: nosuchprog: not found" 127 -- ./sh -c "nosuchprog arg"
expect sh-notexec "sh: ./words.txt: cannot execute" 126 -- ./sh -c "./words.txt"
expect sh-status "1${nl}0 0${nl}sh: nope: not found${nl}127" 0 -- ./sh -c "false; ./echo \$?; true; ./echo \$? \"\$?\"; nope; ./echo \$?"
expect sh-status-quoted '$? x$?y' 0 -- ./sh -c "./echo '\$?' x\\\$?y"
expect sh-status-redir "hi" 0 -- ./sh -c "(exit 3); ./echo hi > f\$?; ./cat f3"
expect sh-exit-status "" 4 -- ./sh -c "(exit 4); exit \$?"
expect sh-wait "5" 0 -- ./sh -c "(exit 5) & wait; ./echo 5"
expect sh-wait-bad "wait: 1 is not a child of this shell" 127 -- ./sh -c "wait 1"
expect sh-syntax-pipe "sh: syntax error near '|'" 2 -- ./sh -c "| echo"
expect sh-syntax-semi "sh: syntax error near ';'" 2 -- ./sh -c "; echo"
expect sh-syntax-paren "sh: syntax error near 'end of line'" 2 -- ./sh -c "(echo"
expect sh-syntax-close "sh: syntax error near ')'" 2 -- ./sh -c "echo )"
expect sh-syntax-redir "sh: syntax error near 'end of line'" 2 -- ./sh -c "echo >"
expect sh-syntax-quote "sh: syntax error: unterminated '" 2 -- ./sh -c "echo 'abc"
expect sh-exit-in-pipe "after" 0 -- ./sh -c "exit 5 | true; echo after"
expect sh-exit-in-sub "" 4 -- ./sh -c "(exit 4)"
expect sh-cd-home "sh: ./echo: not found${nl}ok" 0 -- ./sh -c "cd; ./echo no; cd $out; ./echo ok"
expect sh-depth-ok "x" 0 -- ./sh -c "((((((echo x))))))"
expect sh-depth-limit "sh: syntax error: ( ) nested too deeply" 2 -- ./sh -c "(((((((echo x)))))))"
expect sh-too-many-args "sh: syntax error: too many arguments" 2 -- ./sh -c "echo 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32"
expect sh-max-args "2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32" 0 -- ./sh -c "echo 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32"
expect sh-empty "" 0 -- ./sh -c ""
expect sh-cd "cd: /nonexistent: no such file or directory" 1 -- ./sh -c "cd /nonexistent"
expect sh-cd-file "cd: words.txt: not a directory" 1 -- ./sh -c "cd words.txt"
expect sh-cd-ok "hi" 0 -- ./sh -c "mkdir d1; cd d1; ../echo hi > x; cd ..; ./cat d1/x"
expect sh-newline "a${nl}b" 0 -- ./sh -c "echo a${nl}echo b"
expect sh-redir-missing "sh: cannot open nofile" 1 -- ./sh -c "cat < nofile"
expect sh-stdin "p${nl}q" 0 -- sh -c "printf 'echo p\necho q\n' | ./sh"
expect sh-stdin-prompt-none "" 0 -- sh -c "printf '' | ./sh"
printf 'echo s1\nfalse\n' > script.sh
expect sh-script "s1" 1 -- ./sh script.sh
expect sh-longpipe "1 1 4" 0 -- ./sh -c "echo abc | cat | cat | cat | cat | cat | cat | cat | cat | cat | wc"
expect sh-redir-only "0 0 0 e.txt" 0 -- ./sh -c "> e.txt; wc e.txt"
expect exitwait "exitwait: child X status 7" 0 -- sh -c "./exitwait | sed 's/child [0-9]*/child X/' | head -1"
expect nochild "nochild: wait -1" 0 -- ./nochild
expect slotreuse "slotreuse: 192 forks ok" 0 -- ./slotreuse
expect exitrace "exitrace: 50 rounds ok" 0 -- ./exitrace 50
expect waitpid "waitpid: got X status 2${nl}waitpid: non-child -1" 0 -- sh -c "./waitpidtest | sed 's/got [0-9]*/got X/'"
expect killpipe "killpipe: status -1" 0 -- ./killpipe
expect killspin "killspin: status -1" 0 -- sh -c "./killspin | head -1"
expect stress "stress: ok 5" 0 -- ./stress 5
expect bench "ok" 0 -- sh -c "./bench forkexitwait 20 pipe_rtt 50 forkexecwait 10 kill_spinning 10 kill_pipereader 10 sbrk_1mib 5 ctxswitch 100 | grep -c '^bench\.[a-z_0-9]*: [0-9]*\.[0-9][0-9] us\$' | grep -q '^7\$' && echo ok"
expect bench-cpu "ok" 0 -- sh -c "./bench cpu 1000 | grep -q '^bench\.cpu: [0-9]*\.[0-9][0-9] ns\$' && echo ok"
# Compute benchmarks: results recomputed independently (Python's hashlib and zlib).
expect sha256 "sha256 1 MiB: 12541f236c1cafcb0c30c4106363b591c2f7e0cd315474ce302e27d9ccb16ab4" 0 -- sh -c "./sha256 1 | grep -v '^time '"
expect crc32 "crc32 1 MiB: 76b059b0" 0 -- sh -c "./crc32 1 | grep -v '^time '"
expect qsort-bad "FAIL: qsort: the size must be a positive number, not 'x'" 1 -- ./qsort x

echo "host tests: $pass passed, $failed failed"
[ "$failed" = 0 ]
