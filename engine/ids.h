// Distinct id types (as Box2D v3's b2BodyId / b2ShapeId): a campaign index, a call id and a
// recipient index are different types, so one can never be passed where another is meant.
// Each is constructed explicitly from its number, compares and hashes like it, and converts back
// only through value(); no implicit conversion to or from an integer, nor between id types.
// A default-constructed id names nothing (valid() is false).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>

namespace cs {

template <typename Tag, typename Rep>
class StrongId {
 public:
  using rep_type = Rep;
  static constexpr Rep kNone = std::numeric_limits<Rep>::max();

  constexpr StrongId() = default;
  constexpr explicit StrongId(Rep value) : value_(value) {}
  // An integer of another width must be converted by the caller first (no silent narrowing).
  template <typename Other>
  explicit StrongId(Other) = delete;

  constexpr Rep value() const { return value_; }
  constexpr bool valid() const { return value_ != kNone; }
  // For indexing the engine's arrays.
  constexpr std::size_t index() const { return static_cast<std::size_t>(value_); }
  // From a loop counter or a size the caller knows fits (checked by the engine's limits).
  static constexpr StrongId from(std::size_t i) { return StrongId(static_cast<Rep>(i)); }

  friend constexpr bool operator==(StrongId a, StrongId b) { return a.value_ == b.value_; }
  friend constexpr bool operator!=(StrongId a, StrongId b) { return a.value_ != b.value_; }
  friend constexpr bool operator<(StrongId a, StrongId b) { return a.value_ < b.value_; }
  friend constexpr bool operator<=(StrongId a, StrongId b) { return a.value_ <= b.value_; }
  friend constexpr bool operator>(StrongId a, StrongId b) { return a.value_ > b.value_; }
  friend constexpr bool operator>=(StrongId a, StrongId b) { return a.value_ >= b.value_; }

 private:
  Rep value_ = kNone;
};

// A campaign of the scenario: its position in the file (0-based); at most 64 campaigns.
using CampaignId = StrongId<struct CampaignIdTag, std::uint16_t>;
// A call log: its creation number in the run (0-based; exports write "call_<id + 1>").
using CallId = StrongId<struct CallIdTag, std::uint32_t>;
// A recipient of one campaign: its row in the campaign's list (0-based, input order).
using RecipientIndex = StrongId<struct RecipientIndexTag, std::uint32_t>;

}  // namespace cs

namespace std {
template <typename Tag, typename Rep>
struct hash<cs::StrongId<Tag, Rep>> {
  std::size_t operator()(cs::StrongId<Tag, Rep> id) const noexcept { return std::hash<Rep>{}(id.value()); }
};
}  // namespace std
