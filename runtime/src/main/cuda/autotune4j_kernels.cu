// Kernels of autotune4j's CUDA profiler and of the GPU sample ops. Compiled to PTX for compute_80 (it loads on
// Ampere and Hopper through the driver's JIT); the build regenerates the PTX when nvcc is on the PATH, and
// the committed copy in src/main/resources is used otherwise (CudaKernelsSyncTest keeps them equal).
//   nvcc -ptx -arch=compute_80 -o autotune4j_kernels.ptx autotune4j_kernels.cu
// All entry points are extern "C" so their PTX names are the plain names the Java side looks up.

extern "C" {

// Spins until %globaltimer has advanced by ns nanoseconds. Before the start event it hides the host's
// launch overhead (the reference's delay kernel); the GPU tests use it as a kernel of known duration.
__global__ void spin_ns(unsigned long long ns) {
    unsigned long long start;
    unsigned long long now;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(start));
    do {
        asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(now));
    } while (now - start < ns);
}

// Small random values in [-1, 1), never exactly zero (all-zero inputs make timings lie), from a seed.
__global__ void fill_random(float* p, unsigned long long n, unsigned long long seed) {
    for (unsigned long long i = blockIdx.x * (unsigned long long) blockDim.x + threadIdx.x; i < n;
         i += (unsigned long long) gridDim.x * blockDim.x) {
        unsigned long long x = (i + 1) * 0x9E3779B97F4A7C15ULL ^ seed;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
        x ^= x >> 31;
        float v = (float) (x >> 40) * (2.0f / 16777216.0f) - 1.0f;
        p[i] = v == 0.0f ? 0.5f : v;
    }
}

// C[M,N] = A[M,K] * B[K,N], row-major, one thread per element of C. The fallback.
__global__ void gemm_naive(const float* A, const float* B, float* C, int M, int N, int K) {
    int row = blockIdx.y * blockDim.y + threadIdx.y;
    int col = blockIdx.x * blockDim.x + threadIdx.x;
    if (row < M && col < N) {
        float s = 0.0f;
        for (int k = 0; k < K; ++k) {
            s += A[row * K + k] * B[k * N + col];
        }
        C[row * N + col] = s;
    }
}

}  // extern "C"

// Shared-memory tiles of TILE x TILE; block TILE x TILE threads.
template <int TILE>
__device__ void gemm_smem(const float* A, const float* B, float* C, int M, int N, int K) {
    __shared__ float As[TILE][TILE];
    __shared__ float Bs[TILE][TILE];
    int ty = threadIdx.y;
    int tx = threadIdx.x;
    int row = blockIdx.y * TILE + ty;
    int col = blockIdx.x * TILE + tx;
    float s = 0.0f;
    for (int k0 = 0; k0 < K; k0 += TILE) {
        As[ty][tx] = (row < M && k0 + tx < K) ? A[row * K + k0 + tx] : 0.0f;
        Bs[ty][tx] = (k0 + ty < K && col < N) ? B[(k0 + ty) * N + col] : 0.0f;
        __syncthreads();
#pragma unroll
        for (int k = 0; k < TILE; ++k) {
            s += As[ty][k] * Bs[k][tx];
        }
        __syncthreads();
    }
    if (row < M && col < N) {
        C[row * N + col] = s;
    }
}

// Register blocking: a 16 x 16 block computes a 64 x 64 tile of C, each thread a 4 x 4 piece, through
// shared-memory panels of A (64 x 16) and B (16 x 64).
__device__ void gemm_regblock(const float* A, const float* B, float* C, int M, int N, int K) {
    __shared__ float As[16][64 + 1];
    __shared__ float Bs[16][64];
    int tx = threadIdx.x;
    int ty = threadIdx.y;
    int tid = ty * 16 + tx;
    int rowBase = blockIdx.y * 64;
    int colBase = blockIdx.x * 64;
    float acc[4][4] = {{0}};
    for (int k0 = 0; k0 < K; k0 += 16) {
        for (int i = tid; i < 64 * 16; i += 256) {
            int r = i / 16;
            int k = i % 16;
            int gr = rowBase + r;
            int gk = k0 + k;
            As[k][r] = (gr < M && gk < K) ? A[gr * K + gk] : 0.0f;
            int kr = i / 64;
            int c = i % 64;
            int gkr = k0 + kr;
            int gc = colBase + c;
            Bs[kr][c] = (gkr < K && gc < N) ? B[gkr * N + gc] : 0.0f;
        }
        __syncthreads();
#pragma unroll
        for (int k = 0; k < 16; ++k) {
            float a[4];
            float b[4];
#pragma unroll
            for (int i = 0; i < 4; ++i) {
                a[i] = As[k][ty * 4 + i];
                b[i] = Bs[k][tx * 4 + i];
            }
#pragma unroll
            for (int i = 0; i < 4; ++i) {
#pragma unroll
                for (int j = 0; j < 4; ++j) {
                    acc[i][j] += a[i] * b[j];
                }
            }
        }
        __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < 4; ++i) {
        int r = rowBase + ty * 4 + i;
#pragma unroll
        for (int j = 0; j < 4; ++j) {
            int c = colBase + tx * 4 + j;
            if (r < M && c < N) {
                C[r * N + c] = acc[i][j];
            }
        }
    }
}

