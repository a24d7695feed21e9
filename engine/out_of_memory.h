// Allocation failures as the engine's own error: "out of memory: could not get 1.9 GB more ...",
// with the size that was asked for, rather than std::bad_alloc's "std::bad_alloc" or the
// WebAssembly runtime's abort text. The engine replaces the global operator new to raise it.
#pragma once

#include <cstddef>
#include <new>
#include <string>

namespace cs {

class OutOfMemory : public std::bad_alloc {
 public:
  explicit OutOfMemory(std::size_t requested);
  const char* what() const noexcept override { return message_.c_str(); }
  std::size_t requested() const { return requested_; }

 private:
  std::size_t requested_;
  std::string message_;
};

}  // namespace cs
