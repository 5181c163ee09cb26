// Batched matrix products on oneDNN's sgemm (row-major, threaded), with tfjs's batch
// broadcasting (a batch of 1 on either side is reused) and the fused bias + activation of
// tfjs's _FusedMatMul. In bf16 precision the products run on oneDNN's matmul primitive instead,
// reading bf16 copies of both operands and writing f32 (fp32 accumulation).
#include <algorithm>
#include <map>
#include <memory>
#include "staged.h"

namespace gf {
namespace {

using dnnl::memory;

struct Bf16MatMul {
  dnnl::matmul prim;
  Staged a, b;
  memory::desc out;
};

std::map<std::string, std::unique_ptr<Bf16MatMul>> bf16Cache;

// A [batch, rows, cols] operand stored row-major, or its transpose when `transposed`.
memory::desc Operand(int64_t batch, int64_t rows, int64_t cols, bool transposed, memory::data_type type) {
  const memory::dims strides = transposed ? memory::dims{rows * cols, 1, rows} : memory::dims{rows * cols, cols, 1};
  return memory::desc({batch, rows, cols}, type, strides);
}

void MatMulBf16(const float* a, const float* b, float* out, int64_t batchA, int64_t batchB, int64_t M, int64_t N,
                int64_t K, bool transA, bool transB) {
  auto& slot = bf16Cache[CacheKey({batchA, batchB, M, N, K, transA, transB})];
  if (!slot) {
    using tag = memory::format_tag;
    const auto bf16 = memory::data_type::bf16;
    const memory::desc aUser = Operand(batchA, M, K, transA, memory::data_type::f32);
    const memory::desc bUser = Operand(batchB, K, N, transB, memory::data_type::f32);
    const memory::desc out({std::max(batchA, batchB), M, N}, memory::data_type::f32, tag::abc);
    dnnl::matmul::primitive_desc pd(
        dnnl::matmul::desc(memory::desc({batchA, M, K}, bf16, tag::abc), memory::desc({batchB, K, N}, bf16, tag::any), out),
        Engine());
    slot.reset(new Bf16MatMul{dnnl::matmul(pd), Staged(aUser, pd.src_desc(), true), Staged(bUser, pd.weights_desc(), true),
                              out});
  }
  Bf16MatMul& p = *slot;
  p.prim.execute(Stream(), {{DNNL_ARG_SRC, p.a.In(const_cast<float*>(a))},
                            {DNNL_ARG_WEIGHTS, p.b.In(const_cast<float*>(b))},
                            {DNNL_ARG_DST, memory(p.out, Engine(), out)}});
  Stream().wait();
}

void MatMulF32(const float* a, const float* b, float* out, int64_t batchA, int64_t batchB, int64_t M, int64_t N,
               int64_t K, bool transA, bool transB) {
  for (int64_t i = 0; i < std::max(batchA, batchB); ++i) {
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
}

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
    // A product with a side under 16 (a matrix-vector or outer product, a dense layer's one-unit
    // output) is bound by memory, not arithmetic: converting it to bf16 costs more than it saves.
    const bool bf16 = Bf16() && std::min({M, N, K}) >= 16;
    if (bf16) MatMulBf16(a, b, out, batchA, batchB, M, N, K, transA, transB);
    else MatMulF32(a, b, out, batchA, batchB, M, N, K, transA, transB);
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
