// Data movement: tile and transpose are both a gather, out[i] = x[sum_d (i_d % wrap_d) * stride_d],
// done row by row over the output's last dim.
#include "common.h"

namespace gf {
namespace {

std::vector<int64_t> RowMajorStrides(const std::vector<int64_t>& dims) {
  std::vector<int64_t> s(dims.size());
  int64_t acc = 1;
  for (size_t i = dims.size(); i-- > 0;) { s[i] = acc; acc *= dims[i]; }
  return s;
}

// For each output axis d: its index wraps at wrap[d] (tile: the source's size; transpose: never)
// and steps stride[d] through the source.
void Gather(const float* x, float* out, const std::vector<int64_t>& outDims, const std::vector<int64_t>& wrap,
            const std::vector<int64_t>& stride) {
  const size_t rank = outDims.size();
  const int64_t inner = outDims[rank - 1], innerWrap = wrap[rank - 1], innerStride = stride[rank - 1];
  int64_t rows = 1;
  for (size_t d = 0; d + 1 < rank; ++d) rows *= outDims[d];
#pragma omp parallel for if (rows * inner > (1 << 15))
  for (int64_t r = 0; r < rows; ++r) {
    int64_t rem = r, off = 0;
    for (size_t d = rank - 1; d-- > 0;) {
      off += ((rem % outDims[d]) % wrap[d]) * stride[d];
      rem /= outDims[d];
    }
    float* o = out + r * inner;
    for (int64_t j = 0; j < inner; ++j) o[j] = x[off + (j % innerWrap) * innerStride];
  }
}

// tile(x, inShape, out, outShape): out[i_0..i_r] = x[i_0 % in_0, ..., i_r % in_r].
Napi::Value TileFn(const Napi::CallbackInfo& info) {
  return Guarded(info, "tile", [&]() -> Napi::Value {
    const std::vector<int64_t> in = Ints(info[1]);
    Gather(F32(info[0]), F32(info[2]), Ints(info[3]), in, RowMajorStrides(in));
    return info.Env().Undefined();
  });
}

// transpose(x, inShape, perm, out): out axis k is input axis perm[k].
Napi::Value TransposeFn(const Napi::CallbackInfo& info) {
  return Guarded(info, "transpose", [&]() -> Napi::Value {
    const std::vector<int64_t> in = Ints(info[1]), perm = Ints(info[2]);
    const std::vector<int64_t> inStrides = RowMajorStrides(in);
    std::vector<int64_t> outDims(in.size()), stride(in.size());
    for (size_t k = 0; k < in.size(); ++k) { outDims[k] = in[perm[k]]; stride[k] = inStrides[perm[k]]; }
    Gather(F32(info[0]), F32(info[3]), outDims, outDims, stride);
    return info.Env().Undefined();
  });
}

}  // namespace

void InitLayout(Napi::Env env, Napi::Object exports) {
  exports.Set("tile", Napi::Function::New(env, TileFn));
  exports.Set("transpose", Napi::Function::New(env, TransposeFn));
}

}  // namespace gf
