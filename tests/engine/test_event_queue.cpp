// The event queue: ordered by time, ties by insertion order (SimCpp20 style), whatever mix of
// near and far events, and however pushes and pops interleave.
#include <algorithm>
#include <catch2/catch.hpp>
#include <tuple>
#include <vector>

#include "event_queue.h"
#include "random.h"

using cs::EventQueue;

TEST_CASE("event queue pops by time, then by insertion order", "[queue]") {
  EventQueue q;
  q.push(10, 1, 100);
  q.push(5, 2, 200);
  q.push(10, 3, 300);
  q.push(5, 4, 400);
  q.push(0, 5, 500);
  std::vector<std::uint32_t> payloads;
  while (!q.empty()) payloads.push_back(q.pop().payload);
  CHECK(payloads == std::vector<std::uint32_t>{500, 200, 400, 100, 300});
}

TEST_CASE("event queue matches a reference order on random interleaved pushes and pops", "[queue]") {
  // Reference: a sorted list of (time, insertion id). Times mix the next seconds with events hours
  // and days away, as calls (seconds) and retries (minutes to days) do.
  cs::Rng rng(99);
  EventQueue q;
  std::vector<std::tuple<std::uint32_t, std::uint64_t, std::uint32_t>> reference;
  std::uint64_t id = 0;
  std::uint32_t now = 0;
  std::size_t checked = 0;
  for (int step = 0; step < 200000; ++step) {
    const bool push = reference.empty() || rng.uniform01() < 0.55;
    if (push) {
      // Sometimes peek first, as advanceTo does: the queue may move ahead of `now`.
      if (!reference.empty() && rng.uniform01() < 0.3) q.top();
      const double u = rng.uniform01();
      std::uint32_t delay = u < 0.6 ? static_cast<std::uint32_t>(rng.next() % 60)
                            : u < 0.9 ? static_cast<std::uint32_t>(rng.next() % 7200)
                                      : static_cast<std::uint32_t>(rng.next() % 900000);
      const std::uint32_t t = now + delay;
      const auto payload = static_cast<std::uint32_t>(id);
      q.push(t, static_cast<std::uint8_t>(id % 7), payload);
      reference.emplace_back(t, id++, payload);
    } else {
      auto first = std::min_element(reference.begin(), reference.end());
      REQUIRE(q.top().time == std::get<0>(*first));
      const cs::Event e = q.pop();
      REQUIRE(e.time == std::get<0>(*first));
      REQUIRE(e.payload == std::get<2>(*first));
      now = e.time;
      reference.erase(first);
      ++checked;
    }
    REQUIRE(q.size() == reference.size());
  }
  CHECK(checked > 50000);
}

TEST_CASE("event queue: a push earlier than an event already peeked still comes first", "[queue]") {
  // The live page peeks at the next event (advanceTo stops before it), then a user action at the
  // current time schedules calls a few seconds ahead, earlier than the peeked event.
  EventQueue q;
  q.push(100000, 0, 1);  // far away: in the heap
  CHECK(q.top().time == 100000);
  q.push(50, 0, 2);      // before the window the peek moved to
  q.push(100000, 0, 3);  // same second as the first: after it
  q.push(60, 0, 4);
  std::vector<std::uint32_t> payloads;
  while (!q.empty()) payloads.push_back(q.pop().payload);
  CHECK(payloads == std::vector<std::uint32_t>{2, 4, 1, 3});
}
