// Every input the fuzzers (scripts/fuzz) ever crashed on, kept in tests/fuzz/regressions/ as
// <target>-<what>: each must now get a clean answer.
#include <catch2/catch.hpp>
#include <dirent.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "api.h"
#include "options.h"
#include "report.h"

namespace {
std::vector<std::string> regressions(const std::string& target) {
  const std::string dir = std::string(FIXTURES_DIR) + "/../fuzz/regressions";
  std::vector<std::string> out;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name.rfind(target + "-", 0) == 0) out.push_back(dir + "/" + name);
    }
    ::closedir(d);
  }
  return out;
}
std::string bytesOf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("scenario inputs the fuzzer crashed on are now reported as invalid with readable messages", "[fuzz]") {
  const auto files = regressions("scenario");
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    INFO(file);
    const cs::Json v = cs::Json::parse(cs::validateJson(bytesOf(file)));  // valid JSON text
    CHECK(v["valid"] == false);
    CHECK_FALSE(v["errors"].empty());
  }
}

TEST_CASE("a parse error quoting half of a multi-byte character escapes the stray byte", "[fuzz]") {
  const cs::Json v = cs::Json::parse(cs::validateJson("{\n\xEF\xBB\xBF \"seed\": 1}"));
  REQUIRE(v["errors"].size() == 1);
  CHECK(v["errors"][0]["message"].get<std::string>().find("\\xEF") != std::string::npos);
}

TEST_CASE("options inputs the fuzzer crashed on are read or refused within their option's range", "[fuzz]") {
  // As tests/fuzz/fuzz_options.cpp reads them: the first byte picks the option.
  const cs::IntegerOption* const options[] = {
      &cs::option::seed, &cs::option::until_minute, &cs::option::horizon_days, &cs::option::runs,
      &cs::option::first_run, &cs::option::campaign, &cs::option::retries, &cs::option::waits};
  const auto files = regressions("options");
  REQUIRE(files.size() >= 2);
  for (const auto& file : files) {
    INFO(file);
    const std::string bytes = bytesOf(file);
    const cs::IntegerOption& o = *options[static_cast<unsigned char>(bytes[0]) % 8];
    long long v = -1;
    if (auto error = cs::readInteger(o, bytes.substr(1), v)) CHECK(error->path == o.flag);
    else CHECK((v >= o.lo && v <= o.hi));
    std::vector<int> list;
    if (auto error = cs::readIntegerList(o, bytes.substr(1), list)) CHECK(list.empty());
    for (int x : list) CHECK((x >= o.lo && x <= o.hi));
  }
}

TEST_CASE("a 20-digit option value is out of range, not an overflow", "[fuzz]") {
  long long v = 0;
  const auto error = cs::readInteger(cs::option::runs, "99999999999999999999", v);
  REQUIRE(error);
  CHECK(error->message == "must be a whole number from 1 to 100000, found \"99999999999999999999\"");
  CHECK_FALSE(cs::readInteger(cs::option::runs, "0000000000000000000000042", v));
  CHECK(v == 42);
}
