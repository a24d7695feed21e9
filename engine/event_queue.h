// Time-ordered event queue; ties are broken by insertion order (SimCpp20 style), so a run is a
// pure function of its inputs.
#pragma once

#include <cstdint>
#include <vector>

namespace cs {

struct Event {
  std::uint32_t time = 0;
  std::uint32_t payload = 0;
  std::uint64_t order = 0;  // (insertion id << 8) | kind: unique, so ordering is total
  std::uint8_t kind() const { return static_cast<std::uint8_t>(order & 0xFF); }
};

class EventQueue {
 public:
  void push(std::uint32_t time, std::uint8_t kind, std::uint32_t payload) {
    heap_.push_back(Event{time, payload, (next_id_++ << 8) | kind});
    siftUp(heap_.size() - 1);
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Event& top() const { return heap_.front(); }
  Event pop() {
    Event e = heap_.front();
    heap_.front() = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) siftDown(0);
    return e;
  }

 private:
  static bool before(const Event& x, const Event& y) {
    return x.time != y.time ? x.time < y.time : x.order < y.order;
  }
  void siftUp(std::size_t i) {
    Event e = heap_[i];
    while (i > 0) {
      std::size_t p = (i - 1) / 4;
      if (!before(e, heap_[p])) break;
      heap_[i] = heap_[p];
      i = p;
    }
    heap_[i] = e;
  }
  void siftDown(std::size_t i) {
    Event e = heap_[i];
    const std::size_t n = heap_.size();
    for (;;) {
      std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      std::size_t last = first + 4 < n ? first + 4 : n;
      for (std::size_t k = first + 1; k < last; ++k)
        if (before(heap_[k], heap_[best])) best = k;
      if (!before(heap_[best], e)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = e;
  }
  std::vector<Event> heap_;  // 4-ary min-heap
  std::uint64_t next_id_ = 0;
};

}  // namespace cs
