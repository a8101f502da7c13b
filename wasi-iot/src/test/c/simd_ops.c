/*
 * Runs (nearly) every Wasm SIMD instruction, through clang's wasm_simd128.h intrinsics, over the same 64
 * pseudo-random vectors mixed with edge values (NaN, +-0, +-inf, lane minima and maxima), and prints one
 * line per instruction: its name and an FNV hash of all results. Float results have their NaN lanes replaced
 * by one canonical NaN before hashing, since NaN payloads are nondeterministic in Wasm. The golden output is
 * V8's (Node 20, simd_ops.v8.txt, written by build.sh); Pinion must print the same.
 */
#include <wasm_simd128.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 64
static v128_t A[N], B[N];
static uint8_t mem[64 + 16];
static uint32_t h;

static void mixv(v128_t v) {
    uint8_t b[16];
    wasm_v128_store(b, v);
    for (int i = 0; i < 16; i++) h = (h ^ b[i]) * 16777619u;
}

static void mixs(uint64_t x) {
    for (int i = 0; i < 8; i++) h = (h ^ (uint8_t)(x >> (8 * i))) * 16777619u;
}

static v128_t c32(v128_t v) {
    return wasm_v128_bitselect(wasm_i32x4_splat(0x7fc00000), v, wasm_f32x4_ne(v, v));
}

static v128_t c64(v128_t v) {
    return wasm_v128_bitselect(wasm_i64x2_splat(0x7ff8000000000000LL), v, wasm_f64x2_ne(v, v));
}

#define RUN(name, body) do { h = 2166136261u; for (int i = 0; i < N; i++) { v128_t a = A[i], b = B[i]; \
    (void)a; (void)b; body; } printf("%-34s %08x\n", name, h); } while (0)
#define V(name, expr) RUN(name, mixv(expr))
#define F32(name, expr) RUN(name, mixv(c32(expr)))
#define F64(name, expr) RUN(name, mixv(c64(expr)))
#define S(name, expr) RUN(name, mixs((uint64_t)(expr)))

static uint32_t seed = 0x9e3779b9u;
static uint32_t rnd(void) {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
}

static void inputs(void) {
    static const uint32_t f32s[] = {0x7fc00000, 0xffc00000, 0x7fa00001, 0x00000000, 0x80000000, 0x7f800000,
            0xff800000, 0x3fc00000, 0x40200000, 0xc0200000, 0x4f400000, 0xcf400000, 0x00000001, 0x3f000000,
            0xbf000000, 0x4b000001};
    static const uint64_t f64s[] = {0x7ff8000000000000ULL, 0x0000000000000000ULL, 0x8000000000000000ULL,
            0x7ff0000000000000ULL, 0xfff0000000000000ULL, 0x3ff8000000000000ULL, 0xc004000000000000ULL,
            0x41f0000000000000ULL, 0xc1e0000000200000ULL, 0x0000000000000001ULL, 0x3fe0000000000000ULL,
            0x4330000000000001ULL};
    for (int i = 0; i < N; i++) {
        uint32_t x[4], y[4];
        for (int k = 0; k < 4; k++) { x[k] = rnd(); y[k] = rnd(); }
        switch (i % 4) {
            case 1:
                for (int k = 0; k < 4; k++) { x[k] = f32s[(i + k) % 16]; y[k] = f32s[(i * 3 + k * 5) % 16]; }
                break;
            case 2: {
                uint64_t p = f64s[i % 12], q = f64s[(i * 7 + 1) % 12];
                memcpy(x, &p, 8); memcpy(y, &q, 8);
                break;
            }
            case 3:
                x[0] = 0x80008000u; x[1] = 0x7fff7fffu; y[2] = 0x80000000u; y[3] = 0x7f7f8080u;
                if (i % 8 == 3) { x[2] = 0; x[3] = 0x01010101u; }
                break;
        }
        memcpy(&A[i], x, 16);
        memcpy(&B[i], y, 16);
    }
    for (int i = 0; i < (int)sizeof mem; i++) mem[i] = (uint8_t)rnd();
}

