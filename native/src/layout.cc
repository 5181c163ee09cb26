// Data movement: tile and transpose, as row copies over an odometer of the outer dims.
#include "common.h"

namespace gf {
namespace {

std::vector<int64_t> RowMajorStrides(const std::vector<int64_t>& dims) {
  std::vector<int64_t> s(dims.size());
  int64_t acc = 1;
  for (size_t i = dims.size(); i-- > 0;) { s[i] = acc; acc *= dims[i]; }
  return s;
}

// Where output row r (all dims but the last) starts in the source: each outer output index,
// wrapped by `wrap` (the source's dims for tile; no-op bounds for transpose), times its stride.
int64_t SourceRowOffset(int64_t r, const std::vector<int64_t>& outDims, const std::vector<int64_t>& wrap,
                        const std::vector<int64_t>& srcStrides) {
  int64_t off = 0;
  for (size_t d = outDims.size() - 1; d-- > 0;) {
    off += ((r % outDims[d]) % wrap[d]) * srcStrides[d];
    r /= outDims[d];
  }
  return off;
}

// tile(x, inShape, out, outShape): out[i_0..i_r] = x[i_0 % in_0, ..., i_r % in_r].
Napi::Value TileFn(const Napi::CallbackInfo& info) {
  return Guarded(info, "tile", [&]() -> Napi::Value {
    const float* x = F32(info[0]);
    const std::vector<int64_t> in = Ints(info[1]);
    float* out = F32(info[2]);
    const std::vector<int64_t> outDims = Ints(info[3]);
    const size_t rank = in.size();
    const std::vector<int64_t> inStrides = RowMajorStrides(in);
    const int64_t inner = outDims[rank - 1], innerIn = in[rank - 1];
    int64_t rows = 1;
    for (size_t d = 0; d + 1 < rank; ++d) rows *= outDims[d];
#pragma omp parallel for if (rows * inner > (1 << 15))
    for (int64_t r = 0; r < rows; ++r) {
      const int64_t off = SourceRowOffset(r, outDims, in, inStrides);
      float* o = out + r * inner;
      for (int64_t j = 0; j < inner; j += innerIn) std::copy(x + off, x + off + std::min(innerIn, inner - j), o + j);
    }
    return info.Env().Undefined();
  });
}

// transpose(x, inShape, perm, out): out axis k is input axis perm[k].
Napi::Value TransposeFn(const Napi::CallbackInfo& info) {
  return Guarded(info, "transpose", [&]() -> Napi::Value {
    const float* x = F32(info[0]);
    const std::vector<int64_t> in = Ints(info[1]);
    const std::vector<int64_t> perm = Ints(info[2]);
    float* out = F32(info[3]);
    const size_t rank = in.size();
    const std::vector<int64_t> inStrides = RowMajorStrides(in);
    std::vector<int64_t> outDims(rank), srcStrides(rank);  // source stride of each output axis
    for (size_t k = 0; k < rank; ++k) { outDims[k] = in[perm[k]]; srcStrides[k] = inStrides[perm[k]]; }
    const int64_t inner = outDims[rank - 1], innerStride = srcStrides[rank - 1];
    int64_t rows = 1;
    for (size_t d = 0; d + 1 < rank; ++d) rows *= outDims[d];
#pragma omp parallel for if (rows * inner > (1 << 15))
    for (int64_t r = 0; r < rows; ++r) {
      const int64_t off = SourceRowOffset(r, outDims, outDims, srcStrides);
      float* o = out + r * inner;
      for (int64_t j = 0; j < inner; ++j) o[j] = x[off + j * innerStride];
    }
    return info.Env().Undefined();
  });
}

}  // namespace

void InitLayout(Napi::Env env, Napi::Object exports) {
  exports.Set("tile", Napi::Function::New(env, TileFn));
  exports.Set("transpose", Napi::Function::New(env, TransposeFn));
}

}  // namespace gf
