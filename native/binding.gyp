{
  "targets": [{
    "target_name": "ganforge_native",
    "sources": [
      "src/addon.cc",
      "src/convolution.cc",
      "src/matmul.cc",
      "src/elementwise.cc",
      "src/reduction.cc",
      "src/batch_norm.cc",
      "src/layout.cc"
    ],
    "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
    "libraries": ["-ldnnl", "-fopenmp"],
    "cflags!": ["-fno-exceptions"],
    "cflags_cc!": ["-fno-exceptions"],
    "cflags_cc": ["-std=c++17", "-O3", "-fopenmp", "-fexceptions"],
    "conditions": [
      ["target_arch=='x64'", { "cflags_cc": ["-mavx2", "-mfma"] }]
    ],
    "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"]
  }]
}
