// Distinct id types (engine/ids.h): a campaign index, a call id, a recipient index and an event
// id are not interchangeable. Most of this file is checked by the compiler: if two id types ever
// become convertible (an implicit constructor, a shared typedef, an operator int), the
// static_asserts stop the build; the TEST_CASEs say the same as sentences in the test report.
#include <catch2/catch.hpp>

#include <cstdint>
#include <type_traits>
#include <unordered_set>
#include <utility>

#include "event_queue.h"
#include "exports.h"
#include "ids.h"
#include "simulation.h"

using namespace cs;

namespace {

// Two types are interchangeable if either converts implicitly into the other.
template <typename A, typename B>
constexpr bool interchangeable = std::is_convertible_v<A, B> || std::is_convertible_v<B, A>;

// Detection idiom (C++17): can Simulation::view / act / call / latestCall be called with these?
template <typename, typename = void>
struct ViewAccepts : std::false_type {};
template <typename T>
struct ViewAccepts<T, std::void_t<decltype(std::declval<const Simulation&>().view(std::declval<T>()))>>
    : std::true_type {};
template <typename, typename = void>
struct ActAccepts : std::false_type {};
template <typename T>
struct ActAccepts<T, std::void_t<decltype(std::declval<Simulation&>().act(std::declval<T>(), CampaignAction::pause))>>
    : std::true_type {};
template <typename, typename = void>
struct CallAccepts : std::false_type {};
template <typename T>
struct CallAccepts<T, std::void_t<decltype(std::declval<const Simulation&>().call(std::declval<T>()))>>
    : std::true_type {};
template <typename A, typename B, typename = void>
struct LatestCallAccepts : std::false_type {};
template <typename A, typename B>
struct LatestCallAccepts<A, B, std::void_t<decltype(std::declval<const Simulation&>().latestCall(std::declval<A>(), std::declval<B>()))>>
    : std::true_type {};
template <typename, typename = void>
struct CallRowAccepts : std::false_type {};
template <typename T>
struct CallRowAccepts<T, std::void_t<decltype(callRowJson(std::declval<const Simulation&>(), std::declval<T>()))>>
    : std::true_type {};
template <typename, typename = void>
struct CancelAccepts : std::false_type {};
template <typename T>
struct CancelAccepts<T, std::void_t<decltype(std::declval<EventQueue&>().cancel(std::declval<T>()))>>
    : std::true_type {};

// No two id types convert into each other.
static_assert(!interchangeable<CampaignId, CallId>);
static_assert(!interchangeable<CampaignId, RecipientIndex>);
static_assert(!interchangeable<CallId, RecipientIndex>);
static_assert(!interchangeable<EventId, CallId>);
static_assert(!interchangeable<EventId, CampaignId>);
static_assert(!interchangeable<EventId, RecipientIndex>);
static_assert(!interchangeable<ZoneId, CampaignId>);
// Nor into or from a plain integer.
static_assert(!interchangeable<CampaignId, int>);
static_assert(!interchangeable<CampaignId, std::size_t>);
static_assert(!interchangeable<CallId, std::uint32_t>);
static_assert(!interchangeable<RecipientIndex, std::uint32_t>);
static_assert(!interchangeable<EventId, std::uint64_t>);
// Not even explicitly constructible from another id type, or from an integer of another width.
static_assert(!std::is_constructible_v<CallId, RecipientIndex>);
static_assert(!std::is_constructible_v<RecipientIndex, CallId>);
static_assert(!std::is_constructible_v<CampaignId, CallId>);
static_assert(!std::is_constructible_v<CampaignId, int>);
static_assert(!std::is_constructible_v<CallId, std::uint64_t>);
// Explicitly constructible from their own number.
static_assert(std::is_constructible_v<CallId, std::uint32_t>);
static_assert(std::is_constructible_v<RecipientIndex, std::uint32_t>);
static_assert(std::is_constructible_v<CampaignId, std::uint16_t>);
static_assert(std::is_trivially_copyable_v<CallId> && sizeof(CallId) == 4 && sizeof(CampaignId) == 2);

// The engine API takes each id only where it is meant.
static_assert(ViewAccepts<CampaignId>::value);
static_assert(!ViewAccepts<CallId>::value && !ViewAccepts<RecipientIndex>::value && !ViewAccepts<int>::value &&
              !ViewAccepts<std::size_t>::value);
static_assert(ActAccepts<CampaignId>::value);
static_assert(!ActAccepts<CallId>::value && !ActAccepts<RecipientIndex>::value && !ActAccepts<int>::value);
static_assert(CallAccepts<CallId>::value);
static_assert(!CallAccepts<RecipientIndex>::value && !CallAccepts<CampaignId>::value && !CallAccepts<std::uint32_t>::value);
static_assert(LatestCallAccepts<CampaignId, RecipientIndex>::value);
static_assert(!LatestCallAccepts<RecipientIndex, CampaignId>::value);  // arguments swapped
static_assert(!LatestCallAccepts<CampaignId, CallId>::value);
static_assert(!LatestCallAccepts<int, int>::value);
static_assert(CallRowAccepts<CallId>::value);
static_assert(!CallRowAccepts<RecipientIndex>::value && !CallRowAccepts<std::uint32_t>::value);
static_assert(CancelAccepts<EventId>::value);
static_assert(!CancelAccepts<CallId>::value && !CancelAccepts<std::uint64_t>::value);
// A call log's fields have their own types.
static_assert(std::is_same_v<decltype(CallLog::recipient), RecipientIndex>);
static_assert(std::is_same_v<decltype(CallLog::parent), CallId>);
static_assert(std::is_same_v<decltype(CallLog::campaign), CampaignId>);

}  // namespace

