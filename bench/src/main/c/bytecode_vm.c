/*
 * Interpreter dispatch: a tiny stack machine run by a switch over its opcodes. Its program sums the Collatz
 * step counts of 1..n-1, exercising arithmetic, comparisons, jumps and locals on every iteration.
 * Arithmetic wraps (done in uint32_t) so the C is free of undefined behaviour; for n < 77,000 no Collatz
 * value exceeds 2^31, so the result is the true sum.
 */
#include "workload.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, SHR, AND, LT, EQ, JMP, JZ, JNZ, DUP, POP, HALT };

/* Code addresses of the jump targets (see the offsets in the listing). */
enum { OUTER = 8, INNER = 23, EVEN = 49, STEP = 56, DONE = 65, END = 81 };

/* Locals: 0 = i, 1 = n, 2 = x, 3 = steps, 4 = total */
static const int32_t program[] = {
    /*  0 */ PUSH, 1, STORE, 0,
    /*  4 */ PUSH, 0, STORE, 4,
    /*  8 */ LOAD, 0, LOAD, 1, LT, JZ, END,
    /* 15 */ LOAD, 0, STORE, 2,
    /* 19 */ PUSH, 0, STORE, 3,
    /* 23 */ LOAD, 2, PUSH, 1, EQ, JNZ, DONE,
    /* 30 */ LOAD, 2, PUSH, 1, AND, JZ, EVEN,
    /* 37 */ LOAD, 2, PUSH, 3, MUL, PUSH, 1, ADD, STORE, 2, JMP, STEP,
    /* 49 */ LOAD, 2, PUSH, 1, SHR, STORE, 2,
    /* 56 */ LOAD, 3, PUSH, 1, ADD, STORE, 3, JMP, INNER,
    /* 65 */ LOAD, 3, LOAD, 4, ADD, STORE, 4,
    /* 72 */ LOAD, 0, PUSH, 1, ADD, STORE, 0, JMP, OUTER,
    /* 81 */ HALT,
};

static uint32_t execute(const int32_t *code, int32_t *locals) {
    int32_t stack[16];
    int sp = 0;
    const int32_t *pc = code;
    for (;;) {
        int32_t a, b;
        switch (*pc++) {
        case PUSH: stack[sp++] = *pc++; break;
        case LOAD: stack[sp++] = locals[*pc++]; break;
        case STORE: locals[*pc++] = stack[--sp]; break;
        case ADD: b = stack[--sp]; a = stack[--sp]; stack[sp++] = (int32_t)((uint32_t)a + (uint32_t)b); break;
        case SUB: b = stack[--sp]; a = stack[--sp]; stack[sp++] = (int32_t)((uint32_t)a - (uint32_t)b); break;
        case MUL: b = stack[--sp]; a = stack[--sp]; stack[sp++] = (int32_t)((uint32_t)a * (uint32_t)b); break;
        case SHR: b = stack[--sp]; a = stack[--sp]; stack[sp++] = (int32_t)((uint32_t)a >> (b & 31)); break;
        case AND: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a & b; break;
        case LT: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a < b; break;
        case EQ: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a == b; break;
        case JMP: pc = code + *pc; break;
        case JZ: a = stack[--sp]; pc = a ? pc + 1 : code + *pc; break;
        case JNZ: a = stack[--sp]; pc = a ? code + *pc : pc + 1; break;
        case DUP: a = stack[sp - 1]; stack[sp++] = a; break;
        case POP: --sp; break;
        case HALT: return (uint32_t)locals[4];
        default: return 0xdeadbeefu; /* corrupt program */
        }
    }
}

uint32_t run(uint32_t n) {
    int32_t locals[5] = {0, (int32_t)n, 0, 0, 0};
    return execute(program, locals);
}
