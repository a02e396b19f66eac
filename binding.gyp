{
  "targets": [
    {
      "target_name": "h5nwb",
      "sources": [
        "native/addon.cc",
        "native/core/common.cc",
        "native/core/dtype.cc",
        "native/core/errors.cc",
        "native/core/handle.cc",
        "native/core/lock.cc",
        "native/core/plist.cc",
        "native/objects/attribute.cc",
        "native/objects/dataset.cc",
        "native/objects/elink.cc",
        "native/objects/file.cc",
        "native/objects/group.cc",
        "native/async/queue.cc",
        "native/async/workers.cc"
      ],
      "include_dirs": [
        "<!@(node -p \"require('node-addon-api').include_dir\")",
        "<!@(node scripts/hdf5-config.js include)"
      ],
      "libraries": [
        "<!@(node scripts/hdf5-config.js libs)"
      ],
      "ldflags": [
        "<!@(node scripts/hdf5-config.js ldflags)"
      ],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS", "H5NWB_SOURCE_HASH=\"<!(node scripts/source-hash.js)\"", "H5NWB_HDF5_KIND=\"<!(node scripts/hdf5-config.js kind)\""],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-fvisibility=hidden", "-O2"],
      "xcode_settings": { "GCC_ENABLE_CPP_EXCEPTIONS": "YES", "CLANG_CXX_LANGUAGE_STANDARD": "c++17" }
    }
  ]
}
