// Data movement: tile, transpose, slice, reverse, concat and pad are each one strided copy, described as
// axes along which out[sum i_d * dst_d] = x[sum (i_d % wrap_d) * src_d], and walked by Copy.
#include <algorithm>
#include <cstring>
#include <numeric>
#include <omp.h>
#include "common.h"

namespace gf {
namespace {

constexpr int64_t kParallelMin = 1 << 15;  // below this a thread team costs more than it saves

// One axis of a copy: index i in [0, size) reads the source at (i % wrap) * src and writes the
// destination at i * dst. Only tile wraps (size is then a multiple of wrap); elsewhere wrap == size.
struct Axis {
  int64_t size, wrap, src, dst;
};

std::vector<int64_t> RowMajorStrides(const std::vector<int64_t>& dims) {
  std::vector<int64_t> s(dims.size());
  int64_t acc = 1;
  for (size_t i = dims.size(); i-- > 0;) { s[i] = acc; acc *= dims[i]; }
  return s;
}

// Drops unit axes and merges neighbours that step through both buffers as one axis: a channel
// slice of NHWC becomes one strided run of N*H*W, not N*H*W rows of one element.
std::vector<Axis> Simplify(const std::vector<Axis>& axes) {
  std::vector<Axis> out;
  for (Axis a : axes) {
    if (a.size == 1) continue;
    if (a.wrap == 1) a = {a.size, a.size, 0, a.dst};  // tiling a unit axis: the read stays put
    if (!out.empty()) {
      Axis& b = out.back();
      if (b.wrap == b.size && a.wrap == a.size && b.src == a.src * a.size && b.dst == a.dst * a.size) {
        b = {b.size * a.size, b.size * a.size, a.src, a.dst};
        continue;
      }
    }
    out.push_back(a);
  }
  if (out.empty()) out.push_back({1, 1, 0, 1});
  return out;
}

// Elements [from, from + n) of one innermost run.
void CopyRun(const float* x, float* out, const Axis& a, int64_t from, int64_t n) {
  for (int64_t j = from, end = from + n; j < end;) {
    const int64_t k = j % a.wrap, m = std::min(end - j, a.wrap - k);
    const float* s = x + k * a.src;
    float* d = out + j * a.dst;
    if (a.dst == 1 && a.src == 1) std::memcpy(d, s, m * sizeof(float));
    else if (a.dst == 1 && a.src == 0) std::fill_n(d, m, *s);
    else for (int64_t i = 0; i < m; ++i) d[i * a.dst] = s[i * a.src];
    j += m;
  }
}

// Each thread takes an equal share of the elements (not of the rows: after Simplify a copy is
// often a single long strided run) and walks its rows with an odometer.
void Copy(const float* x, float* out, const std::vector<Axis>& shape) {
  const std::vector<Axis> axes = Simplify(shape);
  const Axis& inner = axes.back();
  const size_t lead = axes.size() - 1;
  int64_t total = 1;
  for (const Axis& a : axes) total *= a.size;
#pragma omp parallel if (total > kParallelMin)
  {
    const int64_t threads = omp_get_num_threads(), t = omp_get_thread_num();
    const int64_t end = total * (t + 1) / threads;
    int64_t pos = total * t / threads, j = pos % inner.size;
    std::vector<int64_t> idx(lead), wrapped(lead);
    int64_t row = pos / inner.size;
    for (size_t d = lead; d-- > 0;) {
      idx[d] = row % axes[d].size;
      wrapped[d] = idx[d] % axes[d].wrap;
      row /= axes[d].size;
    }
    while (pos < end) {
      int64_t srcOff = 0, dstOff = 0;
      for (size_t d = 0; d < lead; ++d) { srcOff += wrapped[d] * axes[d].src; dstOff += idx[d] * axes[d].dst; }
      const int64_t n = std::min(inner.size - j, end - pos);
      CopyRun(x + srcOff, out + dstOff, inner, j, n);
      pos += n;
      j = 0;
      for (size_t d = lead; d-- > 0;) {
        if (++wrapped[d] == axes[d].wrap) wrapped[d] = 0;
        if (++idx[d] < axes[d].size) break;
        idx[d] = wrapped[d] = 0;
      }
    }
  }
}

// Axes that do not wrap.
std::vector<Axis> Axes(const std::vector<int64_t>& size, const std::vector<int64_t>& src, const std::vector<int64_t>& dst) {
  std::vector<Axis> axes(size.size());
  for (size_t d = 0; d < size.size(); ++d) axes[d] = {size[d], size[d], src[d], dst[d]};
  return axes;
}

// tile(x, inShape, out, outShape): out[i_0..i_r] = x[i_0 % in_0, ..., i_r % in_r].
Napi::Value TileFn(const Napi::CallbackInfo& info) {
  return Guarded(info, "tile", [&]() -> Napi::Value {
    const std::vector<int64_t> in = Ints(info[1]), outDims = Ints(info[3]);
    const std::vector<int64_t> inStrides = RowMajorStrides(in), outStrides = RowMajorStrides(outDims);
    std::vector<Axis> axes(in.size());
    for (size_t d = 0; d < in.size(); ++d) axes[d] = {outDims[d], in[d], inStrides[d], outStrides[d]};
    Copy(F32(info[0]), F32(info[2]), axes);
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
    Copy(F32(info[0]), F32(info[3]), Axes(outDims, stride, RowMajorStrides(outDims)));
    return info.Env().Undefined();
  });
}

// slice(x, inShape, begin, size, out): out = x[begin_d : begin_d + size_d] along every axis.
Napi::Value SliceFn(const Napi::CallbackInfo& info) {
  return Guarded(info, "slice", [&]() -> Napi::Value {
    const std::vector<int64_t> in = Ints(info[1]), begin = Ints(info[2]), size = Ints(info[3]);
    const std::vector<int64_t> inStrides = RowMajorStrides(in);
    const int64_t offset = std::inner_product(begin.begin(), begin.end(), inStrides.begin(), int64_t{0});
    Copy(F32(info[0]) + offset, F32(info[4]), Axes(size, inStrides, RowMajorStrides(size)));
    return info.Env().Undefined();
  });
}

// reverse(x, inShape, axes, out): out = x with the order along each listed axis reversed; a
// reversed axis reads from its last element with a negative stride.
Napi::Value ReverseFn(const Napi::CallbackInfo& info) {
  return Guarded(info, "reverse", [&]() -> Napi::Value {
    const std::vector<int64_t> in = Ints(info[1]), reversed = Ints(info[2]);
    const std::vector<int64_t> inStrides = RowMajorStrides(in);
    // An axis listed twice is reversed twice (back as it was), as in tfjs's cpu kernel.
    std::vector<bool> flip(in.size(), false);
    for (int64_t d : reversed) flip[d] = !flip[d];
    std::vector<int64_t> src = inStrides;
    int64_t offset = 0;
    for (size_t d = 0; d < in.size(); ++d) {
      if (!flip[d]) continue;
      offset += (in[d] - 1) * inStrides[d];
      src[d] = -inStrides[d];
    }
    Copy(F32(info[0]) + offset, F32(info[3]), Axes(in, src, inStrides));
    return info.Env().Undefined();
  });
}

// concat(xs, outer, inners, out): around the concatenated axis xs[i] is [outer, inners[i]] and
// out is [outer, sum of inners]; each input fills its band of columns.
Napi::Value ConcatFn(const Napi::CallbackInfo& info) {
  return Guarded(info, "concat", [&]() -> Napi::Value {
    const Napi::Array xs = info[0].As<Napi::Array>();
    const int64_t outer = Int(info[1]);
    const std::vector<int64_t> inners = Ints(info[2]);
    const int64_t width = std::accumulate(inners.begin(), inners.end(), int64_t{0});
    float* out = F32(info[3]);
    for (uint32_t i = 0; i < xs.Length(); ++i) {
      Copy(F32(xs.Get(i)), out, Axes({outer, inners[i]}, {inners[i], 1}, {width, 1}));
      out += inners[i];
    }
    return info.Env().Undefined();
  });
}

// pad(x, inShape, before, outShape, value, out): out is `value` with x written at offset `before`.
Napi::Value PadFn(const Napi::CallbackInfo& info) {
  return Guarded(info, "pad", [&]() -> Napi::Value {
    const std::vector<int64_t> in = Ints(info[1]), before = Ints(info[2]), outDims = Ints(info[3]);
    const float value = Float(info[4]);
    float* out = F32(info[5]);
    const std::vector<int64_t> outStrides = RowMajorStrides(outDims);
    const int64_t total = outDims[0] * outStrides[0];
    Copy(&value, out, {{total, total, 0, 1}});  // src stride 0: every element reads `value`
    const int64_t offset = std::inner_product(before.begin(), before.end(), outStrides.begin(), int64_t{0});
    Copy(F32(info[0]), out + offset, Axes(in, RowMajorStrides(in), outStrides));
    return info.Env().Undefined();
  });
}

}  // namespace

void InitLayout(Napi::Env env, Napi::Object exports) {
  exports.Set("tile", Napi::Function::New(env, TileFn));
  exports.Set("transpose", Napi::Function::New(env, TransposeFn));
  exports.Set("slice", Napi::Function::New(env, SliceFn));
  exports.Set("reverse", Napi::Function::New(env, ReverseFn));
  exports.Set("concat", Napi::Function::New(env, ConcatFn));
  exports.Set("pad", Napi::Function::New(env, PadFn));
}

}  // namespace gf
