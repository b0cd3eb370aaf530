// Declarations only (see ../README.md): the part of xrt::bo the generated host program uses.
#pragma once
#include <cstddef>
#include <cstdint>

#include "xrt_device.h"

enum xclBOSyncDirection { XCL_BO_SYNC_BO_TO_DEVICE = 0, XCL_BO_SYNC_BO_FROM_DEVICE = 1 };

namespace xrt {
using memory_group = uint32_t;

class bo {
 public:
  bo(const device& dev, size_t size, memory_group group);
  void write(const void* src, size_t size, size_t offset);
  void read(void* dst, size_t size, size_t offset);
  void sync(xclBOSyncDirection dir);
  uint64_t address() const;
};
}  // namespace xrt
