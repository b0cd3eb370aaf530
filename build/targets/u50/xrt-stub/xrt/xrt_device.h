// Declarations only (see ../README.md): the part of xrt::device the generated host program uses.
#pragma once
#include <string>

namespace xrt {
class uuid {
 public:
  uuid();
};

class device {
 public:
  explicit device(unsigned int index);
  uuid load_xclbin(const std::string& path);
};
}  // namespace xrt
