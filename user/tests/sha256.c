// sha256 [MIB]: the SHA-256 digest of MIB mebibytes (default 8) of the
// compute stream (lib/compute.c, seed 1), and the time it took.  Integer
// rotates, adds and a table of round constants: a compute-bound benchmark
// for the block compiler whose result the host can check.
#include "user.h"

#define CHUNK 4096

// Round constants and initial hash value (FIPS 180-4, 4.2.2 and 5.3.3).
static const uint32 K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32 state[8];
static uint8 buf[CHUNK];

static uint32 ror(uint32 x, int n) { return (x >> n) | (x << (32 - n)); }

// One 64-byte block into the running state.
static void compress(const uint8 *p) {
  uint32 w[64];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32)p[4 * i] << 24 | (uint32)p[4 * i + 1] << 16 | (uint32)p[4 * i + 2] << 8 | p[4 * i + 3];
  for (int i = 16; i < 64; i++) {
    uint32 s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32 s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32 a = state[0], b = state[1], c = state[2], d = state[3];
  uint32 e = state[4], f = state[5], g = state[6], h = state[7];
  for (int i = 0; i < 64; i++) {
    uint32 t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
    uint32 t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g; g = f; f = e; e = d + t1;
    d = c; c = b; b = a; a = t1 + t2;
  }
  state[0] += a; state[1] += b; state[2] += c; state[3] += d;
  state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

int main(int argc, char *argv[]) {
  int mib = count_arg(argc, argv, 8, "sha256");
  static const uint32 initial[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  };
  for (int i = 0; i < 8; i++)
    state[i] = initial[i];

  uint64 seed = 1;
  uint64 t0 = nanotime();
  for (int chunk = 0; chunk < mib * (1024 * 1024 / CHUNK); chunk++) {
    fill_stream(&seed, buf, CHUNK);
    for (int off = 0; off < CHUNK; off += 64)
      compress(buf + off);
  }
  // Padding: 0x80, zeros, then the length in bits (big-endian) in the last 8 bytes.
  uint8 last[64];
  memset(last, 0, sizeof last);
  last[0] = 0x80;
  uint64 bits = (uint64)mib * 1024 * 1024 * 8;
  for (int i = 0; i < 8; i++)
    last[63 - i] = (uint8)(bits >> (8 * i));
  compress(last);
  report_time("sha256", t0);

  printf("sha256 %d MiB: ", mib);
  for (int i = 0; i < 8; i++)
    printf("%08x", state[i]);
  printf("\n");
  return 0;
}
