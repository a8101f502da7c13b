/* Integer matrix multiply: C = A x B for 64x64 int32 matrices, n rounds, B perturbed each round. */
#include "workload.h"

#define N 64
static int32_t A[N][N], B[N][N], C[N][N];

uint32_t run(uint32_t n) {
    uint32_t seed = 777, h = 2166136261u;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            A[i][j] = (int32_t)(xorshift32(&seed) % 201) - 100;
            B[i][j] = (int32_t)(xorshift32(&seed) % 201) - 100;
        }
    for (uint32_t rep = 0; rep < n; rep++) {
        B[rep % N][(rep * 7) % N] += 1;
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                int32_t s = 0;
                for (int k = 0; k < N; k++) s += A[i][k] * B[k][j];
                C[i][j] = s;
            }
        for (int i = 0; i < N; i++) h = mix(h, (uint32_t)C[i][(i + rep) % N]);
    }
    return h;
}
