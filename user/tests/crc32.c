// crc32 [MIB]: the CRC-32 (IEEE 802.3, reflected, as zlib computes it) of
// MIB mebibytes (default 16) of the compute stream (seed 2), and the time
// it took.  One table lookup, shift and xor per byte: a compute-bound
// benchmark for the block compiler whose result the host can check.
#include "user.h"

#define CHUNK 4096

static uint32 table[256];
static uint8 buf[CHUNK];

int main(int argc, char *argv[]) {
  int mib = count_arg(argc, argv, 16, "crc32");
  for (uint32 n = 0; n < 256; n++) {
    uint32 c = n;
    for (int k = 0; k < 8; k++)
      c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }

  uint64 seed = 2;
  uint32 crc = 0xFFFFFFFFu;
  uint64 t0 = nanotime();
  for (int chunk = 0; chunk < mib * (1024 * 1024 / CHUNK); chunk++) {
    fill_stream(&seed, buf, CHUNK);
    for (int i = 0; i < CHUNK; i++)
      crc = table[(crc ^ buf[i]) & 0xFF] ^ (crc >> 8);
  }
  crc ^= 0xFFFFFFFFu;
  report_time("crc32", t0);
  printf("crc32 %d MiB: %08x\n", mib, crc);
  return 0;
}
