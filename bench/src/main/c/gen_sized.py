#!/usr/bin/env python3
"""Writes a C file with FUNCS varied, non-trivial functions reachable through one function table, so that
clang keeps them all: a stand-in for a real application module of a given size, used to time a cold start
(decode + validate + lower + instantiate + first call). Usage: gen_sized.py FUNCS > out.c"""
import sys

funcs = int(sys.argv[1])
out = ['#include <stdint.h>', 'typedef uint32_t (*fn)(uint32_t);', 'static uint32_t acc[64];']
for i in range(funcs):
    a, b, c = (i * 2654435761) % 97 + 3, (i * 40503) % 31 + 1, i % 64
    kind = i % 4
    if kind == 0:
        body = f'''uint32_t s = x; for (uint32_t k = 0; k < (x & 7) + {b}; k++) {{ s = s * {a}u + k; s ^= s >> {b % 13 + 1}; }}
    acc[{c}] += s; return s;'''
    elif kind == 1:
        body = f'''switch (x % 5) {{ case 0: x += {a}; break; case 1: x *= {b}; break; case 2: x ^= {a * b}u; break;
    case 3: x = (x << {b % 7 + 1}) | (x >> {31 - b % 7}); break; default: x -= acc[{c}]; }}
    acc[{(c + 1) % 64}] ^= x; return x + {i}u;'''
    elif kind == 2:
        body = f'''double d = (double)x * {a}.5 / ({b}.0 + (x & 15));
    if (d > {a * 100}.0) d = d - {b}.25; acc[{c}] += (uint32_t)d; return (uint32_t)(d * 3.0) ^ {i}u;'''
    else:
        body = f'''uint32_t lo = x & 0xffff, hi = x >> 16, r = 0;
    while (lo) {{ r += (lo & 1) ? hi + {a}u : {b}u; lo >>= 1; }}
    acc[{c}] -= r; return r;'''
    out.append(f'static uint32_t f{i}(uint32_t x) {{\n    {body}\n}}')
out.append('static const fn table[] = {' + ', '.join(f'f{i}' for i in range(funcs)) + '};')
out.append(f'''uint32_t entry(uint32_t x) {{
    return table[x % {funcs}u](x) + acc[x & 63];
}}''')
print('\n'.join(out))