TEST_CASE("a call id, a recipient index and a campaign id are distinct types that do not convert into each other") {
  CHECK_FALSE(interchangeable<CallId, RecipientIndex>);
  CHECK_FALSE(interchangeable<CampaignId, CallId>);
  CHECK_FALSE(interchangeable<CampaignId, RecipientIndex>);
  CHECK_FALSE(interchangeable<EventId, CallId>);
  CHECK_FALSE(interchangeable<CallId, std::uint32_t>);
}

TEST_CASE("the simulation's API takes a campaign id where a campaign is meant and a call id where a call is meant") {
  CHECK(ViewAccepts<CampaignId>::value);
  CHECK_FALSE(ViewAccepts<CallId>::value);
  CHECK(CallAccepts<CallId>::value);
  CHECK_FALSE(CallAccepts<RecipientIndex>::value);
  CHECK(LatestCallAccepts<CampaignId, RecipientIndex>::value);
  CHECK_FALSE(LatestCallAccepts<RecipientIndex, CampaignId>::value);
}

TEST_CASE("ids compare and hash by their number, and a default id names nothing") {
  const CallId a(7u), b(7u), c(8u);
  CHECK(a == b);
  CHECK(a != c);
  CHECK(a < c);
  CHECK(c >= a);
  CHECK(a.value() == 7u);
  CHECK(std::hash<CallId>{}(a) == std::hash<CallId>{}(b));
  std::unordered_set<CallId> seen{a, b, c};
  CHECK(seen.size() == 2);
  CHECK_FALSE(CallId().valid());
  CHECK_FALSE(EventId().valid());
  CHECK(CampaignId::from(3).value() == 3);
}

TEST_CASE("a run's call logs link to their first attempt and recipient through typed ids") {
  // Two recipients, every attempt busy, one retry each: call ids 0, 1 are first attempts and
  // 2, 3 their retries (created in the order the first attempts ended).
  ScenarioDef def;
  CampaignDef c;
  c.recipients = syntheticRecipients(2);
  c.outcomes.p = {0, 0, 0, 1, 0, 0};  // busy
  c.retry.max_retries = 1;
  c.retry.wait_minutes = 5;
  def.campaigns.push_back(c);
  Simulation sim(def, 1);
  sim.runToEnd();
  const CampaignId campaign = CampaignId::from(0);
  REQUIRE(sim.callLogs().size() == 4);
  for (std::uint32_t r = 0; r < 2; ++r) {
    const RecipientIndex who(r);
    const CallId latest = sim.latestCall(campaign, who);
    const CallLog& log = sim.call(latest);
    CHECK(log.recipient == who);
    CHECK(log.depth == 1);
    CHECK(log.parent == CallId(r));  // the first attempt of recipient r is call r
    CHECK(sim.call(log.parent).recipient == who);
    CHECK(log.campaign == campaign);
  }
}