extern "C" {

__global__ void gemm_smem8(const float* A, const float* B, float* C, int M, int N, int K) {
    gemm_smem<8>(A, B, C, M, N, K);
}

__global__ void gemm_smem16(const float* A, const float* B, float* C, int M, int N, int K) {
    gemm_smem<16>(A, B, C, M, N, K);
}

__global__ void gemm_smem32(const float* A, const float* B, float* C, int M, int N, int K) {
    gemm_smem<32>(A, B, C, M, N, K);
}

__global__ void gemm_regblock4(const float* A, const float* B, float* C, int M, int N, int K) {
    gemm_regblock(A, B, C, M, N, K);
}

// Row softmax, one thread per row: the fallback.
__global__ void softmax_naive(const float* x, float* y, int rows, int cols) {
    int r = blockIdx.x * blockDim.x + threadIdx.x;
    if (r >= rows) {
        return;
    }
    const float* in = x + (long long) r * cols;
    float* out = y + (long long) r * cols;
    float m = -3.402823466e38f;
    for (int c = 0; c < cols; ++c) {
        m = fmaxf(m, in[c]);
    }
    float s = 0.0f;
    for (int c = 0; c < cols; ++c) {
        s += __expf(in[c] - m);
    }
    float inv = 1.0f / s;
    for (int c = 0; c < cols; ++c) {
        out[c] = __expf(in[c] - m) * inv;
    }
}

// Row softmax, one warp per row, shuffle reductions; blockDim.x is a multiple of 32.
__global__ void softmax_warp(const float* x, float* y, int rows, int cols) {
    int warp = (blockIdx.x * blockDim.x + threadIdx.x) / 32;
    int lane = threadIdx.x % 32;
    if (warp >= rows) {
        return;
    }
    const float* in = x + (long long) warp * cols;
    float* out = y + (long long) warp * cols;
    float m = -3.402823466e38f;
    for (int c = lane; c < cols; c += 32) {
        m = fmaxf(m, in[c]);
    }
    for (int o = 16; o > 0; o /= 2) {
        m = fmaxf(m, __shfl_xor_sync(0xffffffffu, m, o));
    }
    float s = 0.0f;
    for (int c = lane; c < cols; c += 32) {
        s += __expf(in[c] - m);
    }
    for (int o = 16; o > 0; o /= 2) {
        s += __shfl_xor_sync(0xffffffffu, s, o);
    }
    float inv = 1.0f / s;
    for (int c = lane; c < cols; c += 32) {
        out[c] = __expf(in[c] - m) * inv;
    }
}

// Row softmax, one block of 256 threads per row, shared-memory reductions.
__global__ void softmax_block(const float* x, float* y, int rows, int cols) {
    __shared__ float red[256];
    int r = blockIdx.x;
    if (r >= rows) {
        return;
    }
    const float* in = x + (long long) r * cols;
    float* out = y + (long long) r * cols;
    float m = -3.402823466e38f;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) {
        m = fmaxf(m, in[c]);
    }
    red[threadIdx.x] = m;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s /= 2) {
        if (threadIdx.x < s) {
            red[threadIdx.x] = fmaxf(red[threadIdx.x], red[threadIdx.x + s]);
        }
        __syncthreads();
    }
    m = red[0];
    __syncthreads();
    float sum = 0.0f;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) {
        sum += __expf(in[c] - m);
    }
    red[threadIdx.x] = sum;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s /= 2) {
        if (threadIdx.x < s) {
            red[threadIdx.x] += red[threadIdx.x + s];
        }
        __syncthreads();
    }
    float inv = 1.0f / red[0];
    for (int c = threadIdx.x; c < cols; c += blockDim.x) {
        out[c] = __expf(in[c] - m) * inv;
    }
}

}  // extern "C"
