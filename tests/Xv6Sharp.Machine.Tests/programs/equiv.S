# One instruction stream assembled twice: with the C extension (the assembler
# then picks the compressed form of every instruction that has one) and
# without it. Run from the same registers, both builds must end with the same
# registers and memory; that checks every compressed form against its 32-bit
# twin. Uses s0 = data buffer; the harness sets sp and the other registers.
    .text
    .globl _start
_start:
    la s0, buf
    # quadrant 0
    addi a0, sp, 16            # c.addi4spn
    addi a1, sp, 1020          # c.addi4spn, largest immediate
    sw a2, 8(s0)               # c.sw
    sw a3, 124(s0)             # c.sw, largest offset
    lw a4, 8(s0)               # c.lw
    lw a5, 124(s0)             # c.lw
    sd a2, 16(s0)              # c.sd
    sd a3, 248(s0)             # c.sd, largest offset
    ld s1, 16(s0)              # c.ld
    ld a5, 248(s0)             # c.ld
    # quadrant 1
    nop                        # c.nop
    addi a0, a0, -32           # c.addi, most negative
    addi s1, s1, 31            # c.addi
    addiw a1, a1, -1           # c.addiw
    addiw a2, a2, 0            # c.addiw (sext.w)
    li a3, -32                 # c.li
    li a4, 31                  # c.li
    addi sp, sp, -512          # c.addi16sp, most negative
    addi sp, sp, 496           # c.addi16sp, largest
    addi sp, sp, 16
    lui a5, 0x1f               # c.lui, largest positive
    lui t0, 0xfffe0            # c.lui, most negative
    lui t1, 1                  # c.lui
    srli a0, a0, 33            # c.srli (shamt bit 5)
    srli a1, a1, 1             # c.srli
    srai a2, a2, 63            # c.srai
    srai a3, a3, 2             # c.srai
    andi a4, a4, -17           # c.andi
    andi a5, a5, 31            # c.andi
    sub a0, a0, a1             # c.sub
    xor a1, a1, a2             # c.xor
    or a2, a2, a3              # c.or
    and a3, a3, a4             # c.and
    subw a4, a4, a5            # c.subw
    addw a5, a5, s1            # c.addw
    # control flow: c.j, c.beqz, c.bnez
    li s1, 5
1:  addi s1, s1, -1
    addi a0, a0, 3
    bnez s1, 1b                # c.bnez (backward)
    beqz s1, 2f                # c.beqz (forward)
    li a0, 0
2:  j 3f                       # c.j
    li a1, 0
3:
    # quadrant 2
    slli t1, t1, 40            # c.slli (shamt bit 5)
    slli t2, a0, 0             # not compressible (rd != rs1): same either way
    slli t2, t2, 1             # c.slli
    sw t2, 12(sp)              # c.swsp
    sw a1, 252(sp)             # c.swsp, largest offset
    lw t3, 12(sp)              # c.lwsp
    lw t4, 252(sp)             # c.lwsp
    sd t1, 504(sp)             # c.sdsp, largest offset
    sd a2, 8(sp)               # c.sdsp
    ld t5, 504(sp)             # c.ldsp
    ld t6, 8(sp)               # c.ldsp
    mv s2, a0                  # c.mv
    add s2, s2, a1             # c.add
    add s3, s3, t6             # c.add
    la t0, func
    jalr t0                    # c.jalr (link differs between builds: cleared below)
    mv s4, a0
    li ra, 0
    li t0, 0
    li a7, 93
    ecall

func:
    addi a0, a0, 100
    ret                        # c.jr

    .data
    .balign 8
buf:
    .zero 256
