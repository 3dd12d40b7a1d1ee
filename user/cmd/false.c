// false: fail with status 1 (as in Unix).
int main(void) {
  return 1;
}
