#include "out_of_memory.h"

#include <cstdio>
#include <cstdlib>

namespace cs {

namespace {
std::string describe(std::size_t n) {
  char buf[160];
  const double mb = static_cast<double>(n) / (1024.0 * 1024.0);
  if (mb >= 1024)
    std::snprintf(buf, sizeof buf, "%.1f GB (%zu bytes)", mb / 1024.0, n);
  else
    std::snprintf(buf, sizeof buf, "%.0f MB (%zu bytes)", mb, n);
  return buf;
}
}  // namespace

OutOfMemory::OutOfMemory(std::size_t requested)
    : requested_(requested),
      message_("out of memory: could not allocate " + describe(requested) +
               " more; simulate fewer recipients, retries or campaigns at once") {}

}  // namespace cs

// The replaceable global allocation functions ([new.delete]): malloc, or the engine's error.
// The nothrow and array forms of the standard library call these. Sanitizer builds keep their
// runtime's own (which checks new/delete pairing and reports oversized requests itself).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CS_KEEP_RUNTIME_NEW 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CS_KEEP_RUNTIME_NEW 1
#endif
#ifndef CS_KEEP_RUNTIME_NEW
void* operator new(std::size_t n) {
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw cs::OutOfMemory(n);
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif
