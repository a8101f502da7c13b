/* f64 math: escape-time Mandelbrot over an n x n grid, total iteration count as checksum. */
#include "workload.h"

#define MAX_ITER 64

uint32_t run(uint32_t n) {
    uint32_t total = 0, h = 2166136261u;
    for (uint32_t py = 0; py < n; py++) {
        double ci = -1.25 + 2.5 * (double)py / (double)n;
        uint32_t row = 0;
        for (uint32_t px = 0; px < n; px++) {
            double cr = -2.0 + 2.5 * (double)px / (double)n;
            double zr = 0, zi = 0;
            uint32_t k = 0;
            while (k < MAX_ITER && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                k++;
            }
            row += k;
        }
        total += row;
        h = mix(h, row);
    }
    return h ^ total;
}