int main(void) {
    inputs();
    /* memory */
    V("v128.load", wasm_v128_load(mem + i % 48));
    V("v128.load8_splat", wasm_v128_load8_splat(mem + i));
    V("v128.load16_splat", wasm_v128_load16_splat(mem + i));
    V("v128.load32_splat", wasm_v128_load32_splat(mem + i));
    V("v128.load64_splat", wasm_v128_load64_splat(mem + i));
    V("v128.load8x8_s", wasm_i16x8_load8x8(mem + i));
    V("v128.load8x8_u", wasm_u16x8_load8x8(mem + i));
    V("v128.load16x4_s", wasm_i32x4_load16x4(mem + i));
    V("v128.load16x4_u", wasm_u32x4_load16x4(mem + i));
    V("v128.load32x2_s", wasm_i64x2_load32x2(mem + i));
    V("v128.load32x2_u", wasm_u64x2_load32x2(mem + i));
    V("v128.load32_zero", wasm_v128_load32_zero(mem + i));
    V("v128.load64_zero", wasm_v128_load64_zero(mem + i));
    V("v128.load8_lane", wasm_v128_load8_lane(mem + i, a, 13));
    V("v128.load16_lane", wasm_v128_load16_lane(mem + i, a, 5));
    V("v128.load32_lane", wasm_v128_load32_lane(mem + i, a, 2));
    V("v128.load64_lane", wasm_v128_load64_lane(mem + i, a, 1));
    RUN("v128.store", { uint8_t t[32] = {0}; wasm_v128_store(t + (i & 15), a); mixv(wasm_v128_load(t)); mixv(wasm_v128_load(t + 16)); });
    RUN("v128.store8_lane", { uint8_t t[16] = {0}; wasm_v128_store8_lane(t + (i & 7), a, 9); mixv(wasm_v128_load(t)); });
    RUN("v128.store16_lane", { uint8_t t[16] = {0}; wasm_v128_store16_lane(t + (i & 7), a, 6); mixv(wasm_v128_load(t)); });
    RUN("v128.store32_lane", { uint8_t t[16] = {0}; wasm_v128_store32_lane(t + (i & 7), a, 3); mixv(wasm_v128_load(t)); });
    RUN("v128.store64_lane", { uint8_t t[16] = {0}; wasm_v128_store64_lane(t + (i & 7), a, 1); mixv(wasm_v128_load(t)); });
    /* splat, lanes, shuffles */
    V("i8x16.splat", wasm_i8x16_splat((int8_t)wasm_i32x4_extract_lane(a, 0)));
    V("i16x8.splat", wasm_i16x8_splat((int16_t)wasm_i32x4_extract_lane(a, 1)));
    V("i32x4.splat", wasm_i32x4_splat(wasm_i32x4_extract_lane(a, 2)));
    V("i64x2.splat", wasm_i64x2_splat(wasm_i64x2_extract_lane(a, 1)));
    F32("f32x4.splat", wasm_f32x4_splat(wasm_f32x4_extract_lane(a, 3)));
    F64("f64x2.splat", wasm_f64x2_splat(wasm_f64x2_extract_lane(a, 0)));
    S("i8x16.extract_lane_s", wasm_i8x16_extract_lane(a, 7) + 1000 * wasm_i8x16_extract_lane(a, 15));
    S("i8x16.extract_lane_u", wasm_u8x16_extract_lane(a, 7) + 1000 * wasm_u8x16_extract_lane(a, 12));
    S("i16x8.extract_lane_s", wasm_i16x8_extract_lane(a, 1) + 100000 * wasm_i16x8_extract_lane(a, 6));
    S("i16x8.extract_lane_u", wasm_u16x8_extract_lane(a, 3) + 100000 * wasm_u16x8_extract_lane(a, 7));
    V("i8x16.replace_lane", wasm_i8x16_replace_lane(a, 11, (int8_t)i));
    V("i16x8.replace_lane", wasm_i16x8_replace_lane(a, 4, (int16_t)(i * 999)));
    V("i32x4.replace_lane", wasm_i32x4_replace_lane(a, 3, wasm_i32x4_extract_lane(b, 0)));
    V("i64x2.replace_lane", wasm_i64x2_replace_lane(a, 0, wasm_i64x2_extract_lane(b, 1)));
    F32("f32x4.replace_lane", wasm_f32x4_replace_lane(a, 2, wasm_f32x4_extract_lane(b, 1)));
    F64("f64x2.replace_lane", wasm_f64x2_replace_lane(a, 1, wasm_f64x2_extract_lane(b, 0)));
    V("i8x16.shuffle", wasm_i8x16_shuffle(a, b, 0, 17, 2, 19, 31, 30, 7, 8, 16, 15, 10, 11, 28, 3, 1, 24));
    V("i8x16.swizzle", wasm_i8x16_swizzle(a, wasm_v128_and(b, wasm_i8x16_splat(0x1f))));
    /* comparisons */
    V("i8x16.eq", wasm_i8x16_eq(a, wasm_v128_and(a, b))); V("i8x16.ne", wasm_i8x16_ne(a, b));
    V("i8x16.lt_s", wasm_i8x16_lt(a, b)); V("i8x16.lt_u", wasm_u8x16_lt(a, b));
    V("i8x16.gt_s", wasm_i8x16_gt(a, b)); V("i8x16.gt_u", wasm_u8x16_gt(a, b));
    V("i8x16.le_s", wasm_i8x16_le(a, b)); V("i8x16.le_u", wasm_u8x16_le(a, b));
    V("i8x16.ge_s", wasm_i8x16_ge(a, b)); V("i8x16.ge_u", wasm_u8x16_ge(a, b));
    V("i16x8.eq", wasm_i16x8_eq(a, wasm_v128_or(a, b))); V("i16x8.ne", wasm_i16x8_ne(a, b));
    V("i16x8.lt_s", wasm_i16x8_lt(a, b)); V("i16x8.lt_u", wasm_u16x8_lt(a, b));
    V("i16x8.gt_s", wasm_i16x8_gt(a, b)); V("i16x8.gt_u", wasm_u16x8_gt(a, b));
    V("i16x8.le_s", wasm_i16x8_le(a, b)); V("i16x8.le_u", wasm_u16x8_le(a, b));
    V("i16x8.ge_s", wasm_i16x8_ge(a, b)); V("i16x8.ge_u", wasm_u16x8_ge(a, b));
    V("i32x4.eq", wasm_i32x4_eq(a, wasm_v128_and(a, b))); V("i32x4.ne", wasm_i32x4_ne(a, b));
    V("i32x4.lt_s", wasm_i32x4_lt(a, b)); V("i32x4.lt_u", wasm_u32x4_lt(a, b));
    V("i32x4.gt_s", wasm_i32x4_gt(a, b)); V("i32x4.gt_u", wasm_u32x4_gt(a, b));
    V("i32x4.le_s", wasm_i32x4_le(a, b)); V("i32x4.le_u", wasm_u32x4_le(a, b));
    V("i32x4.ge_s", wasm_i32x4_ge(a, b)); V("i32x4.ge_u", wasm_u32x4_ge(a, b));
    V("i64x2.eq", wasm_i64x2_eq(a, wasm_v128_or(a, b))); V("i64x2.ne", wasm_i64x2_ne(a, b));
    V("i64x2.lt_s", wasm_i64x2_lt(a, b)); V("i64x2.gt_s", wasm_i64x2_gt(a, b));
    V("i64x2.le_s", wasm_i64x2_le(a, b)); V("i64x2.ge_s", wasm_i64x2_ge(a, b));
    V("f32x4.eq", wasm_f32x4_eq(a, b)); V("f32x4.ne", wasm_f32x4_ne(a, b)); V("f32x4.lt", wasm_f32x4_lt(a, b));
    V("f32x4.gt", wasm_f32x4_gt(a, b)); V("f32x4.le", wasm_f32x4_le(a, b)); V("f32x4.ge", wasm_f32x4_ge(a, b));
    V("f64x2.eq", wasm_f64x2_eq(a, b)); V("f64x2.ne", wasm_f64x2_ne(a, b)); V("f64x2.lt", wasm_f64x2_lt(a, b));
    V("f64x2.gt", wasm_f64x2_gt(a, b)); V("f64x2.le", wasm_f64x2_le(a, b)); V("f64x2.ge", wasm_f64x2_ge(a, b));
    /* bitwise */
    V("v128.not", wasm_v128_not(a)); V("v128.and", wasm_v128_and(a, b)); V("v128.andnot", wasm_v128_andnot(a, b));
    V("v128.or", wasm_v128_or(a, b)); V("v128.xor", wasm_v128_xor(a, b));
    V("v128.bitselect", wasm_v128_bitselect(a, b, A[(i + 1) % N]));
    S("v128.any_true", wasm_v128_any_true(wasm_v128_and(a, b)) + 2 * wasm_v128_any_true(wasm_i64x2_splat(0)));
    /* i8x16 */
    V("i8x16.abs", wasm_i8x16_abs(a)); V("i8x16.neg", wasm_i8x16_neg(a)); V("i8x16.popcnt", wasm_i8x16_popcnt(a));
    S("i8x16.all_true", wasm_i8x16_all_true(a) + 2 * wasm_i8x16_all_true(wasm_v128_or(a, wasm_i8x16_splat(1))));
    S("i8x16.bitmask", wasm_i8x16_bitmask(a));
    V("i8x16.narrow_i16x8_s", wasm_i8x16_narrow_i16x8(a, b)); V("i8x16.narrow_i16x8_u", wasm_u8x16_narrow_i16x8(a, b));
    V("i8x16.shl", wasm_i8x16_shl(a, i)); V("i8x16.shr_s", wasm_i8x16_shr(a, i)); V("i8x16.shr_u", wasm_u8x16_shr(a, i));
    V("i8x16.add", wasm_i8x16_add(a, b)); V("i8x16.add_sat_s", wasm_i8x16_add_sat(a, b));
    V("i8x16.add_sat_u", wasm_u8x16_add_sat(a, b)); V("i8x16.sub", wasm_i8x16_sub(a, b));
    V("i8x16.sub_sat_s", wasm_i8x16_sub_sat(a, b)); V("i8x16.sub_sat_u", wasm_u8x16_sub_sat(a, b));
    V("i8x16.min_s", wasm_i8x16_min(a, b)); V("i8x16.min_u", wasm_u8x16_min(a, b));
    V("i8x16.max_s", wasm_i8x16_max(a, b)); V("i8x16.max_u", wasm_u8x16_max(a, b));
    V("i8x16.avgr_u", wasm_u8x16_avgr(a, b));
    /* i16x8 */
    V("i16x8.extadd_pairwise_i8x16_s", wasm_i16x8_extadd_pairwise_i8x16(a));
    V("i16x8.extadd_pairwise_i8x16_u", wasm_u16x8_extadd_pairwise_u8x16(a));
    V("i16x8.abs", wasm_i16x8_abs(a)); V("i16x8.neg", wasm_i16x8_neg(a));
    V("i16x8.q15mulr_sat_s", wasm_i16x8_q15mulr_sat(a, b));
    S("i16x8.all_true", wasm_i16x8_all_true(a) + 2 * wasm_i16x8_all_true(wasm_v128_or(a, wasm_i16x8_splat(1))));
    S("i16x8.bitmask", wasm_i16x8_bitmask(a));
    V("i16x8.narrow_i32x4_s", wasm_i16x8_narrow_i32x4(a, b)); V("i16x8.narrow_i32x4_u", wasm_u16x8_narrow_i32x4(a, b));
    V("i16x8.extend_low_i8x16_s", wasm_i16x8_extend_low_i8x16(a)); V("i16x8.extend_high_i8x16_s", wasm_i16x8_extend_high_i8x16(a));
    V("i16x8.extend_low_i8x16_u", wasm_u16x8_extend_low_u8x16(a)); V("i16x8.extend_high_i8x16_u", wasm_u16x8_extend_high_u8x16(a));
    V("i16x8.shl", wasm_i16x8_shl(a, i)); V("i16x8.shr_s", wasm_i16x8_shr(a, i)); V("i16x8.shr_u", wasm_u16x8_shr(a, i));
    V("i16x8.add", wasm_i16x8_add(a, b)); V("i16x8.add_sat_s", wasm_i16x8_add_sat(a, b));
    V("i16x8.add_sat_u", wasm_u16x8_add_sat(a, b)); V("i16x8.sub", wasm_i16x8_sub(a, b));
    V("i16x8.sub_sat_s", wasm_i16x8_sub_sat(a, b)); V("i16x8.sub_sat_u", wasm_u16x8_sub_sat(a, b));
    V("i16x8.mul", wasm_i16x8_mul(a, b));
    V("i16x8.min_s", wasm_i16x8_min(a, b)); V("i16x8.min_u", wasm_u16x8_min(a, b));
    V("i16x8.max_s", wasm_i16x8_max(a, b)); V("i16x8.max_u", wasm_u16x8_max(a, b));
    V("i16x8.avgr_u", wasm_u16x8_avgr(a, b));
    V("i16x8.extmul_low_i8x16_s", wasm_i16x8_extmul_low_i8x16(a, b)); V("i16x8.extmul_high_i8x16_s", wasm_i16x8_extmul_high_i8x16(a, b));
    V("i16x8.extmul_low_i8x16_u", wasm_u16x8_extmul_low_u8x16(a, b)); V("i16x8.extmul_high_i8x16_u", wasm_u16x8_extmul_high_u8x16(a, b));
    /* i32x4 */
    V("i32x4.extadd_pairwise_i16x8_s", wasm_i32x4_extadd_pairwise_i16x8(a));
    V("i32x4.extadd_pairwise_i16x8_u", wasm_u32x4_extadd_pairwise_u16x8(a));
    V("i32x4.abs", wasm_i32x4_abs(a)); V("i32x4.neg", wasm_i32x4_neg(a));
    S("i32x4.all_true", wasm_i32x4_all_true(a) + 2 * wasm_i32x4_all_true(wasm_v128_or(a, wasm_i32x4_splat(1))));
    S("i32x4.bitmask", wasm_i32x4_bitmask(a));
    V("i32x4.extend_low_i16x8_s", wasm_i32x4_extend_low_i16x8(a)); V("i32x4.extend_high_i16x8_s", wasm_i32x4_extend_high_i16x8(a));
    V("i32x4.extend_low_i16x8_u", wasm_u32x4_extend_low_u16x8(a)); V("i32x4.extend_high_i16x8_u", wasm_u32x4_extend_high_u16x8(a));
    V("i32x4.shl", wasm_i32x4_shl(a, i)); V("i32x4.shr_s", wasm_i32x4_shr(a, i)); V("i32x4.shr_u", wasm_u32x4_shr(a, i));
    V("i32x4.add", wasm_i32x4_add(a, b)); V("i32x4.sub", wasm_i32x4_sub(a, b)); V("i32x4.mul", wasm_i32x4_mul(a, b));
    V("i32x4.min_s", wasm_i32x4_min(a, b)); V("i32x4.min_u", wasm_u32x4_min(a, b));
    V("i32x4.max_s", wasm_i32x4_max(a, b)); V("i32x4.max_u", wasm_u32x4_max(a, b));
    V("i32x4.dot_i16x8_s", wasm_i32x4_dot_i16x8(a, b));
    V("i32x4.extmul_low_i16x8_s", wasm_i32x4_extmul_low_i16x8(a, b)); V("i32x4.extmul_high_i16x8_s", wasm_i32x4_extmul_high_i16x8(a, b));
    V("i32x4.extmul_low_i16x8_u", wasm_u32x4_extmul_low_u16x8(a, b)); V("i32x4.extmul_high_i16x8_u", wasm_u32x4_extmul_high_u16x8(a, b));
    /* i64x2 */
    V("i64x2.abs", wasm_i64x2_abs(a)); V("i64x2.neg", wasm_i64x2_neg(a));
    S("i64x2.all_true", wasm_i64x2_all_true(a) + 2 * wasm_i64x2_all_true(wasm_v128_or(a, wasm_i64x2_splat(1))));
    S("i64x2.bitmask", wasm_i64x2_bitmask(a));
    V("i64x2.extend_low_i32x4_s", wasm_i64x2_extend_low_i32x4(a)); V("i64x2.extend_high_i32x4_s", wasm_i64x2_extend_high_i32x4(a));
    V("i64x2.extend_low_i32x4_u", wasm_u64x2_extend_low_u32x4(a)); V("i64x2.extend_high_i32x4_u", wasm_u64x2_extend_high_u32x4(a));
    V("i64x2.shl", wasm_i64x2_shl(a, i)); V("i64x2.shr_s", wasm_i64x2_shr(a, i)); V("i64x2.shr_u", wasm_u64x2_shr(a, i));
    V("i64x2.add", wasm_i64x2_add(a, b)); V("i64x2.sub", wasm_i64x2_sub(a, b)); V("i64x2.mul", wasm_i64x2_mul(a, b));
    V("i64x2.extmul_low_i32x4_s", wasm_i64x2_extmul_low_i32x4(a, b)); V("i64x2.extmul_high_i32x4_s", wasm_i64x2_extmul_high_i32x4(a, b));
    V("i64x2.extmul_low_i32x4_u", wasm_u64x2_extmul_low_u32x4(a, b)); V("i64x2.extmul_high_i32x4_u", wasm_u64x2_extmul_high_u32x4(a, b));
    /* f32x4 */
    F32("f32x4.abs", wasm_f32x4_abs(a)); F32("f32x4.neg", wasm_f32x4_neg(a)); F32("f32x4.sqrt", wasm_f32x4_sqrt(a));
    F32("f32x4.ceil", wasm_f32x4_ceil(a)); F32("f32x4.floor", wasm_f32x4_floor(a));
    F32("f32x4.trunc", wasm_f32x4_trunc(a)); F32("f32x4.nearest", wasm_f32x4_nearest(a));
    F32("f32x4.add", wasm_f32x4_add(a, b)); F32("f32x4.sub", wasm_f32x4_sub(a, b));
    F32("f32x4.mul", wasm_f32x4_mul(a, b)); F32("f32x4.div", wasm_f32x4_div(a, b));
    F32("f32x4.min", wasm_f32x4_min(a, b)); F32("f32x4.max", wasm_f32x4_max(a, b));
    F32("f32x4.pmin", wasm_f32x4_pmin(a, b)); F32("f32x4.pmax", wasm_f32x4_pmax(a, b));
    F32("f32x4.demote_f64x2_zero", wasm_f32x4_demote_f64x2_zero(a));
    F32("f32x4.convert_i32x4_s", wasm_f32x4_convert_i32x4(a)); F32("f32x4.convert_i32x4_u", wasm_f32x4_convert_u32x4(a));
    /* f64x2 */
    F64("f64x2.abs", wasm_f64x2_abs(a)); F64("f64x2.neg", wasm_f64x2_neg(a)); F64("f64x2.sqrt", wasm_f64x2_sqrt(a));
    F64("f64x2.ceil", wasm_f64x2_ceil(a)); F64("f64x2.floor", wasm_f64x2_floor(a));
    F64("f64x2.trunc", wasm_f64x2_trunc(a)); F64("f64x2.nearest", wasm_f64x2_nearest(a));
    F64("f64x2.add", wasm_f64x2_add(a, b)); F64("f64x2.sub", wasm_f64x2_sub(a, b));
    F64("f64x2.mul", wasm_f64x2_mul(a, b)); F64("f64x2.div", wasm_f64x2_div(a, b));
    F64("f64x2.min", wasm_f64x2_min(a, b)); F64("f64x2.max", wasm_f64x2_max(a, b));
    F64("f64x2.pmin", wasm_f64x2_pmin(a, b)); F64("f64x2.pmax", wasm_f64x2_pmax(a, b));
    F64("f64x2.promote_low_f32x4", wasm_f64x2_promote_low_f32x4(a));
    F64("f64x2.convert_low_i32x4_s", wasm_f64x2_convert_low_i32x4(a)); F64("f64x2.convert_low_i32x4_u", wasm_f64x2_convert_low_u32x4(a));
    /* float to int */
    V("i32x4.trunc_sat_f32x4_s", wasm_i32x4_trunc_sat_f32x4(a)); V("i32x4.trunc_sat_f32x4_u", wasm_u32x4_trunc_sat_f32x4(a));
    V("i32x4.trunc_sat_f64x2_s_zero", wasm_i32x4_trunc_sat_f64x2_zero(a));
    V("i32x4.trunc_sat_f64x2_u_zero", wasm_u32x4_trunc_sat_f64x2_zero(a));
    return 0;
}
