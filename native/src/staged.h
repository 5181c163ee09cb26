// A JavaScript buffer in tfjs's layout, staged through a buffer in the layout a oneDNN primitive
// prefers when the two differ (the reorders are created once and cached with the primitive).
#pragma once
#include "common.h"

namespace gf {

struct Staged {
  dnnl::memory::desc user, prim;
  bool needsReorder = false;
  dnnl::memory buffer;
  dnnl::reorder toPrim, toUser;

  Staged() = default;
  Staged(const dnnl::memory::desc& userDesc, const dnnl::memory::desc& primDesc, bool isInput)
      : user(userDesc), prim(primDesc), needsReorder(userDesc != primDesc) {
    if (!needsReorder) return;
    buffer = dnnl::memory(prim, Engine());
    if (isInput) toPrim = dnnl::reorder(dnnl::reorder::primitive_desc(Engine(), user, Engine(), prim));
    else toUser = dnnl::reorder(dnnl::reorder::primitive_desc(Engine(), prim, Engine(), user));
  }

  // The memory a primitive reads: the user's buffer, or its reordered copy.
  dnnl::memory In(float* data) {
    dnnl::memory m(user, Engine(), data);
    if (!needsReorder) return m;
    toPrim.execute(Stream(), m, buffer);
    return buffer;
  }
  // The memory a primitive writes; call Finish afterwards.
  dnnl::memory Out(float* data) { return needsReorder ? buffer : dnnl::memory(user, Engine(), data); }
  void Finish(float* data) {
    if (!needsReorder) return;
    dnnl::memory m(user, Engine(), data);
    toUser.execute(Stream(), buffer, m);
  }
};

// Key for a cache of primitives: the integers that fully determine one.
inline std::string CacheKey(const std::vector<int64_t>& ints) {
  return std::string(reinterpret_cast<const char*>(ints.data()), ints.size() * sizeof(int64_t));
}

}  // namespace gf
