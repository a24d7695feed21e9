// Time-ordered event queue; ties are broken by insertion order (SimCpp20 style), so a run is a
// pure function of its inputs.
//
// Times are whole seconds and most events fall within the next minute (call stages), a few far
// away (retries, scheduled actions). So the queue is two-level: a ring of one FIFO bucket per
// second for the next kWindow seconds, and a 4-ary heap for everything later. Far events move
// into the ring as soon as their second enters the window, before any event for that second can
// be pushed directly (a push goes to the ring only for a second already inside the window), so
// each bucket holds its events in insertion order and the total order is exactly (time, id).
//
// Events can be cancelled through the EventId push returns (as ns-3's EventId): cancelling sets a
// bit and the queue skips the event when it reaches the front; size() counts live events only.
#pragma once

#include <cstdint>
#include <vector>

#include "ids.h"

namespace cs {

struct Event {
  std::uint32_t time = 0;
  std::uint32_t payload = 0;
  std::uint64_t order = 0;  // (insertion id << 8) | kind: unique, so ordering is total
  std::uint8_t kind() const { return static_cast<std::uint8_t>(order & 0xFF); }
};

// A pushed event's handle: its insertion number (default: no event).
using EventId = StrongId<struct EventIdTag, std::uint64_t>;

class EventQueue {
 public:
  EventQueue() : ring_(kWindow) {}

  EventId push(std::uint32_t time, std::uint8_t kind, std::uint32_t payload) {
    const EventId id(next_id_);
    const Event e{time, payload, (next_id_++ << 8) | kind};
    ++size_;
    if (time < base_) {
      // Only a caller going back in time pushes here; keep it exact through the heap.
      pushFar(e);
      return id;
    }
    if (static_cast<std::uint64_t>(time) < static_cast<std::uint64_t>(base_) + kWindow) {
      ring_[time % kWindow].events.push_back(e);
      ++near_;
    } else {
      pushFar(e);
    }
    return id;
  }
  // Cancels a pending event (one pushed and not yet popped): it will never be returned.
  void cancel(EventId id) {
    if (!id.valid() || id.value() >= next_id_) return;
    if (cancelled_.size() <= id.value()) cancelled_.resize(id.index() + 1, false);
    if (cancelled_[id.index()]) return;
    cancelled_[id.index()] = true;
    --size_;
    ++cancelled_waiting_;
  }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  // The next event (the queue must not be empty).
  const Event& top() const {
    settle();
    if (far_first_) return far_.front();
    const Bucket& b = ring_[base_ % kWindow];
    return b.events[b.head];
  }
  Event pop() {
    settle();
    --size_;
    if (far_first_) {
      const Event e = far_.front();
      popFar();
      return e;
    }
    Bucket& b = ring_[base_ % kWindow];
    const Event e = b.events[b.head++];
    --near_;
    if (b.head == b.events.size()) {
      b.events.clear();
      b.head = 0;
    }
    return e;
  }

 private:
  static constexpr std::uint32_t kWindow = 4096;  // seconds covered by the ring
  struct Bucket {
    std::vector<Event> events;
    std::size_t head = 0;
  };

  static bool before(const Event& x, const Event& y) {
    return x.time != y.time ? x.time < y.time : x.order < y.order;
  }

  // Moves the ring's base to the next non-empty second, pulling far events into the window as it
  // goes. far_first_ says the earliest event is in the heap (only for a time before base_).
  bool isCancelled(const Event& e) const {
    const std::uint64_t id = e.order >> 8;
    return id < cancelled_.size() && cancelled_[static_cast<std::size_t>(id)];
  }
  // Finds the front, dropping cancelled events on the way (none cancelled: one pass).
  void settle() const {
    settleOnce();
    if (cancelled_waiting_ != 0) dropCancelled();
  }
#if defined(__GNUC__)
  __attribute__((noinline))
#endif
  void dropCancelled() const {
    for (;; settleOnce()) {
      if (far_first_) {
        if (!isCancelled(far_.front())) return;
        popFar();
        --cancelled_waiting_;
        continue;
      }
      if (near_ == 0) return;
      Bucket& b = ring_[base_ % kWindow];
      if (!isCancelled(b.events[b.head])) return;
      --cancelled_waiting_;
      ++b.head;
      --near_;
      if (b.head == b.events.size()) {
        b.events.clear();
        b.head = 0;
      }
    }
  }
  void settleOnce() const {
    far_first_ = false;
    if (!far_.empty() && far_.front().time < base_) {
      far_first_ = true;
      return;
    }
    for (;;) {
      if (near_ == 0) {
        if (far_.empty()) return;
        // Nothing near: jump the window to the earliest far event.
        if (far_.front().time >= base_ + static_cast<std::uint64_t>(kWindow)) moveBase(far_.front().time);
        pullFar();
        if (near_ == 0) return;
      }
      const Bucket& b = ring_[base_ % kWindow];
      if (b.head < b.events.size()) return;
      moveBase(base_ + 1);
      pullFar();
    }
  }
  void moveBase(std::uint32_t to) const { base_ = to; }
  // Far events whose second is now inside the window join their bucket, in (time, id) order.
  void pullFar() const {
    const std::uint64_t end = static_cast<std::uint64_t>(base_) + kWindow;
    while (!far_.empty() && far_.front().time < end && far_.front().time >= base_) {
      const Event e = far_.front();
      popFar();
      ring_[e.time % kWindow].events.push_back(e);
      ++near_;
    }
  }

  void pushFar(const Event& e) {
    far_.push_back(e);
    std::size_t i = far_.size() - 1;
    while (i > 0) {
      std::size_t p = (i - 1) / 4;
      if (!before(e, far_[p])) break;
      far_[i] = far_[p];
      i = p;
    }
    far_[i] = e;
  }
  void popFar() const {
    far_.front() = far_.back();
    far_.pop_back();
    if (far_.empty()) return;
    const Event e = far_.front();
    const std::size_t n = far_.size();
    std::size_t i = 0;
    for (;;) {
      std::size_t first = 4 * i + 1;
      if (first >= n) break;
      std::size_t best = first;
      std::size_t last = first + 4 < n ? first + 4 : n;
      for (std::size_t k = first + 1; k < last; ++k)
        if (before(far_[k], far_[best])) best = k;
      if (!before(far_[best], e)) break;
      far_[i] = far_[best];
      i = best;
    }
    far_[i] = e;
  }

  // Settling is bookkeeping, not a change of the queue's contents: top() stays const.
  mutable std::vector<Bucket> ring_;
  mutable std::vector<Event> far_;  // 4-ary min-heap
  mutable std::uint32_t base_ = 0;  // the ring covers seconds [base_, base_ + kWindow)
  mutable std::size_t near_ = 0;    // events in the ring
  mutable bool far_first_ = false;
  std::vector<bool> cancelled_;  // by insertion number; grown on the first cancel past its end
  mutable std::size_t cancelled_waiting_ = 0;  // cancelled events still in the queue
  std::size_t size_ = 0;
  std::uint64_t next_id_ = 0;
};

}  // namespace cs
