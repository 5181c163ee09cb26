// Batched matrix products on oneDNN's sgemm (row-major, threaded), with tfjs's batch
// broadcasting (a batch of 1 on either side is reused) and the fused bias + activation of
// tfjs's _FusedMatMul.
#include "common.h"

namespace gf {
namespace {

// batchMatMul(a, b, out, batchA, batchB, M, N, K, transposeA, transposeB, bias | null, biasSize,
//             activation, alpha): out[batch, M, N] = op(a) op(b) (+ bias) -> activation.
Napi::Value BatchMatMul(const Napi::CallbackInfo& info) {
  return Guarded(info, "batchMatMul", [&]() -> Napi::Value {
    const float* a = F32(info[0]);
    const float* b = F32(info[1]);
    float* out = F32(info[2]);
    const int64_t batchA = Int(info[3]), batchB = Int(info[4]);
    const int64_t M = Int(info[5]), N = Int(info[6]), K = Int(info[7]);
    const bool transA = Bool(info[8]), transB = Bool(info[9]);
    const float* bias = F32(info[10]);
    const int64_t biasSize = Int(info[11]);
    const int activation = static_cast<int>(Int(info[12]));
    const float alpha = Float(info[13]);
    const int64_t batch = std::max(batchA, batchB);
    for (int64_t i = 0; i < batch; ++i) {
      const float* ai = a + (i % batchA) * M * K;
      const float* bi = b + (i % batchB) * K * N;
      float* ci = out + i * M * N;
      if (N == 1) {
        // A matrix-vector product: sgemm's transposed-A path is ~50x slower for it, so compute
        // C^T = op(B)^T op(A)^T instead (the same memory when C has one column).
        GF_DNNL_CHECK(dnnl_sgemm(transB ? 'N' : 'T', transA ? 'N' : 'T', N, M, K, 1.f, bi, transB ? K : N, ai,
                                 transA ? M : K, 0.f, ci, M));
      } else {
        GF_DNNL_CHECK(dnnl_sgemm(transA ? 'T' : 'N', transB ? 'T' : 'N', M, N, K, 1.f, ai, transA ? M : K, bi,
                                 transB ? K : N, 0.f, ci, N));
      }
    }
    const int64_t total = batch * M * N;
    if (bias) {
      // bias of N values broadcasts along rows; of one value, everywhere; of M*N, per batch.
      const int64_t period = biasSize;
#pragma omp parallel for if (total > 65536)
      for (int64_t r = 0; r < total / period; ++r) {
        float* row = out + r * period;
        for (int64_t j = 0; j < period; ++j) row[j] += bias[j];
      }
    }
    ApplyActivation(out, total, activation, alpha);
    return info.Env().Undefined();
  });
}

}  // namespace

void InitMatMul(Napi::Env env, Napi::Object exports) {
  exports.Set("batchMatMul", Napi::Function::New(env, BatchMatMul));
}

}  // namespace gf
